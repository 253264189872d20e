//! The embedded catalog: every product the seeds name, the sample types, the
//! instance regions and the default rate card. Every rate can be overridden
//! in a scenario's `rates`. Sources are from `notes/domain.md`; a rate marked
//! *illustrative* has no published figure.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::money::Amount;

/// Where a product's consumables live (seed 000, "Configuration Examples").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tenancy {
    /// A professional workgroup (BaseSpace Sequence Hub Professional).
    Workgroup,
    /// An enterprise domain (ICA, BaseSpace Enterprise, Cohorts, Connected Insights, …).
    Domain,
}

crate::named::by_name!(Tenancy {
    Workgroup = "workgroup",
    Domain = "domain",
});

/// Subscriptions and consumables the seeds name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// BaseSpace Sequence Hub Professional (seed 000 example 1).
    BasespaceProfessional,
    /// BaseSpace Sequence Hub Enterprise.
    BasespaceEnterprise,
    /// Illumina Connected Analytics, Professional tier.
    IcaProfessional,
    /// Illumina Connected Analytics, Enterprise tier.
    IcaEnterprise,
    /// Cohorts: same domain and administrator as ICA (seed 000).
    Cohorts,
    /// Illumina Connected Insights: only with ICA's domain and administrator (seed 000).
    ConnectedInsights,
    /// Illumina Connected Multiomics (seed 002).
    ConnectedMultiomics,
    /// Emedgene Analyze (seed 002).
    EmedgeneAnalyze,
    /// Emedgene Curate (seed 002).
    EmedgeneCurate,
    /// Pre-paid iCredits (consumable).
    IcreditsPrepaid,
    /// Open Purchase Order iCredits (consumable).
    IcreditsOpenPo,
    /// Pre-paid Samples of one type (consumable).
    Samples,
    /// Consumption billing: the post-paid arrangement (consumable).
    ConsumptionBilling,
}

crate::named::by_name!(Product {
    BasespaceProfessional = "basespace_professional",
    BasespaceEnterprise = "basespace_enterprise",
    IcaProfessional = "ica_professional",
    IcaEnterprise = "ica_enterprise",
    Cohorts = "cohorts",
    ConnectedInsights = "connected_insights",
    ConnectedMultiomics = "connected_multiomics",
    EmedgeneAnalyze = "emedgene_analyze",
    EmedgeneCurate = "emedgene_curate",
    IcreditsPrepaid = "icredits_prepaid",
    IcreditsOpenPo = "icredits_open_po",
    Samples = "samples",
    ConsumptionBilling = "consumption_billing",
});

impl Product {
    /// Every product, in catalog order.
    pub const ALL: &'static [Product] = &[
        Self::BasespaceProfessional,
        Self::BasespaceEnterprise,
        Self::IcaProfessional,
        Self::IcaEnterprise,
        Self::Cohorts,
        Self::ConnectedInsights,
        Self::ConnectedMultiomics,
        Self::EmedgeneAnalyze,
        Self::EmedgeneCurate,
        Self::IcreditsPrepaid,
        Self::IcreditsOpenPo,
        Self::Samples,
        Self::ConsumptionBilling,
    ];

    /// The product's position in [`Product::ALL`] (its declaration order).
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the product is a subscription (registered first, seed 000).
    pub fn is_subscription(self) -> bool {
        !self.is_consumable()
    }

    /// Whether the product is a consumable that funds a subscription's tenant.
    pub fn is_consumable(self) -> bool {
        matches!(self, Self::IcreditsPrepaid | Self::IcreditsOpenPo | Self::Samples | Self::ConsumptionBilling)
    }

    /// The tenancy a subscription is configured into; consumables take their
    /// subscription's (`None`).
    pub fn tenancy(self) -> Option<Tenancy> {
        match self {
            Self::BasespaceProfessional => Some(Tenancy::Workgroup),
            p if p.is_consumable() => None,
            _ => Some(Tenancy::Domain),
        }
    }

    /// Whether the product is Illumina Connected Analytics.
    pub fn is_ica(self) -> bool {
        matches!(self, Self::IcaProfessional | Self::IcaEnterprise)
    }

    /// Whether the product can only be enabled next to ICA (seed 000:
    /// Cohorts and Connected Insights need ICA in the same domain, registered
    /// with the same administrator e-mail).
    pub fn needs_ica(self) -> bool {
        matches!(self, Self::Cohorts | Self::ConnectedInsights)
    }

    /// Whether the product is BaseSpace Sequence Hub (seed 003's subject).
    pub fn is_basespace(self) -> bool {
        matches!(self, Self::BasespaceProfessional | Self::BasespaceEnterprise)
    }

    /// Whether new subscriptions of this product come with promotional
    /// iCredits (seed 003: "new Professional or Enterprise subscription accounts").
    pub fn grants_promotional(self) -> bool {
        self.is_basespace()
    }

    /// The product's display name.
    pub fn name(self) -> &'static str {
        match self {
            Self::BasespaceProfessional => "BaseSpace Sequence Hub Professional",
            Self::BasespaceEnterprise => "BaseSpace Sequence Hub Enterprise",
            Self::IcaProfessional => "Illumina Connected Analytics Professional",
            Self::IcaEnterprise => "Illumina Connected Analytics Enterprise",
            Self::Cohorts => "Cohorts",
            Self::ConnectedInsights => "Illumina Connected Insights",
            Self::ConnectedMultiomics => "Illumina Connected Multiomics",
            Self::EmedgeneAnalyze => "Emedgene Analyze",
            Self::EmedgeneCurate => "Emedgene Curate",
            Self::IcreditsPrepaid => "iCredits (pre-paid)",
            Self::IcreditsOpenPo => "iCredits (Open Purchase Order)",
            Self::Samples => "Samples",
            Self::ConsumptionBilling => "Consumption billing",
        }
    }
}

