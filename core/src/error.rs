//! One error type for every front end: a stable machine-readable `code`, a
//! JSON-pointer `path` into the scenario and a message a person understands.
//! Validation collects every issue at once; the first one names the error.

use serde::Serialize;

/// Stable error codes. Front ends (JS, Python) and the README's error
/// catalogue mirror this list; a test keeps them in step.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input is not well-formed JSON.
    InvalidJson,
    /// A field the scenario format does not know.
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A value of the wrong type or shape (including an unknown `type` tag).
    InvalidValue,
    /// A money amount given as a fractional JSON number (a float is not money).
    FloatMoney,
    /// A money amount that is not a finite decimal within range.
    InvalidAmount,
    /// An amount below zero where only zero or more makes sense.
    NegativeAmount,
    /// A date or time that does not exist or is not ISO-8601 UTC.
    InvalidTime,
    /// `until` is before `start`, or an end is before its beginning.
    EndBeforeStart,
    /// The horizon is longer than the limit.
    HorizonTooLong,
    /// More events (given or generated) than the limit.
    TooManyEvents,
    /// An event outside the simulated horizon.
    OutOfHorizon,
    /// A tenant name used but not declared.
    UnknownTenant,
    /// A product not in the catalog.
    UnknownProduct,
    /// A sample type not in the rate card.
    UnknownSampleType,
    /// An app not in the rate card and no rate given.
    UnknownApp,
    /// The same identifier declared twice.
    DuplicateId,
    /// A string longer than the limit, or empty where a name is needed.
    InvalidString,
    /// An e-mail address that is not one.
    InvalidEmail,
    /// A region not in the catalog.
    UnknownRegion,
    /// An amount or total beyond the representable range.
    Overflow,
    /// Monte Carlo runs or another count beyond its limit.
    LimitExceeded,
    /// A run stopped by its caller (a Monte Carlo progress callback).
    Cancelled,
}

impl ErrorCode {
    /// Every code, in declaration order (used by the error catalogue and tests).
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidJson,
        Self::UnknownField,
        Self::MissingField,
        Self::InvalidValue,
        Self::FloatMoney,
        Self::InvalidAmount,
        Self::NegativeAmount,
        Self::InvalidTime,
        Self::EndBeforeStart,
        Self::HorizonTooLong,
        Self::TooManyEvents,
        Self::OutOfHorizon,
        Self::UnknownTenant,
        Self::UnknownProduct,
        Self::UnknownSampleType,
        Self::UnknownApp,
        Self::DuplicateId,
        Self::InvalidString,
        Self::InvalidEmail,
        Self::UnknownRegion,
        Self::Overflow,
        Self::LimitExceeded,
        Self::Cancelled,
    ];

    /// The stable snake_case spelling, e.g. `"float_money"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::UnknownField => "unknown_field",
            Self::MissingField => "missing_field",
            Self::InvalidValue => "invalid_value",
            Self::FloatMoney => "float_money",
            Self::InvalidAmount => "invalid_amount",
            Self::NegativeAmount => "negative_amount",
            Self::InvalidTime => "invalid_time",
            Self::EndBeforeStart => "end_before_start",
            Self::HorizonTooLong => "horizon_too_long",
            Self::TooManyEvents => "too_many_events",
            Self::OutOfHorizon => "out_of_horizon",
            Self::UnknownTenant => "unknown_tenant",
            Self::UnknownProduct => "unknown_product",
            Self::UnknownSampleType => "unknown_sample_type",
            Self::UnknownApp => "unknown_app",
            Self::DuplicateId => "duplicate_id",
            Self::InvalidString => "invalid_string",
            Self::InvalidEmail => "invalid_email",
            Self::UnknownRegion => "unknown_region",
            Self::Overflow => "overflow",
            Self::LimitExceeded => "limit_exceeded",
            Self::Cancelled => "cancelled",
        }
    }

    /// Whether the code reports a limit (front ends raise a distinct subclass).
    pub fn is_limit(self) -> bool {
        matches!(self, Self::HorizonTooLong | Self::TooManyEvents | Self::LimitExceeded | Self::Overflow)
    }

    /// Parses a code from its spelling.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == s)
    }
}

/// Written as [`ErrorCode::as_str`], the names the schema gives (tested).
impl Serialize for ErrorCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// Stable machine-readable code.
    pub code: ErrorCode,
    /// JSON pointer into the scenario (`/events/3/at`); empty for the whole document.
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
}

/// Longest message kept, in bytes: messages quote the input, which may be
/// megabytes long, and an error is reported once per offending entry.
pub const MAX_MESSAGE_BYTES: usize = 1024;
/// Most issues one error lists; the last says how many more were found.
pub const MAX_ISSUES: usize = 100;

impl Issue {
    /// A new issue at `path`; a message beyond [`MAX_MESSAGE_BYTES`] is cut, ending in `…`.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        let mut message = message.into();
        if message.len() > MAX_MESSAGE_BYTES {
            let mut cut = MAX_MESSAGE_BYTES;
            while !message.is_char_boundary(cut) {
                cut -= 1;
            }
            message.truncate(cut);
            message.push('…');
        }
        Self { code, path: path.into(), message }
    }
}

/// The error every fallible billsim call returns: one or more issues, the
/// first of which names the error.
///
/// ```
/// let err = billsim_core::simulate_json("{", "").unwrap_err();
/// assert_eq!(err.code().as_str(), "invalid_json");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .issues.first().map(|i| format!("{} at '{}': {}", i.code, i.path, i.message)).unwrap_or_default())]
pub struct Error {
    issues: Vec<Issue>,
}

impl Error {
    /// An error with a single issue.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self { issues: vec![Issue::new(code, path, message)] }
    }

    /// An error from several issues; `None` when there are none.
    /// Beyond [`MAX_ISSUES`], the rest are counted in a last `limit_exceeded` issue.
    pub fn from_issues(mut issues: Vec<Issue>) -> Option<Self> {
        if issues.len() > MAX_ISSUES {
            let more = issues.len() - (MAX_ISSUES - 1);
            issues.truncate(MAX_ISSUES - 1);
            issues.push(Issue::new(ErrorCode::LimitExceeded, "", format!("{more} more issues not listed")));
        }
        (!issues.is_empty()).then_some(Self { issues })
    }

    fn first(&self) -> &Issue {
        // Constructors guarantee at least one issue.
        &self.issues[0]
    }

    /// The first issue's code.
    pub fn code(&self) -> ErrorCode {
        self.first().code
    }

    /// The first issue's JSON pointer.
    pub fn path(&self) -> &str {
        &self.first().path
    }

    /// The first issue's message.
    pub fn message(&self) -> &str {
        &self.first().message
    }

    /// Every issue found.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// The error as canonical JSON: `{"code","path","message","issues":[…]}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Wire<'a> {
            code: ErrorCode,
            path: &'a str,
            message: &'a str,
            issues: &'a [Issue],
        }
        let wire = Wire { code: self.code(), path: self.path(), message: self.message(), issues: &self.issues };
        serde_json::to_string(&wire).unwrap_or_default()
    }
}

/// Shorthand for results in billsim.
pub type Result<T, E = Error> = std::result::Result<T, E>;
