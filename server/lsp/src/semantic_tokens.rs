//! Semantic tokens for accepted annotations and suggestions. Token type =
//! the schema's label, lower-cased; modifiers `suggestion` and `accepted`.
//!
//! Tokens may neither overlap nor (for most clients) span lines, while spans
//! nest (an entity inside a SIGNING sentence). Where spans overlap, the one
//! that wins is the entity over the clause, the accepted span over the
//! suggestion, the shorter over the longer; the result is cut at line ends.

use std::collections::BTreeSet;

use pactum_schema::{LabelKind, Schema};
use tower_lsp::lsp_types::{
    Range, SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend, Url,
};

use super::position::{self, Encoding};
use super::state::{FindingKind, OpenDocument, State};

const MOD_SUGGESTION: u32 = 1;
const MOD_ACCEPTED: u32 = 2;

pub fn legend(schema: &Schema) -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: schema.labels.iter().map(|l| SemanticTokenType::from(l.name.to_lowercase())).collect(),
        token_modifiers: vec![
            SemanticTokenModifier::new("suggestion"),
            SemanticTokenModifier::new("accepted"),
        ],
    }
}

/// One painted interval: byte range, token type index, modifier bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Paint {
    start: usize,
    end: usize,
    token_type: u32,
    modifiers: u32,
}

pub fn tokens(state: &State, uri: &Url, range: Option<Range>) -> Option<Vec<SemanticToken>> {
    let open = state.docs.get(uri)?;
    let rope = open.doc.rope();
    let window = match range {
        Some(r) => {
            let c = position::range_to_chars(rope, r, state.encoding);
            rope.char_to_byte(c.start)..rope.char_to_byte(c.end)
        }
        None => 0..open.doc.text().len(),
    };
    let paints = paint(open, &state.schema, window);
    Some(encode(open, &paints, state.encoding))
}

/// Non-overlapping painted intervals inside `window`, in order.
fn paint(open: &OpenDocument, schema: &Schema, window: std::ops::Range<usize>) -> Vec<Paint> {
    // (priority key, start, end, type, modifiers); smaller key wins.
    struct Item {
        key: (bool, bool, usize),
        start: usize,
        end: usize,
        token_type: u32,
        modifiers: u32,
    }
    let mut items = Vec::new();
    for f in open.findings_in(window.clone()) {
        if f.kind == FindingKind::Stale || f.end <= window.start || f.start >= window.end {
            continue;
        }
        let Some(index) = schema.labels.iter().position(|l| l.name == f.label) else {
            continue;
        };
        let is_clause = schema.labels.get(index).is_some_and(|l| l.kind == LabelKind::Clause);
        let accepted = f.kind == FindingKind::Accepted;
        items.push(Item {
            key: (is_clause, !accepted, f.end - f.start),
            start: f.start.max(window.start),
            end: f.end.min(window.end),
            token_type: index as u32,
            modifiers: if accepted { MOD_ACCEPTED } else { MOD_SUGGESTION },
        });
    }
    // Sweep over the boundaries, keeping the covering items ordered by priority.
    let mut events: Vec<(usize, bool, usize)> = Vec::with_capacity(items.len() * 2); // (pos, is_start, item)
    for (i, it) in items.iter().enumerate() {
        events.push((it.start, true, i));
        events.push((it.end, false, i));
    }
    events.sort_unstable();
    let mut active: BTreeSet<((bool, bool, usize), usize)> = BTreeSet::new();
    let mut out: Vec<Paint> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let pos = events[i].0;
        while i < events.len() && events[i].0 == pos {
            let (_, is_start, idx) = events[i];
            if let Some(it) = items.get(idx) {
                if is_start {
                    active.insert((it.key, idx));
                } else {
                    active.remove(&(it.key, idx));
                }
            }
            i += 1;
        }
        let Some(next) = events.get(i).map(|e| e.0) else {
            break;
        };
        if let Some(&(_, idx)) = active.first() {
            let Some(it) = items.get(idx) else { continue };
            match out.last_mut() {
                Some(last)
                    if last.end == pos
                        && last.token_type == it.token_type
                        && last.modifiers == it.modifiers =>
                {
                    last.end = next
                }
                _ => out.push(Paint {
                    start: pos,
                    end: next,
                    token_type: it.token_type,
                    modifiers: it.modifiers,
                }),
            }
        }
    }
    out
}

