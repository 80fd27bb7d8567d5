//! The measures of the guide's scorer (`../shared/tools/score.py`), ported
//! line by line so that `pactum agree A B` gives the figures `score.py A B`
//! gives with A as gold: the same counts, the same matching, the same
//! P/R/F1 formulas, the same JSON field names. Agreement between two
//! annotators is this score with either one as reference (F1 is symmetric:
//! swapping them swaps P and R).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::copy::{Relation, Span};
use super::matching::max_matching;

/// Precision, recall, F1; all `None` when both sides are empty.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    pub p: Option<f64>,
    pub r: Option<f64>,
    pub f: Option<f64>,
}

/// `prf()` of `score.py`.
pub fn prf(tp: usize, n_gold: usize, n_pred: usize) -> Prf {
    if n_gold == 0 && n_pred == 0 {
        return Prf { p: None, r: None, f: None };
    }
    let p = if n_pred > 0 { tp as f64 / n_pred as f64 } else { 0.0 };
    let r = if n_gold > 0 { tp as f64 / n_gold as f64 } else { 0.0 };
    let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    Prf { p: Some(p), r: Some(r), f: Some(f) }
}

/// One row of the entity table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRow {
    pub gold: usize,
    pub pred: usize,
    pub tp: usize,
    pub ovl_tp: usize,
    pub p: Option<f64>,
    pub r: Option<f64>,
    pub f: Option<f64>,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Boundary-insensitive: same label, at least one shared character, 1:1.
    pub overlap: Prf,
}

/// One row of the clause table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseRow {
    pub gold: usize,
    pub pred: usize,
    pub tp: usize,
    pub p: Option<f64>,
    pub r: Option<f64>,
    pub f: Option<f64>,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub mean_iou_matched: Option<f64>,
}

/// One row of the relation table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationRow {
    pub gold: usize,
    pub pred: usize,
    pub tp: usize,
    pub p: Option<f64>,
    pub r: Option<f64>,
    pub f: Option<f64>,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table<Row> {
    pub per_label: BTreeMap<String, Row>,
    pub micro: Row,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelationTable {
    /// Documents scored for relations (those whose reference has relations).
    pub docs: usize,
    pub per_label: BTreeMap<String, RelationRow>,
    pub micro: RelationRow,
}

/// The spans and relations of one document on both sides.
pub struct DocPair<'a> {
    pub gold: &'a [Span],
    pub pred: &'a [Span],
    /// `None` on the gold side: the document is left out of relation scoring.
    pub gold_relations: Option<&'a [Relation]>,
    pub pred_relations: Option<&'a [Relation]>,
}

/// Counts summed over documents.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    entities: BTreeMap<String, [usize; 4]>,       // gold, pred, tp, ovl_tp
    clauses: BTreeMap<String, ([usize; 3], f64)>, // gold, pred, tp; iou sum
    relations: BTreeMap<String, [usize; 3]>,
    relation_docs: usize,
}

impl Counts {
    /// Counts with every clause label present (as `score.py` seeds them).
    pub fn new(clause_labels: &BTreeSet<String>) -> Self {
        let mut c = Counts::default();
        for l in clause_labels {
            c.clauses.insert(l.clone(), ([0; 3], 0.0));
        }
        c
    }

    /// Adds one document, `score()`'s loop body.
    pub fn add(&mut self, doc: &DocPair<'_>, clause_labels: &BTreeSet<String>, iou_threshold: f64) {
        let (g, p) = (by_label(doc.gold), by_label(doc.pred));
        let labels: BTreeSet<&str> = g.keys().chain(p.keys()).copied().collect();
        let empty = BTreeSet::new();
        for lab in labels {
            // Sorted lists, as `sorted(by_lab_g[lab])`.
            let gl: Vec<(usize, usize)> = g.get(lab).unwrap_or(&empty).iter().copied().collect();
            let pl: Vec<(usize, usize)> = p.get(lab).unwrap_or(&empty).iter().copied().collect();
            if clause_labels.contains(lab) {
                let (pairs, ious) = match_iou(&gl, &pl, iou_threshold);
                let c = self.clauses.entry(lab.to_string()).or_insert(([0; 3], 0.0));
                c.0[0] += gl.len();
                c.0[1] += pl.len();
                c.0[2] += pairs;
                c.1 += ious;
            } else {
                let c = self.entities.entry(lab.to_string()).or_insert([0; 4]);
                c[0] += gl.len();
                c[1] += pl.len();
                c[2] += gl.iter().filter(|x| pl.binary_search(x).is_ok()).count();
                c[3] += match_overlap(&gl, &pl);
            }
        }
        if let Some(gold) = doc.gold_relations {
            self.relation_docs += 1;
            let gs: BTreeSet<&Relation> = gold.iter().collect();
            let ps: BTreeSet<&Relation> = doc.pred_relations.unwrap_or_default().iter().collect();
            let labels: BTreeSet<&str> = gs.iter().chain(ps.iter()).map(|r| r.label.as_str()).collect();
            for lab in labels {
                let gl: BTreeSet<&&Relation> = gs.iter().filter(|r| r.label == lab).collect();
                let pl: BTreeSet<&&Relation> = ps.iter().filter(|r| r.label == lab).collect();
                let c = self.relations.entry(lab.to_string()).or_insert([0; 3]);
                c[0] += gl.len();
                c[1] += pl.len();
                c[2] += gl.intersection(&pl).count();
            }
        }
    }

