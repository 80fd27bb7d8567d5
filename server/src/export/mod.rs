//! Training-data exports (JSONL, spaCy DocBin, CoNLL, brat, Label Studio)
//! and imports. Built from texts plus their annotation files; no LSP here.

use std::path::PathBuf;

use crate::engine::Engine;
use crate::schema::Schema;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Spacy,
    Conll,
    Brat,
    LabelStudio,
}

impl Format {
    pub const NAMES: [&'static str; 5] = ["jsonl", "spacy", "conll", "brat", "labelstudio"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "jsonl" => Some(Format::Jsonl),
            "spacy" => Some(Format::Spacy),
            "conll" => Some(Format::Conll),
            "brat" => Some(Format::Brat),
            "labelstudio" => Some(Format::LabelStudio),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// Output file (jsonl, spacy, conll, labelstudio) or directory (brat).
    pub out: PathBuf,
    /// Also export engine suggestions nobody accepted or rejected.
    pub include_suggestions: bool,
}

/// A span that the format could not represent; the export goes on without it
/// and says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProblem {
    pub document: String,
    /// Code-point offsets.
    pub start: usize,
    pub end: usize,
    pub label: String,
    pub message: String,
}

#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    pub documents: usize,
    pub spans: usize,
    pub problems: Vec<ExportProblem>,
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Other(String),
}

/// Exports the annotations of the text files in `paths` (files, or
/// directories walked for `*.txt`).
pub fn export(
    paths: &[PathBuf],
    options: &ExportOptions,
    schema: &Schema,
    engine: &Engine,
) -> Result<ExportReport, ExportError> {
    let _ = (paths, options, schema, engine);
    Err(ExportError::Other("export is not built yet".into()))
}
