//! Reading brat standoff: `X.ann` beside `X.txt`. Text-bound annotations
//! (`T1<TAB>LABEL START END<TAB>covered text`, code-point offsets) become
//! spans; a span brat split into fragments at line breaks is joined again.
//! Relations (`R1<TAB>LABEL Arg1:T1 Arg2:T2`) link two of them (Arg1 the
//! head); one naming a `T` id the file does not have is an error. Events,
//! attributes and notes have no place in Pactum's annotation files: they
//! are counted in a note, not imported.

use std::path::PathBuf;

use std::collections::HashMap;

use super::{ImportProblem, ImportReport, Incoming, IncomingRelation, IncomingSpan};

/// `(file, path below the given folder)` of every file with `extension` in
/// `paths`: files as given (their name only), directories walked in order.
pub fn files_with_extension(
    paths: &[PathBuf],
    extension: &str,
    report: &mut ImportReport,
) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for given in paths {
        if !given.is_dir() {
            let name = given.file_name().map(PathBuf::from).unwrap_or_else(|| given.clone());
            out.push((given.clone(), name));
            continue;
        }
        for entry in walkdir::WalkDir::new(given).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(e) if e.file_type().is_file() && e.path().extension().is_some_and(|x| x == extension) => {
                    let rel = e.path().strip_prefix(given).unwrap_or(e.path()).to_path_buf();
                    out.push((e.path().to_path_buf(), rel));
                }
                Ok(_) => {}
                Err(err) => report.problems.push(ImportProblem {
                    source: err.path().unwrap_or(given).display().to_string(),
                    message: err.to_string(),
                }),
            }
        }
    }
    out
}

/// Reads every `*.ann` file in `paths` with the `.txt` beside it.
pub fn read(paths: &[PathBuf], report: &mut ImportReport) -> Vec<Incoming> {
    let mut out = Vec::new();
    let mut ignored = 0;
    for (file, relative) in files_with_extension(paths, "ann", report) {
        let shown = file.display().to_string();
        let ann = match crate::documents::read_text(&file) {
            Ok(t) => t,
            Err(msg) => {
                report.problems.push(ImportProblem { source: shown, message: msg });
                continue;
            }
        };
        let text_path = file.with_extension("txt");
        let text = match crate::documents::read_text(&text_path) {
            Ok(t) => Some(t),
            // Without brat's copy of the text, the covered texts in the
            // `.ann` are checked against the text under the root instead.
            Err(_) if !text_path.exists() => None,
            Err(msg) => {
                report.problems.push(ImportProblem { source: text_path.display().to_string(), message: msg });
                continue;
            }
        };
        let mut spans = Vec::new();
        // T ids → index in `spans`; R lines are resolved once every T is read
        // (brat does not order them).
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut r_lines: Vec<(String, &str)> = Vec::new();
        // One code-point table per text, not one per span.
        let indexed = text.as_deref().map(|t| (t, pactum_text::CharToByte::new(t)));
        for (i, line) in ann.lines().enumerate() {
            let source = format!("{shown}:{}", i + 1);
            if line.starts_with('R') {
                r_lines.push((source, line));
                continue;
            }
            match parse_line(line, indexed.as_ref().map(|(t, table)| (*t, table))) {
                Ok(Some(mut span)) => {
                    span.source = source;
                    if let Some(id) = line.split('\t').next() {
                        ids.insert(id.to_string(), spans.len());
                    }
                    spans.push(span);
                }
                Ok(None) if line.trim().is_empty() => {}
                Ok(None) => ignored += 1,
                Err(message) => report.problems.push(ImportProblem { source, message }),
            }
        }
        let mut relations = Vec::new();
        for (source, line) in r_lines {
            match parse_relation(line, &ids) {
                Ok(mut r) => {
                    r.source = source;
                    relations.push(r);
                }
                Err(message) => report.problems.push(ImportProblem { source, message }),
            }
        }
        out.push(Incoming {
            source: shown,
            relative: relative.with_extension("txt"),
            text,
            spans,
            relations,
        });
    }
    if ignored > 0 {
        report.notes.push(format!(
            "{ignored} brat event, attribute or note line(s) not imported: Pactum keeps spans and relations only"
        ));
    }
    out
}

/// One `.ann` line: `Ok(Some)` for a text-bound annotation, `Ok(None)` for
/// lines of other kinds.
/// `text`: brat's copy of the text with its code-point table, when there is one.
fn parse_line(
    line: &str,
    text: Option<(&str, &pactum_text::CharToByte)>,
) -> Result<Option<IncomingSpan>, String> {
    if !line.starts_with('T') {
        return Ok(None);
    }
    let mut fields = line.splitn(3, '\t');
    let (_id, Some(middle)) = (fields.next(), fields.next()) else {
        return Err("text-bound annotation without label and offsets".into());
    };
    let covered = fields.next().map(String::from);
    let (label, offsets) = middle.split_once(' ').ok_or("text-bound annotation without offsets")?;
    let mut fragments = Vec::new();
    for fragment in offsets.split(';') {
        let mut numbers = fragment.split_whitespace().map(str::parse::<usize>);
        match (numbers.next(), numbers.next(), numbers.next()) {
            (Some(Ok(a)), Some(Ok(b)), None) if a < b => fragments.push((a, b)),
            _ => return Err(format!("bad offsets {fragment:?} (expected `START END`)")),
        }
    }
    let (Some(&(start, _)), Some(&(_, end))) = (fragments.first(), fragments.last()) else {
        return Err("no offsets".into());
    };
    if fragments.len() > 1 && !gaps_are_whitespace(text, &fragments) {
        return Err(format!(
            "discontinuous span {label} {offsets}: Pactum spans are contiguous; not imported"
        ));
    }
    // brat joins the fragments' texts with a space; the text we check is
    // the whole range, so only a single fragment's covered text is compared.
    let covered = if fragments.len() == 1 { covered } else { None };
    Ok(Some(IncomingSpan { start, end, label: label.to_string(), text: covered, source: String::new() }))
}

