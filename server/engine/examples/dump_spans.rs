//! Prints every span the engine finds in the `.txt` files of the given
//! folders (sorted by path), with its rules and confidence, once with the
//! trained models and once with the rules alone: the oracle of a speed
//! change, whose dump must stay byte-identical.
//!
//! ```sh
//! cargo run --release -p pactum-engine --example dump_spans -- corpus tests/data/heldout > /tmp/before.txt
//! ```

use std::path::{Path, PathBuf};

use pactum_engine::{Engine, Options, RuleId};

fn texts(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        eprintln!("cannot list {}", dir.display());
        std::process::exit(2);
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            texts(&path, out);
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
}

fn main() {
    let mut paths = Vec::new();
    for dir in std::env::args().skip(1) {
        texts(Path::new(&dir), &mut paths);
    }
    paths.sort();
    let full = Engine::new();
    let rules_only = full
        .clone()
        .with_options(Options::default().disable(RuleId::ModelEntity).disable(RuleId::ModelClause));
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else { continue };
        for (name, engine) in [("full", &full), ("rules", &rules_only)] {
            println!("== {} {name}", path.display());
            for s in engine.annotate(&text) {
                println!(
                    "{} {} {} {} {:.4}",
                    s.start,
                    s.end,
                    s.label.as_str(),
                    s.provenance,
                    s.provenance.confidence()
                );
            }
        }
    }
}
