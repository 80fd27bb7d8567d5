//! Who is annotating: the name recorded on each annotation (`by`) and on a
//! document's status. In order: `annotator = "…"` in `pactum.toml` (the
//! caller passes it in), else the `PACTUM_ANNOTATOR` environment variable,
//! else git's `user.name` as seen from the workspace. No name at all is not
//! an error: annotations are then saved without one.

use std::path::Path;
use std::process::{Command, Stdio};

/// The environment variable naming the annotator.
pub const ENV_VAR: &str = "PACTUM_ANNOTATOR";

/// Where the annotator's name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Config,
    Environment,
    Git,
}

/// The annotator's name and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotator {
    pub name: String,
    pub source: Source,
}

/// Resolves the annotator: `configured` (from `pactum.toml`), else
/// `PACTUM_ANNOTATOR`, else `git config user.name` run in `workspace`.
/// Blank names count as absent.
pub fn resolve(configured: Option<&str>, workspace: Option<&Path>) -> Option<Annotator> {
    let clean = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    if let Some(name) = configured.and_then(clean) {
        return Some(Annotator { name, source: Source::Config });
    }
    if let Some(name) = std::env::var(ENV_VAR).ok().as_deref().and_then(clean) {
        return Some(Annotator { name, source: Source::Environment });
    }
    git_user_name(workspace).and_then(|n| clean(&n)).map(|name| Annotator { name, source: Source::Git })
}

/// `git config user.name`, or `None` when git is missing or has no name.
fn git_user_name(workspace: Option<&Path>) -> Option<String> {
    let mut cmd = Command::new("git");
    cmd.args(["config", "user.name"]).stdin(Stdio::null()).stderr(Stdio::null());
    if let Some(dir) = workspace.filter(|d| d.is_dir()) {
        cmd.current_dir(dir);
    }
    let out = cmd.output().ok()?;
    if !out.status.success() {
        return None;
    }
    String::from_utf8(out.stdout).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_configured_name_wins_and_blank_names_do_not_count() {
        let a = resolve(Some("  Anna  "), None).unwrap();
        assert_eq!(a, Annotator { name: "Anna".into(), source: Source::Config });
        // A blank configured name falls through to the next source (whatever
        // this machine has), never to an empty name.
        if let Some(a) = resolve(Some("   "), None) {
            assert!(!a.name.is_empty());
            assert_ne!(a.source, Source::Config);
        }
    }

    #[test]
    fn git_user_name_of_a_repository_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let git = |args: &[&str]| Command::new("git").args(args).current_dir(dir.path()).output();
        if git(&["init", "-q"]).is_err() {
            return; // no git on this machine: nothing to check
        }
        git(&["config", "user.name", "Boris from git"]).unwrap();
        assert_eq!(git_user_name(Some(dir.path())).unwrap().trim(), "Boris from git");
    }
}