/// An `R` line: `R1<TAB>party Arg1:T2 Arg2:T1` (the argument names are
/// free in brat; the first is the head). Its ends must be `T` ids of the
/// same file (`ids`): a relation into another document is an error.
fn parse_relation(line: &str, ids: &HashMap<String, usize>) -> Result<IncomingRelation, String> {
    let mut fields = line.split('\t');
    let (Some(id), Some(middle)) = (fields.next(), fields.next()) else {
        return Err("relation without label and arguments (expected `R1<TAB>LABEL Arg1:T1 Arg2:T2`)".into());
    };
    let parts: Vec<&str> = middle.split_whitespace().collect();
    let [label, a, b] = parts[..] else {
        return Err(format!("relation {id}: expected `LABEL Arg1:T1 Arg2:T2`, found {middle:?}"));
    };
    let end = |arg: &str| -> Result<usize, String> {
        let (_, t) =
            arg.split_once(':').ok_or_else(|| format!("relation {id}: argument {arg:?} is not `Name:T1`"))?;
        ids.get(t).copied().ok_or_else(|| {
            format!(
                "relation {id} ({label}): {t} is not a text-bound annotation of this file                  (a relation must link two spans of the same document); not imported"
            )
        })
    };
    Ok(IncomingRelation { head: end(a)?, child: end(b)?, label: label.to_string(), source: String::new() })
}

/// Whether the text between consecutive fragments is only whitespace (a
/// span brat had to split at line breaks). Without the text, unknown: no.
fn gaps_are_whitespace(text: Option<(&str, &pactum_text::CharToByte)>, fragments: &[(usize, usize)]) -> bool {
    let Some((text, table)) = text else { return false };
    fragments.windows(2).all(|w| match (table.byte(w[0].1), table.byte(w[1].0)) {
        (Some(a), Some(b)) if a <= b => text.get(a..b).is_some_and(|g| g.chars().all(char::is_whitespace)),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_text_bound_lines_and_skips_others() {
        let span = parse_line("T1\tORG 0 8\tAscendas", None).unwrap().unwrap();
        assert_eq!(
            (span.start, span.end, span.label.as_str(), span.text.as_deref()),
            (0, 8, "ORG", Some("Ascendas"))
        );
        assert!(parse_line("R1\tPartner Arg1:T1 Arg2:T2", None).unwrap().is_none());
        assert!(parse_line("#1\tAnnotatorNotes T1\tnote", None).unwrap().is_none());
        assert!(parse_line("T2\tORG 8 0\tx", None).is_err());
        assert!(parse_line("T2\tORG eight\tx", None).is_err());
    }

    #[test]
    fn fragments_split_at_line_breaks_are_joined_others_refused() {
        let text = "Line one\nline two";
        let text = Some((text, &pactum_text::CharToByte::new(text)));
        let joined = parse_line("T1\tSIGNING 0 8;9 17\tLine one line two", text).unwrap().unwrap();
        assert_eq!((joined.start, joined.end), (0, 17));
        assert!(parse_line("T1\tORG 0 4;9 13\tLine line", text).unwrap_err().contains("discontinuous"));
    }

    #[test]
    fn reads_ann_with_its_text_and_maps_to_the_txt_below_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "Тро 😀 Ascendas").unwrap();
        std::fs::write(dir.path().join("sub/a.ann"), "T1\tORG 6 14\tAscendas\nA1\tNegated T1\n").unwrap();
        let mut report = ImportReport::default();
        let docs = read(&[dir.path().to_path_buf()], &mut report);
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].relative, PathBuf::from("sub/a.txt"));
        assert_eq!(docs[0].text.as_deref(), Some("Тро 😀 Ascendas"));
        assert_eq!(docs[0].spans.len(), 1);
        assert_eq!(report.notes.len(), 1);
        assert!(report.problems.is_empty());
    }

    #[test]
    fn relations_are_read_with_their_ends_and_events_counted() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "Technopolis signed an MOU.").unwrap();
        std::fs::write(
            dir.path().join("a.ann"),
            "R1\tparty Arg1:T2 Arg2:T1\nT1\tORG 0 11\tTechnopolis\nT2\tAGREEMENT 22 25\tMOU\n\
             E1\tSign:T3 Agent:T1\nA1\tNegated E1\nR2\tparty Arg1:T2 Arg2:T9\nR3\tparty T2\n",
        )
        .unwrap();
        let mut report = ImportReport::default();
        let docs = read(&[dir.path().to_path_buf()], &mut report);
        assert_eq!(docs[0].relations.len(), 1);
        let r = &docs[0].relations[0];
        assert_eq!((r.head, r.child, r.label.as_str()), (1, 0, "party"));
        assert!(r.source.ends_with("a.ann:1"), "{}", r.source);
        assert_eq!(
            report.notes,
            ["2 brat event, attribute or note line(s) not imported: Pactum keeps spans and relations only"]
        );
        let problems: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("T9 is not a text-bound annotation of this file"), "{problems:?}");
        assert!(problems[1].contains("expected `LABEL Arg1:T1 Arg2:T2`"), "{problems:?}");
    }
}
