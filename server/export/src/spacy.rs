//! spaCy: a `.spacy` DocBin (see [`super::docbin`]) with the entities in
//! `doc.ents`, the clause spans in the span group `doc.spans["clauses"]`,
//! sentence starts from the engine's splitter, the document id in
//! `doc.user_data["pactum_id"]`, and the relations in `doc._.rel` as
//! spaCy's `rel_component` example reads them: `{(head start token, child
//! start token): {label: 1.0}}` between entities of `doc.ents` (the file is
//! a `store_user_data=True` DocBin; register `Doc.set_extension("rel",
//! default={})` to read them as `doc._.rel`). A relation with an end that
//! is not in `doc.ents` (left out as overlapping) is reported, not written.
//!
//! Tokens are Pactum's ([`super::tokens`]): a boundary at every span edge,
//! so every span maps to whole tokens. White space between tokens is kept
//! as spaCy keeps it — one plain space as the previous token's `whitespace_`,
//! anything else as a white-space token — so `doc.text` is the source text,
//! byte for byte. Overlapping entities cannot all be in `doc.ents`; each
//! one left out is reported.

use std::path::{Path, PathBuf};

use super::docbin::{DocBin, GroupSpan, Token, TokenRelation, IOB_B, IOB_I, IOB_O};
use super::documents::Document;
use super::output::write_file;
use super::tokens::{flat_entities, sentence_starts, span_cuts, token_range, tokenize, untokenizable};
use super::{ExportError, ExportProblem, Sink};
use pactum_schema::LabelKind;

/// The span group that holds clause spans (spancat: `spans_key = "clauses"`).
pub const CLAUSE_GROUP: &str = "clauses";

pub struct SpacySink {
    path: PathBuf,
    bin: DocBin,
}

impl SpacySink {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        Ok(SpacySink { path: path.to_path_buf(), bin: DocBin::new() })
    }
}

impl Sink for SpacySink {
    fn document(&mut self, doc: &Document, problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        let layout = layout(doc, problems);
        let tokens: Vec<Token> = layout.tokens.iter().map(|t| t.token(&doc.text)).collect();
        self.bin
            .add(&tokens, &[(CLAUSE_GROUP, layout.clauses)], &doc.id, &layout.relations)
            .map_err(|e| ExportError::Other(format!("{}: {e}", doc.id)))?;
        Ok(layout.written)
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        let bytes = self.bin.to_bytes().map_err(|e| ExportError::Other(e.to_string()))?;
        Ok(vec![write_file(&self.path, &bytes)?])
    }
}

/// A spaCy token before its strings are borrowed from the text.
#[derive(Debug, Clone)]
struct Tok {
    bytes: std::ops::Range<usize>,
    space: bool,
    iob: u64,
    label: Option<String>,
    sent_start: bool,
}

impl Tok {
    fn token<'a>(&'a self, text: &'a str) -> Token<'a> {
        Token {
            text: text.get(self.bytes.clone()).unwrap_or_default(),
            space: self.space,
            iob: self.iob,
            ent_type: self.label.as_deref().unwrap_or(""),
            sent_start: Some(self.sent_start),
        }
    }
}

/// One document laid out as spaCy tokens, entity tags and clause spans.
struct Layout<'d> {
    tokens: Vec<Tok>,
    clauses: Vec<GroupSpan<'d>>,
    relations: Vec<TokenRelation<'d>>,
    written: usize,
}