    pub fn entities(&self) -> Table<EntityRow> {
        let row = |c: &[usize; 4]| EntityRow {
            gold: c[0],
            pred: c[1],
            tp: c[2],
            ovl_tp: c[3],
            fp: c[1] - c[2],
            fn_: c[0] - c[2],
            overlap: prf(c[3], c[0], c[1]),
            ..from_prf(prf(c[2], c[0], c[1]))
        };
        let mut total = [0usize; 4];
        let per_label = self
            .entities
            .iter()
            .map(|(l, c)| {
                for k in 0..4 {
                    total[k] += c[k];
                }
                (l.clone(), row(c))
            })
            .collect();
        Table { per_label, micro: row(&total) }
    }

    pub fn clauses(&self) -> Table<ClauseRow> {
        let row = |c: &[usize; 3], iou_sum: f64| {
            let x = prf(c[2], c[0], c[1]);
            ClauseRow {
                gold: c[0],
                pred: c[1],
                tp: c[2],
                p: x.p,
                r: x.r,
                f: x.f,
                fp: c[1] - c[2],
                fn_: c[0] - c[2],
                mean_iou_matched: (c[2] > 0).then(|| iou_sum / c[2] as f64),
            }
        };
        let (mut total, mut total_iou) = ([0usize; 3], 0.0);
        let per_label = self
            .clauses
            .iter()
            .map(|(l, (c, iou))| {
                for k in 0..3 {
                    total[k] += c[k];
                }
                total_iou += iou;
                (l.clone(), row(c, *iou))
            })
            .collect();
        Table { per_label, micro: row(&total, total_iou) }
    }

    /// `None` when no document was scored for relations.
    pub fn relations(&self) -> Option<RelationTable> {
        if self.relation_docs == 0 {
            return None;
        }
        let row = |c: &[usize; 3]| {
            let x = prf(c[2], c[0], c[1]);
            RelationRow {
                gold: c[0],
                pred: c[1],
                tp: c[2],
                p: x.p,
                r: x.r,
                f: x.f,
                fp: c[1] - c[2],
                fn_: c[0] - c[2],
            }
        };
        let mut total = [0usize; 3];
        let per_label = self
            .relations
            .iter()
            .map(|(l, c)| {
                for k in 0..3 {
                    total[k] += c[k];
                }
                (l.clone(), row(c))
            })
            .collect();
        Some(RelationTable { docs: self.relation_docs, per_label, micro: row(&total) })
    }
}

fn by_label(spans: &[Span]) -> HashMap<&str, BTreeSet<(usize, usize)>> {
    let mut m: HashMap<&str, BTreeSet<(usize, usize)>> = HashMap::new();
    for s in spans {
        m.entry(s.label.as_str()).or_default().insert((s.start, s.end));
    }
    m
}

fn from_prf(x: Prf) -> EntityRow {
    EntityRow {
        gold: 0,
        pred: 0,
        tp: 0,
        ovl_tp: 0,
        p: x.p,
        r: x.r,
        f: x.f,
        fp: 0,
        fn_: 0,
        overlap: Prf { p: None, r: None, f: None },
    }
}

