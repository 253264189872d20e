//! Choices the seeds leave open, each named, defaulted and documented in the
//! README's "Policies" section. A scenario overrides them under `policies`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::money::Amount;

/// Order in which a charge draws on a tenant's live iCredit sources.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum DrawdownOrder {
    /// Earliest expiry first (no expiry last), promotional before purchased on
    /// ties, then registration order — what billing engines in the field do.
    #[default]
    EarliestExpiryFirst,
    /// Registration order only.
    RegistrationOrder,
}

crate::named::by_name!(DrawdownOrder {
    EarliestExpiryFirst = "earliest_expiry_first",
    RegistrationOrder = "registration_order",
});

/// When a pre-funded source counts as "low" (seed 002 names the alert, not the level).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LowBalance {
    /// Remaining at or below this share of the original quantity (0..1).
    Share(Amount),
    /// Remaining at or below this many iCredits.
    Amount(Amount),
}

impl Default for LowBalance {
    fn default() -> Self {
        LowBalance::Share(Amount(rust_decimal::Decimal::new(2, 1)))
    }
}

/// How provisioning time is chosen within seed 000's "15-30 minutes".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provisioning {
    /// Always this many minutes.
    Fixed(u32),
    /// Drawn uniformly from 15..=30 minutes with the scenario's seed.
    Seeded,
}

impl Default for Provisioning {
    fn default() -> Self {
        Provisioning::Fixed(30)
    }
}

// `low_balance` and `provisioning` are objects with one key naming the choice.
// serde's derive, given a second key, reports a confusing "invalid type" at the
// first; these readers name the second key and say why.

impl<'de> Deserialize<'de> for LowBalance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OneKey::<Self>(PhantomData))
    }
}

impl<'de> Deserialize<'de> for Provisioning {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(OneKey::<Self>(PhantomData))
    }
}

/// A policy given as `{"<choice>": value}`.
trait Choice: Sized {
    const KEYS: &'static [&'static str];
    /// Reads the value of the key `KEYS[k]`.
    fn value<'de, M: MapAccess<'de>>(k: usize, map: &mut M) -> Result<Self, M::Error>;
    /// The choice a bare string names, if it has no value.
    fn bare(_name: &str) -> Option<Self> {
        None
    }
}

impl Choice for LowBalance {
    const KEYS: &'static [&'static str] = &["share", "amount"];
    fn value<'de, M: MapAccess<'de>>(k: usize, map: &mut M) -> Result<Self, M::Error> {
        let amount = map.next_value()?;
        Ok(if k == 0 { Self::Share(amount) } else { Self::Amount(amount) })
    }
}

impl Choice for Provisioning {
    const KEYS: &'static [&'static str] = &["fixed", "seeded"];
    fn value<'de, M: MapAccess<'de>>(k: usize, map: &mut M) -> Result<Self, M::Error> {
        if k == 0 {
            return map.next_value().map(Self::Fixed);
        }
        map.next_value::<()>()?;
        Ok(Self::Seeded)
    }
    fn bare(name: &str) -> Option<Self> {
        (name == "seeded").then_some(Self::Seeded)
    }
}

struct OneKey<T>(PhantomData<T>);

impl<T: Choice> OneKey<T> {
    fn keys() -> String {
        T::KEYS.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(" or ")
    }
}

impl<'de, T: Choice> Visitor<'de> for OneKey<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "an object with one key, {}", Self::keys())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::bare(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<T, M::Error> {
        let Some(key) = map.next_key::<String>()? else {
            return Err(de::Error::custom(format!("give one key, {}", Self::keys())));
        };
        let k = T::KEYS.iter().position(|n| *n == key).ok_or_else(|| de::Error::unknown_variant(&key, T::KEYS))?;
        let choice = T::value(k, &mut map)?;
        match map.next_key::<String>()? {
            Some(second) => Err(de::Error::custom(format!("give one key, {}, not both `{key}` and `{second}`", Self::keys()))),
            None => Ok(choice),
        }
    }
}

/// When promotional iCredits pay for each usage type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PromotionalTiming {
    /// Seed 003: compute immediately, third-party app fees at the end of the
    /// day, storage at the end of the month.
    #[default]
    Seed003,
    /// Everything drawn when it is charged, like subscription accounts.
    RealTime,
}

crate::named::by_name!(PromotionalTiming {
    Seed003 = "seed003",
    RealTime = "real_time",
});

/// Every policy with its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Policies {
    /// Drawdown order among live iCredit sources; post-paid always comes last.
    pub drawdown_order: DrawdownOrder,
    /// Low-balance threshold for pre-paid and Open PO sources.
    pub low_balance: LowBalance,
    /// Provisioning delay after registration (seed 000: 15–30 minutes).
    pub provisioning: Provisioning,
    /// Whether the included storage allowance still applies after the
    /// subscription expires. Default false: expired accounts pay for all stored TB.
    pub allowance_after_expiry: bool,
    /// Promotional deduction timing (seed 003).
    pub promotional_timing: PromotionalTiming,
    /// Days before a subscription ends that the expiry reminder goes out.
    pub expiry_notice_days: u32,
    /// Whether BaseSpace-only tenants may hold pre-paid iCredits. Seed 003 says
    /// BaseSpace iCredits "cannot be purchased in advance" (a 2017 rule that
    /// seed 002 supersedes); default true follows seed 002.
    pub basespace_prepaid: bool,
    /// Whether a month with no post-paid usage still gets a (zero) invoice.
    pub zero_invoices: bool,
}

impl Default for Policies {
    fn default() -> Self {
        Self {
            drawdown_order: DrawdownOrder::default(),
            low_balance: LowBalance::default(),
            provisioning: Provisioning::default(),
            allowance_after_expiry: false,
            promotional_timing: PromotionalTiming::default(),
            expiry_notice_days: 30,
            basespace_prepaid: true,
            zero_invoices: false,
        }
    }
}
