//! Where `pactum merge` may write: the output guard shared with `pactum
//! export` (`pactum_store::output`: no special files, no symlinks, replacing
//! only with `--overwrite`), with merge's own rule of what must not be
//! overwritten — the copies being merged (a file of them, or into their
//! folder). `merge --force` already means re-anchoring, hence `--overwrite`.

use std::path::{Path, PathBuf};

use pactum_store::output::Output;
pub use pactum_store::output::{check_inside, write_atomic, Overwrite, Shape};

/// The flag that allows replacing, named in messages.
pub const OVERWRITE_FLAG: &str = "--overwrite";

/// Checks one output path against the inputs (the copies' paths as given:
/// files or folders) and the overwrite rule.
pub fn check(path: &Path, shape: Shape, inputs: &[&Path], overwrite: Overwrite) -> Result<(), String> {
    let inputs: Vec<PathBuf> = inputs.iter().filter_map(|i| std::fs::canonicalize(i).ok()).collect();
    let output = Output { path, shape, overwrite, allow_with: OVERWRITE_FLAG };
    pactum_store::output::check(output, |target| {
        let clashes = |input: &&PathBuf| {
            if input.is_dir() {
                // Never into a copy's folder; a folder output never around one.
                target.starts_with(input) || (shape == Shape::Folder && input.starts_with(target))
            } else {
                target == input.as_path() || (shape == Shape::Folder && input.starts_with(target))
            }
        };
        inputs.iter().find(clashes).map(|input| {
            format!(
                "{} is one of the copies being merged (or holds one); choose an output outside them",
                input.display()
            )
        })
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn the_copies_being_merged_are_never_overwritten_nor_written_into() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("x.txt"), "text").unwrap();
        let b = dir.path().join("b.jsonl");
        std::fs::write(&b, "{}\n").unwrap();
        let inputs = [a.as_path(), b.as_path()];
        let err = |p: &Path, shape| check(p, shape, &inputs, Overwrite::Replace).unwrap_err();

        // The copies themselves, a file inside one, a folder around one.
        assert!(err(&b, Shape::File).contains("copies being merged"));
        assert!(err(&a.join("x.txt"), Shape::File).contains("copies being merged"));
        assert!(err(&a.join("new.jsonl"), Shape::File).contains("copies being merged"));
        assert!(err(&a, Shape::Folder).contains("copies being merged"));
        assert!(err(dir.path(), Shape::Folder).contains("copies being merged"));
        // Through `..` too.
        assert!(err(&a.join("../b.jsonl"), Shape::File).contains("copies being merged"));
        // Elsewhere: only the overwrite rule, named with merge's flag.
        let old = dir.path().join("old.jsonl");
        std::fs::write(&old, "mine\n").unwrap();
        assert!(check(&old, Shape::File, &inputs, Overwrite::Refuse)
            .unwrap_err()
            .contains("pass --overwrite"));
        assert!(check(&old, Shape::File, &inputs, Overwrite::Replace).is_ok());
    }
}
