//! Entity recognition: PERSON, ORG, PARK, GPE, LOC, EVENT, ROLE, DATE, MONEY,
//! CARDINAL, ORDINAL, PERCENT, AGREEMENT.
//!
//! Per paragraph, one tokenisation and then recognisers in order of how
//! sure they are, each claiming its tokens so later ones do not reuse them:
//! dates → numbers → agreements → roles → names (which type capitalised
//! runs with heads, gazetteers and person cues). Overlapping candidates are
//! settled at the end: the longest (outer) one wins. A document-level pass
//! ([`Entities::link`]) then finds learnt names again.

mod agreements;
mod context;
mod cues;
mod dates;
mod fxhash;
mod gazetteer;
mod heads;
mod link;
mod names;
mod numbers;
mod persons;
mod roles;
mod runs;
mod tokens;

#[cfg(test)]
mod tests;

use std::ops::Range;

use super::{Label, Span};
use context::{Cand, Ctx};
use gazetteer::Gazetteer;

/// Compiled gazetteers and rules for entities. Build once, share (`Sync`).
pub struct Entities {
    gaz: Gazetteer,
}

impl Default for Entities {
    fn default() -> Self {
        Self::new()
    }
}

impl Entities {
    pub fn new() -> Self {
        Entities { gaz: Gazetteer::new() }
    }

    /// Entity spans of one paragraph (byte offsets relative to it) and the
    /// names worth finding again elsewhere in the document.
    pub fn find(&self, paragraph: &str, sentences: &[Range<usize>]) -> (Vec<Span>, Vec<(String, Label)>) {
        let mut ctx = Ctx::new(paragraph, sentences, &self.gaz);
        dates::find(&mut ctx);
        numbers::find(&mut ctx);
        agreements::find(&mut ctx);
        roles::find(&mut ctx);
        let names = names::find(&mut ctx, &self.gaz);
        let spans = resolve(&ctx);
        (spans, names)
    }

    /// Document-wide pass: adds mentions of names learnt in any paragraph
    /// (`names`) that the per-paragraph pass missed. `spans` are absolute,
    /// sorted; returns them with the additions, sorted.
    pub fn link<'n>(
        &self,
        text: &str,
        spans: Vec<Span>,
        names: impl IntoIterator<Item = &'n (String, Label)>,
    ) -> Vec<Span> {
        link::link(&self.gaz, text, spans, names)
    }

    /// [`Entities::link`] in two steps: the names learnt (see `link::learn`) …
    pub fn learn<'n>(&self, names: impl IntoIterator<Item = &'n (String, Label)>) -> Learnt<'n> {
        link::learn(names)
    }

    /// … and the pass over `text` with them.
    pub fn link_learnt<K: std::borrow::Borrow<str> + std::hash::Hash + Eq>(
        &self,
        text: &str,
        spans: Vec<Span>,
        learnt: &fxhash::FxHashMap<K, Label>,
    ) -> Vec<Span> {
        link::link_learnt(&self.gaz, text, spans, learnt)
    }
}

/// Each learnt name with the label it is found again with.
pub type Learnt<'n> = fxhash::FxHashMap<&'n str, Label>;

/// The same, owning its names (kept across edits by an editor).
pub type OwnedLearnt = fxhash::FxHashMap<String, Label>;

/// Longest candidates first; a candidate overlapping an accepted one is dropped.
fn resolve(ctx: &Ctx) -> Vec<Span> {
    let mut cands: Vec<Cand> = ctx.cands.clone();
    cands.sort_by_key(|c| (std::cmp::Reverse(c.end - c.start), c.start));
    let mut taken = vec![false; ctx.len()];
    let mut out = Vec::new();
    for c in cands {
        if c.end > taken.len() || taken[c.start..c.end].iter().any(|t| *t) {
            continue;
        }
        let r = ctx.bytes(c.start, c.end);
        if r.is_empty() || r.len() > 512 {
            continue;
        }
        for t in &mut taken[c.start..c.end] {
            *t = true;
        }
        out.push(Span { start: r.start, end: r.end, label: c.label });
    }
    out.sort();
    out
}
