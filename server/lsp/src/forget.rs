//! "Forget what was learnt about “X”": the code action, the command
//! `pactum.forget {text}`, and the store of forgotten texts.
//!
//! The store is `.pactum/forget.json` at the workspace root,
//! `{"version": 1, "forget": ["Tehnopol", …]}` (sorted). It is a decision
//! of the user, like the annotation files, not a cache: commit it with them
//! so that the learner of every checkout forgets the same. The learned state
//! stays derived from files: annotation files + this list. Forgetting does
//! not change any annotation file (what was accepted stays accepted); the
//! learner no longer counts that text's accepts and rejects nor learns from
//! its tokens, so its suggestions fall back to the engine's. Delete a line
//! from the file (or the file) to learn from it again after a restart.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use pactum_store::untrusted::{Kind, Root};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use tower_lsp::jsonrpc::Error;

use super::commands::{self, Outcome};
use super::state::{Notes, State};

pub const FORGET: &str = "pactum.forget";

const VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
struct Stored {
    version: u32,
    forget: Vec<String>,
}

pub fn path_in(root: &Path) -> PathBuf {
    root.join(".pactum").join("forget.json")
}

/// The forgotten texts of the workspace (none when there is no file).
pub fn load(root: &Path) -> Result<BTreeSet<String>, String> {
    let path = path_in(root);
    let inside = Root::new(root).map_err(|e| e.to_string())?;
    let bytes = match inside.read(&path, Kind::Config) {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok(BTreeSet::new()),
        Err(e) => return Err(format!("{e}; nothing is forgotten until it can be read")),
    };
    let stored: Stored = serde_json::from_slice(&bytes).map_err(|e| {
        format!(
            "{}: not a list of forgotten texts ({e}); expected {{\"version\": 1, \"forget\": [\"text\", …]}}; nothing is forgotten until it is fixed",
            path.display()
        )
    })?;
    if stored.version != VERSION {
        return Err(format!(
            "{}: version {} is not one this Pactum reads ({VERSION}); nothing is forgotten",
            path.display(),
            stored.version
        ));
    }
    Ok(stored.forget.into_iter().collect())
}

/// Writes the forgotten texts atomically (temporary file, then rename).
pub fn save(root: &Path, texts: &BTreeSet<String>) -> Result<(), String> {
    let path = path_in(root);
    let inside = Root::new(root).map_err(|e| e.to_string())?;
    let dir = root.join(".pactum");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let target = inside.resolve_for_write(&path).map_err(|e| e.to_string())?;
    let stored = Stored { version: VERSION, forget: texts.iter().cloned().collect() };
    let mut json = serde_json::to_string_pretty(&stored).map_err(|e| e.to_string())?;
    json.push('\n');
    let tmp = pactum_store::temp::temp_path(&target);
    let written = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(json.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, &target)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("cannot write {}: {e}", path.display()));
    }
    Ok(())
}

#[derive(Deserialize)]
struct ForgetArgs {
    text: String,
}

/// `pactum.forget {text}`: the learning thread stores it and retrains; the
/// open documents are re-published when it is done (`pactum/learned`).
pub fn execute(state: &mut State, arguments: &[Value]) -> Result<Outcome, Error> {
    let a: ForgetArgs = commands::args(FORGET, arguments)?;
    let text = a.text.trim();
    if text.is_empty() {
        return Err(commands::invalid(format!("{FORGET}: `text` is empty; give the text to forget")));
    }
    state.learning.forget(text).map_err(|msg| commands::invalid(format!("{FORGET}: {msg}")))?;
    let mut notes = Notes::default();
    notes.log.push(format!("pactum: forgetting what was learnt about “{text}”"));
    Ok(Outcome { result: json!({ "forgotten": text }), notes, changed: Vec::new(), disk_work: None })
}

/// The code action's title.
pub fn title(text: &str) -> String {
    format!("Forget what was learned about {}", super::diagnostics::quote(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_round_trips_and_a_bad_file_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        assert!(load(dir.path()).unwrap().is_empty(), "no file: nothing forgotten");
        let texts: BTreeSet<String> = ["Tehnopol".to_string(), "Ascendas".to_string()].into();
        save(dir.path(), &texts).unwrap();
        assert_eq!(load(dir.path()).unwrap(), texts);
        std::fs::write(path_in(dir.path()), "[1, 2]").unwrap();
        let err = load(dir.path()).unwrap_err();
        assert!(err.contains("forget.json") && err.contains("expected"), "{err}");
    }
}
