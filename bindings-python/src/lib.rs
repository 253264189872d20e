//! Python front end of billsim (pyo3).
