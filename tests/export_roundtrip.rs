//! Round trip: importing an export gives back the same annotations, for any
//! text (curly quotes, Cyrillic, non-breaking spaces, emoji, line breaks)
//! and any spans — or, for a span the format cannot hold, a reported problem.

use std::collections::BTreeSet;
use std::path::Path;

use pactum_engine::Engine;
use pactum_export::import::{import, ImportFormat, ImportOptions};
use pactum_export::{export, ExportOptions, Format};
use pactum_schema::Schema;
use pactum_store::{self as store, Annotation, Sidecar, Status};
use proptest::prelude::*;

const CHARS: &[char] =
    &['a', 'b', 'Z', ' ', ' ', '\n', '\u{a0}', '’', '“', '”', 'Т', 'р', '😀', '🇨', '.', ','];
const LABELS: &[&str] = &["ORG", "PARK", "GPE", "DATE", "SIGNING", "COMMITMENT"];

type Key = (usize, usize, String);

fn text_and_spans() -> impl Strategy<Value = (String, Vec<Key>)> {
    prop::collection::vec(prop::sample::select(CHARS), 1..60).prop_flat_map(|chars| {
        let n = chars.len();
        let text: String = chars.into_iter().collect();
        let span = (0..n, 1..=n, prop::sample::select(LABELS)).prop_map(move |(a, len, label)| {
            let end = (a + len).min(n);
            (a, end.max(a + 1), label.to_string())
        });
        (Just(text), prop::collection::vec(span, 0..8))
    })
}

/// Writes `dir/doc.txt` and, when `spans` is given, its annotation file.
fn write_doc(dir: &Path, text: &str, spans: Option<&[Key]>) {
    std::fs::write(dir.join("doc.txt"), text).unwrap();
    if let Some(spans) = spans {
        let mut sidecar = Sidecar::new("parks-v1", text);
        for (a, b, label) in spans {
            sidecar.annotations.push(Annotation::new(text, *a, *b, label, Status::Accepted).unwrap());
        }
        store::save(&store::sidecar_path(&dir.join("doc.txt")), &sidecar).unwrap();
    }
}

fn annotations(dir: &Path) -> BTreeSet<Key> {
    match store::load(&store::sidecar_path(&dir.join("doc.txt"))).unwrap() {
        Some(s) => s.annotations.into_iter().map(|a| (a.start, a.end, a.label)).collect(),
        None => BTreeSet::new(),
    }
}

/// Exports `spans` on `text` in `format`, imports the result into a fresh
/// copy of the text; returns (imported, reported as not exportable).
fn round_trip(
    text: &str,
    spans: &[Key],
    format: Format,
    import_format: ImportFormat,
) -> (BTreeSet<Key>, BTreeSet<Key>) {
    let schema = Schema::parks_v1();
    let source = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write_doc(source.path(), text, Some(spans));
    write_doc(target.path(), text, None);
    let out_path = out.path().join(if format == Format::Brat { "brat" } else { "out.jsonl" });
    let options = ExportOptions {
        format,
        out: out_path.clone(),
        include_suggestions: false,
        jobs: std::num::NonZeroUsize::MIN,
        documents: pactum_export::Documents::All,
        overwrite: pactum_export::Overwrite::Refuse,
    };
    let report = export(&[source.path().to_path_buf()], &options, &schema, &Engine::new()).unwrap();
    assert!(report.failed.is_empty());
    let options = ImportOptions { format: import_format, root: target.path().to_path_buf(), force: false };
    let imported = import(&[out_path], &options, &schema).unwrap();
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    let problems = report.problems.into_iter().map(|p| (p.start, p.end, p.label)).collect();
    (annotations(target.path()), problems)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn jsonl_round_trip_keeps_every_span((text, spans) in text_and_spans()) {
        let want: BTreeSet<Key> = spans.iter().cloned().collect();
        let (got, problems) = round_trip(&text, &spans, Format::Jsonl, ImportFormat::Jsonl);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(got, want);
    }

    #[test]
    fn brat_round_trip_keeps_every_span_it_does_not_report((text, spans) in text_and_spans()) {
        let want: BTreeSet<Key> = spans.iter().cloned().collect();
        let (got, problems) = round_trip(&text, &spans, Format::Brat, ImportFormat::Brat);
        prop_assert!(got.is_disjoint(&problems));
        prop_assert_eq!(got.union(&problems).cloned().collect::<BTreeSet<_>>(), want);
        // Only spans that start or end at a line break are refused.
        for (a, b, _) in &problems {
            let covered: Vec<char> = text.chars().skip(*a).take(b - a).collect();
            let edge = |c: Option<&char>| c.is_some_and(|c| c.is_whitespace());
            prop_assert!(covered.contains(&'\n') && (edge(covered.first()) || edge(covered.last())));
        }
    }
}
