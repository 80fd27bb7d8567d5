//! End to end: hover (label, explanation, status, counts in the document and
//! the workspace, agreement card from suggested relations) and semantic tokens.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use lsp_client::*;
use serde_json::{json, Value};

const SEED: &str = "000_f5158f5e22cef6b9.txt";

fn hover(client: &mut LspClient, uri: &str, at: (u32, u32)) -> Value {
    client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": at.0, "character": at.1}}),
        )
        .expect("hover succeeds")
}

/// Tags the first `needle` at or after the first `after`.
fn pos(v: &Value) -> (u32, u32) {
    (v["line"].as_u64().unwrap() as u32, v["character"].as_u64().unwrap() as u32)
}

fn tag(client: &mut LspClient, uri: &str, text: &str, needle: &str, label: &str, after: &str) -> Vec<Value> {
    let from = text.find(after).unwrap();
    let b = from + text[from..].find(needle).unwrap();
    let (s, e) = (position_of(text, b, "utf-16"), position_of(text, b + needle.len(), "utf-16"));
    client.execute("pactum.tag", json!({"uri": uri, "range": range(s, e), "label": label})).expect("tag");
    client.diagnostics(uri, None)
}

#[test]
fn hover_explains_counts_and_shows_the_agreement_card() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);

    // Another file of the workspace, where the park was tagged (as PARK: the
    // workspace learner would suggest ORG here too if it had been tagged ORG).
    let other = ws.path().join("other.txt");
    let other_text = "Singapore Science Park hosted the forum.\n";
    std::fs::write(&other, other_text).unwrap();
    let other_uri = file_uri(&other);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&other_uri, other_text, 1);
    client.diagnostics(&other_uri, Some(1));
    tag(&mut client, &other_uri, other_text, "Singapore Science Park", "PARK", "");
    client.close(&other_uri);
    client.clear_queue();

    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let park = text.find("Singapore Science Park").unwrap();
    let at = position_of(&text, park + 3, "utf-16");
    let h = hover(&mut client, &uri, at);
    let md = h["contents"]["value"].as_str().expect("markdown hover");
    assert_eq!(h["contents"]["kind"], "markdown");
    assert!(md.starts_with("**PARK** “Singapore Science Park” — suggested by the engine"), "{md}");
    assert!(md.contains("A named science/technology park"), "explanation from the schema: {md}");
    assert!(md.contains("Rule `park.head-word`: A park word ends the name"), "the rule behind it: {md}");
    let n = text.matches("Singapore Science Park").count();
    assert!(md.contains(&format!("occurs {n} times in this document: PARK suggested ×{n}")), "{md}");
    assert!(md.contains("Elsewhere in the workspace: PARK ×1 in 1 file."), "{md}");
    assert_eq!(h["range"]["start"], json!({"line": 0, "character": park}));
    println!("--- hover on a suggestion ---\n{md}");

    // Parties and date of the signing sentence, once tagged.
    tag(&mut client, &uri, &text, "Technopolis", "ORG", "Technopolis has");
    tag(&mut client, &uri, &text, "Ascendas", "ORG", "");
    let diags = tag(&mut client, &uri, &text, "26 September", "DATE", "");
    let agreement = diags
        .iter()
        .find(|d| d["code"] == "AGREEMENT" && d["severity"] == 3 && d["range"]["start"]["line"] == 2)
        .expect("an AGREEMENT suggestion in the signing sentence");
    let instrument = quoted(agreement["message"].as_str().unwrap()).to_string();
    let h = hover(&mut client, &uri, pos(&agreement["range"]["start"]));
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.starts_with(&format!("**AGREEMENT** “{instrument}” — suggested by the engine")), "{md}");
    assert!(md.contains("**Agreement**"), "{md}");
    assert!(md.contains(&format!("- Instrument: {instrument}\n")), "{md}");
    // The card is built from the relations (lsp_relations.rs tests the
    // stored ones): here the engine's suggested parties, marked so, in text
    // order; the sentence's date is not linked to it.
    let parties = md.lines().find(|l| l.starts_with("- Parties: ")).expect("parties");
    for party in ["Technopolis (ORG) _(suggested)_", "Ascendas (ORG) _(suggested)_"] {
        assert!(parties.contains(party), "{party} missing: {md}");
    }
    assert!(parties.find("Technopolis").unwrap() < parties.find("Ascendas").unwrap(), "in text order");
    assert!(md.contains("- has party “Ascendas” (line 3) — suggested (rule `relation.party"), "{md}");
    let unlinked = md.lines().find(|l| l.starts_with("- Not linked in this sentence: ")).expect("unlinked");
    assert!(unlinked.contains("26 September (DATE)"), "{md}");
    // Every entity of the sentence is on the card: a party, or not linked
    // (whether the engine links the park depends on its trained re-scorer).
    assert!(
        parties.contains("Singapore Science Park (PARK) _(suggested)_")
            || unlinked.contains("Singapore Science Park (PARK)"),
        "{md}"
    );
    println!("--- hover on an agreement ---\n{md}");

    // Accepted spans say so; plain text has no hover.
    let asc = text.find("Ascendas").unwrap();
    let h = hover(&mut client, &uri, position_of(&text, asc, "utf-16"));
    assert!(h["contents"]["value"].as_str().unwrap().starts_with("**ORG** “Ascendas” — accepted"), "{h}");
    assert!(
        !h["contents"]["value"].as_str().unwrap().contains("Rule `"),
        "an accepted span has no rule: {h}"
    );
    let quiet = text.find("world-class").unwrap();
    assert_eq!(hover(&mut client, &uri, position_of(&text, quiet, "utf-16")), Value::Null);
    assert!(client.stop().success());
}

