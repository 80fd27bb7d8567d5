//! Pactum: pre-annotation of science-park cooperation news.
//!
//! The library is the part of Pactum that knows nothing about LSP, editors or
//! terminals. Layers, from the bottom up (each may use only those above it in
//! this list):
//!
//! - [`text`]: offset arithmetic (bytes, code points) on plain `&str`.
//! - [`engine`]: text in, spans out. No I/O, no async, no LSP.
//! - [`schema`]: the label set annotators work with, loaded and validated.
//! - [`store`]: annotation files (`<file>.ann.json`) beside the texts.
//! - [`corpus`]: finding the text files to work on, reading them as UTF-8.
//! - [`export`]: training-data formats built from texts and annotations.
//!
//! The `pactum` binary adds the command line (`cli`) and the language server (`lsp`).

pub mod corpus;
pub mod engine;
pub mod export;
pub mod schema;
pub mod store;
pub mod text;