fn layout<'d>(doc: &'d Document, problems: &mut Vec<ExportProblem>) -> Layout<'d> {
    let text = &doc.text;
    let words = tokenize(text, &span_cuts(doc));
    // spaCy tokens: the words, with the white space between them.
    let mut tokens: Vec<Tok> = Vec::with_capacity(words.len() * 2);
    // Index of each word among the spaCy tokens.
    let mut word_index = Vec::with_capacity(words.len());
    let plain = |bytes| Tok { bytes, space: false, iob: IOB_O, label: None, sent_start: false };
    let leading = words.first().map_or(text.len(), |w| w.start);
    if leading > 0 {
        tokens.push(plain(0..leading));
    }
    for (i, word) in words.iter().enumerate() {
        word_index.push(tokens.len());
        tokens.push(plain(word.clone()));
        let gap_end = words.get(i + 1).map_or(text.len(), |w| w.start);
        let mut gap_start = word.end;
        if text.get(gap_start..gap_end).is_some_and(|g| g.starts_with(' ')) {
            if let Some(t) = tokens.last_mut() {
                t.space = true;
            }
            gap_start += 1;
        }
        if gap_start < gap_end {
            tokens.push(plain(gap_start..gap_end));
        }
    }
    let spacy_range = |bytes: &std::ops::Range<usize>| {
        let words = token_range(&words, bytes)?;
        let first = *word_index.get(words.start)?;
        let last = *word_index.get(words.end.checked_sub(1)?)?;
        Some(first..last + 1)
    };

    let mut written = 0;
    // The first token of each span (by index in `doc.spans`) that is in `doc.ents`.
    let mut ent_start: Vec<Option<usize>> = vec![None; doc.spans.len()];
    for span in flat_entities(doc, "spaCy", problems) {
        let Some(range) = spacy_range(&span.bytes) else {
            problems.push(doc.problem(span, "spaCy: does not start and end at token boundaries"));
            continue;
        };
        if let Some(slot) =
            doc.spans.iter().position(|s| std::ptr::eq(s, span)).and_then(|i| ent_start.get_mut(i))
        {
            *slot = Some(range.start);
        }
        for (n, t) in tokens.get_mut(range).unwrap_or_default().iter_mut().enumerate() {
            t.iob = if n == 0 { IOB_B } else { IOB_I };
            t.label = Some(span.label.clone());
        }
        written += 1;
    }

    // Sentence starts at words, never inside an entity; the first token
    // always starts one.
    let mut starts = sentence_starts(text).into_iter().peekable();
    for &i in &word_index {
        let Some(t) = tokens.get_mut(i) else { continue };
        let mut starts_here = false;
        while starts.next_if(|&s| s <= t.bytes.start).is_some() {
            starts_here = true;
        }
        t.sent_start = starts_here && t.iob != IOB_I;
    }
    if let Some(first) = tokens.first_mut() {
        first.sent_start = true;
    }

    let mut clauses = Vec::new();
    for span in doc.spans.iter().filter(|s| s.kind == LabelKind::Clause) {
        if let Some(why) = untokenizable(doc, span) {
            problems.push(doc.problem(span, format!("spaCy: {why}")));
            continue;
        }
        let Some(range) = spacy_range(&span.bytes) else {
            problems.push(doc.problem(span, "spaCy: does not start and end at token boundaries"));
            continue;
        };
        clauses.push(GroupSpan {
            label: &span.label,
            start_token: range.start,
            end_token: range.end,
            start_char: span.start,
            end_char: span.end,
        });
        written += 1;
    }

    let mut relations = Vec::with_capacity(doc.relations.len());
    for r in &doc.relations {
        match (ent_start.get(r.head).copied().flatten(), ent_start.get(r.child).copied().flatten()) {
            (Some(head_token), Some(child_token)) => {
                relations.push(TokenRelation { head_token, child_token, label: &r.label })
            }
            _ => {
                if let Some(head) = doc.spans.get(r.head) {
                    let child = doc.spans.get(r.child).map_or("", |c| doc.covered(c));
                    problems.push(doc.problem(
                        head,
                        format!(
                            "spaCy: relation {} to “{child}” left out: an end is not in doc.ents",
                            r.label
                        ),
                    ));
                }
            }
        }
    }
    Layout { tokens, clauses, relations, written }
}

