//! Training-data exports (JSONL, spaCy DocBin, CoNLL, brat, Label Studio)
//! and imports. Built from texts plus their annotation files; no LSP here.
//!
//! An export never drops a span silently: a span a format cannot hold
//! (overlapping entities in CoNLL, an edge inside whitespace, …) is listed in
//! [`ExportReport::problems`] with its document and position, and a document
//! that cannot be read at all is listed in [`ExportReport::failed`].

mod brat;
mod conll;
mod docbin;
pub mod documents;
mod guard;
pub mod import;
mod jsonl;
mod labelstudio;
mod output;
pub mod records;
mod spacy;
pub mod tokens;

use std::path::{Path, PathBuf};

use pactum_engine::Engine;
use pactum_schema::Schema;

pub use documents::DocumentProblem;
pub use guard::Overwrite;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jsonl,
    Spacy,
    Conll,
    Brat,
    LabelStudio,
    /// Agreement records (JSON lines), the analyst's table: see [`records`].
    Records,
    /// The same records as CSV.
    RecordsCsv,
}

impl Format {
    pub const NAMES: [&'static str; 7] =
        ["jsonl", "spacy", "conll", "brat", "labelstudio", "records", "records-csv"];

    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "jsonl" => Some(Format::Jsonl),
            "spacy" => Some(Format::Spacy),
            "conll" => Some(Format::Conll),
            "brat" => Some(Format::Brat),
            "labelstudio" => Some(Format::LabelStudio),
            "records" => Some(Format::Records),
            "records-csv" => Some(Format::RecordsCsv),
            _ => None,
        }
    }

    /// Like [`Format::from_name`], with an error that lists the known names.
    pub fn parse(name: &str) -> Result<Format, ExportError> {
        Format::from_name(name).ok_or_else(|| ExportError::UnknownFormat(name.to_string()))
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Spacy => "spacy",
            Format::Conll => "conll",
            Format::Brat => "brat",
            Format::LabelStudio => "labelstudio",
            Format::Records => "records",
            Format::RecordsCsv => "records-csv",
        }
    }

    /// Whether `--out` names a directory (brat) rather than a file.
    pub fn writes_directory(self) -> bool {
        self == Format::Brat
    }
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub format: Format,
    /// Output file (jsonl, spacy, conll, labelstudio) or directory (brat).
    pub out: PathBuf,
    /// Also export engine suggestions nobody accepted or rejected.
    pub include_suggestions: bool,
    /// Threads loading documents (reading, re-anchoring, running the engine);
    /// the formats write them in input order, so the output does not depend
    /// on it.
    pub jobs: std::num::NonZeroUsize,
    /// Which documents to export.
    pub documents: Documents,
    /// Whether an existing output may be replaced (inputs, special files and
    /// symlinks never are: `guard`).
    pub overwrite: Overwrite,
}

/// Which documents an export takes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Documents {
    /// Every text (with an annotation file, unless suggestions are included).
    #[default]
    All,
    /// Only texts whose annotation file marks them done (`pactum export --only-done`).
    Done,
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

impl std::fmt::Display for ExportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}-{} {}: {}", self.document, self.start, self.end, self.label, self.message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    /// Documents written.
    pub documents: usize,
    /// Spans written.
    pub spans: usize,
    /// Spans left out, each with the reason.
    pub problems: Vec<ExportProblem>,
    /// Documents left out because they could not be read.
    pub failed: Vec<DocumentProblem>,
    /// Ids of texts left out because they have no annotation file (and
    /// suggestions were not asked for): exporting them would claim they
    /// mention no entity at all.
    pub unannotated: Vec<String>,
    /// Ids of texts left out because they are not marked done (with
    /// [`Documents::Done`]).
    pub not_done: Vec<String>,
    /// What the format leaves out by design (e.g. clause spans in CoNLL).
    pub notes: Vec<String>,
    /// The files written.
    pub files: Vec<PathBuf>,
}

