//! spaCy's `.spacy` file (a `DocBin`), written without spaCy.
//!
//! The layout, as spaCy 3 reads it (`spacy/tokens/_serialize.py`): a zlib
//! stream of one msgpack map
//!
//! - `version`: `"0.1"`; `attrs`: the attribute ids of the token columns,
//!   `ORTH` first, then ascending;
//! - `tokens`: bytes of a little-endian `uint64` matrix, one row per token,
//!   one column per attribute (strings as their 64-bit hashes);
//! - `spaces`: one byte (0/1) per token: is it followed by a space;
//! - `lengths`: little-endian `int32` token count of each document;
//! - `strings`: every string the hashes stand for;
//! - `cats`, `flags`: one map per document;
//! - `span_groups`: per document, msgpack `{group bytes: [key]}`, each group
//!   msgpack `{name, attrs, spans}` and each span a big-endian struct
//!   `>QQQllll` (id, kb_id, label hash, start token, end token, start
//!   char, end char);
//! - `user_data`: per document, msgpack of the `Doc.user_data` map
//!   (spaCy reads it back with `use_list=False`, so msgpack arrays become
//!   the tuple keys that `Doc._` extensions use: `doc._.rel` is the key
//!   `("._.", "rel", None, None)`).
//!
//! A string's id is its entry in spaCy's fixed symbol table when it has
//! one (`ORG` is 383, `number` 432: `spacy.symbols.NAMES`, copied in
//! `spacy_symbols.txt` and checked against the installed spaCy by the
//! consumer suite), otherwise MurmurHash64A with seed 1 over its UTF-8
//! bytes (spaCy's `hash_string`); the empty string is 0.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::sync::OnceLock;

/// spaCy attribute ids (`spacy.attrs`).
pub const ORTH: u64 = 65;
pub const ENT_IOB: u64 = 77;
pub const ENT_TYPE: u64 = 78;
pub const SENT_START: u64 = 80;

/// `ENT_IOB` values: inside, outside, beginning (0 means "unknown").
pub const IOB_I: u64 = 1;
pub const IOB_O: u64 = 2;
pub const IOB_B: u64 = 3;

/// The token columns written, in spaCy's order: `ORTH` first, then sorted.
const ATTRS: [u64; 4] = [ORTH, ENT_IOB, ENT_TYPE, SENT_START];

/// One token as the DocBin stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    /// Followed by a single space (which is then not a token of its own).
    pub space: bool,
    pub iob: u64,
    /// Entity label, empty outside entities.
    pub ent_type: &'a str,
    /// `Some(true)` starts a sentence, `Some(false)` does not, `None` unknown.
    pub sent_start: Option<bool>,
}

/// A span of a span group: token range and code-point range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSpan<'a> {
    pub label: &'a str,
    pub start_token: usize,
    pub end_token: usize,
    pub start_char: usize,
    pub end_char: usize,
}

/// A relation between two entities of `doc.ents`, keyed as spaCy's
/// `rel_component` example keys `doc._.rel`: by the entities' first tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRelation<'a> {
    pub head_token: usize,
    pub child_token: usize,
    pub label: &'a str,
}

/// The `Doc._` extension holding relations (`Doc.set_extension("rel", default={})`).
pub const REL_EXTENSION: &str = "rel";

