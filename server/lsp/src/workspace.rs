//! Looking through the text: whole-word occurrences of a string, and the
//! `.txt` files of the workspace.

use std::path::{Path, PathBuf};

/// Byte offsets of the occurrences of `needle` not inside a longer word.
pub fn whole_word_matches<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    text.match_indices(needle).filter(move |(b, m)| {
        let before = text[..*b].chars().next_back();
        let after = text[b + m.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        let starts_word = needle.chars().next().is_some_and(char::is_alphanumeric);
        let ends_word = needle.chars().next_back().is_some_and(char::is_alphanumeric);
        (!starts_word || !word(before)) && (!ends_word || !word(after))
    })
}

/// The `.txt` files of the workspace, sorted, all of them (callers run off
/// the server's thread). Symlinks as `pactum_store::corpus::walk_ext` says:
/// folders not followed, texts inside the root taken at their target, texts
/// outside skipped (`Err`, with the message to show).
pub fn workspace_texts(root: &Path) -> impl Iterator<Item = Result<PathBuf, String>> {
    let roots = [root.to_path_buf()];
    pactum_store::corpus::walk(&roots)
        .map(|r| r.map(|f| f.path).map_err(|e| format!("{}: {}", e.path.display(), e.message)))
        .collect::<Vec<_>>()
        .into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        let text = "Ascendas, Ascendasx and “Ascendas” xAscendas";
        let hits: Vec<usize> = whole_word_matches(text, "Ascendas").map(|(b, _)| b).collect();
        assert_eq!(hits, vec![0, text.find("“").unwrap() + 3]);
    }

    #[test]
    fn finds_txt_files_but_not_hidden_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/.git")).unwrap();
        for f in ["a/x.txt", "a/.git/y.txt", "z.txt", "n.md"] {
            std::fs::write(dir.path().join(f), "t").unwrap();
        }
        let found: Vec<PathBuf> = workspace_texts(dir.path()).filter_map(Result::ok).collect();
        assert_eq!(found, vec![dir.path().join("a/x.txt"), dir.path().join("z.txt")]);
    }
}