fn overlap_len(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Intersection over union of two spans (two empty spans: 1 when equal).
pub fn iou(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = overlap_len(a, b);
    let union = (a.1 - a.0) + (b.1 - b.0) - inter;
    if union == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    inter as f64 / union as f64
}

/// Size of a 1:1 matching on at least one shared character (`match_overlap`).
fn match_overlap(gold: &[(usize, usize)], pred: &[(usize, usize)]) -> usize {
    let adj: Vec<Vec<usize>> = pred
        .iter()
        .map(|&p| {
            (0..gold.len())
                .filter(|&j| {
                    overlap_len(p, gold[j]) > 0 || (p.0 == p.1 && p.1 == gold[j].0 && gold[j].0 == gold[j].1)
                })
                .collect()
        })
        .collect();
    max_matching(gold.len(), &adj).len()
}

/// Matched pairs and the sum of their IoUs (`match_iou`).
fn match_iou(gold: &[(usize, usize)], pred: &[(usize, usize)], threshold: f64) -> (usize, f64) {
    let adj: Vec<Vec<usize>> =
        pred.iter().map(|&p| (0..gold.len()).filter(|&j| iou(p, gold[j]) >= threshold).collect()).collect();
    let pairs = max_matching(gold.len(), &adj);
    let sum = pairs.iter().map(|&(i, j)| iou(pred[i], gold[j])).sum();
    (pairs.len(), sum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> Span {
        Span::new(start, end, label)
    }

    fn score(gold: &[Span], pred: &[Span], clauses: &[&str]) -> Counts {
        let cl: BTreeSet<String> = clauses.iter().map(|c| c.to_string()).collect();
        let mut c = Counts::new(&cl);
        c.add(&DocPair { gold, pred, gold_relations: None, pred_relations: None }, &cl, 0.5);
        c
    }

    // The cases of score.py's own self-test, by hand.
    #[test]
    fn entity_figures_by_hand() {
        let c = score(&[s(0, 5, "PER"), s(10, 20, "ORG")], &[s(0, 5, "PER")], &[]);
        let m = c.entities().micro;
        assert_eq!((m.p, m.r), (Some(1.0), Some(0.5)));
        assert!((m.f.unwrap() - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(c.entities().per_label["ORG"].p, Some(0.0));
        // Boundary error: exact miss, overlap hit; touching is no overlap.
        let m = score(&[s(0, 10, "PER")], &[s(0, 9, "PER")], &[]).entities().micro;
        assert_eq!((m.f, m.overlap.f), (Some(0.0), Some(1.0)));
        let m = score(&[s(0, 10, "PER")], &[s(10, 15, "PER")], &[]).entities().micro;
        assert_eq!(m.overlap.f, Some(0.0));
        // Overlap is one-to-one.
        let m = score(&[s(0, 5, "LOC"), s(6, 10, "LOC")], &[s(0, 10, "LOC")], &[]).entities().micro;
        assert_eq!((m.ovl_tp, m.overlap.p, m.overlap.r), (1, Some(1.0), Some(0.5)));
        // Nothing on either side: no figures, not zero.
        assert_eq!(score(&[], &[], &[]).entities().micro.f, None);
    }

    #[test]
    fn clause_iou_threshold_and_mean() {
        for ((ps, pe), want) in
            [((0, 60), 1.0), ((0, 50), 1.0), ((0, 40), 0.0), ((50, 150), 0.0), ((20, 120), 1.0)]
        {
            let c = score(&[s(0, 100, "PURPOSE")], &[s(ps, pe, "PURPOSE")], &["PURPOSE"]);
            assert_eq!(c.clauses().micro.f, Some(want), "{ps}-{pe}");
        }
        let c = score(&[s(0, 100, "PURPOSE")], &[s(0, 60, "PURPOSE")], &["PURPOSE", "SIGNING"]);
        assert_eq!(c.clauses().micro.mean_iou_matched, Some(0.6));
        assert_eq!(c.clauses().per_label["SIGNING"].f, None);
        assert_eq!(c.entities().micro.gold, 0);
    }

    #[test]
    fn relations_need_label_and_both_spans() {
        let (a, b, c) = (s(0, 5, "AGREEMENT"), s(10, 20, "ORG"), s(30, 35, "ORG"));
        let rel =
            |h: &Span, c: &Span, l: &str| Relation { head: h.clone(), child: c.clone(), label: l.into() };
        let gold = [rel(&a, &b, "party"), rel(&a, &c, "party")];
        let pred = [rel(&a, &b, "party"), rel(&a, &c, "signatory"), rel(&b, &a, "party")];
        let cl = BTreeSet::new();
        let mut counts = Counts::new(&cl);
        let spans = [a.clone(), b.clone(), c.clone()];
        counts.add(
            &DocPair { gold: &spans, pred: &spans, gold_relations: Some(&gold), pred_relations: Some(&pred) },
            &cl,
            0.5,
        );
        // A document without reference relations is left out.
        counts.add(
            &DocPair { gold: &spans, pred: &spans, gold_relations: None, pred_relations: Some(&pred) },
            &cl,
            0.5,
        );
        let r = counts.relations().unwrap();
        assert_eq!(r.docs, 1);
        assert_eq!((r.micro.tp, r.micro.p, r.micro.r), (1, Some(1.0 / 3.0), Some(0.5)));
        assert_eq!(r.per_label["party"].f, Some(0.5));
        assert!(score(&[], &[], &[]).relations().is_none());
    }
}