/// A collection of documents being packed.
#[derive(Default)]
pub struct DocBin {
    tokens: Vec<u8>,
    spaces: Vec<u8>,
    lengths: Vec<u8>,
    strings: BTreeSet<String>,
    span_groups: Vec<Vec<u8>>,
    user_data: Vec<Vec<u8>>,
    docs: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum DocBinError {
    #[error("a document has {0} tokens, more than spaCy's int32 lengths hold")]
    TooLong(usize),
    #[error("cannot write msgpack: {0}")]
    Encode(String),
}

fn encode<E: std::fmt::Display>(e: E) -> DocBinError {
    DocBinError::Encode(e.to_string())
}

impl DocBin {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one document: its tokens, its span groups (`name` → spans), its
    /// id (kept as `doc.user_data["pactum_id"]`) and its relations (kept as
    /// `doc._.rel`: `{(head token, child token): {label: 1.0}}`, empty when
    /// it has none).
    pub fn add(
        &mut self,
        tokens: &[Token],
        groups: &[(&str, Vec<GroupSpan>)],
        id: &str,
        relations: &[TokenRelation],
    ) -> Result<(), DocBinError> {
        let length = i32::try_from(tokens.len()).map_err(|_| DocBinError::TooLong(tokens.len()))?;
        for t in tokens {
            let sent = match t.sent_start {
                Some(true) => 1,
                // -1 as spaCy's uint64 array holds it.
                Some(false) => u64::MAX,
                None => 0,
            };
            for value in [string_id(t.text), t.iob, string_id(t.ent_type), sent] {
                self.tokens.extend_from_slice(&value.to_le_bytes());
            }
            self.spaces.push(u8::from(t.space));
            self.strings.insert(t.text.to_string());
            if !t.ent_type.is_empty() {
                self.strings.insert(t.ent_type.to_string());
            }
        }
        self.lengths.extend_from_slice(&length.to_le_bytes());
        let groups = self.span_groups_bytes(groups)?;
        self.span_groups.push(groups);
        let mut user_data = Vec::new();
        rmp::encode::write_map_len(&mut user_data, 2).map_err(encode)?;
        rmp::encode::write_str(&mut user_data, "pactum_id").map_err(encode)?;
        rmp::encode::write_str(&mut user_data, id).map_err(encode)?;
        write_rel(&mut user_data, relations)?;
        self.user_data.push(user_data);
        self.docs += 1;
        Ok(())
    }

    /// `SpanGroups.to_bytes()`: `{group bytes: [key]}`.
    fn span_groups_bytes(&mut self, groups: &[(&str, Vec<GroupSpan>)]) -> Result<Vec<u8>, DocBinError> {
        let mut out = Vec::new();
        if groups.is_empty() {
            rmp::encode::write_array_len(&mut out, 0).map_err(encode)?;
            return Ok(out);
        }
        let len = u32::try_from(groups.len()).map_err(encode)?;
        rmp::encode::write_map_len(&mut out, len).map_err(encode)?;
        for (name, spans) in groups {
            let mut group = Vec::new();
            rmp::encode::write_map_len(&mut group, 3).map_err(encode)?;
            rmp::encode::write_str(&mut group, "name").map_err(encode)?;
            rmp::encode::write_str(&mut group, name).map_err(encode)?;
            rmp::encode::write_str(&mut group, "attrs").map_err(encode)?;
            rmp::encode::write_map_len(&mut group, 0).map_err(encode)?;
            rmp::encode::write_str(&mut group, "spans").map_err(encode)?;
            rmp::encode::write_array_len(&mut group, u32::try_from(spans.len()).map_err(encode)?)
                .map_err(encode)?;
            for span in spans {
                let mut packed = Vec::with_capacity(40);
                packed.extend_from_slice(&0u64.to_be_bytes()); // id
                packed.extend_from_slice(&0u64.to_be_bytes()); // kb_id
                packed.extend_from_slice(&string_id(span.label).to_be_bytes());
                for n in [span.start_token, span.end_token, span.start_char, span.end_char] {
                    let n = i32::try_from(n).map_err(|_| DocBinError::TooLong(n))?;
                    packed.extend_from_slice(&n.to_be_bytes());
                }
                rmp::encode::write_bin(&mut group, &packed).map_err(encode)?;
                self.strings.insert(span.label.to_string());
            }
            rmp::encode::write_bin(&mut out, &group).map_err(encode)?;
            rmp::encode::write_array_len(&mut out, 1).map_err(encode)?;
            rmp::encode::write_str(&mut out, name).map_err(encode)?;
        }
        Ok(out)
    }

