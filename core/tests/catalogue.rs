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
        assert_eq!(spelled(code), code.as_str());
        assert!(text.contains(&format!("| `{}` |", code.as_str())), "README lacks error code {code}");
    }
    for code in RejectionCode::ALL {
        assert!(text.contains(&format!("| `{}` |", spelled(code))), "README lacks rejection {}", spelled(code));
    }
    for kind in NotificationKind::ALL {
        assert!(text.contains(&format!("`{}`", spelled(kind))), "README lacks notification {}", spelled(kind));
    }
}
