//! Hand-rolled validation of schema JSON, so that every problem is reported
//! with its JSON path instead of stopping at the first (as serde would).

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::{LabelDef, LabelKind, RelationDef, Schema};

/// One mistake in a schema file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaProblem {
    /// JSON path such as `$.labels[3].color`.
    pub path: String,
    pub message: String,
}

struct Problems(Vec<SchemaProblem>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(SchemaProblem { path: path.into(), message: message.into() });
    }
}

const TOP_KEYS: &[&str] = &["$schema", "id", "title", "labels", "relations"];
const LABEL_KEYS: &[&str] = &["name", "kind", "description", "explanation", "color", "key"];
const RELATION_KEYS: &[&str] = &["name", "description", "explanation", "head", "child"];

pub(super) fn validate(value: &Value) -> Result<Schema, Vec<SchemaProblem>> {
    let mut p = Problems(Vec::new());
    let Some(obj) = value.as_object() else {
        p.add("$", "a schema must be a JSON object");
        return Err(p.0);
    };
    unknown_keys(obj, TOP_KEYS, "$", &mut p);

    let id = match obj.get("id") {
        None => {
            p.add("$.id", "missing required key `id`");
            String::new()
        }
        Some(v) => match v.as_str() {
            Some(s) if valid_id(s) => s.to_string(),
            Some(s) => {
                p.add("$.id", format!("`{s}` is not a valid id (letters, digits, `.`, `_`, `-`)"));
                String::new()
            }
            None => {
                p.add("$.id", "must be a string");
                String::new()
            }
        },
    };
    let title = optional_string(obj, "title", "$", &mut p);

    let mut labels = Vec::new();
    match obj.get("labels") {
        None => p.add("$.labels", "missing required key `labels`"),
        Some(Value::Array(items)) if items.is_empty() => {
            p.add("$.labels", "the label set is empty; a schema needs at least one label")
        }
        Some(Value::Array(items)) => {
            let mut names: HashMap<String, usize> = HashMap::new();
            let mut keys: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                let path = format!("$.labels[{i}]");
                // Duplicates are checked on the raw values, so a label with
                // another mistake still counts as taken.
                if let Some(name) = item.get("name").and_then(Value::as_str) {
                    if let Some(first) = names.insert(name.to_string(), i) {
                        p.add(
                            format!("{path}.name"),
                            format!("duplicate label `{name}` (first at $.labels[{first}])"),
                        );
                    }
                }
                if let Some(key) = item.get("key").and_then(Value::as_str) {
                    if let Some(first) = keys.insert(key.to_string(), i) {
                        p.add(
                            format!("{path}.key"),
                            format!("key `{key}` is already used by $.labels[{first}]"),
                        );
                    }
                }
                if let Some(def) = label(item, &path, &mut p) {
                    labels.push(def);
                }
            }
        }
        Some(_) => p.add("$.labels", "must be an array of label objects"),
    }

    // Relation ends are checked against the labels as written (kind
    // included), so a relation naming a label that has another mistake is
    // not reported twice.
    let declared: HashMap<&str, Option<&str>> = obj
        .get("labels")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|l| Some((l.get("name")?.as_str()?, l.get("kind").and_then(Value::as_str))))
        .collect();
    let mut relations = Vec::new();
    match obj.get("relations") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            let mut names: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                let path = format!("$.relations[{i}]");
                if let Some(name) = item.get("name").and_then(Value::as_str) {
                    if let Some(first) = names.insert(name.to_string(), i) {
                        p.add(
                            format!("{path}.name"),
                            format!("duplicate relation `{name}` (first at $.relations[{first}])"),
                        );
                    }
                }
                if let Some(def) = relation(item, &path, &declared, &mut p) {
                    relations.push(def);
                }
            }
        }
        Some(_) => p.add("$.relations", "must be an array of relation objects"),
    }

    if p.0.is_empty() {
        Ok(Schema { id, title, labels, relations })
    } else {
        Err(p.0)
    }
}

fn label(item: &Value, path: &str, p: &mut Problems) -> Option<LabelDef> {
    let Some(obj) = item.as_object() else {
        p.add(path, "a label must be an object");
        return None;
    };
    let before = p.0.len();
    unknown_keys(obj, LABEL_KEYS, path, p);
    let name = required_string(obj, "name", path, p).unwrap_or_default();
    if !name.is_empty() && !valid_label_name(&name) {
        p.add(
            format!("{path}.name"),
            format!("`{name}` is not a valid label name (upper-case letters, digits, `_`, `-`)"),
        );
    }
    let kind = match obj.get("kind") {
        None => {
            p.add(format!("{path}.kind"), "missing required key `kind`");
            None
        }
        Some(Value::String(s)) if s == "entity" => Some(LabelKind::Entity),
        Some(Value::String(s)) if s == "clause" => Some(LabelKind::Clause),
        Some(other) => {
            p.add(format!("{path}.kind"), format!("must be \"entity\" or \"clause\", not {other}"));
            None
        }
    };
    let description = required_string(obj, "description", path, p).unwrap_or_default();
    if description.trim().is_empty() && obj.get("description").is_some_and(Value::is_string) {
        p.add(format!("{path}.description"), "must not be empty");
    }
    let explanation = optional_string(obj, "explanation", path, p);
    let color = optional_string(obj, "color", path, p).and_then(|c| match normalise_color(&c) {
        Some(c) => Some(c),
        None => {
            p.add(format!("{path}.color"), format!("`{c}` is not a colour like #1f77b4 or #abc"));
            None
        }
    });
    let key = optional_string(obj, "key", path, p).and_then(|k| {
        if k.chars().count() == 1 {
            Some(k)
        } else {
            p.add(format!("{path}.key"), format!("`{k}` must be exactly one character"));
            None
        }
    });
    if p.0.len() > before {
        return None;
    }
    Some(LabelDef {
        explanation: explanation.unwrap_or_else(|| description.clone()),
        name,
        kind: kind?,
        description,
        color,
        key,
    })
}