/// LSP's relative encoding, one token per line piece.
fn encode(open: &OpenDocument, paints: &[Paint], enc: Encoding) -> Vec<SemanticToken> {
    let rope = open.doc.rope();
    let text = open.doc.text();
    let mut data = Vec::with_capacity(paints.len());
    let (mut prev_line, mut prev_col) = (0u32, 0u32);
    for p in paints {
        let mut s = p.start;
        while s < p.end {
            let line = rope.byte_to_line(s);
            let line_end = if line + 1 < rope.len_lines() { rope.line_to_byte(line + 1) } else { text.len() };
            let e = p.end.min(line_end);
            let piece = text.get(s..e).unwrap_or_default().trim_end_matches(['\n', '\r']);
            let start = position::from_byte(rope, s, enc);
            let length = enc.len(piece) as u32;
            if length > 0 {
                let delta_line = start.line - prev_line;
                let delta_start = if delta_line == 0 { start.character - prev_col } else { start.character };
                data.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: p.token_type,
                    token_modifiers_bitset: p.modifiers,
                });
                (prev_line, prev_col) = (start.line, start.character);
            }
            s = e.max(s + 1);
            // Skip to a char boundary if `max` stepped into a char.
            while s < p.end && !text.is_char_boundary(s) {
                s += 1;
            }
        }
    }
    data
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::position::Encoding;

    #[test]
    fn legend_lower_cases_the_schema_labels() {
        let l = legend(&Schema::parks_v1());
        assert!(l.token_types.iter().any(|t| t.as_str() == "org"));
        assert!(l.token_types.iter().any(|t| t.as_str() == "signing"));
        assert_eq!(l.token_modifiers.len(), 2);
    }

    /// Decodes tokens into (line, start col, length, type, modifiers), absolute.
    fn decode(tokens: &[SemanticToken]) -> Vec<(u32, u32, u32, u32, u32)> {
        let (mut line, mut col) = (0, 0);
        tokens
            .iter()
            .map(|t| {
                if t.delta_line > 0 {
                    col = 0;
                }
                line += t.delta_line;
                col += t.delta_start;
                (line, col, t.length, t.token_type, t.token_modifiers_bitset)
            })
            .collect()
    }

    #[test]
    fn nested_spans_become_non_overlapping_single_line_tokens() {
        let schema = Schema::parks_v1();
        let mut state = State::new(schema, Encoding::Utf32, None);
        let uri = Url::parse("untitled:a").unwrap();
        let text = "😀 Technopolis signed an agreement with Ascendas. Then\nmore on Тро.";
        state.open(uri.clone(), text.to_string(), 1);
        let open = state.docs.get_mut(&uri).unwrap();
        let rope = open.doc.rope().clone();
        // Accepted spans: a clause across the line break, and an entity inside a suggestion's sentence.
        assert!(open.annotations.set(&rope, 50, 66, "COMMITMENT", pactum_store::Status::Accepted));
        assert!(open.annotations.set(&rope, 2, 13, "PERSON", pactum_store::Status::Accepted));
        let toks = tokens(&state, &uri, None).unwrap();
        let open = state.docs.get(&uri).unwrap();

        // The oracle: per char, the winning finding by brute force.
        let chars: Vec<char> = text.chars().collect();
        let mut want: Vec<Option<(u32, u32)>> = vec![None; chars.len()];
        let findings = open.findings();
        for (c, slot) in want.iter_mut().enumerate() {
            if chars[c] == '\n' {
                continue;
            }
            let b = rope.char_to_byte(c);
            let winner = findings
                .iter()
                .filter(|f| f.kind != FindingKind::Stale && f.start <= b && b < f.end)
                .min_by_key(|f| {
                    let clause = state.schema.label(f.label).is_some_and(|l| l.kind == LabelKind::Clause);
                    (clause, f.kind != FindingKind::Accepted, f.end - f.start)
                });
            *slot = winner.map(|f| {
                let ty = state.schema.labels.iter().position(|l| l.name == f.label).unwrap() as u32;
                (ty, if f.kind == FindingKind::Accepted { MOD_ACCEPTED } else { MOD_SUGGESTION })
            });
        }
        let mut got: Vec<Option<(u32, u32)>> = vec![None; chars.len()];
        let mut last_end = (0, 0);
        for (line, col, len, ty, mods) in decode(&toks) {
            assert!((line, col) >= last_end, "tokens overlap or go backwards");
            last_end = (line, col + len);
            let line_start = rope.line_to_char(line as usize);
            for c in line_start + col as usize..line_start + (col + len) as usize {
                assert_ne!(chars[c], '\n', "a token crosses a line break");
                got[c] = Some((ty, mods));
            }
        }
        assert_eq!(got, want);
        let person = state.schema.labels.iter().position(|l| l.name == "PERSON").unwrap() as u32;
        assert!(got[2..13].iter().all(|g| *g == Some((person, MOD_ACCEPTED))));
    }
}
