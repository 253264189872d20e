//! Error conversion, in one place: a core `Error` crosses into JS as an
//! `Error` whose message is the error's canonical JSON
//! (`{"code","path","message","issues"}`); the JS wrapper turns it into a
//! `BillsimError` with those fields.

use billsim_core::{Error, ErrorCode};
use wasm_bindgen::prelude::*;

/// An error on its way to JS. Kept as the core error until it crosses the
/// boundary, so Rust callers (and tests on native) can still inspect it.
#[derive(Debug)]
pub struct BindingError(pub Error);

/// Result of every fallible export.
pub type BindingResult<T> = Result<T, BindingError>;

impl From<Error> for BindingError {
    fn from(e: Error) -> Self {
        Self(e)
    }
}

impl From<BindingError> for JsValue {
    fn from(e: BindingError) -> Self {
        JsError::new(&e.0.to_json()).into()
    }
}

/// A time argument of the step API that does not parse.
pub fn invalid_time(message: String) -> BindingError {
    BindingError(Error::new(ErrorCode::InvalidTime, "", message))
}
