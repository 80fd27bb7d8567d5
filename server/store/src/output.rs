//! What a command may write over, checked before anything is written — one
//! guard for `pactum export` and `pactum merge` (and the editor's export):
//! never a special file (`/dev/full`, a FIFO) or a symlink (writing would
//! replace the device or go where the link points), never one of the
//! command's own inputs (the caller says what clashes), and an existing
//! output only when the user says so ([`Overwrite::Replace`]). Files are
//! then written atomically (a temporary file renamed over the target).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use super::temp;
use super::untrusted::resolved;

/// Whether a command may replace outputs that already exist.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Overwrite {
    /// An existing output file or non-empty output folder is an error.
    #[default]
    Refuse,
    /// Existing regular files are replaced (in a folder: the command's own
    /// files; other files there are left alone).
    Replace,
}

/// What kind of path the caller means to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    File,
    Folder,
}

/// One output the caller means to write.
#[derive(Debug, Clone, Copy)]
pub struct Output<'a> {
    pub path: &'a Path,
    pub shape: Shape,
    pub overwrite: Overwrite,
    /// How the user allows replacing, named in the message (`--force`,
    /// `--overwrite`).
    pub allow_with: &'a str,
}

/// The message of a refused output: what, where, and that nothing happened.
pub fn refused(path: &Path, why: impl std::fmt::Display) -> String {
    format!("refusing to write {}: {why} (nothing was written)", path.display())
}

/// Checks `output` before anything is written. `clash` is given where the
/// output really is (symlinked folders and `..` resolved) and names the
/// input it would overwrite or hold, if any.
pub fn check(output: Output, clash: impl Fn(&Path) -> Option<String>) -> Result<(), String> {
    let Output { path, shape, overwrite, allow_with } = output;
    let existing = match std::fs::symlink_metadata(path) {
        Ok(meta) => Some(meta.file_type()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(refused(path, e)),
    };
    if let Some(t) = existing {
        if t.is_symlink() {
            return Err(refused(
                path,
                "it is a symlink (writing would go where it points; name its target, or another path)",
            ));
        }
        let fits = match shape {
            Shape::File => t.is_file(),
            Shape::Folder => t.is_dir(),
        };
        if !fits {
            let why = if t.is_dir() || t.is_file() {
                let is = if t.is_dir() { "a directory" } else { "a file" };
                let wanted = match shape {
                    Shape::File => "a file",
                    Shape::Folder => "a folder",
                };
                format!("it is {is}, and {wanted} is written there")
            } else {
                "it is a special file, not a regular file (a device, FIFO or socket is never replaced)"
                    .to_string()
            };
            return Err(refused(path, why));
        }
    }
    if let Some(why) = clash(&resolved(path)) {
        return Err(refused(path, why));
    }
    let busy = match shape {
        Shape::File => existing.is_some(),
        Shape::Folder => std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_some()),
    };
    if busy && overwrite == Overwrite::Refuse {
        return Err(refused(path, format!("it already exists; pass {allow_with} to replace it")));
    }
    Ok(())
}

/// Checks a file about to be written inside an output folder that may
/// already hold files: it must stay inside the folder (no symlinked
/// subfolder leading out) and be a regular file if it exists.
pub fn check_inside(folder: &Path, path: &Path) -> Result<(), String> {
    if !resolved(path).starts_with(resolved(folder)) {
        return Err(refused(path, format!("it leads out of {} (a symlinked folder?)", folder.display())));
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => Err(refused(path, "it is a symlink")),
        Ok(meta) if !meta.is_file() => Err(refused(path, "it exists and is not a regular file")),
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

    fn output(path: &Path, shape: Shape, overwrite: Overwrite) -> Output<'_> {
        Output { path, shape, overwrite, allow_with: "--overwrite" }
    }

    #[test]
    fn special_files_symlinks_wrong_shapes_and_clashes_are_refused_existing_ones_need_replace() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.txt");
        std::fs::write(&input, "text").unwrap();
        let canonical = std::fs::canonicalize(&input).unwrap();
        let clash = |target: &Path| (target == canonical).then(|| "it is an input".to_string());
        let err = |p: &Path, shape, ow| check(output(p, shape, ow), clash).unwrap_err();

        // The input, also through `..`.
        assert!(err(&input, Shape::File, Overwrite::Replace).contains("it is an input"));
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        assert!(err(&sub.join("../in.txt"), Shape::File, Overwrite::Replace).contains("it is an input"));

        // A device, a symlink (dangling or not), a folder where a file goes.
        assert!(err(Path::new("/dev/null"), Shape::File, Overwrite::Replace).contains("special file"));
        let link = dir.path().join("link.jsonl");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
        assert!(err(&link, Shape::File, Overwrite::Replace).contains("symlink"));
        let folder_link = dir.path().join("out-link");
        let elsewhere = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(elsewhere.path(), &folder_link).unwrap();
        assert!(err(&folder_link, Shape::Folder, Overwrite::Replace).contains("symlink"));
        assert!(err(&sub, Shape::File, Overwrite::Replace).contains("is a directory"));
        assert!(err(&input, Shape::Folder, Overwrite::Replace).contains("is a file"));

        // An existing file, a non-empty folder: only when replacing.
        let old = dir.path().join("old.jsonl");
        std::fs::write(&old, "mine\n").unwrap();
        let message = err(&old, Shape::File, Overwrite::Refuse);
        assert!(message.contains("pass --overwrite") && message.contains("nothing was written"), "{message}");
        assert!(check(output(&old, Shape::File, Overwrite::Replace), clash).is_ok());
        std::fs::write(sub.join("y"), "").unwrap();
        assert!(err(&sub, Shape::Folder, Overwrite::Refuse).contains("pass --overwrite"));
        assert!(check(output(&sub, Shape::Folder, Overwrite::Replace), clash).is_ok());
        // New paths and empty folders are fine.
        assert!(check(output(&dir.path().join("new.jsonl"), Shape::File, Overwrite::Refuse), clash).is_ok());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(check(output(&empty, Shape::Folder, Overwrite::Refuse), clash).is_ok());
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
