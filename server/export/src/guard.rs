//! What an export may write over, checked before anything is written:
//! never one of its own input texts or their annotation files, never a
//! special file (`/dev/full`, a FIFO) or a symlink (renaming over it would
//! replace the device or the link), and an existing output only when the
//! user said so (`--force`, `Overwrite::Replace`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pactum_store::corpus;
use pactum_store::untrusted::resolved;

use super::{ExportError, ExportOptions, Format};

/// Whether an export may replace an output that already exists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overwrite {
    /// An existing output is an error asking for `--force`.
    #[default]
    Refuse,
    /// An existing regular file (or brat folder) is replaced.
    Replace,
}

/// Checks `options.out` against the inputs under `paths` (listed, not read).
pub fn check_output(paths: &[PathBuf], options: &ExportOptions) -> Result<(), ExportError> {
    let out = &options.out;
    let refuse = |why: String| Err(ExportError::Other(format!("refusing to write {}: {why}", out.display())));
    let folder = options.format == Format::Brat;
    let existing = match std::fs::symlink_metadata(out) {
        Ok(meta) => Some(meta.file_type()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(ExportError::write(out, e)),
    };
    if let Some(t) = existing {
        if t.is_symlink() {
            return refuse(
                "it is a symlink (writing would replace the link; name its target, or another path)".into(),
            );
        }
        let expected = if folder { t.is_dir() } else { t.is_file() };
        if !expected {
            let what = if folder { "a folder" } else { "a regular file" };
            let is = if t.is_dir() {
                "a directory"
            } else if t.is_file() {
                "a file"
            } else {
                "a special file (a device, FIFO or socket is never replaced)"
            };
            return refuse(format!("it is {is}, not {what} as {} needs", options.format.name()));
        }
    }
    // Where the output really is (its folder may be a symlink; `..` allowed).
    let target = resolved(out);
    let inputs: HashSet<PathBuf> = corpus::walk(paths)
        .filter_map(Result::ok)
        .filter_map(|f| std::fs::canonicalize(&f.path).ok())
        .collect();
    for input in &inputs {
        let annotations = pactum_store::sidecar_path(input);
        let clash = if folder {
            // brat writes `<id>.txt` files: never into a folder holding inputs.
            input.starts_with(&target)
        } else {
            *input == target || annotations == target
        };
        if clash {
            return refuse(format!(
                "{} is one of the texts being exported (or its annotation file); choose an output outside the inputs",
                input.display()
            ));
        }
    }
    if folder {
        for given in paths.iter().filter(|p| p.is_dir()).filter_map(|p| std::fs::canonicalize(p).ok()) {
            if target.starts_with(&given) {
                return refuse(format!(
                    "it is inside {}, whose texts are being exported (brat writes texts there); choose a folder outside",
                    given.display()
                ));
            }
        }
    }
    let non_empty = |p: &Path| std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_some());
    let exists = existing.is_some() && (!folder || non_empty(out));
    if exists && options.overwrite == Overwrite::Refuse {
        return refuse(
            "it already exists; pass --force (from the editor: \"force\": true) to replace it".into(),
        );
    }
    Ok(())
}
