//! Where two annotators' versions of one document differ: the basis of
//! adjudication in the editor ("Take theirs", "Keep mine") and of merging.
//!
//! Both sides are spans on the same text. A span both sides have exactly
//! (start, end, label) is agreed. Every other span is a difference:
//! - *theirs only*: the other annotator has it; taking it replaces my spans
//!   of the same kind (entity or clause) that overlap it;
//! - *mine only*: I have it and the other annotator has nothing of its kind
//!   overlapping it (otherwise the overlapping "theirs" difference covers it).

use super::copy::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Difference {
    /// `theirs[index]` is not in mine; `replaces` are the indices of my
    /// spans of the same kind that overlap it.
    TheirsOnly { index: usize, replaces: Vec<usize> },
    /// `mine[index]` is not in theirs and nothing of theirs overlaps it.
    MineOnly { index: usize },
}

/// Which kind of span a label names: spans only conflict with their kind
/// (an entity inside a clause is no conflict).
pub trait Kinds {
    fn is_clause(&self, label: &str) -> bool;
}

impl Kinds for [String] {
    fn is_clause(&self, label: &str) -> bool {
        self.iter().any(|l| l == label)
    }
}

impl Kinds for Vec<String> {
    fn is_clause(&self, label: &str) -> bool {
        self.as_slice().is_clause(label)
    }
}

fn overlaps(a: &Span, b: &Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// The differences between `mine` and `theirs`, in text order (by the
/// span they are about).
pub fn differences<K: Kinds + ?Sized>(mine: &[Span], theirs: &[Span], clause_labels: &K) -> Vec<Difference> {
    let same_kind =
        |a: &Span, b: &Span| clause_labels.is_clause(&a.label) == clause_labels.is_clause(&b.label);
    let mut out: Vec<(usize, usize, Difference)> = Vec::new();
    for (i, t) in theirs.iter().enumerate() {
        if mine.contains(t) {
            continue;
        }
        let replaces: Vec<usize> = mine
            .iter()
            .enumerate()
            .filter(|(_, m)| overlaps(m, t) && same_kind(m, t))
            .map(|(j, _)| j)
            .collect();
        out.push((t.start, t.end, Difference::TheirsOnly { index: i, replaces }));
    }
    for (j, m) in mine.iter().enumerate() {
        if theirs.contains(m) {
            continue;
        }
        let covered = theirs.iter().any(|t| !mine.contains(t) && overlaps(m, t) && same_kind(m, t));
        if !covered {
            out.push((m.start, m.end, Difference::MineOnly { index: j }));
        }
    }
    out.sort_by_key(|(s, e, _)| (*s, *e));
    out.into_iter().map(|(_, _, d)| d).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses() -> Vec<String> {
        vec!["SIGNING".into()]
    }

    #[test]
    fn agreed_spans_are_no_difference() {
        let a = [Span::new(0, 8, "ORG"), Span::new(0, 40, "SIGNING")];
        assert!(differences(&a, &a, &clauses()).is_empty());
    }

    #[test]
    fn a_relabel_or_a_boundary_is_one_difference_that_replaces_mine() {
        let mine = [Span::new(0, 8, "ORG"), Span::new(0, 40, "SIGNING"), Span::new(20, 25, "GPE")];
        let theirs = [Span::new(0, 8, "PARK"), Span::new(0, 40, "SIGNING"), Span::new(30, 35, "DATE")];
        let d = differences(&mine, &theirs, &clauses());
        assert_eq!(
            d,
            vec![
                // PARK replaces my ORG; the SIGNING clause around it is no conflict.
                Difference::TheirsOnly { index: 0, replaces: vec![0] },
                Difference::MineOnly { index: 2 },
                Difference::TheirsOnly { index: 2, replaces: vec![] },
            ]
        );
    }
}
