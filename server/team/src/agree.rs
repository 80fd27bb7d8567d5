//! `pactum agree`: agreement between annotators' copies, pair by pair.
//!
//! For each pair (A, B), over the documents both copies have with the same
//! text: entities (exact and overlap F1), clauses (F1 at IoU ≥ threshold, and
//! Cohen's κ over sentences), relations (exact F1) — computed exactly as
//! `score.py A B` computes them with A as gold (see [`crate::scores`]) — and
//! the same figures per document, to find where annotators disagree most.
//! Documents present in one copy only, or whose texts differ, are listed
//! and left out (or, with [`Mismatch::Reanchor`], B's annotations are
//! re-anchored onto A's text first).

use std::collections::BTreeSet;

use pactum_store::{self as store, Annotation, Sidecar, Status};
use serde::Serialize;

use super::copy::{Copy, CopyDoc, Relation, Span};
use super::kappa::Kappa;
use super::scores::{ClauseRow, Counts, DocPair, EntityRow, RelationTable, Table};
use super::sentences::kappa_table;

/// What to do with a document whose text differs between two copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mismatch {
    /// Report it and leave it out.
    Skip,
    /// Re-anchor the second copy's spans onto the first copy's text by their
    /// covered text and context; spans that cannot be placed are counted.
    Reanchor,
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Clause labels, in the guide's precedence order (SIGNING, PURPOSE,
    /// COMMITMENT); every other label is an entity label.
    pub clause_labels: Vec<String>,
    pub iou_threshold: f64,
    pub mismatch: Mismatch,
}

/// The clause figures: `score.py`'s table plus κ over sentences.
#[derive(Debug, Clone, Serialize)]
pub struct ClauseAgreement {
    pub per_label: std::collections::BTreeMap<String, ClauseRow>,
    pub micro: ClauseRow,
    /// Cohen's κ over the sentences of the compared documents.
    pub kappa: Option<f64>,
    /// Its table: sentences, observed and chance agreement, confusion table.
    pub sentences: Kappa,
}

/// Which documents a pair compared, and which it could not.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PairDocs {
    pub compared: usize,
    pub only_in_a: Vec<String>,
    pub only_in_b: Vec<String>,
    /// Same id, different text: left out (or re-anchored, see `reanchored`).
    pub text_mismatch: Vec<String>,
    /// Documents whose B spans were re-anchored onto A's text, and the spans
    /// that could not be placed.
    pub reanchored: Vec<String>,
    pub spans_lost_reanchoring: usize,
    /// Documents without a text in one copy: no sentences, so no κ.
    pub without_text: Vec<String>,
    /// Documents whose reference (A) has relations and B none at all (no
    /// `relations` key, or an annotation file): B's count as none, as
    /// `score.py` counts them, which says nothing of B's annotator.
    pub relations_only_in_a: Vec<String>,
}

/// One document's agreement in one pair (F1 with A as reference; `None`:
/// nothing of that kind in either copy).
#[derive(Debug, Clone, Serialize)]
pub struct DocAgreement {
    pub id: String,
    pub entities: Option<f64>,
    pub entities_overlap: Option<f64>,
    pub clauses: Option<f64>,
    pub kappa: Option<f64>,
    pub relations: Option<f64>,
    /// Spans in either copy that the other lacks (exact), a size of the work
    /// left to reconcile.
    pub differing_spans: usize,
}

impl DocAgreement {
    /// The figure documents are ranked by: the mean of the entity, clause and
    /// relation F1 (those that exist; 1 when none does).
    pub fn rank(&self) -> f64 {
        let v: Vec<f64> = [self.entities, self.clauses, self.relations].into_iter().flatten().collect();
        if v.is_empty() {
            1.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    }
}

/// Agreement of one pair: `score.py`'s field names, plus κ and documents.
#[derive(Debug, Clone, Serialize)]
pub struct PairReport {
    pub a: String,
    pub b: String,
    pub docs: PairDocs,
    pub entities: Table<EntityRow>,
    pub clauses: ClauseAgreement,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relations: Option<RelationTable>,
    /// Per document, least agreement first.
    pub documents: Vec<DocAgreement>,
}

/// Averages of the pairs' micro figures (pairs without a figure left out).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Average {
    pub pairs: usize,
    pub entities_f: Option<f64>,
    pub entities_overlap_f: Option<f64>,
    pub clauses_f: Option<f64>,
    pub kappa: Option<f64>,
    pub relations_f: Option<f64>,
}

