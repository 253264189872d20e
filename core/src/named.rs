//! Reading the field-less enums of the input (`"storage"`, `"wgs_30x"`,
//! `"full"`) by name. serde's derive compiles a whole reader for each such
//! enum; [`by_name!`] gives each a `Deserialize` that looks its name up in a
//! list through one shared reader. It reads what the derive read from JSON,
//! with the same messages: the name as a string or as the single key of an
//! object whose value is `null`.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, EnumAccess, VariantAccess, Visitor};

/// `Deserialize` for a field-less enum from its variants and their names,
/// which must be the names the derived `Serialize` writes (checked by the
/// tests in `tests/schema.rs`).
macro_rules! by_name {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const ALL: &[$ty] = &[$($ty::$variant),+];
                crate::named::read(d, stringify!($ty), &[$($name),+]).map(|i| ALL[i])
            }
        }
    };
}
pub(crate) use by_name;

/// The index in `names` of the variant `d` names; `enum_name` is serde's
/// name of the enum, for messages.
pub(crate) fn read<'de, D: Deserializer<'de>>(d: D, enum_name: &'static str, names: &'static [&'static str]) -> Result<usize, D::Error> {
    d.deserialize_enum(enum_name, names, Names { enum_name, names })
}

struct Names {
    enum_name: &'static str,
    names: &'static [&'static str],
}

impl<'de> Visitor<'de> for Names {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "enum {}", self.enum_name)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<usize, A::Error> {
        let (i, variant) = data.variant_seed(Identifier(self.names))?;
        variant.unit_variant()?;
        Ok(i)
    }
}

/// A variant's name, read as its index in the list.
struct Identifier(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Identifier {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<usize, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Identifier {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("variant identifier")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.iter().position(|n| *n == v).ok_or_else(|| E::unknown_variant(v, self.0))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Derived {
        Alpha,
        BetaGamma,
    }

    #[derive(Debug, Clone, Copy)]
    enum ByName {
        Alpha,
        BetaGamma,
    }

    by_name!(ByName {
        Alpha = "alpha",
        BetaGamma = "beta_gamma",
    });

    /// The shared reader accepts what serde's derive accepts and refuses
    /// the rest with the same message, from JSON text and from a `Value`.
    #[test]
    fn reads_as_the_derive_does() {
        let inputs = [
            r#""alpha""#, r#""beta_gamma""#, r#""al\u0070ha""#, r#""Alpha""#, r#""nope""#, r#"{"alpha":null}"#,
            r#"{"beta_gamma":null}"#, r#"{"alpha":1}"#, r#"{"nope":null}"#, r#"{"alpha":null,"x":1}"#, "{}", "5", "-1", "1.5",
            "null", "true", "[]", r#"["alpha"]"#, r#""alpha"x"#, "",
        ];
        for json in inputs {
            let derived = serde_json::from_str::<Derived>(json).map(|v| v as usize).map_err(|e| e.to_string());
            let by_name = serde_json::from_str::<ByName>(json).map(|v| v as usize).map_err(|e| e.to_string());
            assert_eq!(by_name, derived, "{json}");
            let Ok(value) = serde_json::from_str::<serde_json::Value>(json) else { continue };
            let derived = serde_json::from_value::<Derived>(value.clone()).map(|v| v as usize).map_err(|e| e.to_string());
            let by_name = serde_json::from_value::<ByName>(value).map(|v| v as usize).map_err(|e| e.to_string());
            assert_eq!(by_name, derived, "{json} as a Value");
        }
    }
}