fn relation(
    item: &Value,
    path: &str,
    declared: &HashMap<&str, Option<&str>>,
    p: &mut Problems,
) -> Option<RelationDef> {
    let Some(obj) = item.as_object() else {
        p.add(path, "a relation must be an object");
        return None;
    };
    let before = p.0.len();
    unknown_keys(obj, RELATION_KEYS, path, p);
    let name = required_string(obj, "name", path, p).unwrap_or_default();
    if !name.is_empty() && !valid_relation_name(&name) {
        p.add(
            format!("{path}.name"),
            format!("`{name}` is not a valid relation name (lower-case letters, digits, `_`, `-`)"),
        );
    }
    let description = required_string(obj, "description", path, p).unwrap_or_default();
    if description.trim().is_empty() && obj.get("description").is_some_and(Value::is_string) {
        p.add(format!("{path}.description"), "must not be empty");
    }
    let explanation = optional_string(obj, "explanation", path, p);
    let head = relation_ends(obj, "head", path, declared, p);
    let child = relation_ends(obj, "child", path, declared, p);
    if p.0.len() > before {
        return None;
    }
    Some(RelationDef {
        explanation: explanation.unwrap_or_else(|| description.clone()),
        name,
        description,
        head,
        child,
    })
}

/// The `head` or `child` label list of a relation: a non-empty array of
/// entity labels declared in the same schema.
fn relation_ends(
    obj: &Map<String, Value>,
    key: &str,
    path: &str,
    declared: &HashMap<&str, Option<&str>>,
    p: &mut Problems,
) -> Vec<String> {
    let here = format!("{path}.{key}");
    let items = match obj.get(key) {
        None => {
            p.add(
                here,
                format!("missing required key `{key}` (the entity labels a relation's {key} may have)"),
            );
            return Vec::new();
        }
        Some(Value::Array(items)) if items.is_empty() => {
            p.add(here, format!("the {key} label list is empty; list at least one entity label"));
            return Vec::new();
        }
        Some(Value::Array(items)) => items,
        Some(_) => {
            p.add(here, "must be an array of label names");
            return Vec::new();
        }
    };
    let mut out: Vec<String> = Vec::new();
    for (j, v) in items.iter().enumerate() {
        let at = format!("{here}[{j}]");
        let Some(label) = v.as_str() else {
            p.add(at, "must be a label name (a string)");
            continue;
        };
        match declared.get(label) {
            None => p.add(at, format!("unknown label `{label}` (not in this schema's `labels`)")),
            Some(Some("clause")) => {
                p.add(at, format!("`{label}` is a clause label; relations link entity spans"))
            }
            Some(_) if out.iter().any(|l| l == label) => {
                p.add(at, format!("label `{label}` is listed twice"))
            }
            Some(_) => out.push(label.to_string()),
        }
    }
    out
}

fn unknown_keys(obj: &Map<String, Value>, allowed: &[&str], path: &str, p: &mut Problems) {
    for key in obj.keys() {
        if !allowed.contains(&key.as_str()) {
            p.add(
                format!("{path}.{key}"),
                format!("unknown key `{key}` (expected one of: {})", allowed.join(", ")),
            );
        }
    }
}

fn required_string(obj: &Map<String, Value>, key: &str, path: &str, p: &mut Problems) -> Option<String> {
    match obj.get(key) {
        None => {
            p.add(format!("{path}.{key}"), format!("missing required key `{key}`"));
            None
        }
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            p.add(format!("{path}.{key}"), "must be a string");
            None
        }
    }
}

fn optional_string(obj: &Map<String, Value>, key: &str, path: &str, p: &mut Problems) -> Option<String> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => {
            p.add(format!("{path}.{key}"), "must be a string");
            None
        }
    }
}

fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn valid_label_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
}

fn valid_relation_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
}