#[test]
fn semantic_tokens_use_the_schema_legend_and_do_not_overlap() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), Some(&["utf-8"]));
    let legend = client.initialize_result["capabilities"]["semanticTokensProvider"]["legend"].clone();
    let types: Vec<String> =
        legend["tokenTypes"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
    assert!(types.contains(&"park".to_string()) && types.contains(&"signing".to_string()), "{types:?}");
    assert_eq!(legend["tokenModifiers"], json!(["suggestion", "accepted"]));
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    tag(&mut client, &uri, &text, "Ascendas", "ORG", "");

    let full =
        client.request("textDocument/semanticTokens/full", json!({"textDocument": {"uri": uri}})).unwrap();
    let data: Vec<u64> = full["data"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    assert_eq!(data.len() % 5, 0);
    let (mut line, mut col) = (0u64, 0u64);
    let mut tokens = Vec::new();
    let mut last_end = (0u64, 0u64);
    for t in data.chunks(5) {
        if t[0] > 0 {
            col = 0;
        }
        line += t[0];
        col += t[1];
        assert!((line, col) >= last_end, "tokens overlap");
        last_end = (line, col + t[2]);
        let start = json!({"line": line, "character": col});
        let end = json!({"line": line, "character": col + t[2]});
        let covered = covered(&text, &json!({"start": start, "end": end}), "utf-8").to_string();
        tokens.push((covered, types[t[3] as usize].clone(), t[4]));
    }
    assert!(tokens.contains(&("Singapore Science Park".to_string(), "park".to_string(), 1)), "{tokens:?}");
    assert!(tokens.contains(&("Ascendas".to_string(), "org".to_string(), 2)), "{tokens:?}");
    assert!(tokens.iter().all(|(t, _, _)| !t.contains('\n')));

    let ranged = client
        .request(
            "textDocument/semanticTokens/range",
            json!({"textDocument": {"uri": uri}, "range": range((0, 0), (1, 0))}),
        )
        .unwrap();
    let data = ranged["data"].as_array().unwrap();
    assert!(!data.is_empty() && data.len() < full["data"].as_array().unwrap().len());
    assert!(data.chunks(5).all(|t| t[0] == 0), "only line 0");
    assert!(client.stop().success());
}
