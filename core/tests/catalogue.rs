//! The README's error, rejection and notification catalogues list every code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billsim_core::notify::NotificationKind;
use billsim_core::rejection::RejectionCode;
use billsim_core::ErrorCode;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap()
}

fn spelled<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap().trim_matches('"').to_string()
}

#[test]
fn readme_lists_every_code() {
    let text = readme();
    for code in ErrorCode::ALL {
        assert!(text.contains(&format!("| `{}` |", code.as_str())), "README lacks error code {code}");
    }
    for code in RejectionCode::ALL {
        assert!(text.contains(&format!("| `{}` |", spelled(code))), "README lacks rejection {}", spelled(code));
    }
    for kind in NotificationKind::ALL {
        assert!(text.contains(&format!("`{}`", spelled(kind))), "README lacks notification {}", spelled(kind));
    }
}

/// Error codes serialise as `as_str`: the spellings, in order, that the
/// JSON Schema gives.
#[test]
fn error_codes_are_spelled_as_the_schema_says() {
    let schema = serde_json::to_value(schemars::schema_for!(ErrorCode)).unwrap();
    let names: Vec<&str> = schema["oneOf"].as_array().unwrap().iter().map(|v| v["const"].as_str().unwrap()).collect();
    let codes: Vec<&str> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(codes, names);
}
