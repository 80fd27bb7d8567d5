//! A *choice set*: what the editors' one picker shows and how the pick is
//! carried out. The server builds it (from the schema: names, keys, colours,
//! descriptions) and the editor only presents it and sends the pick back by
//! running `apply.command` with `apply.arguments` plus `"label": <name>`.
//! Labels for a span (`pactum.labelChoices`) are one use; relation labels
//! when linking two spans are built the same way, so the same picker serves
//! them.
//!
//! Wire shape (JSON, camelCase):
//! ```json
//! { "title": "Label “Ascendas” (now ORG?)",
//!   "choices": [{ "name": "ORG", "key": "o", "color": "#3182bd",
//!                 "description": "A named company …", "current": true }],
//!   "keyNote": null,
//!   "apply": { "command": "pactum.setLabel", "arguments": { … } } }
//! ```
//! `key` is null when a choice has none or cannot be used as one (white
//! space, or shared with another choice of the set); such choices are picked
//! by typing their name, and `keyNote` says why when keys were dropped.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub name: String,
    pub key: Option<String>,
    /// `#rrggbb`.
    pub color: Option<String>,
    pub description: String,
    /// The value the target has now (a relabel shows where it stands).
    pub current: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Apply {
    pub command: String,
    /// The editor adds `"label": <the picked name>` and runs `command`.
    pub arguments: Value,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChoiceSet {
    pub title: String,
    pub choices: Vec<Choice>,
    pub key_note: Option<String>,
    pub apply: Apply,
}

impl ChoiceSet {
    /// A set whose keys are checked: a key is kept only when it is one
    /// character, not white space, and no other choice of the set has it.
    pub fn new(title: String, mut choices: Vec<Choice>, apply: Apply) -> ChoiceSet {
        let mut users: HashMap<String, Vec<String>> = HashMap::new();
        for c in &choices {
            if let Some(k) = &c.key {
                users.entry(k.clone()).or_default().push(c.name.clone());
            }
        }
        let mut notes = Vec::new();
        for c in &mut choices {
            let Some(k) = c.key.clone() else { continue };
            let one_char = k.chars().count() == 1 && !k.chars().all(char::is_whitespace);
            let shared = users.get(&k).is_some_and(|names| names.len() > 1);
            if !one_char {
                notes.push(format!("the key {k:?} of {} is not one visible character", c.name));
                c.key = None;
            } else if shared {
                c.key = None;
            }
        }
        let mut shared: Vec<_> = users.into_iter().filter(|(_, names)| names.len() > 1).collect();
        shared.sort();
        for (k, names) in shared {
            notes.push(format!("the key {k:?} is shared by {}", names.join(" and ")));
        }
        let key_note = (!notes.is_empty()).then(|| format!("{}: type the name instead", notes.join("; ")));
        ChoiceSet { title, choices, key_note, apply }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn choice(name: &str, key: Option<&str>) -> Choice {
        Choice {
            name: name.into(),
            key: key.map(str::to_string),
            color: None,
            description: String::new(),
            current: false,
        }
    }

    fn apply() -> Apply {
        Apply { command: "pactum.setLabel".into(), arguments: json!({}) }
    }

    #[test]
    fn unique_keys_are_kept() {
        let set =
            ChoiceSet::new("t".into(), vec![choice("ORG", Some("o")), choice("PARK", Some("k"))], apply());
        assert_eq!(set.choices[0].key.as_deref(), Some("o"));
        assert_eq!(set.key_note, None);
        let wire = serde_json::to_value(&set).unwrap();
        assert_eq!(wire["choices"][1]["key"], "k");
        assert_eq!(wire["apply"]["command"], "pactum.setLabel");
        assert!(wire.get("keyNote").is_some());
    }

    #[test]
    fn shared_or_blank_keys_fall_back_to_names() {
        let set = ChoiceSet::new(
            "t".into(),
            vec![
                choice("ORG", Some("o")),
                choice("OTHER", Some("o")),
                choice("PARK", Some(" ")),
                choice("X", None),
            ],
            apply(),
        );
        assert!(set.choices.iter().all(|c| c.key.is_none()), "{:?}", set.choices);
        let note = set.key_note.unwrap();
        assert!(
            note.contains("\"o\" is shared by ORG and OTHER") && note.contains("type the name"),
            "{note}"
        );
        // keys are case-sensitive: p and P are two keys
        let set = ChoiceSet::new(
            "t".into(),
            vec![choice("PERSON", Some("p")), choice("PURPOSE", Some("P"))],
            apply(),
        );
        assert!(set.choices.iter().all(|c| c.key.is_some()));
    }
}
