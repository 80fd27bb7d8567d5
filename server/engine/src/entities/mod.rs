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
mod appositions;
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

use super::rules::{Options, Provenance};
use super::{Label, LearntName, Span};
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
    /// names worth finding again elsewhere in the document. The families run
    /// in the order of `rules::Family`: the recognisers that claim their
    /// tokens, then the name rules (with the appositions), then overlaps are
    /// settled.
    pub fn find(
        &self,
        paragraph: &str,
        sentences: &[Range<usize>],
        options: &Options,
    ) -> (Vec<Span>, Vec<LearntName>) {
        let mut ctx = Ctx::new(paragraph, sentences, &self.gaz, *options);
        // About one candidate for every six tokens: the list is rarely grown.
        ctx.cands.reserve(ctx.len() / 4 + 8);
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
        names: impl IntoIterator<Item = &'n LearntName>,
        options: &Options,
    ) -> Vec<Span> {
        link::link(&self.gaz, text, spans, names, options)
    }

    /// [`Entities::link`] in two steps: the names learnt (see `link::learn`) …
    pub fn learn<'n>(&self, names: impl IntoIterator<Item = &'n LearntName>) -> Learnt<'n> {
        link::learn(names)
    }

    /// … and the pass over `text` with them.
    pub fn link_learnt<K: std::borrow::Borrow<str> + std::hash::Hash + Eq>(
        &self,
        text: &str,
        spans: Vec<Span>,
        learnt: &fxhash::FxHashMap<K, (Label, Provenance)>,
        options: &Options,
    ) -> Vec<Span> {
        link::link_learnt(&self.gaz, text, spans, learnt, options)
    }
}

/// Each learnt name with the label it is found again with and the rules
/// that typed it.
pub type Learnt<'n> = fxhash::FxHashMap<&'n str, (Label, Provenance)>;

/// The same, owning its names (kept across edits by an editor).
pub type OwnedLearnt = fxhash::FxHashMap<String, (Label, Provenance)>;

/// Longest candidates first; a candidate overlapping an accepted one is
/// dropped. A candidate that repeats an accepted one (same tokens and label,
/// another rule) adds its rule to the accepted one's provenance.
fn resolve(ctx: &Ctx) -> Vec<Span> {
    /// A token no accepted candidate covers.
    const FREE: u32 = u32::MAX;
    let mut cands: Vec<Cand> = ctx.cands.clone();
    cands.sort_by_key(|c| (std::cmp::Reverse(c.end - c.start), c.start));
    // Per token, the index in `out` of the accepted span that covers it.
    let mut taken = vec![FREE; ctx.len()];
    let mut out: Vec<Span> = Vec::with_capacity(cands.len());
    let mut tokens: Vec<(usize, usize)> = Vec::with_capacity(cands.len());
    for c in cands {
        if c.end > taken.len() {
            continue;
        }
        if let Some(&k) = taken[c.start..c.end].iter().find(|t| **t != FREE) {
            let k = k as usize;
            if tokens.get(k) == Some(&(c.start, c.end)) && out[k].label == c.label {
                for r in c.why.rules() {
                    out[k].provenance = out[k].provenance.then(r);
                }
            }
            continue;
        }
        let r = ctx.bytes(c.start, c.end);
        if r.is_empty() || r.len() > 512 {
            continue;
        }
        let k = u32::try_from(out.len()).unwrap_or(FREE - 1);
        for t in &mut taken[c.start..c.end] {
            *t = k;
        }
        tokens.push((c.start, c.end));
        out.push(Span { start: r.start, end: r.end, label: c.label, provenance: c.why });
    }
    out.sort();
    out
}
