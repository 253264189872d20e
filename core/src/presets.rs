//! Embedded preset scenarios: the seeds' worked examples and the default.

/// The default scenario: a year of an ICA domain with pre-paid iCredits, an
/// Open PO, growing storage, compute, Samples and a subscription that ends.
pub const DEFAULT: &str = include_str!("../scenarios/default.json");

/// Every preset: (name, scenario JSON).
pub const ALL: &[(&str, &str)] = &[
    ("default", DEFAULT),
    ("seed002_prepaid", include_str!("../scenarios/seed002_prepaid.json")),
    ("seed002_postpaid", include_str!("../scenarios/seed002_postpaid.json")),
    ("seed002_open_po", include_str!("../scenarios/seed002_open_po.json")),
    ("seed002_samples", include_str!("../scenarios/seed002_samples.json")),
    ("seed002_storage_after_expiry", include_str!("../scenarios/seed002_storage_after_expiry.json")),
    ("seed003_basespace", include_str!("../scenarios/seed003_basespace.json")),
    ("seed000_registration", include_str!("../scenarios/seed000_registration.json")),
];

/// A preset by name.
pub fn get(name: &str) -> Option<&'static str> {
    ALL.iter().find(|(n, _)| *n == name).map(|(_, j)| *j)
}
