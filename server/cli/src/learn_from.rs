//! `pactum annotate --learn-from DIR`: a learner trained on what DIR's
//! annotation files teach (every `*.txt` with a `.ann.json` beside it).
//! Files are read here; the learner itself (`pactum-learn`) does no I/O.

use std::path::{Path, PathBuf};

use pactum_engine::Engine;
use pactum_learn::{Corpus, Coverage, Judged, Learner, Settings, Verdict};
use pactum_schema::Schema;
use pactum_store::corpus::{read_text, walk};
use pactum_store::{load, sidecar_path, Status};
use pactum_text::CharToByte;

use crate::simulate::labels_of;

/// Trains on the annotation files under `dir`. A malformed file, or one
/// whose text changed since it was written, is skipped with a message naming
/// it (and left as it is).
pub fn learner_from(dir: &Path, engine: &Engine, schema: &Schema) -> anyhow::Result<Learner> {
    if !dir.is_dir() {
        anyhow::bail!(
            "--learn-from {}: not a directory (give the folder holding the annotated texts)",
            dir.display()
        );
    }
    let mut corpus = Corpus::new(labels_of(schema));
    for entry in walk(&[PathBuf::from(dir)]) {
        let file = match entry {
            Ok(f) => f,
            Err(e) => {
                eprintln!("pactum: {}: {} (skipped)", e.path.display(), e.message);
                continue;
            }
        };
        let ann = sidecar_path(&file.path);
        let sidecar = match load(&ann) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(e) => {
                eprintln!("pactum: {e}; not learnt from (the file is left as it is)");
                continue;
            }
        };
        let text = match read_text(&file.path) {
            Ok(t) => t,
            Err(msg) => {
                eprintln!("pactum: {}: {msg} (skipped)", file.path.display());
                continue;
            }
        };
        if !sidecar.matches_text(&text) {
            eprintln!(
                "pactum: {}: the text changed since its annotations were saved; not learnt from (open it in the editor to re-anchor them)",
                ann.display()
            );
            continue;
        }
        let table = CharToByte::new(&text);
        let judged: Vec<Judged> = sidecar
            .annotations
            .iter()
            .filter(|a| !a.stale)
            .filter_map(|a| {
                Some(Judged {
                    start: table.byte(a.start)?,
                    end: table.byte(a.end)?,
                    label: a.label.clone(),
                    verdict: match a.status {
                        Status::Accepted => Verdict::Accepted,
                        Status::Rejected => Verdict::Rejected,
                    },
                })
            })
            .collect();
        let coverage = if sidecar.is_done() { Coverage::Done } else { Coverage::Partial };
        corpus.insert(&file.id, &text, &engine.annotate(&text), &judged, coverage);
    }
    Ok(Learner::train(&corpus, &Settings::default()))
}