    /// The `.spacy` file's bytes.
    pub fn to_bytes(&self) -> Result<Vec<u8>, DocBinError> {
        let docs = u32::try_from(self.docs).map_err(encode)?;
        let mut msg = Vec::new();
        let w = &mut msg;
        rmp::encode::write_map_len(w, 10).map_err(encode)?;
        rmp::encode::write_str(w, "version").map_err(encode)?;
        rmp::encode::write_str(w, "0.1").map_err(encode)?;
        rmp::encode::write_str(w, "attrs").map_err(encode)?;
        rmp::encode::write_array_len(w, ATTRS.len() as u32).map_err(encode)?;
        for a in ATTRS {
            rmp::encode::write_uint(w, a).map_err(encode)?;
        }
        for (key, bytes) in [("tokens", &self.tokens), ("spaces", &self.spaces), ("lengths", &self.lengths)] {
            rmp::encode::write_str(w, key).map_err(encode)?;
            rmp::encode::write_bin(w, bytes).map_err(encode)?;
        }
        rmp::encode::write_str(w, "strings").map_err(encode)?;
        rmp::encode::write_array_len(w, u32::try_from(self.strings.len()).map_err(encode)?)
            .map_err(encode)?;
        for s in &self.strings {
            rmp::encode::write_str(w, s).map_err(encode)?;
        }
        rmp::encode::write_str(w, "cats").map_err(encode)?;
        rmp::encode::write_array_len(w, docs).map_err(encode)?;
        for _ in 0..docs {
            rmp::encode::write_map_len(w, 0).map_err(encode)?;
        }
        rmp::encode::write_str(w, "flags").map_err(encode)?;
        rmp::encode::write_array_len(w, docs).map_err(encode)?;
        for _ in 0..docs {
            rmp::encode::write_map_len(w, 1).map_err(encode)?;
            rmp::encode::write_str(w, "has_unknown_spaces").map_err(encode)?;
            rmp::encode::write_bool(w, false).map_err(encode)?;
        }
        for (key, per_doc) in [("span_groups", &self.span_groups), ("user_data", &self.user_data)] {
            rmp::encode::write_str(w, key).map_err(encode)?;
            rmp::encode::write_array_len(w, docs).map_err(encode)?;
            for bytes in per_doc {
                rmp::encode::write_bin(w, bytes).map_err(encode)?;
            }
        }
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&msg).map_err(encode)?;
        z.finish().map_err(encode)
    }
}

/// The `doc._.rel` entry of `user_data`: key `["._.", "rel", nil, nil]`,
/// value `{[head, child]: {label: 1.0, …}}`, pairs in order, labels of a
/// pair in one map (the rel_component's gold: 1.0 stated, absent 0).
fn write_rel(out: &mut Vec<u8>, relations: &[TokenRelation]) -> Result<(), DocBinError> {
    let mut pairs: std::collections::BTreeMap<(usize, usize), BTreeSet<&str>> = Default::default();
    for r in relations {
        pairs.entry((r.head_token, r.child_token)).or_default().insert(r.label);
    }
    rmp::encode::write_array_len(out, 4).map_err(encode)?;
    rmp::encode::write_str(out, "._.").map_err(encode)?;
    rmp::encode::write_str(out, REL_EXTENSION).map_err(encode)?;
    rmp::encode::write_nil(out).map_err(encode)?;
    rmp::encode::write_nil(out).map_err(encode)?;
    rmp::encode::write_map_len(out, u32::try_from(pairs.len()).map_err(encode)?).map_err(encode)?;
    for ((head, child), labels) in pairs {
        rmp::encode::write_array_len(out, 2).map_err(encode)?;
        rmp::encode::write_uint(out, head as u64).map_err(encode)?;
        rmp::encode::write_uint(out, child as u64).map_err(encode)?;
        rmp::encode::write_map_len(out, u32::try_from(labels.len()).map_err(encode)?).map_err(encode)?;
        for label in labels {
            rmp::encode::write_str(out, label).map_err(encode)?;
            rmp::encode::write_f64(out, 1.0).map_err(encode)?;
        }
    }
    Ok(())
}

