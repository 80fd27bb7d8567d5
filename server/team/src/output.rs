//! What `pactum merge` may write over, checked before anything is written
//! (the rules of `pactum export`, issue 15): never one of the copies being
//! merged (a file of them, or into their folder), never a special file
//! (`/dev/full`, a FIFO) or a symlink (writing would replace the device or
//! go where the link points), and an existing output only when the user
//! says so (`Overwrite::Replace`, `--overwrite`). Files are then written
//! atomically (a temporary file renamed over the target).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use pactum_store::temp;
use pactum_store::untrusted::resolved;

/// Whether a merge may replace outputs that already exist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overwrite {
    /// An existing output file or non-empty output folder is an error.
    #[default]
    Refuse,
    /// Existing regular files are replaced (in a folder: the documents'
    /// own files; other files there are left alone).
    Replace,
}

/// What kind of path the caller means to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    File,
    Folder,
}

/// The flag that allows replacing, named in messages.
pub const OVERWRITE_FLAG: &str = "--overwrite";

fn refuse(path: &Path, why: impl std::fmt::Display) -> String {
    format!("refusing to write {}: {why} (nothing was written)", path.display())
}

/// Checks one output path against the inputs (the copies' paths as given:
/// files or folders) and the overwrite rule.
pub fn check(path: &Path, shape: Shape, inputs: &[&Path], overwrite: Overwrite) -> Result<(), String> {
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta.file_type()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(refuse(path, e)),
    };
    if let Some(t) = existing {
        if t.is_symlink() {
            return Err(refuse(
                path,
                "it is a symlink (writing would go where it points; name its target, or another path)",
            ));
        }
        let fits = match shape {
            Shape::File => t.is_file(),
            Shape::Folder => t.is_dir(),
        };
        if !fits {
            let is = if t.is_dir() {
                "a folder"
            } else if t.is_file() {
                "a file"
            } else {
                "a special file (a device, FIFO or socket is never replaced)"
            };
            let wanted = if shape == Shape::File { "a file" } else { "a folder" };
            return Err(refuse(path, format!("it is {is}, and {wanted} is written there")));
        }
    }
    let target = resolved(path);
    for input in inputs {
        let Ok(input) = std::fs::canonicalize(input) else { continue };
        let clash = if input.is_dir() {
            // Never into a copy's folder; a folder output never around one.
            target.starts_with(&input) || (shape == Shape::Folder && input.starts_with(&target))
        } else {
            target == input || (shape == Shape::Folder && input.starts_with(&target))
        };
        if clash {
            return Err(refuse(
                path,
                format!(
                    "{} is one of the copies being merged (or holds one); choose an output outside them",
                    input.display()
                ),
            ));
        }
    }
    let busy = match shape {
        Shape::File => existing.is_some(),
        Shape::Folder => std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some()),
    };
    if busy && overwrite == Overwrite::Refuse {
        return Err(refuse(path, format!("it already exists; pass {OVERWRITE_FLAG} to replace it")));
    }
    Ok(())
}

/// Checks a file about to be written inside an output folder that may
/// already hold files: it must stay inside the folder (no symlinked
/// subfolder leading out) and be a regular file if it exists.
pub fn check_inside(folder: &Path, path: &Path) -> Result<(), String> {
    if !resolved(path).starts_with(resolved(folder)) {
        return Err(refuse(path, format!("it leads out of {} (a symlinked folder?)", folder.display())));
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refuse(path, "it is a symlink")),
        Ok(meta) if !meta.is_file() => Err(refuse(path, "it exists and is not a regular file")),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, then a
/// rename over it (a crash leaves the old file or the new, never half).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    temp::clean_stale(path);
    let tmp = temp::temp_path(path);
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn inputs_special_files_and_symlinks_are_refused_and_existing_files_need_replace() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        std::fs::create_dir(&a).unwrap();
        std::fs::write(a.join("x.txt"), "text").unwrap();
        let b = dir.path().join("b.jsonl");
        std::fs::write(&b, "{}\n").unwrap();
        let inputs = [a.as_path(), b.as_path()];
        let err = |p: &Path, shape, ow| check(p, shape, &inputs, ow).unwrap_err();

        // The copies themselves, a file inside one, a folder around one.
        assert!(err(&b, Shape::File, Overwrite::Replace).contains("copies being merged"));
        assert!(err(&a.join("x.txt"), Shape::File, Overwrite::Replace).contains("copies being merged"));
        assert!(err(&a.join("new.jsonl"), Shape::File, Overwrite::Replace).contains("copies being merged"));
        assert!(err(&a, Shape::Folder, Overwrite::Replace).contains("copies being merged"));
        assert!(err(dir.path(), Shape::Folder, Overwrite::Replace).contains("copies being merged"));
        // Through `..` too.
        assert!(err(&a.join("../b.jsonl"), Shape::File, Overwrite::Replace).contains("copies being merged"));

        // A device, a symlink (dangling or not), a folder where a file goes.
        assert!(err(Path::new("/dev/null"), Shape::File, Overwrite::Replace).contains("special file"));
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        assert!(err(&link, Shape::File, Overwrite::Replace).contains("symlink"));
        let folder_link = dir.path().join("out-link");
        std::os::unix::fs::symlink(tempfile::tempdir().unwrap().path(), &folder_link).unwrap();
        assert!(err(&folder_link, Shape::Folder, Overwrite::Replace).contains("symlink"));
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(err(&sub, Shape::File, Overwrite::Replace).contains("a folder"));

        // An existing file, a non-empty folder: only when replacing.
        let old = dir.path().join("old.jsonl");
        std::fs::write(&old, "mine\n").unwrap();
        assert!(err(&old, Shape::File, Overwrite::Refuse).contains("pass --overwrite"));
        assert!(check(&old, Shape::File, &inputs, Overwrite::Replace).is_ok());
        std::fs::write(sub.join("y"), "").unwrap();
        assert!(err(&sub, Shape::Folder, Overwrite::Refuse).contains("pass --overwrite"));
        assert!(check(&sub, Shape::Folder, &inputs, Overwrite::Replace).is_ok());
        // New paths and empty folders are fine.
        assert!(check(&dir.path().join("new.jsonl"), Shape::File, &inputs, Overwrite::Refuse).is_ok());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check(&empty, Shape::Folder, &inputs, Overwrite::Refuse).is_ok());
    }

    #[test]
    fn files_inside_an_output_folder_stay_inside_and_regular() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), out.join("sub")).unwrap();
        std::os::unix::fs::symlink("/dev/null", out.join("x.txt")).unwrap();
        assert!(check_inside(&out, &out.join("sub/y.txt")).unwrap_err().contains("leads out"));
        assert!(check_inside(&out, &out.join("x.txt")).unwrap_err().contains("symlink"));
        assert!(check_inside(&out, &out.join("z.txt")).is_ok());
        write_atomic(&out.join("z.txt"), b"new").unwrap();
        write_atomic(&out.join("z.txt"), b"newer").unwrap();
        assert_eq!(std::fs::read_to_string(out.join("z.txt")).unwrap(), "newer");
    }
}
