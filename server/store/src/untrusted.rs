//! Reading files we did not write: a cloned repository may hold a FIFO, a
//! symlink to `/dev/zero` or `/dev/stdin`, a 300 MB "schema", or a symlink
//! that leads out of the workspace. Every read of an outside file (annotation
//! files, `pactum.toml`, schemas, texts, annotators' copies) goes through here:
//!
//! - the file is opened non-blocking (a FIFO never blocks the open), then the
//!   *opened* file's type is checked: only regular files are read;
//! - its size is capped per kind ([`Kind::cap`]), checked before reading and
//!   again while reading (a file growing under us stops at the cap);
//! - with a [`Root`], the path is resolved (symlinks followed) and refused
//!   when it ends outside the canonical root.
//!
//! Errors are values naming the path, what is wrong and what to do.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What a file is for; decides its size cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `*.ann.json` (a 16 MB text densely annotated stays well below).
    Annotations,
    /// A label schema (JSON; the bundled one is a few KB).
    Schema,
    /// `pactum.toml`.
    Config,
    /// A text to annotate or export (the editor stops analysing at 16 MB).
    Text,
    /// A JSON-lines file of many documents (an annotator's copy, an import).
    Lines,
}

const MIB: u64 = 1024 * 1024;

impl Kind {
    /// The largest file of this kind that is read, in bytes.
    pub const fn cap(self) -> u64 {
        match self {
            Kind::Annotations => 64 * MIB,
            Kind::Schema => 4 * MIB,
            Kind::Config => MIB,
            Kind::Text => 64 * MIB,
            Kind::Lines => 1024 * MIB,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Annotations => "annotation file",
            Kind::Schema => "schema",
            Kind::Config => "configuration file",
            Kind::Text => "text",
            Kind::Lines => "JSON-lines file",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum UntrustedError {
    #[error("{} does not exist", path.display())]
    NotFound { path: PathBuf },
    #[error("{} is {what}, not a regular file: refused (only regular files are read; replace it with a file or remove it)", path.display())]
    NotRegular { path: PathBuf, what: &'static str },
    #[error("{} is {size} bytes, more than the {cap} bytes a {kind} may have: refused (is it the right file?)", path.display())]
    TooBig { path: PathBuf, size: u64, cap: u64, kind: &'static str },
    #[error("{} leads outside the workspace {} (to {}): refused (only files inside it are read or written here)", path.display(), root.display(), target.display())]
    OutsideRoot { path: PathBuf, target: PathBuf, root: PathBuf },
    #[error("{} is not valid UTF-8 (invalid byte at offset {offset})", path.display())]
    NotUtf8 { path: PathBuf, offset: usize },
    #[error("cannot read {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl UntrustedError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, UntrustedError::NotFound { .. })
    }

    fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            UntrustedError::NotFound { path: path.to_path_buf() }
        } else {
            UntrustedError::Io { path: path.to_path_buf(), source }
        }
    }
}

/// The folder files must stay in (the workspace, `--root`), canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    canonical: PathBuf,
}

impl Root {
    /// `root` resolved once (symlinks in the root's own path are fine).
    pub fn new(root: &Path) -> Result<Root, UntrustedError> {
        let canonical = std::fs::canonicalize(root).map_err(|e| UntrustedError::io(root, e))?;
        Ok(Root { canonical })
    }

    pub fn path(&self) -> &Path {
        &self.canonical
    }

    /// Whether an already canonical path is inside the root.
    pub fn contains(&self, canonical: &Path) -> bool {
        canonical.starts_with(&self.canonical)
    }

    /// Where `path` (relative paths are taken from the root) really is,
    /// symlinks followed; refused when that is outside the root.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, UntrustedError> {
        let joined = self.canonical.join(path);
        match std::fs::canonicalize(&joined) {
            Ok(target) => self.check(&joined, target),
            Err(e) => match std::fs::read_link(&joined) {
                // A symlink that cannot be resolved (`/dev/stdin` on a pipe,
                // a dangling link): refused when it points out.
                Ok(link) if link.is_absolute() && !link.starts_with(&self.canonical) => {
                    Err(UntrustedError::OutsideRoot {
                        path: joined,
                        target: link,
                        root: self.canonical.clone(),
                    })
                }
                _ => Err(UntrustedError::io(&joined, e)),
            },
        }
    }