/// One document across all pairs, its least-agreeing pairs first.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentPairs {
    pub id: String,
    pub pairs: Vec<DocPairFigure>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocPairFigure {
    pub a: String,
    pub b: String,
    #[serde(flatten)]
    pub figures: DocAgreement,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemEntry {
    pub copy: String,
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub copies: Vec<String>,
    pub pairs: Vec<PairReport>,
    pub average: Average,
    /// Documents, least agreement (over all pairs) first.
    pub documents: Vec<DocumentPairs>,
    pub problems: Vec<ProblemEntry>,
}

/// Compares every pair of `copies` (each once, in the order given).
pub fn agree(copies: &[Copy], options: &Options) -> Report {
    let mut pairs = Vec::new();
    for i in 0..copies.len() {
        for j in i + 1..copies.len() {
            pairs.push(compare(&copies[i], &copies[j], options));
        }
    }
    let average = average(&pairs);
    let documents = by_document(&pairs);
    let problems = copies
        .iter()
        .flat_map(|c| {
            c.problems.iter().map(|p| ProblemEntry {
                copy: c.name.clone(),
                path: p.path.display().to_string(),
                message: p.message.clone(),
            })
        })
        .collect();
    Report { copies: copies.iter().map(|c| c.name.clone()).collect(), pairs, average, documents, problems }
}

/// Agreement of B with A as reference.
pub fn compare(a: &Copy, b: &Copy, options: &Options) -> PairReport {
    let clause_set: BTreeSet<String> = options.clause_labels.iter().cloned().collect();
    let mut docs = PairDocs::default();
    let mut counts = Counts::new(&clause_set);
    let mut kappa = Kappa::default();
    let mut documents = Vec::new();
    docs.only_in_b = b.docs.iter().filter(|d| a.get(&d.id).is_none()).map(|d| d.id.clone()).collect();
    for da in &a.docs {
        let Some(db) = b.get(&da.id) else {
            docs.only_in_a.push(da.id.clone());
            continue;
        };
        let placed;
        let db = match (&da.text, &db.text) {
            (Some(ta), Some(tb)) if ta != tb => {
                docs.text_mismatch.push(da.id.clone());
                if options.mismatch == Mismatch::Skip {
                    continue;
                }
                let (doc, lost) = reanchor_onto(db, ta);
                placed = doc;
                docs.reanchored.push(da.id.clone());
                docs.spans_lost_reanchoring += lost;
                &placed
            }
            _ => db,
        };
        docs.compared += 1;
        if da.relations.is_some() && db.relations.is_none() {
            docs.relations_only_in_a.push(da.id.clone());
        }
        let pair = DocPair {
            gold: &da.spans,
            pred: &db.spans,
            gold_relations: da.relations.as_deref(),
            pred_relations: db.relations.as_deref(),
        };
        counts.add(&pair, &clause_set, options.iou_threshold);
        let mut one = Counts::new(&clause_set);
        one.add(&pair, &clause_set, options.iou_threshold);
        let doc_kappa = match &da.text {
            Some(t) if db.text.is_some() => {
                let k = kappa_table(t, &da.spans, &db.spans, &options.clause_labels);
                kappa.extend(&k);
                k.kappa
            }
            _ => {
                docs.without_text.push(da.id.clone());
                None
            }
        };
        documents.push(DocAgreement {
            id: da.id.clone(),
            entities: one.entities().micro.f,
            entities_overlap: one.entities().micro.overlap.f,
            clauses: one.clauses().micro.f,
            kappa: doc_kappa,
            relations: one.relations().and_then(|r| r.micro.f),
            differing_spans: differing(&da.spans, &db.spans),
        });
    }
    documents.sort_by(|x, y| {
        x.rank().total_cmp(&y.rank()).then_with(|| y.differing_spans.cmp(&x.differing_spans))
    });
    let clauses = counts.clauses();
    PairReport {
        a: a.name.clone(),
        b: b.name.clone(),
        docs,
        entities: counts.entities(),
        clauses: ClauseAgreement {
            per_label: clauses.per_label,
            micro: clauses.micro,
            kappa: kappa.kappa,
            sentences: kappa,
        },
        relations: counts.relations(),
        documents,
    }
}

fn differing(a: &[Span], b: &[Span]) -> usize {
    let (sa, sb): (BTreeSet<&Span>, BTreeSet<&Span>) = (a.iter().collect(), b.iter().collect());
    sa.symmetric_difference(&sb).count()
}

/// `doc`'s spans and relations moved onto `text`; returns how many spans
/// could not be placed (they and their relations are left out).
pub(crate) fn reanchor_onto(doc: &CopyDoc, text: &str) -> (CopyDoc, usize) {
    let old_text = doc.text.as_deref().unwrap_or_default();
    let mut sidecar = Sidecar::new("", old_text);
    let mut kept = Vec::new();
    for s in &doc.spans {
        if let Some(a) = Annotation::new(old_text, s.start, s.end, &s.label, Status::Accepted) {
            kept.push(s.clone());
            sidecar.annotations.push(a);
        }
    }
    store::reanchor(&mut sidecar, text);
    let mut moved = std::collections::HashMap::new();
    let mut spans = Vec::new();
    for (old, a) in kept.iter().zip(&sidecar.annotations) {
        if !a.stale {
            let new = Span::new(a.start, a.end, &a.label);
            moved.insert(old.clone(), new.clone());
            spans.push(new);
        }
    }
    let lost = doc.spans.len() - spans.len();
    spans.sort();
    spans.dedup();
    let relations = doc.relations.as_ref().map(|rels| {
        rels.iter()
            .filter_map(|r| {
                Some(Relation {
                    head: moved.get(&r.head)?.clone(),
                    child: moved.get(&r.child)?.clone(),
                    label: r.label.clone(),
                })
            })
            .collect()
    });
    let out = CopyDoc { text: Some(text.to_string()), spans, relations, sidecar: None, ..doc.clone() };
    (out, lost)
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let v: Vec<f64> = values.flatten().collect();
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn average(pairs: &[PairReport]) -> Average {
    Average {
        pairs: pairs.len(),
        entities_f: mean(pairs.iter().map(|p| p.entities.micro.f)),
        entities_overlap_f: mean(pairs.iter().map(|p| p.entities.micro.overlap.f)),
        clauses_f: mean(pairs.iter().map(|p| p.clauses.micro.f)),
        kappa: mean(pairs.iter().map(|p| p.clauses.kappa)),
        relations_f: mean(pairs.iter().map(|p| p.relations.as_ref().and_then(|r| r.micro.f))),
    }
}

fn by_document(pairs: &[PairReport]) -> Vec<DocumentPairs> {
    let mut out: Vec<DocumentPairs> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for p in pairs {
        for d in &p.documents {
            let i = *index.entry(d.id.clone()).or_insert_with(|| {
                out.push(DocumentPairs { id: d.id.clone(), pairs: Vec::new() });
                out.len() - 1
            });
            out[i].pairs.push(DocPairFigure { a: p.a.clone(), b: p.b.clone(), figures: d.clone() });
        }
    }
    for d in &mut out {
        d.pairs.sort_by(|x, y| x.figures.rank().total_cmp(&y.figures.rank()));
    }
    let worst = |d: &DocumentPairs| d.pairs.first().map(|p| (p.figures.rank(), p.figures.differing_spans));
    out.sort_by(|x, y| match (worst(x), worst(y)) {
        (Some((rx, dx)), Some((ry, dy))) => rx.total_cmp(&ry).then(dy.cmp(&dx)).then_with(|| x.id.cmp(&y.id)),
        _ => x.id.cmp(&y.id),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(dir: &std::path::Path, docs: &[(&str, &str, &[(usize, usize, &str)])]) -> Copy {
        std::fs::create_dir_all(dir).unwrap();
        for (name, text, spans) in docs {
            let path = dir.join(name);
            std::fs::write(&path, text).unwrap();
            let mut s = Sidecar::new("parks-v1", text);
            for &(st, en, l) in spans.iter() {
                s.annotations.push(Annotation::new(text, st, en, l, Status::Accepted).unwrap());
            }
            store::save(&store::sidecar_path(&path), &s).unwrap();
        }
        Copy::load(dir).unwrap()
    }

    fn options(mismatch: Mismatch) -> Options {
        Options {
            clause_labels: vec!["SIGNING".into(), "PURPOSE".into(), "COMMITMENT".into()],
            iou_threshold: 0.5,
            mismatch,
        }
    }

    #[test]
    fn one_sided_and_edited_documents_are_listed_not_compared() {
        let dir = tempfile::tempdir().unwrap();
        let t = "Ascendas signed an MoU with Technopolis. The aim is growth.";
        let a = folder(
            &dir.path().join("a"),
            &[
                ("x.txt", t, &[(0, 8, "ORG"), (19, 22, "AGREEMENT"), (0, 40, "SIGNING")]),
                ("only_a.txt", t, &[]),
            ],
        );
        let edited = format!("Today {t}");
        let b = folder(
            &dir.path().join("b"),
            &[
                ("x.txt", &edited, &[(6, 14, "ORG"), (25, 28, "AGREEMENT"), (6, 46, "SIGNING")]),
                ("only_b.txt", t, &[]),
            ],
        );
        let r = compare(&a, &b, &options(Mismatch::Skip));
        assert_eq!(r.docs.compared, 0);
        assert_eq!(r.docs.only_in_a, ["only_a.txt"]);
        assert_eq!(r.docs.only_in_b, ["only_b.txt"]);
        assert_eq!(r.docs.text_mismatch, ["x.txt"]);
        assert_eq!(r.entities.micro.f, None, "nothing compared, so no figure");

        let r = compare(&a, &b, &options(Mismatch::Reanchor));
        assert_eq!(r.docs.reanchored, ["x.txt"]);
        assert_eq!(r.docs.spans_lost_reanchoring, 0);
        assert_eq!(r.entities.micro.f, Some(1.0));
        assert_eq!(r.clauses.micro.f, Some(1.0));
        assert_eq!(r.clauses.kappa, Some(1.0));
    }

    #[test]
    fn documents_are_ranked_least_agreement_first() {
        let dir = tempfile::tempdir().unwrap();
        let t = "Ascendas met Technopolis in Oulu.";
        let a = folder(
            &dir.path().join("a"),
            &[("good.txt", t, &[(0, 8, "ORG")]), ("bad.txt", t, &[(0, 8, "ORG"), (13, 24, "PARK")])],
        );
        let b = folder(
            &dir.path().join("b"),
            &[("good.txt", t, &[(0, 8, "ORG")]), ("bad.txt", t, &[(0, 8, "PARK"), (13, 24, "ORG")])],
        );
        let report = agree(&[a, b], &options(Mismatch::Skip));
        let pair = &report.pairs[0];
        assert_eq!(pair.documents[0].id, "bad.txt");
        assert_eq!(pair.documents[0].entities, Some(0.0));
        assert_eq!(pair.documents[0].entities_overlap, Some(0.0));
        assert_eq!(pair.documents[0].differing_spans, 4);
        assert_eq!(report.documents[0].id, "bad.txt");
        assert_eq!(report.average.entities_f, Some(pair.entities.micro.f.unwrap()));
        // Agreement is symmetric in F1.
        let back = compare(
            &Copy::load(&dir.path().join("b")).unwrap(),
            &Copy::load(&dir.path().join("a")).unwrap(),
            &options(Mismatch::Skip),
        );
        assert_eq!(back.entities.micro.f, pair.entities.micro.f);
    }
}
