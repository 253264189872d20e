//! Usage profiles: generators in the scenario that expand into timeline
//! events, so months of routine usage need not be written out by hand.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorCode as C, Issue};
use crate::money::Amount;
use crate::scenario::{Charge, Event, Storage, UsageType};
use crate::time::{Day, Minute};

/// Most events all profiles together may generate.
pub const MAX_GENERATED: u64 = 2_000_000;

/// A usage generator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Profile {
    /// The same iCredit charge every day (or every weekday) from `from` to `to`.
    Daily(Daily),
    /// Standard storage grows by `tb_per_month` on the first day of each month.
    StorageGrowth(StorageGrowth),
}

/// A constant daily charge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Daily {
    /// Workgroup or domain.
    pub tenant: String,
    /// Usage type charged.
    pub usage_type: UsageType,
    /// iCredits per day.
    pub amount: Amount,
    /// First day.
    pub from: Day,
    /// Last day (inclusive).
    pub to: Day,
    /// Minute of the day the charge lands, 0..1440 (default 720: noon).
    #[serde(default = "noon")]
    pub minute_of_day: u32,
    /// Skip Saturdays and Sundays.
    #[serde(default)]
    pub weekdays_only: bool,
    /// Project label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
}

fn noon() -> u32 {
    720
}

/// Monthly storage growth.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StorageGrowth {
    /// Workgroup or domain.
    pub tenant: String,
    /// Stored TB on `from`.
    #[serde(default)]
    pub initial_tb: Amount,
    /// TB added on the first of each later month.
    pub tb_per_month: Amount,
    /// First day.
    pub from: Day,
    /// Last day growth happens (inclusive).
    pub to: Day,
    /// Stop growing at this many TB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap_tb: Option<Amount>,
}

impl Profile {
    /// How many events the profile generates (checked before expanding).
    pub fn event_count(&self) -> u64 {
        match self {
            Profile::Daily(d) => d.from.days_until(d.to).max(-1).saturating_add(1) as u64,
            Profile::StorageGrowth(g) => (g.from.days_until(g.to).max(0) / 28 + 2) as u64,
        }
    }

    /// Checks the profile at `path`.
    pub fn check(&self, path: &str, issues: &mut Vec<Issue>) {
        let (from, to) = match self {
            Profile::Daily(d) => {
                if d.minute_of_day >= 1440 {
                    issues.push(Issue::new(C::InvalidValue, format!("{path}/minute_of_day"), "minute_of_day is 0..1440"));
                }
                (d.from, d.to)
            }
            Profile::StorageGrowth(g) => (g.from, g.to),
        };
        if to < from {
            issues.push(Issue::new(C::EndBeforeStart, format!("{path}/to"), format!("{to} is before {from}")));
        }
    }

    /// First and last day the profile covers.
    pub fn span(&self) -> (Day, Day) {
        match self {
            Profile::Daily(d) => (d.from, d.to),
            Profile::StorageGrowth(g) => (g.from, g.to),
        }
    }

    /// The profile's tenant.
    pub fn tenant(&self) -> &str {
        match self {
            Profile::Daily(d) => &d.tenant,
            Profile::StorageGrowth(g) => &g.tenant,
        }
    }

    /// Expands into timeline events, in time order.
    pub fn expand(&self, out: &mut Vec<Event>) {
        match self {
            Profile::Daily(d) => {
                let mut day = d.from;
                while day <= d.to {
                    use chrono::Datelike;
                    let weekend = day.0.weekday().number_from_monday() > 5;
                    if !(d.weekdays_only && weekend) {
                        out.push(Event::Charge(Charge {
                            at: Minute::start_of(day).plus(i64::from(d.minute_of_day)),
                            tenant: d.tenant.clone(),
                            usage_type: d.usage_type,
                            amount: d.amount,
                            project: d.project.clone(),
                        }));
                    }
                    day = day.succ();
                }
            }
            Profile::StorageGrowth(g) => {
                let mut tb = g.initial_tb.0;
                let mut day = g.from;
                let cap = g.cap_tb.map(|c| c.0);
                loop {
                    let level = cap.map_or(tb, |c| tb.min(c));
                    out.push(Event::Storage(Storage { at: Minute::start_of(day), tenant: g.tenant.clone(), tb: Amount(level) }));
                    // The first of the next month.
                    let next = first_of_next_month(day);
                    if next > g.to || cap.is_some_and(|c| level >= c) {
                        break;
                    }
                    tb += g.tb_per_month.0;
                    day = next;
                }
            }
        }
    }
}

fn first_of_next_month(day: Day) -> Day {
    let mut d = day.succ();
    for _ in 0..31 {
        if d.is_month_start() {
            break;
        }
        d = d.succ();
    }
    d
}