/// spaCy's symbol names, one per line, line N being symbol id N.
const SYMBOLS: &str = include_str!("spacy_symbols.txt");

/// The id spaCy's `StringStore` gives a string: its symbol id when it is
/// one of spaCy's symbols, else its hash.
pub fn string_id(s: &str) -> u64 {
    static TABLE: OnceLock<HashMap<&'static str, u64>> = OnceLock::new();
    let table = TABLE.get_or_init(|| SYMBOLS.lines().zip(1u64..).collect());
    table.get(s).copied().unwrap_or_else(|| hash_string(s))
}

/// spaCy's string hash: MurmurHash64A, seed 1, over the UTF-8 bytes; the
/// empty string is 0 (spaCy's reserved "no string").
pub fn hash_string(s: &str) -> u64 {
    if s.is_empty() {
        return 0;
    }
    murmur64a(s.as_bytes(), 1)
}

fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for chunk in &mut chunks {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let mut k = u64::from_le_bytes(bytes);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= u64::from(b) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_match_spacy_hash_string() {
        // Reference values from spaCy 3.8 `spacy.strings.hash_string`.
        assert_eq!(hash_string("ORG"), 8419042386026509531);
        assert_eq!(hash_string("Technopolis"), 17818234286460507599);
        assert_eq!(hash_string("😀"), 13900606239988879105);
        assert_eq!(hash_string("Тро"), 14000956296470789201);
        assert_eq!(hash_string(""), 0);
    }

    #[test]
    fn symbols_have_their_fixed_ids() {
        assert_eq!(string_id("IS_ALPHA"), 1);
        assert_eq!(string_id("ORG"), 383);
        assert_eq!(string_id("number"), 432);
        assert_eq!(string_id("Technopolis"), hash_string("Technopolis"));
        assert_eq!(string_id(""), 0);
    }

    #[test]
    fn packs_a_zlib_msgpack_map() {
        let mut bin = DocBin::new();
        let tokens = [
            Token { text: "Ascendas", space: true, iob: IOB_B, ent_type: "ORG", sent_start: Some(true) },
            Token { text: "signed", space: false, iob: IOB_O, ent_type: "", sent_start: Some(false) },
        ];
        let clause =
            GroupSpan { label: "SIGNING", start_token: 0, end_token: 2, start_char: 0, end_char: 15 };
        let rel = TokenRelation { head_token: 0, child_token: 1, label: "party" };
        bin.add(&tokens, &[("clauses", vec![clause])], "a.txt", &[rel]).unwrap();
        let bytes = bin.to_bytes().unwrap();
        let mut msg = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&bytes[..]), &mut msg).unwrap();
        // A map of 10 entries whose first key is "version".
        assert_eq!(msg[0], 0x8a);
        assert_eq!(&msg[1..9], b"\xa7version");
        assert!(bin.strings.contains("SIGNING") && bin.strings.contains("Ascendas"));
        assert_eq!(bin.tokens.len(), 2 * ATTRS.len() * 8);
        assert_eq!(bin.lengths, 2i32.to_le_bytes());
        // user_data: {"pactum_id": "a.txt", ["._.", "rel", nil, nil]: {[0, 1]: {"party": 1.0}}}
        let mut want =
            b"\x82\xa9pactum_id\xa5a.txt\x94\xa3._.\xa3rel\xc0\xc0\x81\x92\x00\x01\x81\xa5party\xcb".to_vec();
        want.extend_from_slice(&1.0f64.to_be_bytes());
        assert_eq!(bin.user_data[0], want);
    }
}
