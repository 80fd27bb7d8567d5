//! The workspace's Pactum configuration: `pactum.toml` at the root, keys
//! `schema` (a path relative to the file; without one, the built-in
//! `parks-v1` schema), `annotator` (the name recorded on annotations),
//! `compare_with` (another annotator's copy to adjudicate against, relative to
//! the file), `[suggestions] severity` and `disable` (engine rule ids to turn
//! off, e.g. `disable = ["org.legal-suffix"]`; without it, every rule) and
//! `learn` (`false`: no workspace learner, the engine's suggestions only). A
//! broken file or schema is reported, never fatal: the defaults are used and
//! the problem is shown to the user; unknown rule ids are reported with the
//! valid ones, and the known ones still apply.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pactum_engine::Options;
use pactum_schema::Schema;
use pactum_store::untrusted::{self, Kind, Root, UntrustedError};
use serde::Deserialize;

use super::learning::Switch;
use super::settings::SuggestionSeverity;

pub const CONFIG_FILE: &str = "pactum.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    schema: Option<toml::Spanned<String>>,
    disable: Option<Vec<toml::Spanned<String>>>,
    annotator: Option<String>,
    compare_with: Option<String>,
    suggestions: Option<SuggestionsTable>,
    learn: Option<bool>,
}

/// `[suggestions]` of `pactum.toml`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestionsTable {
    /// `"information"` (default) or `"hint"`; see `settings::SuggestionSeverity`.
    severity: Option<toml::Spanned<String>>,
    /// Suggestions the engine is less sure of (0–1) are not shown.
    min_confidence: Option<toml::Spanned<f64>>,
}

/// Something wrong with the configuration, located in the config file.
#[derive(Debug, Clone)]
pub struct ConfigProblem {
    pub path: PathBuf,
    /// The config file's text, so the byte span can become an LSP range.
    pub text: String,
    /// Byte range in `text` the problem is about (the whole file when unknown).
    pub span: Range<usize>,
    pub message: String,
}

pub struct Config {
    pub schema: Schema,
    /// The engine's options: the rules `disable` turns off.
    pub options: Options,
    pub problem: Option<ConfigProblem>,
    /// `annotator = "…"` as written (see `pactum_store::annotator::resolve`).
    pub annotator: Option<String>,
    /// `compare_with`, resolved against the config file's folder.
    pub compare_with: Option<PathBuf>,
    /// `[suggestions] severity`; `None` when the file does not say.
    pub suggestion_severity: Option<SuggestionSeverity>,
    /// `learn` (default on).
    pub learn: Switch,
}

impl Config {
    /// Reads `pactum.toml` under `root` (if any) and the schema it names.
    ///
    /// Both are read as untrusted files (`pactum_store::untrusted`): regular
    /// files only, size-capped. A `pactum.toml` that is a symlink out of the
    /// workspace is refused; so is a schema path resolving outside the
    /// workspace, unless it is one of `trusted` (paths the user's own editor
    /// settings name: a cloned repository must not make us read elsewhere).
    /// Blocking: the server calls it off its message loop.
    pub fn load(root: Option<&Path>, trusted: &[PathBuf]) -> Config {
        let default = || Config {
            schema: Schema::parks_v1(),
            options: Options::default(),
            problem: None,
            annotator: None,
            compare_with: None,
            suggestion_severity: None,
            learn: Switch::On,
        };
        let Some(root) = root else { return default() };
        let path = root.join(CONFIG_FILE);
        let inside = match Root::new(root) {
            Ok(r) => r,
            Err(e) if e.is_not_found() => return default(),
            Err(e) => return with_problem(path, String::new(), 0..0, e.to_string()),
        };
        let text = match inside.read(Path::new(CONFIG_FILE), Kind::Config) {
            Ok(bytes) => bytes,
            Err(e) if e.is_not_found() => return default(),
            Err(e) => return with_problem(path, String::new(), 0..0, e.to_string()),
        };
        let text = match String::from_utf8(text) {
            Ok(t) => t,
            Err(_) => return with_problem(path, String::new(), 0..0, format!("{CONFIG_FILE} is not UTF-8")),
        };
        let mut file: ConfigFile = match toml::from_str(&text) {
            Ok(f) => f,
            Err(e) => {
                let span = e.span().unwrap_or(0..text.len());
                let message = format!("{CONFIG_FILE}: {}", e.message());
                return with_problem(path, text, span, message);
            }
        };
        let (mut options, rules_problem) = disabled_rules(file.disable.as_deref().unwrap_or_default());
        let min_confidence = file.suggestions.as_mut().and_then(|t| t.min_confidence.take());
        let mut confidence_problem = None;
        if let Some(min) = min_confidence {
            if (0.0..=1.0).contains(min.get_ref()) {
                options = options.with_min_confidence(*min.get_ref() as f32);
            } else {
                let message = format!(
                    "{CONFIG_FILE}: `min_confidence` is {}; use a number from 0 to 1 (showing every suggestion)",
                    min.get_ref()
                );
                confidence_problem = Some((min.span(), message));
            }
        }
        // A bad severity is reported, but does not cost the user their schema.
        let mut severity_problem = None;
        let suggestion_severity = file.suggestions.and_then(|t| t.severity).and_then(|s| {
            let sev = SuggestionSeverity::from_name(s.get_ref());
            if sev.is_none() {
                let message = format!(
                    "{CONFIG_FILE}: unknown suggestion severity \"{}\"; use one of {} (using information)",
                    s.get_ref(),
                    SuggestionSeverity::NAMES.join(", ")
                );
                severity_problem = Some((s.span(), message));
            }
            sev
        });
        let annotator = file.annotator.clone();
        let compare_with = file.compare_with.as_ref().map(|p| root.join(p));
        let (schema, schema_problem) = match file.schema {
            None => (Schema::parks_v1(), None),
            Some(schema_ref) => match load_schema(&inside, Path::new(schema_ref.get_ref()), trusted) {
                Ok(schema) => (schema, None),
                Err(e) => (
                    Schema::parks_v1(),
                    Some((schema_ref.span(), format!("{e}; using the built-in parks-v1 schema"))),
                ),
            },
        };
        // Every problem in one message, located at the first.
        let problems: Vec<(Range<usize>, String)> =
            [schema_problem, severity_problem, confidence_problem, rules_problem]
                .into_iter()
                .flatten()
                .collect();
        let problem = problems.first().map(|(span, _)| ConfigProblem {
            path,
            text,
            span: span.clone(),
            message: problems.iter().map(|(_, m)| m.as_str()).collect::<Vec<_>>().join("; "),
        });
        let learn = if file.learn == Some(false) { Switch::Off } else { Switch::On };
        Config { schema, options, problem, annotator, compare_with, suggestion_severity, learn }
    }
}

