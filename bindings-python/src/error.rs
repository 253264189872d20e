//! The one place where a core `Error` becomes a Python exception.
//!
//! Core errors become `billsim.BillsimError` subclasses built by the pure
//! Python `billsim.errors.from_core(json, limit)`: the canonical error JSON
//! (`code`, `path`, `message`, `issues`) and whether the code is a limit both
//! come from core, so the binding decides nothing.

use billsim_core::{Error, ErrorCode};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// Converts a core error into the matching `billsim` exception.
pub fn to_py(e: &Error) -> PyErr {
    Python::attach(|py| build(py, e).unwrap_or_else(|_| PyValueError::new_err(e.to_string())))
}

fn build(py: Python<'_>, e: &Error) -> PyResult<PyErr> {
    let exc = py.import("billsim.errors")?.getattr("from_core")?.call1((e.to_json(), e.code().is_limit()))?;
    Ok(PyErr::from_value(exc))
}

/// A core error for a value the binding itself had to read (a detail level,
/// a time): still a core `ErrorCode`, so Python sees the same exception type.
pub fn invalid(code: ErrorCode, path: &str, message: String) -> PyErr {
    to_py(&Error::new(code, path, message))
}

/// `Result<T, core::Error>` → `PyResult<T>`.
pub trait IntoPy<T> {
    /// Maps the error with [`to_py`].
    fn py_err(self) -> PyResult<T>;
}

impl<T> IntoPy<T> for Result<T, Error> {
    fn py_err(self) -> PyResult<T> {
        self.map_err(|e| to_py(&e))
    }
}
