//! Turning command-line paths into a stream of text files.

use std::path::{Path, PathBuf};

/// One input document: where it is and the id it is reported under.
pub struct Input {
    pub path: PathBuf,
    /// The path as given, or for files found in a directory, the path below
    /// that directory (`corpus/a.txt` given as `corpus/` → `a.txt`).
    pub id: String,
}

/// Walks `paths` lazily: files are yielded as given; directories are walked
/// (sorted, following no symlink loops) for `*.txt`. Memory does not grow
/// with the number of files. Walk errors are yielded as `Err` with the path.
pub fn walk(paths: &[PathBuf]) -> impl Iterator<Item = Result<Input, (PathBuf, String)>> + '_ {
    paths.iter().flat_map(|given| -> Box<dyn Iterator<Item = Result<Input, (PathBuf, String)>>> {
        if given.is_dir() {
            let root = given.clone();
            Box::new(
                walkdir::WalkDir::new(given)
                    .follow_links(true)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(move |entry| match entry {
                        Ok(e) if e.file_type().is_file() && is_txt(e.path()) => {
                            let id = e
                                .path()
                                .strip_prefix(&root)
                                .unwrap_or(e.path())
                                .to_string_lossy()
                                .into_owned();
                            Some(Ok(Input { path: e.path().to_path_buf(), id }))
                        }
                        Ok(_) => None,
                        Err(err) => {
                            let p = err.path().map(Path::to_path_buf).unwrap_or_else(|| root.clone());
                            Some(Err((p, err.to_string())))
                        }
                    }),
            )
        } else {
            Box::new(std::iter::once(Ok(Input {
                path: given.clone(),
                id: given.to_string_lossy().into_owned(),
            })))
        }
    })
}

fn is_txt(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt")
}

/// Reads a text file as UTF-8, with a message that says what is wrong.
pub fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        let err = e.utf8_error();
        format!("not valid UTF-8 (invalid byte at offset {})", err.valid_up_to())
    })
}
