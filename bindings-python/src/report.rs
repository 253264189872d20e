//! A run's report held on the Rust side: Python converts the sections it
//! reads (a notebook reading invoices and the summary of a year's run skips
//! parsing half a megabyte of ledger JSON).

use billsim_core::Report;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;

/// A finished or as-of-now report; its JSON is core's canonical text.
#[pyclass(name = "Report", module = "billsim._billsim", frozen)]
pub struct PyReport {
    inner: Report,
}

impl From<Report> for PyReport {
    fn from(inner: Report) -> Self {
        Self { inner }
    }
}

#[pymethods]
impl PyReport {
    /// The canonical report JSON.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_json())
    }

    /// The canonical JSON of one top-level key (`KeyError` for any other).
    fn section(&self, key: &str) -> PyResult<String> {
        self.inner.section_json(key).ok_or_else(|| PyKeyError::new_err(key.to_owned()))
    }
}
