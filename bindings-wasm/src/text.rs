//! Report text handed to JS, whole or in pieces.
//!
//! JS strings are made from the UTF-8 bytes in wasm memory. In Chromium,
//! making one string of the default preset's full report (0.5 MB) takes about
//! 270 µs; the same text decoded as 64 KB pieces joined with `concat` takes
//! about 80 µs, and the rope V8 builds from the pieces then parses faster,
//! not slower, than the whole string (`JSON.parse` after it: 1.03 against
//! 1.17 ms). In Node a string over 128 KB is a V8 large object: pieces are
//! quicker to make, but the first flatten allocates the large string anyway
//! and costs more than they saved, so the Node entry keeps whole strings.
//! The entry point chooses ([`set_text_piece_bytes`]); the text is the same.

use std::sync::atomic::{AtomicUsize, Ordering};

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A JS string.
    #[wasm_bindgen(typescript_type = "string")]
    pub type JsText;

    #[wasm_bindgen(method)]
    fn concat(this: &JsText, piece: &str) -> JsText;
}

/// Longest piece in bytes; 0 makes whole strings.
static PIECE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// Sets the longest piece (in bytes) a returned text is made of; 0, the
/// default, makes each text one piece.
#[wasm_bindgen(js_name = setTextPieceBytes)]
pub fn set_text_piece_bytes(bytes: usize) {
    PIECE_BYTES.store(bytes, Ordering::Relaxed);
}

/// `text` as a JS string, in pieces of at most the set length.
pub fn js_text(text: &str) -> JsText {
    let piece = PIECE_BYTES.load(Ordering::Relaxed);
    if piece == 0 || text.len() <= piece {
        return JsValue::from_str(text).unchecked_into();
    }
    // A UTF-8 character is at most 4 bytes, so every piece holds at least one.
    let piece = piece.max(4);
    let mut out: JsText = JsValue::from_str("").unchecked_into();
    let mut rest = text;
    while !rest.is_empty() {
        let mut end = piece.min(rest.len());
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        out = out.concat(&rest[..end]);
        rest = &rest[end..];
    }
    out
}
