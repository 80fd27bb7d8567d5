//! Temporary files of atomic writes (`.<name>.<pid>.tmp` beside the
//! target, renamed over it when complete), and cleaning up the ones a killed
//! process left: `kill -9` between create and rename leaves one behind, and
//! nobody else would ever remove it.

use std::path::{Path, PathBuf};

/// The temporary file this process writes `target` through.
pub fn temp_path(target: &Path) -> PathBuf {
    let dir = folder_of(target);
    dir.join(format!(".{}.{}.tmp", file_name(target), std::process::id()))
}

/// The folder a file is written in (`.` for a bare name).
pub fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn file_name(target: &Path) -> String {
    target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// Removes the temporary files of `target` left by processes that no longer
/// run (only names of our own pattern, `.<name>.<pid>.tmp`; a live writer's
/// file is left alone). Returns how many were removed. Best effort: a folder
/// that cannot be listed is not an error for the write that follows.
pub fn clean_stale(target: &Path) -> usize {
    let prefix = format!(".{}.", file_name(target));
    let Ok(entries) = std::fs::read_dir(folder_of(target)) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.strip_suffix(".tmp"))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file
            && pid != std::process::id()
            && !is_running(pid)
            && std::fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(unix)]
fn is_running(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let alive = unsafe { libc::kill(pid, 0) } == 0;
    alive || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn is_running(_pid: u32) -> bool {
    // Without a cheap liveness check, never remove another writer's file.
    true
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn removes_only_dead_writers_temp_files_of_that_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.txt.ann.json");
        // A pid far above any pid_max: never running.
        let dead = dir.path().join(".a.txt.ann.json.4194399.tmp");
        let mine = temp_path(&target);
        let parent_alive =
            dir.path().join(format!(".a.txt.ann.json.{}.tmp", std::os::unix::process::parent_id()));
        let other_target = dir.path().join(".b.txt.ann.json.4194399.tmp");
        let not_ours = dir.path().join(".a.txt.ann.json.x.tmp");
        for p in [&dead, &mine, &parent_alive, &other_target, &not_ours] {
            std::fs::write(p, "x").unwrap();
        }
        assert_eq!(clean_stale(&target), 1);
        assert!(!dead.exists());
        for p in [&mine, &parent_alive, &other_target, &not_ours] {
            assert!(p.exists(), "{p:?}");
        }
    }
}
