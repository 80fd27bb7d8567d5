//! Finding the text files to work on and reading them as UTF-8: shared by
//! `pactum annotate`, the exports and the language server's workspace scans.

use std::path::{Path, PathBuf};

use super::untrusted::{self, Kind, Root};

/// A file found under the given paths, and the id it is reported under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextFile {
    pub path: PathBuf,
    /// The path as given, or for files found in a directory, the path below
    /// that directory (`corpus/a.txt` given as `corpus/` → `a.txt`).
    pub id: String,
}

/// A directory entry that could not be read while walking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub path: PathBuf,
    pub message: String,
}

/// `*.txt` files under `paths`; see [`walk_ext`].
pub fn walk(paths: &[PathBuf]) -> impl Iterator<Item = Result<TextFile, WalkError>> + Send + '_ {
    walk_ext(paths, "txt")
}

/// Files under `paths`, lazily: a file is taken as given (whatever its
/// extension); a directory is walked in name order for files ending in
/// `.{extension}`, skipping hidden entries (`.git`, `.cache`) below it.
/// Memory does not grow with the number of files. `Send`, so that a reader
/// thread can walk while workers annotate (`parallel::ordered_map`).
///
/// Symlinks below a directory (a cloned repository may hold any): a
/// symlinked folder is not followed (skipped, without a message: what it
/// holds is either elsewhere in the tree or outside it); a symlinked file
/// whose target is inside the directory is taken at its target (so its
/// annotation file is written there, inside), one whose target is outside is
/// skipped with a [`WalkError`] saying so.
pub fn walk_ext<'a>(
    paths: &'a [PathBuf],
    extension: &'a str,
) -> impl Iterator<Item = Result<TextFile, WalkError>> + Send + 'a {
    paths.iter().flat_map(move |given| -> Box<dyn Iterator<Item = Result<TextFile, WalkError>> + Send> {
        if !given.is_dir() {
            let id = given.to_string_lossy().into_owned();
            return Box::new(std::iter::once(Ok(TextFile { path: given.clone(), id })));
        }
        let root = given.clone();
        let inside = match Root::new(given) {
            Ok(r) => r,
            Err(e) => {
                return Box::new(std::iter::once(Err(WalkError { path: root, message: e.to_string() })))
            }
        };
        Box::new(
            walkdir::WalkDir::new(given)
                .follow_links(false)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                .filter_map(move |entry| {
                    let e = match entry {
                        Ok(e) => e,
                        Err(err) => {
                            let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                            return Some(Err(WalkError { path, message: err.to_string() }));
                        }
                    };
                    if !e.path().extension().is_some_and(|x| x == extension) {
                        return None;
                    }
                    let id = e.path().strip_prefix(&root).unwrap_or(e.path()).to_string_lossy().into_owned();
                    if e.file_type().is_file() {
                        return Some(Ok(TextFile { path: e.into_path(), id }));
                    }
                    if !e.path_is_symlink() {
                        return None;
                    }
                    match inside.resolve(e.path()) {
                        Ok(target) if target.is_file() => Some(Ok(TextFile { path: target, id })),
                        Ok(_) => None,
                        Err(err) => Some(Err(WalkError {
                            path: e.into_path(),
                            message: format!("symlink skipped: {err}"),
                        })),
                    }
                }),
        )
    })
}

/// Reads a text file as UTF-8, with a message that says what is wrong: only
/// a regular file of at most [`Kind::Text`]'s cap is read (see `untrusted`).
pub fn read_text(path: &Path) -> Result<String, String> {
    untrusted::read(path, Kind::Text)
        .map_err(|e| match e {
            // The caller names the path; keep the message about what is wrong.
            untrusted::UntrustedError::Io { source, .. } => source.to_string(),
            other => other.to_string(),
        })
        .and_then(|bytes| {
            String::from_utf8(bytes).map_err(|e| {
                format!("not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to())
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_txt_files_in_order_skipping_hidden_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("b/.git")).unwrap();
        for f in ["b/x.txt", "b/.git/y.txt", "a.txt", "n.md"] {
            std::fs::write(dir.path().join(f), "t").unwrap();
        }
        let given = [dir.path().to_path_buf(), dir.path().join("n.md")];
        let ids: Vec<String> = walk(&given).map(|r| r.unwrap().id).collect();
        let n_md = dir.path().join("n.md").to_string_lossy().into_owned();
        assert_eq!(ids, ["a.txt", "b/x.txt", n_md.as_str()]);
    }

    #[test]
    fn read_text_says_what_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("latin1.txt");
        std::fs::write(&p, b"caf\xe9").unwrap();
        assert!(read_text(&p).unwrap_err().contains("offset 3"));
        assert!(read_text(&dir.path().join("missing.txt")).is_err());
        assert!(read_text(Path::new("/dev/zero")).unwrap_err().contains("character device"));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_resolved_inside_and_skipped_outside() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("far.txt"), "far").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::fs::write(dir.path().join("real/a.txt"), "a").unwrap();
        let link =
            |target: &Path, name: &str| std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
        link(&dir.path().join("real/a.txt"), "near.txt");
        link(&outside.path().join("far.txt"), "far.txt");
        link(outside.path(), "elsewhere");
        link(&dir.path().join("real"), "again");
        let given = [dir.path().to_path_buf()];
        let found: Vec<_> = walk(&given).collect();
        let real_a = std::fs::canonicalize(dir.path().join("real/a.txt")).unwrap();
        let ok: Vec<(String, PathBuf)> =
            found.iter().filter_map(|r| r.as_ref().ok()).map(|f| (f.id.clone(), f.path.clone())).collect();
        assert_eq!(
            ok,
            [("near.txt".to_string(), real_a), ("real/a.txt".into(), dir.path().join("real/a.txt"))]
        );
        let errs: Vec<&WalkError> = found.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(errs[0].path.ends_with("far.txt") && errs[0].message.contains("outside"), "{errs:?}");
    }
}
