//! Scoring one document's suggestions against its gold the way
//! `score.py` does: entities exact (start, end, label), clauses of the same
//! label matched one to one when IoU ≥ 0.5; duplicates count once.

use crate::simulate::GoldSpan;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub entity: [usize; 3],
    pub clause: [usize; 3],
}

/// The counts, and which predictions (indices) matched no gold span.
pub struct Scored {
    pub counts: Counts,
    pub unmatched_predictions: Vec<usize>,
}

const CORRECT: usize = 0;
const WRONG: usize = 1;
const MISSED: usize = 2;

impl Counts {
    pub fn total_correct(&self) -> usize {
        self.entity[CORRECT] + self.clause[CORRECT]
    }
    pub fn total_wrong(&self) -> usize {
        self.entity[WRONG] + self.clause[WRONG]
    }
    pub fn total_missed(&self) -> usize {
        self.entity[MISSED] + self.clause[MISSED]
    }
    pub fn corrections(&self) -> usize {
        self.total_wrong() + self.total_missed()
    }
    pub fn sum<'a>(all: impl Iterator<Item = &'a Counts>) -> Counts {
        let mut t = Counts::default();
        for c in all {
            for k in 0..3 {
                t.entity[k] += c.entity[k];
                t.clause[k] += c.clause[k];
            }
        }
        t
    }
    pub fn entity_f1(&self) -> f64 {
        f1(self.entity)
    }
    pub fn clause_f1(&self) -> f64 {
        f1(self.clause)
    }
}

fn f1(c: [usize; 3]) -> f64 {
    let denom = 2 * c[CORRECT] + c[WRONG] + c[MISSED];
    if denom == 0 {
        0.0
    } else {
        (2 * c[CORRECT]) as f64 / denom as f64
    }
}

fn iou(a: &GoldSpan, b: &GoldSpan) -> f64 {
    let inter = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    let union = (a.end - a.start) + (b.end - b.start) - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// `predicted` must be free of exact duplicates.
pub fn score(gold: &[&GoldSpan], predicted: &[GoldSpan], clause_labels: &[String]) -> Scored {
    let is_clause = |l: &str| clause_labels.iter().any(|c| c == l);
    let mut gold_entities: Vec<(usize, usize, &str)> =
        gold.iter().filter(|g| !is_clause(&g.label)).map(|g| (g.start, g.end, g.label.as_str())).collect();
    gold_entities.sort();
    gold_entities.dedup();
    let mut counts = Counts::default();
    let mut unmatched = Vec::new();
    let mut entity_hits = 0;
    for (i, p) in predicted.iter().enumerate().filter(|(_, p)| !is_clause(&p.label)) {
        if gold_entities.binary_search(&(p.start, p.end, p.label.as_str())).is_ok() {
            entity_hits += 1;
        } else {
            unmatched.push(i);
        }
    }
    let n_pred_entities = predicted.iter().filter(|p| !is_clause(&p.label)).count();
    counts.entity = [entity_hits, n_pred_entities - entity_hits, gold_entities.len() - entity_hits];
    // Clauses: greedy one-to-one by best IoU (clauses are sentences, which
    // barely overlap, so greedy equals the maximum matching in practice).
    let gold_clauses: Vec<&GoldSpan> = gold.iter().copied().filter(|g| is_clause(&g.label)).collect();
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, p) in predicted.iter().enumerate().filter(|(_, p)| is_clause(&p.label)) {
        for (j, g) in gold_clauses.iter().enumerate() {
            let x = iou(p, g);
            if g.label == p.label && x >= 0.5 {
                pairs.push((x, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut used_p, mut used_g) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    for (_, i, j) in pairs {
        if !used_p.contains(&i) && !used_g.contains(&j) {
            used_p.insert(i);
            used_g.insert(j);
        }
    }
    let n_pred_clauses = predicted.iter().filter(|p| is_clause(&p.label)).count();
    counts.clause = [used_p.len(), n_pred_clauses - used_p.len(), gold_clauses.len() - used_g.len()];
    unmatched.extend(
        predicted
            .iter()
            .enumerate()
            .filter(|(i, p)| is_clause(&p.label) && !used_p.contains(i))
            .map(|(i, _)| i),
    );
    unmatched.sort();
    Scored { counts, unmatched_predictions: unmatched }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: usize, end: usize, label: &str) -> GoldSpan {
        GoldSpan { start, end, label: label.to_string() }
    }

    #[test]
    fn entities_exact_and_clauses_by_overlap() {
        let gold = [s(0, 5, "ORG"), s(10, 15, "PARK"), s(20, 60, "SIGNING")];
        let gold: Vec<&GoldSpan> = gold.iter().collect();
        let pred = [s(0, 5, "ORG"), s(10, 14, "PARK"), s(22, 60, "SIGNING"), s(70, 90, "PURPOSE")];
        let clauses = ["SIGNING".to_string(), "PURPOSE".to_string()];
        let got = score(&gold, &pred, &clauses);
        assert_eq!(got.counts.entity, [1, 1, 1]);
        assert_eq!(got.counts.clause, [1, 1, 0]);
        assert_eq!(got.unmatched_predictions, [1, 3]);
        assert_eq!(got.counts.corrections(), 3);
    }
}
