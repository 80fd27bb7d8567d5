//! Annotating as a team: several annotators each keep a copy of the corpus
//! (a clone, a worktree, a folder of texts with annotation files, or a
//! JSON-lines file in the guide's shape); this crate compares and merges
//! those copies and reports how far they have got.
//!
//! - [`copy`]: loading one annotator's copy into documents with spans and
//!   relations (code-point offsets), reporting what cannot be read;
//! - [`agree`]: pairwise agreement with the measures of `score.py`
//!   (entities exact and overlap, clauses by IoU, relations) plus Cohen's κ
//!   over sentences ([`kappa`], [`sentences`]);
//! - [`diff`]: the annotations two versions of one document disagree on
//!   (adjudication in the editor, merging);
//! - [`merge`]: two copies into one, agreed spans kept, conflicts listed;
//!   [`output`]: what it may write over (never a copy, a device or a symlink);
//! - [`progress`]: documents done, spans per label and per annotator.

pub mod agree;
pub mod copy;
pub mod diff;
pub mod kappa;
mod matching;
pub mod merge;
pub mod output;
pub mod progress;
mod scores;
pub mod sentences;

pub use copy::{Copy, CopyDoc, Problem, Relation, Span};
