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

/// Every name the schema gives a field-less enum reads back as the variant
/// that writes it: the names listed for the shared reader (`by_name!`) are
/// serde's.
fn names_read_back<T: schemars::JsonSchema + serde::de::DeserializeOwned + serde::Serialize>() {
    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap();
    let variants = schema["oneOf"].as_array().expect("one schema per variant");
    for v in variants {
        let json = serde_json::to_string(&v["const"]).unwrap();
        let read: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
        assert_eq!(serde_json::to_string(&read).unwrap(), json);
    }
}

#[test]
fn field_less_enums_read_their_names() {
    use billsim_core::{catalog, policy, profiles, registration, scenario, Detail};
    names_read_back::<catalog::Product>();
    names_read_back::<catalog::Tenancy>();
    names_read_back::<policy::DrawdownOrder>();
    names_read_back::<policy::PromotionalTiming>();
    names_read_back::<profiles::Assay>();
    names_read_back::<profiles::Distribution>();
    names_read_back::<profiles::Every>();
    names_read_back::<registration::Role>();
    names_read_back::<scenario::EndedBy>();
    names_read_back::<scenario::Tier>();
    names_read_back::<scenario::UsageType>();
    names_read_back::<Detail>();
}
