//! Re-anchoring: placing stored annotations in a text that was edited
//! outside Pactum (its hash differs from the one in the annotation file).
//!
//! Each annotation remembers its text and a little context on each side.
//! Among all occurrences of its text in the new text, the one whose
//! surroundings agree best with the stored context wins; ties go to the
//! occurrence nearest the old offset. An annotation whose text no longer
//! occurs is marked `stale` and kept — never dropped.

use super::{text_hash, Sidecar};
use pactum_text::CharCounter;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ReanchorReport {
    /// Annotations still at their old offsets.
    pub unchanged: usize,
    /// Annotations moved to a new place.
    pub moved: usize,
    /// Ids of annotations that could not be placed (now `stale`).
    pub stale: Vec<String>,
}

/// Moves every annotation of `sidecar` onto `text` and records the new hash.
pub fn reanchor(sidecar: &mut Sidecar, text: &str) -> ReanchorReport {
    let mut report = ReanchorReport::default();
    let table = pactum_text::CharToByte::new(text);
    for a in &mut sidecar.annotations {
        if a.text.is_empty() {
            a.stale = true;
            report.stale.push(a.id.clone());
            continue;
        }
        let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
        let mut counter = CharCounter::new(text);
        for (b, _) in text.match_indices(a.text.as_str()) {
            let start = counter.char_offset(b);
            let end = start + a.text.chars().count();
            let score = context_score(text, &table, start, end, &a.context);
            let distance = start.abs_diff(a.start);
            let better = match best {
                None => true,
                Some((s, d, _)) => score > s || (score == s && distance < d),
            };
            if better {
                best = Some((score, distance, start));
            }
        }
        match best {
            Some((_, _, start)) => {
                let moved = start != a.start;
                a.start = start;
                a.end = start + a.text.chars().count();
                a.refresh(text);
                if moved {
                    report.moved += 1;
                } else {
                    report.unchanged += 1;
                }
            }
            None => {
                a.stale = true;
                report.stale.push(a.id.clone());
            }
        }
    }
    sidecar.text_sha256 = text_hash(text);
    report
}

/// How many code points of stored context agree with the text around
/// `start..end`: the common suffix of `before` plus the common prefix of `after`.
fn context_score(
    text: &str,
    table: &pactum_text::CharToByte,
    start: usize,
    end: usize,
    ctx: &super::Context,
) -> usize {
    let (Some(bs), Some(be)) = (table.byte(start), table.byte(end)) else {
        return 0;
    };
    let before = text[..bs].chars().rev().zip(ctx.before.chars().rev()).take_while(|(a, b)| a == b).count();
    let after = text[be..].chars().zip(ctx.after.chars()).take_while(|(a, b)| a == b).count();
    before + after
}

#[cfg(test)]
mod tests {
    use super::super::{Annotation, Status};
    use super::*;

    fn sidecar(text: &str, spans: &[(usize, usize)]) -> Sidecar {
        let mut s = Sidecar::new("parks-v1", text);
        for &(a, b) in spans {
            s.annotations.push(Annotation::new(text, a, b, "ORG", Status::Accepted).unwrap());
        }
        s
    }

    #[test]
    fn follows_text_inserted_before() {
        let old = "Ascendas met Technopolis.";
        let mut s = sidecar(old, &[(13, 24)]);
        let new = "Yesterday, Ascendas met Technopolis.";
        let r = reanchor(&mut s, new);
        assert_eq!(r.moved, 1);
        let a = &s.annotations[0];
        assert_eq!(&new.chars().skip(a.start).take(a.end - a.start).collect::<String>(), "Technopolis");
        assert!(s.matches_text(new));
    }

    #[test]
    fn picks_the_occurrence_with_matching_context() {
        let old = "Ascendas. Later: Ascendas signed.";
        let mut s = sidecar(old, &[(17, 25)]);
        let new = "Intro. Ascendas. Later: Ascendas signed.";
        reanchor(&mut s, new);
        assert_eq!(s.annotations[0].start, 24);
    }

    #[test]
    fn vanished_text_is_stale_not_dropped() {
        let old = "Ascendas met Technopolis.";
        let mut s = sidecar(old, &[(0, 8)]);
        let r = reanchor(&mut s, "Somebody met Technopolis.");
        assert_eq!(r.stale.len(), 1);
        assert_eq!(s.annotations.len(), 1);
        assert!(s.annotations[0].stale);
        assert_eq!(s.annotations[0].text, "Ascendas");
    }
}
