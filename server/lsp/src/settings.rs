//! What the editor tells the server about itself and its user's choices:
//! `initializationOptions` at start and `workspace/didChangeConfiguration`
//! later, both of the shape
//!
//! ```json
//! { "suggestions": { "severity": "information" | "hint" | null },
//!   "codeActions": { "labelPicker": true },
//!   "trustedPaths": ["/home/me/schemas/parks-v2.json"] }
//! ```
//!
//! `trustedPaths` are files outside the workspace the workspace's
//! `pactum.toml` may name as its schema: the user's own word, which a cloned
//! repository cannot give. Read from `initializationOptions` before
//! `pactum.toml`, and again from every `didChangeConfiguration`, after
//! which the server reads `pactum.toml` again with them.
//!
//! (`didChangeConfiguration` sends it under `settings.pactum`). Unknown keys
//! are ignored, so an editor may send its whole `pactum` section; a value of
//! the wrong type is reported and the setting left as it was.

use serde_json::Value;
use tower_lsp::lsp_types::DiagnosticSeverity;

/// How engine suggestions are published. `Information` (the default) lists
/// them in problem panels; `Hint` keeps them out of VS Code's Problems panel
/// and Neovim's default signs, while editors still underline them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SuggestionSeverity {
    #[default]
    Information,
    Hint,
}

impl SuggestionSeverity {
    pub const NAMES: [&'static str; 2] = ["information", "hint"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "information" => Some(Self::Information),
            "hint" => Some(Self::Hint),
            _ => None,
        }
    }

    pub fn lsp(self) -> DiagnosticSeverity {
        match self {
            Self::Information => DiagnosticSeverity::INFORMATION,
            Self::Hint => DiagnosticSeverity::HINT,
        }
    }
}

/// The editor's settings, as far as the server uses them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditorSettings {
    /// The user's choice; `None` leaves it to `pactum.toml`.
    pub suggestion_severity: Option<SuggestionSeverity>,
    /// The editor implements the client command `pactum.label` (the label
    /// picker): code actions then offer one "Change label…" instead of one
    /// action per label. Off for editors that do not say so.
    pub label_picker: bool,
    /// Files outside the workspace `pactum.toml` may name (see above).
    pub trusted_paths: Vec<std::path::PathBuf>,
}

impl EditorSettings {
    /// Takes up the settings present in `value` (the `pactum` object);
    /// returns a message for each one that could not be used.
    pub fn update(&mut self, value: &Value) -> Vec<String> {
        let mut problems = Vec::new();
        match value.pointer("/suggestions/severity") {
            None => {}
            Some(Value::Null) => self.suggestion_severity = None,
            Some(Value::String(s)) if s.is_empty() => self.suggestion_severity = None,
            Some(Value::String(s)) => match SuggestionSeverity::from_name(s) {
                Some(sev) => self.suggestion_severity = Some(sev),
                None => problems.push(format!(
                    "pactum: unknown suggestion severity \"{s}\" in the editor settings; use one of {}",
                    SuggestionSeverity::NAMES.join(", ")
                )),
            },
            Some(other) => problems.push(format!(
                "pactum: the suggestion severity must be a string, not {other}; setting ignored"
            )),
        }
        match value.pointer("/codeActions/labelPicker") {
            None | Some(Value::Null) => {}
            Some(Value::Bool(b)) => self.label_picker = *b,
            Some(other) => problems.push(format!(
                "pactum: codeActions.labelPicker must be true or false, not {other}; setting ignored"
            )),
        }
        match value.pointer("/trustedPaths") {
            None => {}
            // null: none (an editor with an empty list may send it so).
            Some(Value::Null) => self.trusted_paths.clear(),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                self.trusted_paths = items.iter().filter_map(Value::as_str).map(Into::into).collect();
            }
            Some(other) => problems.push(format!(
                "pactum: trustedPaths must be a list of file paths, not {other}; setting ignored"
            )),
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn settings_are_taken_up_and_bad_values_reported_without_change() {
        let mut s = EditorSettings::default();
        assert!(s
            .update(&json!({"suggestions": {"severity": "hint"}, "codeActions": {"labelPicker": true}}))
            .is_empty());
        assert_eq!(s.suggestion_severity, Some(SuggestionSeverity::Hint));
        assert!(s.label_picker);
        // an editor's whole section, with keys the server does not know
        assert!(s.update(&json!({"server": {"path": "/x"}, "trace": {"server": "off"}})).is_empty());
        assert_eq!(s.suggestion_severity, Some(SuggestionSeverity::Hint), "absent keys keep the value");
        let problems =
            s.update(&json!({"suggestions": {"severity": "loud"}, "codeActions": {"labelPicker": "yes"}}));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("information, hint"), "{}", problems[0]);
        assert_eq!(s.suggestion_severity, Some(SuggestionSeverity::Hint), "a bad value changes nothing");
        assert!(s.label_picker);
        assert!(s.update(&json!({"suggestions": {"severity": null}})).is_empty());
        assert_eq!(s.suggestion_severity, None, "null hands the choice back to pactum.toml");
        assert!(s.update(&json!(42)).is_empty(), "not an object: nothing to take");
        assert!(s.update(&json!({"trustedPaths": ["/a.json", "b.json"]})).is_empty());
        assert_eq!(s.trusted_paths, [std::path::PathBuf::from("/a.json"), "b.json".into()]);
        assert_eq!(s.update(&json!({"trustedPaths": "/a.json"})).len(), 1);
        assert_eq!(s.trusted_paths.len(), 2, "a bad value changes nothing");
        assert!(s.update(&json!({"suggestions": {"severity": "hint"}})).is_empty());
        assert_eq!(s.trusted_paths.len(), 2, "absent: kept");
        assert!(s.update(&json!({"trustedPaths": null})).is_empty());
        assert!(s.trusted_paths.is_empty(), "null: none");
    }
}
