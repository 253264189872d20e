//! The shared fixtures, byte for byte: the same files Node, Python and the
//! browser check. Regenerate with `cargo run -p billsim-core --example fixtures -- --write`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn fixtures_match_byte_for_byte() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".scenario.json")) else {
            continue;
        };
        let scenario = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
        let got = billsim_core::simulate_json(&scenario, "").unwrap();
        assert_eq!(got, expected.trim_end(), "fixture {name} changed");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures found");
}

/// `Report::to_json` writes ledger rows and daily points itself; the derived
/// `Serialize` is the reference it must equal, on every fixture and preset at
/// every detail level.
#[test]
fn canonical_json_equals_the_derived_serialisation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut scenarios: Vec<String> = billsim_core::presets::ALL.iter().map(|(_, json)| json.to_string()).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.to_string_lossy().ends_with(".scenario.json") {
            scenarios.push(std::fs::read_to_string(&path).unwrap());
        }
    }
    assert!(scenarios.len() >= 25, "only {} scenarios", scenarios.len());
    for text in &scenarios {
        for detail in ["summary", "monthly", "daily", "full"] {
            let options = billsim_core::validate::parse_options(&format!(r#"{{"detail":"{detail}"}}"#)).unwrap();
            let report = billsim_core::simulate(billsim_core::parse_scenario(text).unwrap(), &options).unwrap();
            let reference = serde_json::to_string(&report).unwrap();
            assert_eq!(report.to_json(), reference, "{detail}: {text}");
            // Each section is the reference's text under its key, the keys in order.
            let mut rest = &reference[1..];
            for key in billsim_core::Report::SECTIONS {
                let section = report.section_json(key).unwrap();
                let field = format!("\"{key}\":{section}");
                assert!(rest.starts_with(&field), "{detail}: section {key} of {text}");
                rest = rest[field.len()..].trim_start_matches(',');
            }
            assert_eq!(rest, "}");
            assert_eq!(report.section_json("ledger_rows"), None);
        }
    }
}

/// The Monte Carlo fixture gives the same bytes with 1, 2 and 4 threads.
#[test]
fn monte_carlo_fixture_matches_on_any_thread_count() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let input: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("mc_default.mc.json")).unwrap()).unwrap();
    let expected = std::fs::read_to_string(dir.join("mc_default.mc.expected.json")).unwrap();
    let scenario = input["scenario"].to_string();
    for threads in [1, 2, 4] {
        let mut options = input["options"].clone();
        options["threads"] = threads.into();
        let got = billsim_core::montecarlo::run_json(&scenario, &options.to_string()).unwrap();
        assert_eq!(got, expected.trim_end(), "{threads} threads");
    }
}

/// Together the fixtures exercise every rejection code, notification kind and
/// ledger row kind, so every front end is checked on all of them.
#[test]
fn fixtures_cover_every_code_and_kind() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".expected.json") || name.ends_with(".mc.expected.json") {
            continue;
        }
        let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for (list, field) in [("rejections", "code"), ("notifications", "kind"), ("ledger", "kind")] {
            for item in report[list].as_array().unwrap() {
                seen.insert(format!("{list}:{}", item[field].as_str().unwrap()));
            }
        }
    }
    let mut wanted: Vec<String> = Vec::new();
    wanted.extend(billsim_core::rejection::RejectionCode::ALL.iter().map(|c| format!("rejections:{}", spelled(c))));
    wanted.extend(billsim_core::notify::NotificationKind::ALL.iter().map(|k| format!("notifications:{}", spelled(k))));
    for kind in ["charge", "drawdown", "postpaid", "purchase", "expiry", "invoice", "waived", "sample_usage"] {
        wanted.push(format!("ledger:{kind}"));
    }
    let missing: Vec<_> = wanted.iter().filter(|w| !seen.contains(*w)).collect();
    assert!(missing.is_empty(), "no fixture exercises {missing:?}");
}

/// The serde spelling of a unit enum variant.
fn spelled<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap().trim_matches('"').to_string()
}
