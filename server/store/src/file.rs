//! Reading and writing annotation files, atomically.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{temp, untrusted, Sidecar, FORMAT_VERSION};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Not a regular file, too big, or not found where it must be.
    #[error(transparent)]
    Untrusted(#[from] untrusted::UntrustedError),
    #[error("{path} is not a valid annotation file: {message}")]
    Malformed { path: PathBuf, message: String },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// `article.txt` → `article.txt.ann.json`.
pub fn sidecar_path(text_path: &Path) -> PathBuf {
    let mut name = text_path.as_os_str().to_owned();
    name.push(".ann.json");
    PathBuf::from(name)
}

/// Loads an annotation file. `Ok(None)` when there is none.
///
/// A malformed file is an error, never silently replaced: the caller must
/// keep it on disk until the user has decided what to do.
pub fn load(path: &Path) -> Result<Option<Sidecar>, StoreError> {
    // Never blocks on a FIFO, never reads /dev/zero or a huge file.
    parse(path, untrusted::read(path, untrusted::Kind::Annotations))
}

/// [`load`] of a file that must be inside `root` (a symlink leading out is
/// refused): the language server's workspace index.
pub fn load_within(root: &untrusted::Root, path: &Path) -> Result<Option<Sidecar>, StoreError> {
    parse(path, root.read(path, untrusted::Kind::Annotations))
}

fn parse(
    path: &Path,
    read: Result<Vec<u8>, untrusted::UntrustedError>,
) -> Result<Option<Sidecar>, StoreError> {
    let bytes = match read {
        Ok(b) => b,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => return Err(StoreError::Untrusted(e)),
    };
    let malformed = |message: String| StoreError::Malformed { path: path.to_path_buf(), message };
    let text = std::str::from_utf8(&bytes).map_err(|e| malformed(format!("not UTF-8 ({e})")))?;
    let sidecar: Sidecar = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    if sidecar.version != FORMAT_VERSION {
        return Err(malformed(format!(
            "format version {} is not supported (this Pactum reads version {FORMAT_VERSION})",
            sidecar.version
        )));
    }
    let mut ids = std::collections::HashMap::new();
    for (i, a) in sidecar.annotations.iter().enumerate() {
        // Commands name annotations by id: a repeated id would make
        // "Remove" or "Change label" act on the wrong span.
        if let Some(first) = ids.insert(a.id.as_str(), i) {
            return Err(malformed(format!(
                "annotations[{first}] and annotations[{i}] have the same id {:?}; give one of them another id",
                a.id
            )));
        }
        if a.start >= a.end {
            return Err(malformed(format!(
                "annotations[{i}] (id {}) has start {} not before end {}",
                a.id, a.start, a.end
            )));
        }
    }
    // A relation pointing at no annotation is refused, never dropped: the
    // user sees which one and fixes or deletes it.
    if let Some(problem) = sidecar.relation_problems().first() {
        return Err(malformed(format!("{problem} (fix or remove it in `relations`)")));
    }
    Ok(Some(sidecar))
}

/// Writes the annotation file atomically: a temporary file in the same
/// folder, fsync, rename over the old file, fsync of the folder. A crash at
/// any point leaves either the old or the new file, never a torn one.
pub fn save(path: &Path, sidecar: &Sidecar) -> Result<(), StoreError> {
    let werr = |source| StoreError::Write { path: path.to_path_buf(), source };
    let mut sorted = sidecar.clone();
    sorted.sort();
    let mut json = serde_json::to_string_pretty(&sorted).map_err(|e| werr(std::io::Error::other(e)))?;
    json.push('\n');

    let dir = temp::folder_of(path);
    // A writer killed before its rename left its temporary file behind.
    temp::clean_stale(path);
    let tmp = temp::temp_path(path);
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(json.as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // Make the rename itself durable. Not every platform can open a
        // directory, so a failure here is not an error.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result.map_err(werr)
}

#[cfg(test)]
mod tests {
    use super::super::{Annotation, Status};
    use super::*;

    #[test]
    fn save_then_load_round_trips_and_sorts() {
        let dir = tempfile::tempdir().unwrap();
        let text_path = dir.path().join("a.txt");
        let path = sidecar_path(&text_path);
        assert!(path.ends_with("a.txt.ann.json"));
        assert!(load(&path).unwrap().is_none());

        let text = "Technopolis met Ascendas.";
        let mut s = Sidecar::new("parks-v1", text);
        s.annotations.push(Annotation::new(text, 16, 24, "ORG", Status::Accepted).unwrap());
        s.annotations.push(Annotation::new(text, 0, 11, "ORG", Status::Accepted).unwrap());
        save(&path, &s).unwrap();
        let back = load(&path).unwrap().unwrap();
        assert_eq!(back.annotations[0].start, 0);
        assert_eq!(back.annotations.len(), 2);
        // No temporary file is left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn relations_round_trip_and_old_files_still_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        let text = "Technopolis signed an MOU.";
        let mut s = Sidecar::new("parks-v1", text);
        let org = Annotation::new(text, 0, 11, "ORG", Status::Accepted).unwrap();
        let mou = Annotation::new(text, 22, 25, "AGREEMENT", Status::Accepted).unwrap();
        s.annotations.extend([mou.clone(), org.clone()]);
        save(&path, &s).unwrap();
        // No relations: no `relations` key, as files were before.
        assert!(!fs::read_to_string(&path).unwrap().contains("relations"));
        let id = s.add_relation(&mou.id, &org.id, "party", Status::Accepted, Some("anna")).unwrap();
        save(&path, &s).unwrap();
        let back = load(&path).unwrap().unwrap();
        assert_eq!(back.relations.len(), 1);
        assert_eq!(back.relation(&id).unwrap().head, mou.id);
        assert_eq!(back.relation(&id).unwrap().by.as_deref(), Some("anna"));

        let old = r#"{"version": 1, "schema": "parks-v1", "text_sha256": "00", "annotations": []}"#;
        fs::write(&path, old).unwrap();
        assert!(load(&path).unwrap().unwrap().relations.is_empty());
    }

    #[test]
    fn a_relation_to_a_missing_annotation_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        let bad = r#"{"version": 1, "schema": "parks-v1", "text_sha256": "00", "annotations": [],
            "relations": [{"id": "r1", "head": "a1", "child": "a2", "label": "party", "status": "accepted"}]}"#;
        fs::write(&path, bad).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("a.txt.ann.json") && err.contains("relation r1: its head `a1`"), "{err}");
    }

    #[test]
    fn malformed_files_are_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.txt.ann.json");
        for bad in [
            &b"{not json"[..],
            b"\xff\xfe",
            br#"{"version": 9, "schema": "s", "text_sha256": "", "annotations": []}"#,
        ] {
            fs::write(&path, bad).unwrap();
            let err = load(&path).unwrap_err();
            assert!(err.to_string().contains("x.txt.ann.json"), "{err}");
        }
        // The bad file is still there: loading never rewrites.
        assert!(path.exists());
    }

    #[test]
    fn duplicate_ids_are_an_error_naming_both() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        let text = "Technopolis met Ascendas.";
        let mut s = Sidecar::new("parks-v1", text);
        s.annotations.push(Annotation::new(text, 0, 11, "ORG", Status::Accepted).unwrap());
        let mut twin = Annotation::new(text, 16, 24, "ORG", Status::Accepted).unwrap();
        twin.id = s.annotations[0].id.clone();
        s.annotations.push(twin);
        save(&path, &s).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("annotations[0] and annotations[1] have the same id"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_save_removes_temp_files_left_by_a_killed_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        let left = dir.path().join(".a.txt.ann.json.4194398.tmp");
        fs::write(&left, "half a file").unwrap();
        save(&path, &Sidecar::new("parks-v1", "t")).unwrap();
        assert!(!left.exists());
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn an_annotation_file_that_is_a_fifo_or_device_is_refused_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt.ann.json");
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let err = load(&path).unwrap_err().to_string();
        assert!(err.contains("character device") && err.contains("a.txt.ann.json"), "{err}");
    }
}