/// The schema `pactum.toml` names (relative to the workspace root): inside
/// the workspace, or one of the `trusted` paths.
fn load_schema(root: &Root, path: &Path, trusted: &[PathBuf]) -> Result<Schema, String> {
    let shown = root.path().join(path);
    let bytes = match root.read(path, Kind::Schema) {
        Err(UntrustedError::OutsideRoot { target, .. }) if is_trusted(&target, trusted) => {
            untrusted::read(&target, Kind::Schema)
        }
        Err(UntrustedError::OutsideRoot { target, .. }) => {
            return Err(format!(
                "schema {} resolves to {}, outside the workspace: refused (a repository's settings may not \
                 make Pactum read elsewhere; copy the schema into the workspace, or add its path to the \
                 editor setting pactum.trustedPaths)",
                shown.display(),
                target.display()
            ))
        }
        other => other,
    }
    .map_err(|e| format!("schema: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("schema {} is not UTF-8", shown.display()))?;
    Schema::from_json_str(&text, &shown.display().to_string()).map_err(|e| e.to_string())
}

/// Whether the canonical `target` is one of the user's trusted paths.
fn is_trusted(target: &Path, trusted: &[PathBuf]) -> bool {
    trusted.iter().any(|t| std::fs::canonicalize(t).is_ok_and(|t| t == target))
}

/// The engine options with the rules of `disable` off; unknown ids are a
/// problem located at the first of them.
fn disabled_rules(disable: &[toml::Spanned<String>]) -> (Options, Option<(Range<usize>, String)>) {
    match Options::default().disable_by_name(disable.iter().map(|d| d.get_ref().as_str())) {
        Ok(options) => (options, None),
        Err((options, unknown)) => {
            let first = unknown.0.first().and_then(|u| disable.iter().find(|d| d.get_ref() == u));
            let span = first.map_or(0..0, toml::Spanned::span);
            (options, Some((span, format!("{CONFIG_FILE}: `disable`: {unknown}"))))
        }
    }
}

fn with_problem(path: PathBuf, text: String, span: Range<usize>, message: String) -> Config {
    Config {
        schema: Schema::parks_v1(),
        options: Options::default(),
        problem: Some(ConfigProblem { path, text, span, message }),
        annotator: None,
        compare_with: None,
        suggestion_severity: None,
        learn: Switch::On,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learn_is_on_unless_the_file_says_false() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Config::load(Some(dir.path()), &[]).learn, Switch::On);
        for (text, want) in [("learn = false\n", Switch::Off), ("learn = true\n", Switch::On)] {
            std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
            let c = Config::load(Some(dir.path()), &[]);
            assert!(c.problem.is_none(), "{text}");
            assert_eq!(c.learn, want, "{text}");
        }
        std::fs::write(dir.path().join(CONFIG_FILE), "learn = \"no\"\n").unwrap();
        let p = Config::load(Some(dir.path()), &[]).problem.expect("a string is no switch");
        assert!(p.message.contains("learn") || p.message.contains("bool"), "{}", p.message);
    }

    #[test]
    fn no_root_or_no_file_means_the_default_schema() {
        assert_eq!(Config::load(None, &[]).schema.id, "parks-v1");
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert_eq!(c.schema.id, "parks-v1");
        assert!(c.problem.is_none());
    }

    #[test]
    fn a_users_schema_is_loaded_relative_to_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("s")).unwrap();
        let schema = pactum_schema::PARKS_V1_JSON.replace("\"parks-v1\"", "\"mine\"");
        std::fs::write(dir.path().join("s/mine.json"), schema).unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "schema = \"s/mine.json\"\n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(c.problem.is_none(), "{:?}", c.problem);
        assert_eq!(c.schema.id, "mine");
    }

    #[test]
    fn annotator_and_compare_with_are_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "annotator = \"Anna\"\ncompare_with = \"../boris\"\n")
            .unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(c.problem.is_none(), "{:?}", c.problem);
        assert_eq!(c.annotator.as_deref(), Some("Anna"));
        assert_eq!(c.compare_with, Some(dir.path().join("../boris")));
    }

    #[test]
    fn broken_config_or_schema_is_a_located_problem_and_the_default_is_used() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "schema = \n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert_eq!(c.schema.id, "parks-v1");
        assert!(c.problem.is_some());

        std::fs::write(dir.path().join(CONFIG_FILE), "# mine\nschema = \"missing.json\"\n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        let p = c.problem.unwrap();
        assert_eq!(&p.text[p.span.clone()], "\"missing.json\"");
        assert!(p.message.contains("missing.json"), "{}", p.message);

        std::fs::write(dir.path().join("bad.json"), "{\"id\": \"x\"}").unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "schema = \"bad.json\"\n").unwrap();
        let p = Config::load(Some(dir.path()), &[]).problem.unwrap();
        assert!(p.message.contains("labels"), "{}", p.message);
    }

    #[test]
    fn disable_turns_rules_off_and_reports_unknown_ids_with_the_valid_ones() {
        use pactum_engine::RuleId;
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "disable = [\"org.legal-suffix\", \"park.head-word\"]\n",
        )
        .unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(c.problem.is_none(), "{:?}", c.problem);
        assert!(!c.options.enabled(RuleId::OrgLegalSuffix) && !c.options.enabled(RuleId::ParkHeadWord));
        assert!(c.options.enabled(RuleId::OrgAcronym));

        let text = "disable = [\"date.month\", \"org.legal-sufix\"]\n";
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(!c.options.enabled(RuleId::DateMonth), "the known id still applies");
        assert!(c.options.enabled(RuleId::OrgLegalSuffix));
        let p = c.problem.unwrap();
        assert_eq!(&p.text[p.span.clone()], "\"org.legal-sufix\"");
        assert!(
            p.message.contains("unknown rule `org.legal-sufix` (did you mean `org.legal-suffix`?)"),
            "{}",
            p.message
        );
        assert!(p.message.contains("valid rules: date.month, date.weekday"), "{}", p.message);

        // Not a list of strings: a located TOML error, every rule on.
        std::fs::write(dir.path().join(CONFIG_FILE), "disable = \"org.legal-suffix\"\n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(c.problem.is_some() && c.options == pactum_engine::Options::default());
    }

    #[test]
    fn min_confidence_is_read_and_a_bad_one_is_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "[suggestions]\nmin_confidence = 0.6\n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(c.problem.is_none());
        assert!((c.options.min_confidence() - 0.6).abs() < 1e-4);
        let text = "[suggestions]\nmin_confidence = 1.5\n";
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        let p = c.problem.expect("out of range");
        assert!(p.message.contains("min_confidence` is 1.5; use a number from 0 to 1"), "{}", p.message);
        assert_eq!(&text[p.span], "1.5");
        assert_eq!(c.options.min_confidence(), 0.0);
    }

    #[test]
    fn suggestion_severity_is_read_and_a_bad_one_is_located() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), "[suggestions]\nseverity = \"hint\"\n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        assert!(c.problem.is_none(), "{:?}", c.problem);
        assert_eq!(c.suggestion_severity, Some(SuggestionSeverity::Hint));

        std::fs::write(dir.path().join(CONFIG_FILE), "[suggestions]\nseverity = \"loud\"\n").unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        let p = c.problem.unwrap();
        assert_eq!(&p.text[p.span.clone()], "\"loud\"");
        assert!(p.message.contains("information, hint"), "{}", p.message);
        assert_eq!(c.suggestion_severity, None);

        std::fs::write(dir.path().join(CONFIG_FILE), "[suggestions]\ncolour = 1\n").unwrap();
        assert!(Config::load(Some(dir.path()), &[]).problem.is_some(), "unknown keys are refused");
    }

    #[cfg(unix)]
    #[test]
    fn schemas_outside_the_workspace_need_the_users_trust_and_special_files_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let far = outside.path().join("far.json");
        let mine = pactum_schema::PARKS_V1_JSON.replace("\"parks-v1\"", "\"mine\"");
        std::fs::write(&far, &mine).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        std::fs::create_dir(&ws).unwrap();
        std::fs::write(dir.path().join("up.json"), &mine).unwrap();
        std::os::unix::fs::symlink(&far, ws.join("link.json")).unwrap();
        for schema in ["../up.json", "link.json", far.to_str().unwrap()] {
            std::fs::write(ws.join(CONFIG_FILE), format!("schema = \"{schema}\"\n")).unwrap();
            let c = Config::load(Some(&ws), &[]);
            let p = c.problem.expect(schema);
            assert!(p.message.contains("outside the workspace: refused"), "{schema}: {}", p.message);
            assert_eq!(c.schema.id, "parks-v1");
        }
        // Named by the user's editor settings: read.
        let c = Config::load(Some(&ws), std::slice::from_ref(&far));
        assert!(c.problem.is_none(), "{:?}", c.problem.map(|p| p.message));
        assert_eq!(c.schema.id, "mine");
        // Special and huge files are refused at once, whoever names them.
        let fifo = ws.join("fifo.json");
        let c_path = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        std::fs::File::create(ws.join("huge.json")).unwrap().set_len(300 << 20).unwrap();
        for (schema, says) in [
            ("/dev/stdin", "refused"),
            ("fifo.json", "FIFO"),
            ("huge.json", "more than"),
            ("/dev/zero", "refused"),
        ] {
            std::fs::write(ws.join(CONFIG_FILE), format!("schema = \"{schema}\"\n")).unwrap();
            let trusted = [PathBuf::from("/dev/stdin"), PathBuf::from("/dev/zero")];
            let p = Config::load(Some(&ws), &trusted).problem.expect(schema);
            assert!(p.message.contains(says), "{schema}: {}", p.message);
        }
        // pactum.toml itself: a symlink out is refused, a FIFO too.
        std::fs::remove_file(ws.join(CONFIG_FILE)).unwrap();
        std::os::unix::fs::symlink("/dev/stdin", ws.join(CONFIG_FILE)).unwrap();
        assert!(Config::load(Some(&ws), &[]).problem.expect("refused").message.contains("refused"));
        std::fs::remove_file(ws.join(CONFIG_FILE)).unwrap();
        std::fs::rename(&fifo, ws.join(CONFIG_FILE)).unwrap();
        assert!(Config::load(Some(&ws), &[]).problem.expect("refused").message.contains("FIFO"));
    }

    #[test]
    fn every_problem_is_reported_at_the_first_and_the_rest_still_applies() {
        use pactum_engine::RuleId;
        let dir = tempfile::tempdir().unwrap();
        let text = "schema = \"missing.json\"\nannotator = \"Anna\"\ndisable = [\"date.month\", \"nope\"]\n\
                    [suggestions]\nseverity = \"loud\"\n";
        std::fs::write(dir.path().join(CONFIG_FILE), text).unwrap();
        let c = Config::load(Some(dir.path()), &[]);
        let p = c.problem.expect("three problems");
        assert_eq!(&p.text[p.span.clone()], "\"missing.json\"", "located at the first");
        for part in ["missing.json", "unknown suggestion severity \"loud\"", "unknown rule `nope`"] {
            assert!(p.message.contains(part), "{part}: {}", p.message);
        }
        assert_eq!(c.schema.id, "parks-v1");
        assert_eq!(c.annotator.as_deref(), Some("Anna"));
        assert_eq!(c.suggestion_severity, None);
        assert!(!c.options.enabled(RuleId::DateMonth), "the known rule id still applies");

        // Without a schema problem, the severity is the first.
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "disable = [\"nope\"]\n[suggestions]\nseverity = \"loud\"\n",
        )
        .unwrap();
        let p = Config::load(Some(dir.path()), &[]).problem.expect("two problems");
        assert_eq!(&p.text[p.span.clone()], "\"loud\"");
        assert!(p.message.contains("unknown rule `nope`"), "{}", p.message);
    }
}
