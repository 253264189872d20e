//! The shared fixtures, byte for byte: the same files Node, Python and the
//! browser check. Regenerate with `cargo run -p billsim-core --example fixtures -- --write`.

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
        let got = billsim_core::simulate_json(&scenario, &Default::default()).unwrap();
        assert_eq!(got, expected.trim_end(), "fixture {name} changed");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures found");
}