/// Instance regions (notes/domain.md §7: the ICA list, plus BaseSpace's cnn1).
pub const REGIONS: &[&str] = &[
    "use1", "cac1", "euc1", "euw2", "aps1", "aps2", "aps3", "aps4", "apn1", "apn2", "ilc1", "mec1", "cnn1",
];

/// An app's price (seed 003: compute "at a per-minute rate in iCredits per
/// node hour"; third-party apps have fees).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppRate {
    /// iCredits per node hour of compute.
    #[serde(default)]
    pub per_node_hour: Amount,
    /// Fixed fee per run (third-party or solution fee), in iCredits.
    #[serde(default)]
    pub fee: Amount,
}

/// The rate card. Defaults are the published figures where known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct RateCard {
    /// Standard storage, iCredits per TB-month. 22.5 [PUB] ICA Pricing; BaseSpace Archival Storage.
    pub storage_per_tb_month: Amount,
    /// Archive storage, iCredits per TB-month. 2.0 [PUB] same sources.
    pub archive_per_tb_month: Amount,
    /// Moving data to archive, iCredits per TB. 20 [PUB] same sources.
    pub archive_send_per_tb: Amount,
    /// Restoring data from archive, iCredits per TB. 30 [PUB] same sources.
    pub archive_retrieve_per_tb: Amount,
    /// Data transfer (egress), iCredits per TB. Illustrative: no published figure ([GAP] §11.2).
    pub transfer_per_tb: Amount,
    /// Storage included with every account, TB (seed 003: "All accounts include a 1 TB storage allowance").
    pub storage_allowance_tb: Amount,
    /// Days in a storage month (seed 003: "based on a 30-day month").
    pub storage_month_days: u32,
    /// iCredits granted to a new Professional/Enterprise subscription. 250 [PUB-HIST] icredits-and-billing.md.
    pub promotional_icredits: Amount,
    /// iCredits granted to a free trial. 250 [PUB-HIST] basic-free-trial.md.
    pub free_trial_icredits: Amount,
    /// Days free-trial iCredits live (seed 003: "expire after 30 days").
    pub free_trial_days: u32,
    /// Apps by id. Defaults: RNA-Seq Alignment 3 iCr per node hour [PUB 2018 bulletin];
    /// DRAGEN IDT per-sample fees 4 / 7 iCr [PUB DRAGEN IDT pricing].
    #[serde(deserialize_with = "crate::object::object_values")]
    pub apps: BTreeMap<String, AppRate>,
    /// Sample types (seed 002); Samples are counted, not priced.
    pub sample_types: Vec<String>,
}

impl Default for RateCard {
    fn default() -> Self {
        let app = |per_node_hour: i64, fee: i64| AppRate {
            per_node_hour: Amount(Decimal::from(per_node_hour)),
            fee: Amount(Decimal::from(fee)),
        };
        let mut apps = BTreeMap::new();
        apps.insert("rnaseq_alignment".to_string(), app(3, 0));
        apps.insert("dragen_idt_small".to_string(), app(0, 4));
        apps.insert("dragen_idt_large".to_string(), app(0, 7));
        Self {
            storage_per_tb_month: Amount(Decimal::new(225, 1)),
            archive_per_tb_month: Amount(Decimal::from(2)),
            archive_send_per_tb: Amount(Decimal::from(20)),
            archive_retrieve_per_tb: Amount(Decimal::from(30)),
            transfer_per_tb: Amount(Decimal::from(90)),
            storage_allowance_tb: Amount(Decimal::ONE),
            storage_month_days: 30,
            promotional_icredits: Amount(Decimal::from(250)),
            free_trial_icredits: Amount(Decimal::from(250)),
            free_trial_days: 30,
            apps,
            sample_types: ["emedgene_ge", "emedgene_array", "connected_insights_ge", "long_read_cloud"]
                .map(String::from)
                .to_vec(),
        }
    }
}

impl RateCard {
    /// Whether `t` is a known sample type.
    pub fn has_sample_type(&self, t: &str) -> bool {
        self.sample_types.iter().any(|s| s == t)
    }
}
