//! Reading the format's structs from JSON objects only. serde's derive also
//! reads a struct from an array of its fields in order (a tenant as
//! `["lab", "subscription", null, null, null]`), which the format does not
//! have. These readers ask the deserializer for a map and hand it to the
//! derive's map reader, so its array reader is neither reached nor compiled.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

/// A `T` read from a JSON object.
pub(crate) struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Object<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Object)
    }
}

/// A struct field read from an object (`deserialize_with`).
pub(crate) fn object<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Object::deserialize(d).map(|o| o.0)
}

/// A list of structs, each read from an object (`deserialize_with`).
pub(crate) fn objects<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    Vec::<Object<T>>::deserialize(d).map(|v| v.into_iter().map(|o| o.0).collect())
}

/// A map of structs by name, each read from an object (`deserialize_with`).
pub(crate) fn object_values<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<BTreeMap<String, T>, D::Error> {
    // Inserted one by one: collecting would compile a sort for each value type.
    let mut out = BTreeMap::new();
    for (name, o) in BTreeMap::<String, Object<T>>::deserialize(d)? {
        out.insert(name, o.0);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Pair {
        a: u32,
        #[serde(default)]
        b: Option<u32>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Outer {
        #[serde(deserialize_with = "object")]
        one: Pair,
        #[serde(deserialize_with = "objects")]
        many: Vec<Pair>,
        #[serde(deserialize_with = "object_values")]
        named: BTreeMap<String, Pair>,
    }

    fn read(json: &str) -> Result<Outer, String> {
        serde_json::from_str::<Object<Outer>>(json).map(|o| o.0).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_objects_and_refuses_arrays() {
        let ok = read(r#"{"one":{"a":1},"many":[{"a":2,"b":3}],"named":{"x":{"a":4}}}"#).unwrap();
        assert_eq!(ok.one, Pair { a: 1, b: None });
        assert_eq!(ok.many, [Pair { a: 2, b: Some(3) }]);
        assert_eq!(ok.named["x"], Pair { a: 4, b: None });
        // What serde's derive would read as a `Pair`, `Outer` or `Pair` list entry.
        for (json, column) in [
            (r#"{"one":[1,null],"many":[],"named":{}}"#, 7),
            (r#"{"one":{"a":1},"many":[[2,3]],"named":{}}"#, 23),
            (r#"{"one":{"a":1},"many":[],"named":{"x":[4,null]}}"#, 38),
        ] {
            assert_eq!(read(json), Err(format!("invalid type: sequence, expected a JSON object at line 1 column {column}")), "{json}");
        }
        assert_eq!(read("[]"), Err("invalid type: sequence, expected a JSON object at line 1 column 0".into()));
        // Errors inside an object are the derive's, where they are.
        assert_eq!(read(r#"{"one":{"a":"1"},"many":[],"named":{}}"#), Err("invalid type: string \"1\", expected u32 at line 1 column 15".into()));
        assert_eq!(read(r#"{"one":{},"many":[],"named":{}}"#), Err("missing field `a` at line 1 column 9".into()));
    }
}