impl ExportReport {
    /// True when every span of every document was written.
    pub fn is_complete(&self) -> bool {
        self.problems.is_empty() && self.failed.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown format {0:?} (known formats: {known})", known = Format::NAMES.join(", "))]
    UnknownFormat(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Other(String),
}

impl ExportError {
    pub(crate) fn write(path: &Path, source: std::io::Error) -> Self {
        ExportError::Write { path: path.to_path_buf(), source }
    }
}

/// What a format's writer does with each document, then at the end.
pub(crate) trait Sink {
    /// Writes one document; returns how many of its spans were written and
    /// adds the others to `problems`.
    fn document(
        &mut self,
        doc: &documents::Document,
        problems: &mut Vec<ExportProblem>,
    ) -> Result<usize, ExportError>;
    /// Completes the output; returns the files written.
    fn finish(self: Box<Self>) -> Result<Vec<PathBuf>, ExportError>;
    /// What the format leaves out by design, after all documents.
    fn notes(&self) -> Vec<String> {
        Vec::new()
    }
}

fn sink_for(options: &ExportOptions, schema: &Schema) -> Result<Box<dyn Sink>, ExportError> {
    let out = &options.out;
    if options.format.writes_directory() {
        if out.exists() && !out.is_dir() {
            return Err(ExportError::Other(format!(
                "{} is a file; format {} writes a directory",
                out.display(),
                options.format.name()
            )));
        }
    } else if out.is_dir() {
        return Err(ExportError::Other(format!(
            "{} is a directory; format {} writes a file",
            out.display(),
            options.format.name()
        )));
    }
    Ok(match options.format {
        Format::Jsonl => Box::new(jsonl::JsonlSink::create(out, &schema.id)?),
        Format::Conll => Box::new(conll::ConllSink::create(out)?),
        Format::Spacy => Box::new(spacy::SpacySink::create(out)?),
        Format::Brat => Box::new(brat::BratSink::create(out, schema)?),
        Format::LabelStudio => Box::new(labelstudio::LabelStudioSink::create(out, schema)?),
        Format::Records => Box::new(records::RecordsSink::create(out)?),
        Format::RecordsCsv => Box::new(records::RecordsCsvSink::create(out)?),
    })
}

/// Exports the annotations of the text files in `paths` (files, or
/// directories walked for `*.txt`).
pub fn export(
    paths: &[PathBuf],
    options: &ExportOptions,
    schema: &Schema,
    engine: &Engine,
) -> Result<ExportReport, ExportError> {
    guard::check_output(paths, options)?;
    let mut sink = sink_for(options, schema)?;
    let engine = options.include_suggestions.then_some(engine);
    let mut report = ExportReport::default();
    // Documents are loaded on every core (the done check too, since it
    // reads the annotation file); the sink takes them in order.
    let load = |input: Result<documents::Input, DocumentProblem>| {
        let mut problems = Vec::new();
        let loaded = match input {
            Ok(input) => match options.documents {
                Documents::All => documents::load(&input, schema, engine, &mut problems),
                Documents::Done => match documents::is_done(&input) {
                    Ok(Some(true)) => documents::load(&input, schema, engine, &mut problems),
                    Ok(Some(false)) => documents::Loaded::NotDone(input.id),
                    Ok(None) => documents::Loaded::Unannotated(input.id),
                    Err(p) => documents::Loaded::Failed(p),
                },
            },
            Err(p) => documents::Loaded::Failed(p),
        };
        (loaded, problems)
    };
    pactum_store::parallel::ordered_map(
        documents::inputs(paths),
        options.jobs,
        load,
        |(loaded, problems)| {
            report.problems.extend(problems);
            match loaded {
                documents::Loaded::Document(doc) => {
                    report.spans += sink.document(&doc, &mut report.problems)?;
                    report.documents += 1;
                }
                documents::Loaded::NotDone(id) => report.not_done.push(id),
                documents::Loaded::Unannotated(id) => report.unannotated.push(id),
                documents::Loaded::Failed(p) => report.failed.push(p),
            }
            Ok::<(), ExportError>(())
        },
    )?;
    report.notes = sink.notes();
    report.files = sink.finish()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_format_lists_the_known_ones() {
        let err = Format::parse("csv").unwrap_err().to_string();
        for name in Format::NAMES {
            assert!(err.contains(name), "{err}");
        }
        for name in Format::NAMES {
            assert_eq!(Format::parse(name).unwrap().name(), name);
        }
    }
}
