//! Reading the internally tagged entries of a scenario (`{"type": "compute",
//! …}`: events, usage profiles) in one pass. serde's derive buffers such an
//! entry and reads its variant from the buffer, which compiles every variant
//! for a second deserializer and leaves the errors inside it without a
//! position. Here the fields after `type` are read as they come, their
//! errors placed like any other's; those before
//! it are kept as raw JSON borrowed from the input and read once the variant
//! is known. So an entry whose `type` is not its first key reads from JSON
//! text (`serde_json::from_str`, `from_slice`: what every front end passes),
//! not from a `serde_json::Value` or a reader. An entry is a JSON object;
//! serde's derive also took an array (the tag, then the fields in order).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor};
use serde_json::value::RawValue;

use crate::pointer::escape;
use crate::validate::{locate, INNER_PATH};

/// An internally tagged enum of the scenario format.
pub(crate) trait Tagged: Sized {
    /// What serde calls the enum in messages: `internally tagged enum Event`.
    const EXPECTING: &'static str;
    /// The entry's name in messages: `event`.
    const NAME: &'static str;
    /// The message for a tag that is not a string; serde's own when `None`.
    const NOT_A_STRING: Option<&'static str>;

    /// Reads the variant `ty` from the entry's fields; `None` when no variant
    /// has that name.
    fn variant<'de, D: Deserializer<'de>>(ty: &str, d: D) -> Option<Result<Self, D::Error>>;
}

/// `Deserialize::deserialize` of a [`Tagged`] enum. An error found after the
/// entry's own value was read carries its pointer from the entry ahead of
/// [`INNER_PATH`] in its message.
pub(crate) fn deserialize<'de, T: Tagged, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_any(Entry(PhantomData))
}

/// An error at `path` inside the entry.
fn at<E: de::Error>(path: &str, msg: impl fmt::Display) -> E {
    de::Error::custom(format_args!("{path}{INNER_PATH}{msg}"))
}

struct Entry<T>(PhantomData<T>);

impl<'de, T: Tagged> Visitor<'de> for Entry<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<T, M::Error> {
        let mut before = Vec::new();
        let ty = loop {
            match map.next_key_seed(Key)? {
                None => return Err(de::Error::missing_field("type")),
                Some(key) if key == "type" => break map.next_value_seed(Tag::<T>(PhantomData))?,
                Some(key) => before.push((key, map.next_value()?)),
            }
        };
        let mut fields = Fields { map, before, read: 0, due: false };
        let t = T::variant(&ty, MapAccessDeserializer::new(&mut fields))
            .unwrap_or_else(|| Err(at("/type", format_args!("unknown {} type '{ty}'", T::NAME))));
        t.map_err(|e| checked(&fields.before).err().unwrap_or(e))
    }
}

/// An entry's tag: a string.
struct Tag<T>(PhantomData<T>);

impl<T: Tagged> Tag<T> {
    fn refuse<E: de::Error>(self, tag: Unexpected) -> Result<Cow<'static, str>, E> {
        Err(match T::NOT_A_STRING {
            Some(msg) => de::Error::custom(msg),
            None => de::Error::invalid_type(tag, &"variant identifier"),
        })
    }
}

impl<'de, T: Tagged> DeserializeSeed<'de> for Tag<T> {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: Tagged> Visitor<'de> for Tag<T> {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.refuse(Unexpected::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.refuse(Unexpected::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.refuse(Unexpected::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.refuse(Unexpected::Float(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.refuse(Unexpected::Unit)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        self.refuse(Unexpected::Seq)
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        self.refuse(Unexpected::Map)
    }
}

/// Raw JSON is only skipped over. When the entry is refused, the raw JSON
/// it kept is read through (numbers in range, strings well-formed, nesting
/// within serde_json's limit): invalid JSON there is the first problem, as
/// when serde buffers the whole entry.
fn checked<E: de::Error>(kept: &[(Cow<str>, &RawValue)]) -> Result<(), E> {
    for (_, raw) in kept {
        Whole
            .deserialize(&mut serde_json::Deserializer::from_str(raw.get()))
            .map_err(|e| de::Error::custom(format_args!("[invalid_json] not valid JSON: {e}")))?;
    }
    Ok(())
}

/// A JSON value read through to its end.
struct Whole;

impl<'de> DeserializeSeed<'de> for Whole {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Whole {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Whole)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_key_seed(Whole)?.is_some() {
            map.next_value_seed(Whole)?;
        }
        Ok(())
    }
}

/// An object key or a tag, borrowed when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

/// The error reading field `key` from its raw JSON `raw`, at its pointer;
/// one copy for every field type.
#[cold]
fn raw_error<E: de::Error>(key: &str, raw: &str, e: &serde_json::Error) -> E {
    let (path, msg) = locate(raw, e).unwrap_or_else(|| (String::new(), format!("[invalid_json] not valid JSON: {e}")));
    at(&format!("/{}{path}", escape(key)), msg)
}

/// An entry's fields without its tag: those before the tag from their raw
/// JSON, then the rest as they come.
struct Fields<'de, M> {
    map: M,
    before: Vec<(Cow<'de, str>, &'de RawValue)>,
    /// How many of `before` have been read.
    read: usize,
    /// Whether the value of the last of them is still to be read.
    due: bool,
}

impl<'de, M: MapAccess<'de>> MapAccess<'de> for Fields<'de, M> {
    type Error = M::Error;

    // Not inlined (nor next_value_seed): one copy per field type and struct
    // rather than one per field of every variant.
    #[inline(never)]
    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, M::Error> {
        let key = match self.before.get(self.read) {
            Some((key, _)) => {
                (self.read, self.due) = (self.read + 1, true);
                key.clone()
            }
            None => match self.map.next_key_seed(Key)? {
                None => return Ok(None),
                Some(key) if key == "type" => return Err(de::Error::duplicate_field("type")),
                Some(key) => key,
            },
        };
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    #[inline(never)]
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, M::Error> {
        let due = std::mem::take(&mut self.due);
        match self.before.get(self.read.wrapping_sub(1)) {
            Some((key, raw)) if due => {
                seed.deserialize(&mut serde_json::Deserializer::from_str(raw.get())).map_err(|e| raw_error(key, raw.get(), &e))
            }
            _ => self.map.next_value_seed(seed),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use crate::profiles::Profile;
    use crate::scenario::Event;

    /// Every tag the JSON Schema names reads as its variant (its fields are
    /// then missing), and no other does.
    #[test]
    fn every_schema_tag_names_a_variant() {
        let schema: serde_json::Value = serde_json::from_str(&crate::scenario_schema()).unwrap();
        for (name, read) in [
            ("Event", (|j: &str| serde_json::from_str::<Event>(j).map(drop)) as fn(&str) -> serde_json::Result<()>),
            ("Profile", |j: &str| serde_json::from_str::<Profile>(j).map(drop)),
        ] {
            let variants = schema["$defs"][name]["oneOf"].as_array().expect("variants");
            for v in variants {
                let tag = v["properties"]["type"]["const"].as_str().expect("a tag");
                let e = read(&format!(r#"{{"type":"{tag}"}}"#)).expect_err("fields are missing");
                assert!(e.to_string().contains("missing field"), "{tag}: {e}");
            }
            let e = read(r#"{"type":"nonesuch"}"#).expect_err("unknown");
            assert!(e.to_string().contains("unknown"), "{e}");
        }
    }
}
