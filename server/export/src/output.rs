//! Output files that appear whole or not at all: written to a temporary
//! file beside the target, then renamed over it. An export that fails
//! half-way leaves the previous output (or nothing), never a torn file.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::ExportError;

pub struct OutputFile {
    target: PathBuf,
    tmp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl OutputFile {
    /// Starts writing `target`; its folder is created when missing.
    pub fn create(target: &Path) -> Result<Self, ExportError> {
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&dir).map_err(|e| ExportError::write(&dir, e))?;
        // An export killed before its rename left its temporary file behind.
        pactum_store::temp::clean_stale(target);
        let tmp = pactum_store::temp::temp_path(target);
        let file = File::create(&tmp).map_err(|e| ExportError::write(target, e))?;
        Ok(OutputFile { target: target.to_path_buf(), tmp, writer: Some(BufWriter::new(file)) })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> Result<(), ExportError> {
        let target = &self.target;
        match self.writer.as_mut() {
            Some(w) => w.write_all(bytes).map_err(|e| ExportError::write(target, e)),
            None => Err(ExportError::write(target, std::io::Error::other("already committed"))),
        }
    }

    /// Flushes, syncs and renames the file into place; returns its path.
    pub fn commit(mut self) -> Result<PathBuf, ExportError> {
        let werr = |e| ExportError::write(&self.target, e);
        let writer = self.writer.take().ok_or_else(|| werr(std::io::Error::other("already committed")))?;
        let file = writer.into_inner().map_err(|e| werr(e.into_error()))?;
        file.sync_all().map_err(werr)?;
        drop(file);
        std::fs::rename(&self.tmp, &self.target).map_err(werr)?;
        Ok(self.target.clone())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes a whole file at once, atomically.
pub fn write_file(target: &Path, bytes: &[u8]) -> Result<PathBuf, ExportError> {
    let mut f = OutputFile::create(target)?;
    f.write_all(bytes)?;
    f.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_file_replaces_target_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/out.jsonl");
        let mut f = OutputFile::create(&target).unwrap();
        f.write_all(b"one\n").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "one\n");
        assert_eq!(std::fs::read_dir(dir.path().join("sub")).unwrap().count(), 1);
    }

    #[test]
    fn abandoned_file_keeps_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.jsonl");
        std::fs::write(&target, "old").unwrap();
        let mut f = OutputFile::create(&target).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
