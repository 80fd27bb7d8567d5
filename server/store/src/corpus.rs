//! Finding the text files to work on and reading them as UTF-8: shared by
//! `pactum annotate`, the exports and the language server's workspace scans.

use std::path::{Path, PathBuf};

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
        Box::new(
            walkdir::WalkDir::new(given)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
                .filter_map(move |entry| match entry {
                    Ok(e)
                        if e.file_type().is_file()
                            && e.path().extension().is_some_and(|x| x == extension) =>
                    {
                        let id =
                            e.path().strip_prefix(&root).unwrap_or(e.path()).to_string_lossy().into_owned();
                        Some(Ok(TextFile { path: e.into_path(), id }))
                    }
                    Ok(_) => None,
                    Err(err) => {
                        let path = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                        Some(Err(WalkError { path, message: err.to_string() }))
                    }
                }),
        )
    })
}

/// Reads a text file as UTF-8, with a message that says what is wrong.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes)
        .map_err(|e| format!("not valid UTF-8 (invalid byte at offset {})", e.utf8_error().valid_up_to()))
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
    }
}
