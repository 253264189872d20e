//! Where a serde_json error is in its JSON text, as a JSON pointer. Reading
//! is not slowed by keeping a path: only a refused input is scanned again,
//! up to the error's position.

/// What an error is about.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum At {
    /// The value being read (or just read) at the position.
    Value,
    /// The object or array around it, or the one the position closes (serde
    /// reports a missing field once its object is read).
    Container,
}

/// The byte offset of serde_json's (`line`, `column`): the next byte to
/// read, or one past a byte it peeked at.
pub(crate) fn offset(json: &str, line: usize, column: usize) -> usize {
    let line_start: usize = json.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (line_start + column).min(json.len())
}

/// The pointer in `json` of what an error at (`line`, `column`) is about.
pub(crate) fn pointer_at(json: &str, line: usize, column: usize, at: At) -> String {
    let end = offset(json, line, column);
    let bytes = json.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut closed = None;
    let mut i = 0;
    while i < end {
        let b = bytes[i];
        i += 1;
        if b.is_ascii_whitespace() {
            continue;
        }
        closed = None;
        match b {
            b'"' => {
                let start = i - 1;
                while i < end && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i = (i + 1).min(end);
                match stack.last_mut() {
                    Some(Frame::Object { key, in_value: false }) => *key = Some(decode(json.get(start..i).unwrap_or_default())),
                    top => start_value(top),
                }
            }
            b':' => {
                if let Some(Frame::Object { in_value, .. }) = stack.last_mut() {
                    *in_value = true;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_value }) => (*key, *in_value) = (None, false),
                Some(Frame::Array { index, in_value }) => (*index, *in_value) = (*index + 1, false),
                None => {}
            },
            b'{' | b'[' => {
                start_value(stack.last_mut());
                stack.push(if b == b'{' { Frame::Object { key: None, in_value: false } } else { Frame::Array { index: 0, in_value: false } });
            }
            b'}' | b']' => {
                closed = Some(path(&stack, At::Container));
                stack.pop();
            }
            _ => {
                start_value(stack.last_mut());
                while i < end && !matches!(bytes[i], b',' | b':' | b'[' | b']' | b'{' | b'}' | b'"') && !bytes[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        }
    }
    // serde_json places an error about an array or object it only peeked at
    // just before it: that value is the array's member being read.
    if at == At::Value && matches!(bytes.get(end), Some(b'[' | b'{')) {
        start_value(stack.last_mut());
    }
    match (at, closed) {
        (At::Container, Some(closed)) => closed,
        _ => path(&stack, at),
    }
}

/// An open object or array, with the member being read.
enum Frame {
    Object { key: Option<String>, in_value: bool },
    Array { index: usize, in_value: bool },
}

fn start_value(top: Option<&mut Frame>) {
    if let Some(Frame::Array { in_value, .. }) = top {
        *in_value = true;
    }
}

/// The pointer of the innermost open container, or of the value it is reading.
fn path(stack: &[Frame], at: At) -> String {
    let mut out = String::new();
    for (k, frame) in stack.iter().enumerate() {
        if k + 1 == stack.len() && at == At::Container {
            break;
        }
        match frame {
            Frame::Object { key: Some(key), in_value: true } => {
                out.push('/');
                out.push_str(&escape(key));
            }
            Frame::Array { index, in_value: true } => out.push_str(&format!("/{index}")),
            _ => {}
        }
    }
    out
}

/// A key's text (`"a\u002fb"` reads `a/b`).
fn decode(token: &str) -> String {
    let raw = token.trim_matches('"');
    if raw.contains('\\') {
        serde_json::from_str(token).unwrap_or_else(|_| raw.to_string())
    } else {
        raw.to_string()
    }
}

/// A key as a JSON-pointer segment.
pub(crate) fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(json: &str, marker: &str, at: At) -> String {
        let column = json.find(marker).map_or(json.len(), |i| i + marker.len());
        pointer_at(json, 1, column, at)
    }

    #[test]
    fn values_and_containers() {
        let json = r#"{"a": {"b": [1, {"c~/d": 5}], "e": "x"}, "f": [] }"#;
        assert_eq!(at(json, r#""c~/d": 5"#, At::Value), "/a/b/1/c~0~1d");
        assert_eq!(at(json, r#""c~/d": 5"#, At::Container), "/a/b/1");
        assert_eq!(at(json, r#""c~/d": 5}"#, At::Container), "/a/b/1");
        assert_eq!(at(json, r#""c~/d""#, At::Value), "/a/b/1");
        assert_eq!(at(json, r#"[1"#, At::Value), "/a/b/0");
        assert_eq!(at(json, r#""e": "x""#, At::Value), "/a/e");
        assert_eq!(at(json, r#""f": ["#, At::Value), "/f");
        assert_eq!(at(json, r#"[] }"#, At::Container), "");
        assert_eq!(at(r#"{"a\u0062": 1}"#, "1", At::Value), "/ab");
        let lines = "{\n  \"a\": [\n    1,\n    true\n  ]\n}";
        assert_eq!(pointer_at(lines, 4, 8, At::Value), "/a/1");
        assert_eq!(pointer_at(lines, 5, 3, At::Container), "/a");
        // Just before an array or object serde_json peeked at: that member.
        let json = r#"{"a": [{"b": 1}, [2], {}]}"#;
        assert_eq!(at(json, r#"{"a": ["#, At::Value), "/a/0");
        assert_eq!(at(json, r#"1}, "#, At::Value), "/a/1");
        assert_eq!(at(json, r#"[2], "#, At::Value), "/a/2");
        assert_eq!(at(json, r#"{"a": "#, At::Value), "/a");
    }
}
