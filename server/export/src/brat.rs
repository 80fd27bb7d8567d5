//! brat standoff: for each document `X.txt` (a copy of the text) and
//! `X.ann` with one text-bound annotation per span
//! (`T1<TAB>ORG 0 8<TAB>Ascendas`, code-point offsets), plus an
//! `annotation.conf` and `visual.conf` generated from the schema.
//!
//! brat keeps every span, entities and clauses alike, overlapping or not.
//! A span that crosses a line break is written as fragments split at the
//! break (`0 8;9 17`), because a `.ann` line cannot hold one; Pactum's
//! importer joins such fragments again.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use super::documents::Document;
use super::output::write_file;
use super::{ExportError, ExportProblem, Sink};
use pactum_schema::{LabelKind, Schema};

pub struct BratSink {
    dir: PathBuf,
    files: Vec<PathBuf>,
    /// Relative names already written, to catch two documents with one name.
    taken: HashSet<PathBuf>,
    annotation_conf: String,
    visual_conf: String,
}

impl BratSink {
    pub fn create(dir: &Path, schema: &Schema) -> Result<Self, ExportError> {
        std::fs::create_dir_all(dir).map_err(|e| ExportError::write(dir, e))?;
        Ok(BratSink {
            dir: dir.to_path_buf(),
            files: Vec::new(),
            taken: HashSet::new(),
            annotation_conf: annotation_conf(schema),
            visual_conf: visual_conf(schema),
        })
    }
}

impl Sink for BratSink {
    fn document(&mut self, doc: &Document, problems: &mut Vec<ExportProblem>) -> Result<usize, ExportError> {
        let relative = relative_name(&doc.id);
        if relative.as_os_str().is_empty() || !self.taken.insert(relative.clone()) {
            for span in &doc.spans {
                problems.push(doc.problem(
                    span,
                    format!(
                        "brat: another document is already written as {}; this one is left out",
                        relative.display()
                    ),
                ));
            }
            return Ok(0);
        }
        let text_path = self.dir.join(&relative);
        self.files.push(write_file(&text_path, doc.text.as_bytes())?);
        let (ann, written) = ann(doc, problems);
        self.files.push(write_file(&text_path.with_extension("ann"), ann.as_bytes())?);
        Ok(written)
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>, ExportError> {
        self.files.push(write_file(&self.dir.join("annotation.conf"), self.annotation_conf.as_bytes())?);
        self.files.push(write_file(&self.dir.join("visual.conf"), self.visual_conf.as_bytes())?);
        Ok(self.files)
    }
}

/// `X.txt` for a document id: its plain path parts (no `..`, no root), so
/// that every file lands inside the output folder; always ending in `.txt`.
fn relative_name(id: &str) -> PathBuf {
    let mut path: PathBuf = Path::new(id)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part),
            _ => None,
        })
        .collect();
    if path.extension().is_none_or(|e| e != "txt") && !path.as_os_str().is_empty() {
        let mut name = path.into_os_string();
        name.push(".txt");
        path = PathBuf::from(name);
    }
    path
}

/// The `.ann` file of one document and the number of spans in it; its
/// relations follow as `R` lines (`R1<TAB>party Arg1:T2 Arg2:T1`, Arg1 the
/// head) between the spans written.
pub fn ann(doc: &Document, problems: &mut Vec<ExportProblem>) -> (String, usize) {
    let mut out = String::new();
    let mut written = 0;
    let mut t_of: Vec<Option<usize>> = vec![None; doc.spans.len()];
    for (i, span) in doc.spans.iter().enumerate() {
        let Some(fragments) = fragments(doc.covered(span), span.start) else {
            problems.push(
                doc.problem(span, "brat: starts or ends with a line break, which a brat span cannot hold"),
            );
            continue;
        };
        let offsets: Vec<String> = fragments.iter().map(|(a, b, _)| format!("{a} {b}")).collect();
        let texts: Vec<&str> = fragments.iter().map(|(_, _, t)| *t).collect();
        written += 1;
        t_of[i] = Some(written);
        let _ = writeln!(out, "T{written}\t{} {}\t{}", span.label, offsets.join(";"), texts.join(" "));
    }
    let mut r = 0;
    for rel in &doc.relations {
        match (t_of.get(rel.head).copied().flatten(), t_of.get(rel.child).copied().flatten()) {
            (Some(h), Some(c)) => {
                r += 1;
                let _ = writeln!(out, "R{r}\t{} Arg1:T{h} Arg2:T{c}", rel.label);
            }
            _ => {
                if let Some(head) = doc.spans.get(rel.head) {
                    problems.push(doc.problem(
                        head,
                        format!("brat: relation {}: an end could not be written; left out", rel.label),
                    ));
                }
            }
        }
    }
    (out, written)
}

