//! Pricing formulas (seed 003 and notes/domain.md). Each returns the exact
//! iCredit amount at the ledger scale, or `None` on overflow.

use rust_decimal::Decimal;

use crate::money::{self, to_charge_scale};

/// Largest single charge the engine accepts; keeps every total far inside
/// `Decimal`'s range.
pub const MAX_CHARGE: Decimal = Decimal::from_parts(0x_6310_0000, 0x_6bc7_5e2d, 0x_5, false, 0); // 10^20

fn capped(d: Option<Decimal>) -> Option<Decimal> {
    // A mantissa within 10^20 is within the cap at any scale: no comparison of decimals needed.
    d.map(to_charge_scale).filter(|d| d.mantissa().unsigned_abs() <= MAX_CHARGE_MANTISSA || d.abs() <= MAX_CHARGE)
}

const MAX_CHARGE_MANTISSA: u128 = 100_000_000_000_000_000_000;

/// Compute: iCredits per node hour × nodes × minutes / 60 (seed 003: "billed
/// at a per-minute rate in iCredits per node hour").
pub fn compute(per_node_hour: Decimal, nodes: u32, minutes: u64) -> Option<Decimal> {
    ComputeAccrual::default().run(per_node_hour, nodes, minutes).map(|(_, charge)| charge)
}

/// Compute accrued over a month. A run's charge is the month-to-date price
/// less what was already charged, so per-minute prices that are repeating
/// decimals do not drift at the ledger scale: three 10-minute runs at 4
/// iCredits per node hour charge exactly 2, which the invoice rounds up to 2,
/// not 3 (seed 003: "The sum is rounded up to the nearest whole iCredit").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ComputeAccrual {
    /// iCredits per node hour × node minutes, summed exactly.
    node_minute_credits: Decimal,
    charged: Decimal,
}

impl ComputeAccrual {
    /// A run's charge and the accrual once it is charged (a refused run
    /// leaves the accrual as it was); `None` on overflow.
    pub fn run(self, per_node_hour: Decimal, nodes: u32, minutes: u64) -> Option<(Self, Decimal)> {
        let node_minutes = Decimal::from(nodes).checked_mul(Decimal::from(minutes))?;
        let total = self.node_minute_credits.checked_add(per_node_hour.checked_mul(node_minutes)?)?;
        let to_date = capped(total.checked_div(Decimal::from(60)))?;
        Some((Self { node_minute_credits: total, charged: to_date }, to_date - self.charged))
    }
}

/// Whole minutes in `hours`, rounding a started minute up.
pub fn hours_to_minutes(hours: Decimal) -> Option<u64> {
    use rust_decimal::prelude::ToPrimitive;
    hours.checked_mul(Decimal::from(60))?.ceil().to_u64()
}

/// Storage priced for `tb_days` TB-days: TB-days × rate per TB-month / days
/// in a storage month (seed 003: "tabulated daily … based on a 30-day month").
pub fn storage(tb_days: Decimal, per_tb_month: Decimal, month_days: u32) -> Option<Decimal> {
    if month_days == 0 {
        return None;
    }
    // Every day of every stored TB comes here: integer arithmetic when it gives the same figure.
    money::mul_div_exact(tb_days, per_tb_month, month_days)
        .or_else(|| capped(tb_days.checked_mul(per_tb_month)?.checked_div(Decimal::from(month_days))))
}

/// Storage accrued over a month, tabulated daily. Each day's charge is the
/// month-to-date price less what was already charged, so rounding to the
/// ledger scale never drifts: a month of 2/30-iCredit days sums to exactly
/// what the month's TB-days cost.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StorageAccrual {
    tb_days: Decimal,
    charged: Decimal,
}

impl StorageAccrual {
    /// Adds one day at `tb` and returns that day's charge.
    pub fn day(&mut self, tb: Decimal, per_tb_month: Decimal, month_days: u32) -> Option<Decimal> {
        if tb.is_zero() {
            return Some(Decimal::ZERO);
        }
        self.tb_days = self.tb_days.checked_add(tb)?;
        let to_date = storage(self.tb_days, per_tb_month, month_days)?;
        let charge = to_date - self.charged;
        self.charged = to_date;
        Some(charge)
    }
}

/// A per-TB fee (archive send/retrieve, transfer).
pub fn per_tb(tb: Decimal, rate: Decimal) -> Option<Decimal> {
    capped(tb.checked_mul(rate))
}

/// A fixed amount, checked against the cap.
pub fn fixed(amount: Decimal) -> Option<Decimal> {
    capped(Some(amount))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rnaseq_example() {
        // notes/domain.md §3.1: 3 iCr per node hour × 8 h × 2 nodes = 48.
        assert_eq!(compute(Decimal::from(3), 2, 8 * 60), Some(Decimal::from(48)));
        assert_eq!(MAX_CHARGE, Decimal::from(100_000_000_000_000_000_000_i128));
    }

    #[test]
    fn storage_is_a_thirtieth_per_day() {
        assert_eq!(storage(Decimal::ONE, Decimal::new(225, 1), 30), Some(Decimal::new(75, 2)));
        // 12 days of 2 TB archive at 2 per TB-month: exactly 1.6, not 12 rounded thirds.
        let mut acc = StorageAccrual::default();
        let total: Decimal = (0..12).map(|_| acc.day(Decimal::from(2), Decimal::from(2), 30).unwrap()).sum();
        assert_eq!(total, Decimal::new(16, 1));
        assert_eq!(hours_to_minutes(Decimal::new(1001, 3)), Some(61));
    }

    #[test]
    fn compute_runs_sum_to_the_month_price() {
        // Three 10-minute runs at 4 per node hour: 2/3 each, 2 in all (not 2.000000000001).
        let mut acc = ComputeAccrual::default();
        let charges: Vec<Decimal> = (0..3)
            .map(|_| {
                let (next, charge) = acc.run(Decimal::from(4), 1, 10).unwrap();
                acc = next;
                charge
            })
            .collect();
        assert_eq!(charges[0].to_string(), "0.666666666667");
        assert_eq!(charges.iter().sum::<Decimal>(), Decimal::from(2));
        assert_eq!(compute(Decimal::from(4), 1, 10), Some(charges[0]));
    }
}
