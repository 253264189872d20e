//! The committed JSON Schemas match the Rust types. Regenerate with
//! `BILLSIM_BLESS=1 cargo test -p billsim-core --test schema`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

fn check(file: &str, fresh: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema").join(file);
    if std::env::var_os("BILLSIM_BLESS").is_some() {
        std::fs::write(&path, format!("{fresh}\n")).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(committed.trim_end(), fresh, "{file} is stale: run BILLSIM_BLESS=1 cargo test -p billsim-core --test schema");
}

#[test]
fn scenario_schema_is_current() {
    check("scenario.schema.json", &billsim_core::scenario_schema());
}

#[test]
fn report_schema_is_current() {
    check("report.schema.json", &billsim_core::report_schema());
}