/// Characters that end a line for brat (and for Python's `splitlines`,
/// which readers of `.ann` files use).
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{1c}'..='\u{1e}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// The pieces of a span's text between line breaks, as `(start, end,
/// text)` in code points: each run of white space holding a line break is
/// left out between two pieces. `None` when such a run touches an edge of
/// the span, which brat cannot hold without moving that edge.
fn fragments(covered: &str, start: usize) -> Option<Vec<(usize, usize, &str)>> {
    if !covered.chars().any(is_line_break) {
        return Some(vec![(start, start + covered.chars().count(), covered)]);
    }
    // (byte, code point) of each char, plus the end.
    let chars: Vec<(usize, char)> = covered.char_indices().collect();
    let is_space = |c: char| c.is_whitespace() || is_line_break(c);
    let mut out = Vec::new();
    let mut piece = 0; // index in `chars` where the current piece starts
    let mut i = 0;
    while i < chars.len() {
        let Some(&(_, c)) = chars.get(i) else { break };
        if !is_space(c) {
            i += 1;
            continue;
        }
        let run_start = i;
        let mut has_break = false;
        while let Some(&(_, c)) = chars.get(i).filter(|(_, c)| is_space(*c)) {
            has_break |= is_line_break(c);
            i += 1;
        }
        if !has_break {
            continue;
        }
        if run_start == 0 || i == chars.len() {
            return None;
        }
        let (from, to) = (chars.get(piece)?.0, chars.get(run_start)?.0);
        out.push((start + piece, start + run_start, covered.get(from..to)?));
        piece = i;
    }
    let from = chars.get(piece)?.0;
    out.push((start + piece, start + chars.len(), covered.get(from..)?));
    Some(out)
}

/// brat's type configuration: every label is a text-bound type (clauses
/// too: brat has no sentence-level annotations), overlaps of any kind allowed.
fn annotation_conf(schema: &Schema) -> String {
    let mut out = format!("# Generated by Pactum from schema {}.\n[entities]\n", schema.id);
    for kind in [LabelKind::Entity, LabelKind::Clause] {
        for label in schema.labels_of(kind) {
            let _ = writeln!(out, "{}", label.name);
        }
    }
    out.push_str("\n[relations]\n");
    for r in &schema.relations {
        let _ = writeln!(out, "{}\tArg1:{}, Arg2:{}", r.name, r.head.join("|"), r.child.join("|"));
    }
    out.push_str("# Entities nest in clauses and may overlap each other.\n");
    out.push_str("<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n");
    out.push_str("\n[events]\n\n[attributes]\n");
    out
}

/// brat's display configuration: the schema's descriptions and colours.
fn visual_conf(schema: &Schema) -> String {
    let mut out = format!("# Generated by Pactum from schema {}.\n[labels]\n", schema.id);
    for label in &schema.labels {
        let _ = writeln!(out, "{} | {}", label.name, label.name);
    }
    out.push_str("\n[drawing]\n");
    for label in &schema.labels {
        if let Some(color) = &label.color {
            let _ = writeln!(out, "{}\tbgColor:{color}", label.name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::sample as doc;

    #[test]
    fn names_stay_inside_the_output_folder() {
        assert_eq!(relative_name("a.txt"), PathBuf::from("a.txt"));
        assert_eq!(relative_name("sub/a.txt"), PathBuf::from("sub/a.txt"));
        assert_eq!(relative_name("../../etc/a.txt"), PathBuf::from("etc/a.txt"));
        assert_eq!(relative_name("/abs/notes.md"), PathBuf::from("abs/notes.md.txt"));
    }

    #[test]
    fn spans_across_line_breaks_become_fragments() {
        let covered = " exchange staff \n and share ";
        assert_eq!(fragments(covered, 10), Some(vec![(10, 25, " exchange staff"), (28, 38, "and share ")]));
        assert_eq!(fragments("Тро 😀", 3), Some(vec![(3, 8, "Тро 😀")]));
        assert_eq!(fragments("a\n\nb\r\nc", 0), Some(vec![(0, 1, "a"), (3, 4, "b"), (6, 7, "c")]));
        assert_eq!(fragments("\nabc", 0), None);
        assert_eq!(fragments("abc \n", 0), None);
    }

    #[test]
    fn ann_lines_use_code_points() {
        let text = "😀 Тро met Ascendas.\nThey signed.";
        let doc = doc(
            text,
            &[("Тро", "GPE", LabelKind::Entity), ("Ascendas.\nThey", "SIGNING", LabelKind::Clause)],
        );
        assert_eq!(
            ann(&doc, &mut Vec::new()).0,
            "T1\tGPE 2 5\tТро\nT2\tSIGNING 10 19;20 24\tAscendas. They\n"
        );
    }

    #[test]
    fn configuration_lists_every_label() {
        let schema = Schema::parks_v1();
        let conf = annotation_conf(&schema);
        for label in &schema.labels {
            assert!(conf.lines().any(|l| l == label.name), "{}", label.name);
        }
        assert!(visual_conf(&schema).contains("ORG\tbgColor:#3182bd"));
        assert!(conf.contains("[relations]\nparty\tArg1:AGREEMENT, Arg2:ORG|PARK|GPE\n"), "{conf}");
        assert!(conf.contains("located_in\tArg1:PARK|ORG, Arg2:GPE|LOC\n"), "{conf}");
    }

    #[test]
    fn relations_become_r_lines_between_the_t_lines_written() {
        let text = "Technopolis signed an MOU.";
        let mut d =
            doc(text, &[("Technopolis", "ORG", LabelKind::Entity), ("MOU", "AGREEMENT", LabelKind::Entity)]);
        d.relations.push(crate::documents::DocRelation {
            head: 1,
            child: 0,
            label: "party".into(),
            origin: crate::documents::Origin::Accepted,
        });
        assert_eq!(
            ann(&d, &mut Vec::new()).0,
            "T1\tORG 0 11\tTechnopolis\nT2\tAGREEMENT 22 25\tMOU\nR1\tparty Arg1:T2 Arg2:T1\n"
        );
    }
}
