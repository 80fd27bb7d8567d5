//! Loading and saving one text's annotation file (`<file>.ann.json`) for the
//! server, on top of `pactum_store`.
//!
//! When the file is written (the rule, also in ARCHITECTURE.md): on every
//! annotation command and on didSave, with the offsets and the SHA-256 of the
//! editor's text at that moment — never on a plain edit. So the file always
//! describes exactly the text whose hash it carries; if that text was never
//! saved (the buffer was closed unsaved), the hashes differ on the next open
//! and the annotations are re-anchored by their text and context.

use std::path::Path;

use pactum_store::{self as store, ReanchorReport, Sidecar};
use ropey::Rope;

use super::annotations::Annotations;

/// Reads the annotations of the text at `text_path`, placed in `text`
/// (`rope` is the same text). Re-anchors them when the file was made for
/// another text, or when its offsets do not cover their recorded text (a
/// hand-edited file). `Err` carries a message for a malformed file, which
/// must then be left untouched on disk.
pub fn load(
    text_path: &Path,
    text: &str,
    rope: &Rope,
) -> Result<(Annotations, Option<ReanchorReport>), String> {
    let path = store::sidecar_path(text_path);
    let Some(mut sidecar) = store::load(&path).map_err(|e| e.to_string())? else {
        return Ok((Annotations::default(), None));
    };
    let len = rope.len_chars();
    let in_place = sidecar.matches_text(text)
        && sidecar
            .annotations
            .iter()
            .all(|a| a.stale || (a.end <= len && rope.slice(a.start..a.end) == a.text.as_str()));
    let document = sidecar.document.take();
    let report = (!in_place).then(|| store::reanchor(&mut sidecar, text));
    let mut annotations = Annotations::new(sidecar.annotations);
    annotations.document = document;
    annotations.relations = sidecar.relations;
    Ok((annotations, report))
}

/// Writes the annotations of `text` (held in `rope`) beside `text_path`,
/// refreshing each one's text and context first.
pub fn save(
    text_path: &Path,
    schema_id: &str,
    text: &str,
    rope: &Rope,
    annotations: &mut Annotations,
) -> Result<(), String> {
    annotations.refresh_all(rope);
    let mut sidecar = Sidecar::new(schema_id, text);
    sidecar.annotations = annotations.items.clone();
    sidecar.document = annotations.document.clone();
    sidecar.relations = annotations.relations.clone();
    store::save(&store::sidecar_path(text_path), &sidecar).map_err(|e| e.to_string())
}

/// A fingerprint of the annotation file's bytes (`None`: no file), to notice
/// changes made outside Pactum (hand edits, git) before writing over them.
pub fn stamp(text_path: &Path) -> Option<String> {
    use sha2::{Digest, Sha256};
    // The store's reader: a FIFO or /dev/zero in place of the file never blocks us.
    let bytes =
        store::untrusted::read(&store::sidecar_path(text_path), store::untrusted::Kind::Annotations).ok()?;
    Some(Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether an annotation file exists beside `text_path`.
pub fn exists(text_path: &Path) -> bool {
    store::sidecar_path(text_path).exists()
}

#[cfg(test)]
mod tests {
    use pactum_store::Status;

    use super::*;

    #[test]
    fn saves_then_loads_in_place_and_reanchors_after_outside_edits() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        let text = "Тро “Ascendas” met Technopolis.";
        let rope = Rope::from_str(text);
        let mut anns = Annotations::default();
        anns.set(&rope, 5, 13, "ORG", Status::Accepted);
        save(&path, "parks-v1", text, &rope, &mut anns).unwrap();

        let (back, report) = load(&path, text, &rope).unwrap();
        assert!(report.is_none());
        assert_eq!(back.items, anns.items);

        let edited = "Yesterday Тро “Ascendas” met Technopolis.";
        let (moved, report) = load(&path, edited, &Rope::from_str(edited)).unwrap();
        assert_eq!(report.unwrap().moved, 1);
        assert_eq!(moved.items[0].start, 15);

        std::fs::write(store::sidecar_path(&path), "{oops").unwrap();
        let err = load(&path, text, &rope).unwrap_err();
        assert!(err.contains("a.txt.ann.json"), "{err}");
    }
}