/// `#abc` → `#aabbcc`; `#A1B2C3` → `#a1b2c3`; anything else → None.
fn normalise_color(c: &str) -> Option<String> {
    let hex = c.strip_prefix('#')?;
    if !hex.chars().all(|ch| ch.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => {
            Some(format!("#{}", hex.chars().flat_map(|ch| [ch, ch]).collect::<String>().to_ascii_lowercase()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Schema, SchemaError};

    fn problems(json: &str) -> Vec<(String, String)> {
        match Schema::from_json_str(json, "t.json") {
            Err(SchemaError::Invalid { problems, .. }) => {
                problems.into_iter().map(|p| (p.path, p.message)).collect()
            }
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let got = problems(
            r##"{"id": "x", "colour": 1, "labels": [
                {"name": "ORG", "kind": "entity", "description": "d", "color": "blue"},
                {"name": "ORG", "kind": "entity", "description": "d", "extra": true},
                {"name": "lower", "kind": "span", "description": ""}
            ]}"##,
        );
        let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert!(paths.contains(&"$.colour"), "{got:?}");
        assert!(paths.contains(&"$.labels[0].color"), "{got:?}");
        assert!(paths.contains(&"$.labels[1].extra"), "{got:?}");
        assert!(paths.contains(&"$.labels[2].name"), "{got:?}");
        assert!(paths.contains(&"$.labels[2].kind"), "{got:?}");
        assert!(paths.contains(&"$.labels[2].description"), "{got:?}");
        // Label 1 had an unknown key, so it is not kept; a clean duplicate is caught:
        let dup = problems(
            r#"{"id": "x", "labels": [
                {"name": "ORG", "kind": "entity", "description": "d", "key": "o"},
                {"name": "ORG", "kind": "clause", "description": "d", "key": "o"}]}"#,
        );
        assert!(dup.iter().any(|(p, m)| p == "$.labels[1].name" && m.contains("duplicate")), "{dup:?}");
        assert!(dup.iter().any(|(p, _)| p == "$.labels[1].key"), "{dup:?}");
    }

    #[test]
    fn empty_label_set_is_a_problem() {
        let got = problems(r#"{"id": "x", "labels": []}"#);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "$.labels");
        assert!(got[0].1.contains("empty"));
    }

    #[test]
    fn not_an_object_and_missing_keys() {
        assert_eq!(problems("[]")[0].0, "$");
        let got = problems("{}");
        assert!(got.iter().any(|(p, _)| p == "$.id"));
        assert!(got.iter().any(|(p, _)| p == "$.labels"));
    }

    const TWO_LABELS: &str = r#"{"name": "ORG", "kind": "entity", "description": "d"},
        {"name": "SIGNING", "kind": "clause", "description": "d"}"#;

    #[test]
    fn relation_problems_have_their_paths() {
        let got = problems(&format!(
            r#"{{"id": "x", "labels": [{TWO_LABELS}], "relations": [
                {{"name": "party", "description": "d", "head": ["ORG"], "child": ["NOPE"]}},
                {{"name": "party", "description": "d", "head": [], "child": ["ORG"], "colour": 1}},
                {{"name": "Bad", "description": "d", "head": ["SIGNING"], "child": "ORG"}},
                {{"name": "ok", "description": "d", "head": ["ORG", "ORG"]}}
            ]}}"#
        ));
        let has = |path: &str, word: &str| got.iter().any(|(p, m)| p == path && m.contains(word));
        assert!(has("$.relations[0].child[0]", "unknown label `NOPE`"), "{got:?}");
        assert!(has("$.relations[1].name", "duplicate relation `party`"), "{got:?}");
        assert!(has("$.relations[1].head", "empty"), "{got:?}");
        assert!(has("$.relations[1].colour", "unknown key"), "{got:?}");
        assert!(has("$.relations[2].name", "not a valid relation name"), "{got:?}");
        assert!(has("$.relations[2].head[0]", "clause label"), "{got:?}");
        assert!(has("$.relations[2].child", "array"), "{got:?}");
        assert!(has("$.relations[3].head[1]", "twice"), "{got:?}");
        assert!(has("$.relations[3].child", "missing"), "{got:?}");
        assert_eq!(got.len(), 9, "{got:?}");
        assert_eq!(problems(r#"{"id": "x", "labels": [{"name": "A", "kind": "entity", "description": "d"}], "relations": 3}"#)[0].0, "$.relations");
    }

    #[test]
    fn schemas_without_relations_still_load() {
        let s =
            Schema::from_json_str(&format!(r#"{{"id": "x", "labels": [{TWO_LABELS}]}}"#), "t.json").unwrap();
        assert!(s.relations.is_empty());
        let s = Schema::from_json_str(
            &format!(
                r#"{{"id": "x", "labels": [{TWO_LABELS}], "relations": [
                {{"name": "owns", "description": "d", "head": ["ORG"], "child": ["ORG"]}}]}}"#
            ),
            "t.json",
        )
        .unwrap();
        assert_eq!(s.relations[0].explanation, "d");
        assert!(s.allows_relation("owns", "ORG", "ORG"));
    }

    #[test]
    fn short_colours_are_normalised() {
        let s = Schema::from_json_str(
            r##"{"id": "x", "labels": [{"name": "A", "kind": "entity", "description": "d", "color": "#ABC"}]}"##,
            "t.json",
        )
        .unwrap();
        assert_eq!(s.labels[0].color.as_deref(), Some("#aabbcc"));
        assert_eq!(s.labels[0].explanation, "d");
    }
}