/// Code-point offset of every token start, for tests and checks.
#[cfg(test)]
fn token_chars(text: &str, tokens: &[Tok]) -> Vec<usize> {
    let mut counter = pactum_text::CharCounter::new(text);
    tokens.iter().map(|t| counter.char_offset(t.bytes.start)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sample;

    /// spaCy's `doc.text`: token texts, each followed by a space when flagged.
    fn rebuilt(text: &str, tokens: &[Tok]) -> String {
        tokens
            .iter()
            .map(|t| format!("{}{}", &text[t.bytes.clone()], if t.space { " " } else { "" }))
            .collect()
    }

    #[test]
    fn doc_text_is_the_source_text_exactly() {
        for text in ["  lead", "a  b\n\nc\u{a0}d 😀 ", "", " ", "Тро “x”.\n"] {
            let doc = sample(text, &[]);
            let l = layout(&doc, &mut Vec::new());
            assert_eq!(rebuilt(text, &l.tokens), text, "{text:?}");
        }
    }

    #[test]
    fn entities_tags_and_clause_spans_on_whole_tokens() {
        let text = "😀 Ascendas-Singbridge met US$3\u{a0}million.\nThey signed.";
        let doc = sample(
            text,
            &[
                ("Ascendas", "ORG", LabelKind::Entity),
                ("US$3\u{a0}million", "MONEY", LabelKind::Entity),
                ("They signed.", "SIGNING", LabelKind::Clause),
            ],
        );
        let mut problems = Vec::new();
        let l = layout(&doc, &mut problems);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(l.written, 3);
        let tagged: Vec<(&str, u64)> =
            l.tokens.iter().filter(|t| t.iob != IOB_O).map(|t| (&text[t.bytes.clone()], t.iob)).collect();
        assert_eq!(
            tagged,
            [
                ("Ascendas", IOB_B),
                ("US", IOB_B),
                ("$", IOB_I),
                ("3", IOB_I),
                ("\u{a0}", IOB_I),
                ("million", IOB_I)
            ]
        );
        let clause = &l.clauses[0];
        let chars = token_chars(text, &l.tokens);
        assert_eq!(chars[clause.start_token], clause.start_char);
        assert_eq!(
            &text[l.tokens[clause.start_token].bytes.start..l.tokens[clause.end_token - 1].bytes.end],
            "They signed."
        );
        let starts: Vec<&str> =
            l.tokens.iter().filter(|t| t.sent_start).map(|t| &text[t.bytes.clone()]).collect();
        assert_eq!(starts, ["😀", "They"]);
    }

    #[test]
    fn overlapping_entities_are_reported_not_dropped_silently() {
        let text = "Hong Kong Science Park";
        let doc = sample(
            text,
            &[("Hong Kong Science Park", "PARK", LabelKind::Entity), ("Hong Kong", "GPE", LabelKind::Entity)],
        );
        let mut problems = Vec::new();
        let l = layout(&doc, &mut problems);
        assert_eq!(l.written, 1);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].message.starts_with("spaCy: overlaps PARK"), "{}", problems[0].message);
    }

    #[test]
    fn relations_are_keyed_by_the_start_tokens_of_their_entities() {
        use crate::documents::{DocRelation, Origin};
        let text = "😀 The MoU was signed by Hong Kong Science Park and Ascendas-Singbridge.";
        let mut doc = sample(
            text,
            &[
                ("MoU", "AGREEMENT", LabelKind::Entity),
                ("Hong Kong Science Park", "PARK", LabelKind::Entity),
                ("Hong Kong", "GPE", LabelKind::Entity),
                ("Ascendas", "ORG", LabelKind::Entity),
            ],
        );
        doc.spans.sort_by(|a, b| (a.start, a.end).cmp(&(b.start, b.end)));
        let find = |t: &str| doc.spans.iter().position(|s| doc.covered(s) == t).unwrap();
        let (mou, park, hk, asc) =
            (find("MoU"), find("Hong Kong Science Park"), find("Hong Kong"), find("Ascendas"));
        let rel = |head, child| DocRelation { head, child, label: "party".into(), origin: Origin::Accepted };
        doc.relations = vec![rel(mou, park), rel(mou, asc), rel(mou, hk)];
        let mut problems = Vec::new();
        let l = layout(&doc, &mut problems);
        let first = |t: &str| l.tokens.iter().position(|tok| &text[tok.bytes.clone()] == t).unwrap();
        assert_eq!(
            l.relations,
            [
                TokenRelation { head_token: first("MoU"), child_token: first("Hong"), label: "party" },
                TokenRelation { head_token: first("MoU"), child_token: first("Ascendas"), label: "party" },
            ]
        );
        // "Hong Kong" overlaps the park and is not in doc.ents: its relation is reported.
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages.iter().filter(|m| m.contains("an end is not in doc.ents")).count(),
            1,
            "{messages:?}"
        );
    }
}
