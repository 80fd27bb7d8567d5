//! What an export may write over: the output guard shared with `pactum
//! merge` (`pactum_store::output`: no special files, no symlinks, replacing
//! only with `--force`), with export's own rule of what must not be
//! overwritten — its input texts and their annotation files, and for brat
//! (which writes texts) any folder holding or inside the inputs.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pactum_store::corpus;
pub use pactum_store::output::Overwrite;
use pactum_store::output::{Output, Shape};

use super::{ExportError, ExportOptions, Format};

/// How the user allows replacing an output, named in messages.
const ALLOW_WITH: &str = "--force (from the editor: \"force\": true)";

/// Checks `options.out` against the inputs under `paths` (listed, not read).
pub fn check_output(paths: &[PathBuf], options: &ExportOptions) -> Result<(), ExportError> {
    let folder = options.format == Format::Brat;
    let shape = if folder { Shape::Folder } else { Shape::File };
    let inputs: HashSet<PathBuf> = corpus::walk(paths)
        .filter_map(Result::ok)
        .filter_map(|f| std::fs::canonicalize(&f.path).ok())
        .collect();
    let given: Vec<PathBuf> =
        paths.iter().filter(|p| p.is_dir()).filter_map(|p| std::fs::canonicalize(p).ok()).collect();
    let clash = |target: &Path| {
        for input in &inputs {
            let clashes = if folder {
                // brat writes `<id>.txt` files: never into a folder holding inputs.
                input.starts_with(target)
            } else {
                input == target || pactum_store::sidecar_path(input) == target
            };
            if clashes {
                return Some(format!(
                    "{} is one of the texts being exported (or its annotation file); choose an output outside the inputs",
                    input.display()
                ));
            }
        }
        let inside = given.iter().find(|g| folder && target.starts_with(g))?;
        Some(format!(
            "it is inside {}, whose texts are being exported (brat writes texts there); choose a folder outside",
            inside.display()
        ))
    };
    let output = Output { path: &options.out, shape, overwrite: options.overwrite, allow_with: ALLOW_WITH };
    pactum_store::output::check(output, clash).map_err(ExportError::Other)
}