    /// [`Root::resolve`] for a path that may not exist yet (a file about to
    /// be written): its folder must resolve inside the root, and the file
    /// itself, when it exists, too.
    pub fn resolve_for_write(&self, path: &Path) -> Result<PathBuf, UntrustedError> {
        let joined = self.canonical.join(path);
        match std::fs::canonicalize(&joined) {
            Ok(target) => self.check(&joined, target),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // A dangling symlink would be written through: refuse it.
                if std::fs::symlink_metadata(&joined).is_ok() {
                    return Err(UntrustedError::OutsideRoot {
                        path: joined.clone(),
                        target: std::fs::read_link(&joined).unwrap_or_default(),
                        root: self.canonical.clone(),
                    });
                }
                let (Some(parent), Some(name)) = (joined.parent(), joined.file_name()) else {
                    return Err(UntrustedError::io(&joined, e));
                };
                let dir = self.resolve_for_write(parent)?;
                Ok(dir.join(name))
            }
            Err(e) => Err(UntrustedError::io(&joined, e)),
        }
    }

    fn check(&self, path: &Path, target: PathBuf) -> Result<PathBuf, UntrustedError> {
        if self.contains(&target) {
            Ok(target)
        } else {
            Err(UntrustedError::OutsideRoot {
                path: path.to_path_buf(),
                target,
                root: self.canonical.clone(),
            })
        }
    }

    /// [`read`] of a file that must be inside the root.
    pub fn read(&self, path: &Path, kind: Kind) -> Result<Vec<u8>, UntrustedError> {
        let target = self.resolve(path)?;
        read(&target, kind).map_err(|e| e.renamed(path))
    }

    /// [`read_text`] of a file that must be inside the root.
    pub fn read_text(&self, path: &Path, kind: Kind) -> Result<String, UntrustedError> {
        let bytes = self.read(path, kind)?;
        utf8(path, bytes)
    }
}

impl UntrustedError {
    /// Names the path the caller gave rather than the resolved one.
    fn renamed(self, given: &Path) -> Self {
        let given = given.to_path_buf();
        match self {
            UntrustedError::NotFound { .. } => UntrustedError::NotFound { path: given },
            UntrustedError::NotRegular { what, .. } => UntrustedError::NotRegular { path: given, what },
            UntrustedError::TooBig { size, cap, kind, .. } => {
                UntrustedError::TooBig { path: given, size, cap, kind }
            }
            UntrustedError::NotUtf8 { offset, .. } => UntrustedError::NotUtf8 { path: given, offset },
            UntrustedError::Io { source, .. } => UntrustedError::Io { path: given, source },
            other => other,
        }
    }
}

/// Opens `path` for reading without ever blocking on it and checks it is a
/// regular file no bigger than `kind`'s cap. The file may be read in pieces
/// afterwards (an import streams its lines); [`read`] reads it whole.
pub fn open(path: &Path, kind: Kind) -> Result<(File, u64), UntrustedError> {
    let file = open_nonblocking(path).map_err(|e| UntrustedError::io(path, e))?;
    let meta = file.metadata().map_err(|e| UntrustedError::io(path, e))?;
    let file_type = meta.file_type();
    if !file_type.is_file() {
        return Err(UntrustedError::NotRegular { path: path.to_path_buf(), what: describe(&file_type) });
    }
    let size = meta.len();
    if size > kind.cap() {
        return Err(UntrustedError::TooBig {
            path: path.to_path_buf(),
            size,
            cap: kind.cap(),
            kind: kind.name(),
        });
    }
    Ok((file, size))
}

/// The bytes of a regular file of at most `kind`'s cap (see [`open`]).
pub fn read(path: &Path, kind: Kind) -> Result<Vec<u8>, UntrustedError> {
    let (file, size) = open(path, kind)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // One byte past the cap tells a file that grew since the check.
    file.take(kind.cap() + 1).read_to_end(&mut bytes).map_err(|e| UntrustedError::io(path, e))?;
    let read = bytes.len() as u64;
    if read > kind.cap() {
        return Err(UntrustedError::TooBig {
            path: path.to_path_buf(),
            size: read,
            cap: kind.cap(),
            kind: kind.name(),
        });
    }
    Ok(bytes)
}

/// [`read`], as UTF-8.
pub fn read_text(path: &Path, kind: Kind) -> Result<String, UntrustedError> {
    utf8(path, read(path, kind)?)
}

fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, UntrustedError> {
    String::from_utf8(bytes).map_err(|e| UntrustedError::NotUtf8 {
        path: path.to_path_buf(),
        offset: e.utf8_error().valid_up_to(),
    })
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a FIFO returns at once instead of waiting for a
    // writer; O_NOCTTY: a terminal never becomes our controlling one. Neither
    // changes how a regular file reads.
    std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY).open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn describe(t: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn mkfifo(path: &Path) {
        let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo has no other preconditions.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[test]
    fn reads_regular_files_and_refuses_everything_else_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let ok = dir.path().join("a.json");
        std::fs::write(&ok, "{}").unwrap();
        assert_eq!(read(&ok, Kind::Schema).unwrap(), b"{}");
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        let started = Instant::now();
        for (path, what) in [
            (fifo.as_path(), "FIFO"),
            (Path::new("/dev/zero"), "character device"),
            (Path::new("/dev/null"), "character device"),
            (dir.path(), "directory"),
        ] {
            let err = read(path, Kind::Annotations).unwrap_err();
            assert!(err.to_string().contains(what), "{path:?}: {err}");
            assert!(err.to_string().contains(&path.display().to_string()), "{err}");
        }
        assert!(started.elapsed() < Duration::from_secs(2), "nothing blocks");
        assert!(read(&dir.path().join("missing"), Kind::Text).unwrap_err().is_not_found());
    }

    #[test]
    fn sizes_are_capped_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        // Sparse: 300 MB on paper, nothing on disk.
        File::create(&big).unwrap().set_len(300 * MIB).unwrap();
        let err = read(&big, Kind::Schema).unwrap_err();
        assert!(matches!(err, UntrustedError::TooBig { size, .. } if size == 300 * MIB), "{err}");
        assert!(err.to_string().contains("schema"), "{err}");
        let exact = dir.path().join("exact.toml");
        File::create(&exact).unwrap().set_len(Kind::Config.cap()).unwrap();
        assert_eq!(read(&exact, Kind::Config).unwrap().len() as u64, Kind::Config.cap());
        File::create(&exact).unwrap().set_len(Kind::Config.cap() + 1).unwrap();
        assert!(read(&exact, Kind::Config).is_err());
    }

    #[test]
    fn a_root_refuses_symlinks_that_lead_out() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "s").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = Root::new(dir.path()).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/in.txt"), "in").unwrap();
        std::os::unix::fs::symlink(dir.path().join("sub/in.txt"), dir.path().join("inside.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), dir.path().join("out.txt")).unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("outdir")).unwrap();
        assert_eq!(root.read_text(Path::new("inside.txt"), Kind::Text).unwrap(), "in");
        assert_eq!(root.read_text(&dir.path().join("sub/in.txt"), Kind::Text).unwrap(), "in");
        for p in ["out.txt", "outdir/secret.txt", "../x", "sub/../../x"] {
            let err = root.read(Path::new(p), Kind::Text).unwrap_err();
            assert!(
                matches!(err, UntrustedError::OutsideRoot { .. } | UntrustedError::NotFound { .. }),
                "{p}: {err}"
            );
        }
        assert!(matches!(
            root.read(Path::new("out.txt"), Kind::Text),
            Err(UntrustedError::OutsideRoot { .. })
        ));
        // Writing: a new file in a folder inside is fine; through a symlinked
        // folder, a symlink or `..` out is not.
        assert!(root.resolve_for_write(Path::new("sub/new/deeper.json")).is_ok());
        for p in ["outdir/new.json", "out.txt", "../new.json"] {
            assert!(root.resolve_for_write(Path::new(p)).is_err(), "{p}");
        }
        std::os::unix::fs::symlink(outside.path().join("nothing-yet"), dir.path().join("dangling")).unwrap();
        assert!(root.resolve_for_write(Path::new("dangling")).is_err());
    }
}

/// `path` with its existing part canonical (symlinks and `..` resolved),
/// for a path that may not exist yet (an output about to be written): the
/// guards of `export` and `merge` compare outputs with inputs by it.
pub fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => resolved(parent).join(name),
        (_, Some(name)) => {
            std::env::current_dir().map(|d| d.join(name)).unwrap_or_else(|_| path.to_path_buf())
        }
        _ => path.to_path_buf(),
    }
}
