//! Reading the field-less enums of the input (`"storage"`, `"wgs_30x"`,
//! `"full"`) by name. serde's derive compiles a whole reader for each such
//! enum; [`by_name!`] gives each a `Deserialize` that looks its name up in a
//! list through one shared reader. It reads what the derive reads: the name
//! as a string, or as the single key of an object whose value is `null`. A
//! value of another type is refused naming the variants (the derive's
//! message says "expected string or map").

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// `Deserialize` for a field-less enum from its variants and their names,
/// which must be the names the derived `Serialize` writes (checked by the
/// tests in `tests/schema.rs`).
macro_rules! by_name {
    ($ty:ident { $($variant:ident = $name:literal),+ $(,)? }) => {
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const ALL: &[$ty] = &[$($ty::$variant),+];
                crate::named::read(d, &[$($name),+]).map(|i| ALL[i])
            }
        }
    };
}
pub(crate) use by_name;

/// The index in `names` of the variant `d` names.
pub(crate) fn read<'de, D: Deserializer<'de>>(d: D, names: &'static [&'static str]) -> Result<usize, D::Error> {
    d.deserialize_any(Identifier(names))
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

    /// The names as serde lists them refusing an unknown one.
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.0 {
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            names => {
                f.write_str("one of ")?;
                for (i, name) in names.iter().enumerate() {
                    write!(f, "{}`{name}`", if i == 0 { "" } else { ", " })?;
                }
                Ok(())
            }
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.iter().position(|n| *n == v).ok_or_else(|| E::unknown_variant(v, self.0))
    }

    /// serde's form of a unit variant: `{"name": null}`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<usize, A::Error> {
        let single = |len| de::Error::invalid_length(len, &"map with a single key");
        let i = map.next_key_seed(Identifier(self.0))?.ok_or_else(|| single(0))?;
        map.next_value::<()>()?;
        if map.next_key::<IgnoredAny>()?.is_some() {
            return Err(single(2));
        }
        Ok(i)
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

    /// The shared reader accepts what serde's derive accepts, and refuses an
    /// unknown name with the same message, from JSON text and from a `Value`.
    #[test]
    fn reads_as_the_derive_does() {
        let inputs = [
            r#""alpha""#, r#""beta_gamma""#, r#""al\u0070ha""#, r#""Alpha""#, r#""nope""#, r#"{"alpha":null}"#,
            r#"{"beta_gamma":null}"#, r#"{"alpha":1}"#, r#"{"nope":null}"#, r#""alpha"x"#, "",
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

    /// A value of another type, or an object of another size, is refused
    /// naming what would do.
    #[test]
    fn other_values_are_refused_naming_the_variants() {
        let refusals = [
            ("5", "invalid type: integer `5`, expected `alpha` or `beta_gamma` at line 1 column 1"),
            ("-1.5", "invalid type: floating point `-1.5`, expected `alpha` or `beta_gamma` at line 1 column 4"),
            ("null", "invalid type: null, expected `alpha` or `beta_gamma` at line 1 column 4"),
            ("true", "invalid type: boolean `true`, expected `alpha` or `beta_gamma` at line 1 column 4"),
            (r#"["alpha"]"#, "invalid type: sequence, expected `alpha` or `beta_gamma` at line 1 column 1"),
            ("{}", "invalid length 0, expected map with a single key at line 1 column 2"),
            (r#"{"alpha":null,"x":1}"#, "invalid length 2, expected map with a single key at line 1 column 17"),
        ];
        for (json, message) in refusals {
            assert_eq!(serde_json::from_str::<ByName>(json).map(|v| v as usize).map_err(|e| e.to_string()), Err(message.to_string()), "{json}");
        }
        let three: Result<usize, serde_json::Error> = super::read(&mut serde_json::Deserializer::from_str("7"), &["a", "b", "c"]);
        assert_eq!(three.map_err(|e| e.to_string()), Err("invalid type: integer `7`, expected one of `a`, `b`, `c` at line 1 column 1".to_string()));
    }
}
