//! Round trip: importing an export gives back the same annotations, for any
//! text (curly quotes, Cyrillic, non-breaking spaces, emoji, line breaks)
//! and any spans and relations between them — or, for a span the format
//! cannot hold, a reported problem (and its relations are left out with it).

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
const LABELS: &[&str] = &["ORG", "PARK", "GPE", "DATE", "AGREEMENT", "PERSON", "SIGNING", "COMMITMENT"];
const RELATIONS: &[&str] = &["party", "signed_on", "member_of", "located_in"];

type Key = (usize, usize, String);
/// A relation: its label, head and child.
type RelKey = (String, Key, Key);
/// A relation to write: indexes into the spans and a label (kept when the
/// schema allows it between those spans).
type RelIdx = (usize, usize, &'static str);

fn relations_among() -> impl Strategy<Value = Vec<RelIdx>> {
    prop::collection::vec((0..8usize, 0..8usize, prop::sample::select(RELATIONS)), 0..6)
}

/// The relations of `rels` the schema allows between distinct spans.
fn allowed(spans: &[Key], rels: &[RelIdx]) -> Vec<RelIdx> {
    let schema = Schema::parks_v1();
    rels.iter()
        .copied()
        .filter(|&(h, c, l)| {
            h < spans.len()
                && c < spans.len()
                && spans[h] != spans[c]
                && schema.allows_relation(l, &spans[h].2, &spans[c].2)
        })
        .collect()
}

fn rel_keys(spans: &[Key], rels: &[RelIdx]) -> BTreeSet<RelKey> {
    rels.iter().map(|&(h, c, l)| (l.to_string(), spans[h].clone(), spans[c].clone())).collect()
}

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

/// Writes `dir/doc.txt` and, when `spans` is given, its annotation file
/// with `rels` between them.
fn write_doc(dir: &Path, text: &str, spans: Option<&[Key]>, rels: &[RelIdx]) {
    std::fs::write(dir.join("doc.txt"), text).unwrap();
    if let Some(spans) = spans {
        let mut sidecar = Sidecar::new("parks-v1", text);
        for (a, b, label) in spans {
            sidecar.annotations.push(Annotation::new(text, *a, *b, label, Status::Accepted).unwrap());
        }
        for &(h, c, label) in rels {
            let (h, c) = (sidecar.annotations[h].id.clone(), sidecar.annotations[c].id.clone());
            sidecar.add_relation(&h, &c, label, Status::Accepted, None).unwrap();
        }
        store::save(&store::sidecar_path(&dir.join("doc.txt")), &sidecar).unwrap();
    }
}

fn annotations(dir: &Path) -> (BTreeSet<Key>, BTreeSet<RelKey>) {
    match store::load(&store::sidecar_path(&dir.join("doc.txt"))).unwrap() {
        Some(s) => {
            let key = |id: &str| s.annotation(id).map(|a| (a.start, a.end, a.label.clone())).unwrap();
            let rels = s.relations.iter().map(|r| (r.label.clone(), key(&r.head), key(&r.child))).collect();
            (s.annotations.iter().map(|a| (a.start, a.end, a.label.clone())).collect(), rels)
        }
        None => (BTreeSet::new(), BTreeSet::new()),
    }
}

/// Exports `spans` on `text` in `format`, imports the result into a fresh
/// copy of the text; returns (imported, reported as not exportable).
fn round_trip(
    text: &str,
    spans: &[Key],
    rels: &[RelIdx],
    format: Format,
    import_format: ImportFormat,
) -> (BTreeSet<Key>, BTreeSet<RelKey>, BTreeSet<Key>) {
    let schema = Schema::parks_v1();
    let source = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    write_doc(source.path(), text, Some(spans), rels);
    write_doc(target.path(), text, None, &[]);
    let out_path = out.path().join(if format == Format::Brat { "brat" } else { "out.jsonl" });
    let options = ExportOptions {
        format,
        out: out_path.clone(),
        include_suggestions: false,
        jobs: std::num::NonZeroUsize::MIN,
        documents: pactum_export::Documents::All,
    };
    let report = export(&[source.path().to_path_buf()], &options, &schema, &Engine::new()).unwrap();
    assert!(report.failed.is_empty());
    let options = ImportOptions { format: import_format, root: target.path().to_path_buf(), force: false };
    let imported = import(&[out_path], &options, &schema).unwrap();
    assert!(imported.problems.is_empty(), "{:?}", imported.problems);
    // Problems name the span (a relation's: its head); relation problems
    // say "relation".
    let problems = report
        .problems
        .into_iter()
        .filter(|p| !p.message.contains("relation"))
        .map(|p| (p.start, p.end, p.label))
        .collect();
    let (got, got_rels) = annotations(target.path());
    (got, got_rels, problems)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn jsonl_round_trip_keeps_every_span_and_relation((text, spans) in text_and_spans(), rels in relations_among()) {
        let rels = allowed(&spans, &rels);
        let want: BTreeSet<Key> = spans.iter().cloned().collect();
        let (got, got_rels, problems) = round_trip(&text, &spans, &rels, Format::Jsonl, ImportFormat::Jsonl);
        prop_assert!(problems.is_empty());
        prop_assert_eq!(got, want);
        prop_assert_eq!(got_rels, rel_keys(&spans, &rels));
    }

    #[test]
    fn brat_round_trip_keeps_every_span_and_relation_it_does_not_report(
        (text, spans) in text_and_spans(),
        rels in relations_among(),
    ) {
        let rels = allowed(&spans, &rels);
        let want: BTreeSet<Key> = spans.iter().cloned().collect();
        let (got, got_rels, problems) = round_trip(&text, &spans, &rels, Format::Brat, ImportFormat::Brat);
        prop_assert!(got.is_disjoint(&problems));
        prop_assert_eq!(got.union(&problems).cloned().collect::<BTreeSet<_>>(), want);
        // A relation comes back unless one of its ends was refused.
        let kept: BTreeSet<RelKey> =
            rel_keys(&spans, &rels).into_iter().filter(|(_, h, c)| !problems.contains(h) && !problems.contains(c)).collect();
        prop_assert_eq!(got_rels, kept);
        // Only spans that start or end at a line break are refused.
        for (a, b, _) in &problems {
            let covered: Vec<char> = text.chars().skip(*a).take(b - a).collect();
            let edge = |c: Option<&char>| c.is_some_and(|c| c.is_whitespace());
            prop_assert!(covered.contains(&'\n') && (edge(covered.first()) || edge(covered.last())));
        }
    }
}
