//! CoNLL-2003 style: one token and its BIO tag per line (`Ascendas B-ORG`),
//! a blank line between sentences, `-DOCSTART- O` and a blank line before
//! each document. Entity labels only: clause spans have no place in a
//! token-per-line format (the report notes how many were left out), and
//! overlapping entities are reported, the outer or earlier one kept.
//! Relations are out by design (a token-per-line format cannot hold them);
//! the report notes how many.

use std::path::{Path, PathBuf};

use super::documents::Document;
use super::output::OutputFile;
use super::tokens::{flat_entities, sentence_starts, span_cuts, token_range, tokenize};
use super::{ExportError, ExportProblem, Sink};
use pactum_schema::LabelKind;

pub struct ConllSink {
    out: OutputFile,
    clauses_left_out: usize,
    relations_left_out: usize,
}

impl ConllSink {
    pub fn create(path: &Path) -> Result<Self, ExportError> {
        Ok(ConllSink { out: OutputFile::create(path)?, clauses_left_out: 0, relations_left_out: 0 })
    }
}

impl Sink for ConllSink {
    fn document(&mut self, doc: &Document, problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        let (block, written) = render(doc, problems);
        self.clauses_left_out += doc.spans.iter().filter(|s| s.kind == LabelKind::Clause).count();
        self.relations_left_out += doc.relations.len();
        self.out.write_all(block.as_bytes())?;
        Ok(written)
    }

    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        Ok(vec![self.out.commit()?])
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.clauses_left_out > 0 {
            notes.push(format!(
                "{} clause span(s) not in the CoNLL file: CoNLL holds entity labels only (use jsonl, spacy, brat or labelstudio for clauses)",
                self.clauses_left_out
            ));
        }
        if self.relations_left_out > 0 {
            notes.push(format!(
                "{} relation(s) not in the CoNLL file: CoNLL cannot hold relations, by design (use jsonl or brat for them)",
                self.relations_left_out
            ));
        }
        notes
    }
}

/// One document's block and the number of entities tagged in it.
pub fn render(doc: &Document, problems: &mut Vec<ExportProblem>) -> (String, usize) {
    let tokens = tokenize(&doc.text, &span_cuts(doc));
    let entities = flat_entities(doc, "CoNLL", problems);
    let mut tags: Vec<String> = vec!["O".to_string(); tokens.len()];
    // A sentence may not start inside an entity (`Co. Ltd`): such breaks are dropped.
    let mut inside = vec![false; tokens.len()];
    let mut written = 0;
    for span in entities {
        let Some(range) = token_range(&tokens, &span.bytes) else {
            problems.push(doc.problem(span, "CoNLL: does not start and end at token boundaries"));
            continue;
        };
        for (n, i) in range.clone().enumerate() {
            if let Some(tag) = tags.get_mut(i) {
                *tag = format!("{}-{}", if n == 0 { "B" } else { "I" }, span.label);
            }
            if let Some(flag) = inside.get_mut(i) {
                *flag = n > 0;
            }
        }
        written += 1;
    }
    let starts = sentence_starts(&doc.text);
    let mut out = String::from("-DOCSTART- O\n\n");
    let mut next_start = starts.iter().peekable();
    let mut in_sentence = false;
    for (i, token) in tokens.iter().enumerate() {
        let mut new_sentence = false;
        while next_start.next_if(|&&s| s <= token.start).is_some() {
            new_sentence = true;
        }
        if new_sentence && in_sentence && !inside.get(i).copied().unwrap_or(false) {
            out.push('\n');
        }
        out.push_str(doc.text.get(token.clone()).unwrap_or_default());
        out.push(' ');
        out.push_str(tags.get(i).map(String::as_str).unwrap_or("O"));
        out.push('\n');
        in_sentence = true;
    }
    if in_sentence {
        out.push('\n');
    }
    (out, written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sample as doc;

    #[test]
    fn bio_tags_per_token_and_blank_lines_between_sentences() {
        let text = "Technopolis Plc met “Ascendas”.\n\nThey signed in Helsinki. Done 😀.";
        let d = doc(
            text,
            &[
                ("Technopolis Plc", "ORG", LabelKind::Entity),
                ("Ascendas", "ORG", LabelKind::Entity),
                ("Helsinki", "GPE", LabelKind::Entity),
                ("They signed in Helsinki.", "SIGNING", LabelKind::Clause),
            ],
        );
        let mut problems = Vec::new();
        let (block, written) = render(&d, &mut problems);
        assert!(problems.is_empty());
        assert_eq!(written, 3);
        assert_eq!(
            block,
            "-DOCSTART- O\n\nTechnopolis B-ORG\nPlc I-ORG\nmet O\n“ O\nAscendas B-ORG\n” O\n. O\n\n\
             They O\nsigned O\nin O\nHelsinki B-GPE\n. O\n\nDone O\n😀 O\n. O\n\n"
        );
    }

    #[test]
    fn no_sentence_break_inside_an_entity() {
        let text = "Beijing Co. Ltd. signed.";
        let d = doc(text, &[("Beijing Co. Ltd", "ORG", LabelKind::Entity)]);
        let (block, _) = render(&d, &mut Vec::new());
        assert!(block.contains("Co I-ORG\n. I-ORG\nLtd I-ORG\n"), "{block}");
    }

    #[test]
    fn an_entity_cut_inside_a_word_gets_its_own_tokens() {
        let text = "MRANTI’s visit";
        let d = doc(text, &[("MRANTI", "ORG", LabelKind::Entity)]);
        let (block, written) = render(&d, &mut Vec::new());
        assert_eq!(written, 1);
        assert!(block.starts_with("-DOCSTART- O\n\nMRANTI B-ORG\n’s O\n"), "{block}");
    }
}
