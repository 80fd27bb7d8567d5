//! End to end: relations (issue 11) in the language server. Linking the
//! entity under the cursor by code action (its suggested ends accepted with
//! it), the annotation file written at once, the hover of either end and the
//! agreement card, go to definition, removing a relation, and the relations
//! that go with an end that is removed, re-tagged or deleted by an edit
//! (each said to the user); relations surviving a re-open.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;

use lsp_client::*;
use serde_json::{json, Value};

const TEXT: &str = "Kista Science Park signed a memorandum of understanding with Ascendas Plc on 26 September 2024.\n\nThe MOU was signed by Dr Lena Berg, CEO of the park, in Stockholm.\n";

fn sidecar(text_path: &Path) -> Value {
    let mut p = text_path.as_os_str().to_owned();
    p.push(".ann.json");
    let raw = std::fs::read_to_string(p).expect("annotation file written");
    serde_json::from_str(&raw).expect("annotation file is JSON")
}

/// Position (utf-16) of the first `needle`, plus `offset` bytes into it.
fn at(needle: &str, offset: usize) -> (u32, u32) {
    position_of(TEXT, TEXT.find(needle).expect(needle) + offset, "utf-16")
}

fn titles(actions: &[Value]) -> Vec<String> {
    actions.iter().filter_map(|a| a["title"].as_str().map(str::to_string)).collect()
}

/// Runs the code action titled `title` at `needle`.
fn act(client: &mut LspClient, uri: &str, needle: &str, title: &str) -> Value {
    let p = at(needle, 1);
    let actions = client.code_actions(uri, p, p);
    let action = actions
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("no action {title:?} at {needle:?} in {:#?}", titles(&actions)));
    let cmd = &action["command"];
    client
        .request(
            "workspace/executeCommand",
            json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
        )
        .unwrap_or_else(|e| panic!("{title}: {e}"))
}

fn hover(client: &mut LspClient, uri: &str, needle: &str) -> String {
    let p = at(needle, 1);
    let h = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": p.0, "character": p.1}}),
        )
        .expect("hover succeeds");
    h["contents"]["value"].as_str().unwrap_or_default().to_string()
}

fn definition(client: &mut LspClient, uri: &str, needle: &str) -> Vec<String> {
    let p = at(needle, 1);
    let d = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": p.0, "character": p.1}}),
        )
        .expect("definition succeeds");
    let locations = match d {
        Value::Array(v) => v,
        Value::Null => Vec::new(),
        one => vec![one],
    };
    locations
        .iter()
        .map(|l| {
            assert_eq!(l["uri"], uri);
            covered(TEXT, &l["range"], "utf-16").to_string()
        })
        .collect()
}

/// (label, head text, child text) of the file's relations, via its annotations.
fn stored(path: &Path) -> Vec<(String, String, String)> {
    let sc = sidecar(path);
    let text_of = |id: &Value| {
        sc["annotations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == *id)
            .map(|a| a["text"].as_str().unwrap().to_string())
            .unwrap_or_else(|| panic!("relation end {id} is an annotation of the file"))
    };
    let mut out: Vec<_> = sc["relations"]
        .as_array()
        .map(|v| v.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            assert_eq!(r["status"], "accepted");
            assert!(r["id"].as_str().unwrap().starts_with('r'));
            (r["label"].as_str().unwrap().to_string(), text_of(&r["head"]), text_of(&r["child"]))
        })
        .collect();
    out.sort();
    out
}

fn rel(label: &str, head: &str, child: &str) -> (String, String, String) {
    (label.to_string(), head.to_string(), child.to_string())
}

#[test]
fn link_show_jump_and_remove_relations() {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("mou.txt");
    std::fs::write(&path, TEXT).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    let caps = &client.initialize_result["capabilities"];
    assert_eq!(caps["definitionProvider"], true);
    for c in ["pactum.link", "pactum.unlink"] {
        assert!(caps["executeCommandProvider"]["commands"].as_array().unwrap().contains(&json!(c)), "{c}");
    }
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));

    // From the (suggested) ORG under the cursor: the schema's relations to
    // the other entities of its sentence, none across sentences.
    let p = at("Ascendas Plc", 1);
    let t = titles(&client.code_actions(&uri, p, p));
    println!("--- code actions on “Ascendas Plc” ---\n{}", t.join("\n"));
    assert!(t.iter().any(|x| x == "Link as party of “memorandum of understanding”"), "{t:#?}");
    assert!(!t.iter().any(|x| x.contains("“MOU”")), "another sentence: {t:#?}");
    assert!(!t.iter().any(|x| x.contains("signatory of")), "ORG is no signatory: {t:#?}");

    // Linking accepts both (suggested) ends and writes the file at once.
    let r = act(&mut client, &uri, "Ascendas Plc", "Link as party of “memorandum of understanding”");
    assert_eq!(r["linked"], 1);
    assert_eq!(stored(&path), vec![rel("party", "memorandum of understanding", "Ascendas Plc")]);
    let sc = sidecar(&path);
    assert_eq!(sc["annotations"].as_array().unwrap().len(), 2, "both ends accepted: {sc}");

    // The same from the instrument's side, and the date.
    act(
        &mut client,
        &uri,
        "memorandum",
        "Link “Kista Science Park” as party of “memorandum of understanding”",
    );
    act(&mut client, &uri, "26 September", "Link as signed_on of “memorandum of understanding”");
    act(&mut client, &uri, "Lena Berg", "Link as signatory of “MOU”");
    act(&mut client, &uri, "CEO", "Link as has_role of “Lena Berg”");
    assert_eq!(
        stored(&path),
        vec![
            rel("has_role", "Lena Berg", "CEO"),
            rel("party", "memorandum of understanding", "Ascendas Plc"),
            rel("party", "memorandum of understanding", "Kista Science Park"),
            rel("signatory", "MOU", "Lena Berg"),
            rel("signed_on", "memorandum of understanding", "26 September 2024"),
        ]
    );
    // A linked pair is offered for removal, not linked again.
    let p = at("Ascendas Plc", 1);
    let t = titles(&client.code_actions(&uri, p, p));
    assert!(
        t.iter().any(|x| x == "Remove relation party “memorandum of understanding” → “Ascendas Plc”"),
        "{t:#?}"
    );
    assert!(!t.iter().any(|x| x.starts_with("Link as party")), "{t:#?}");

    // Hover of either end lists its relations.
    let md = hover(&mut client, &uri, "Ascendas Plc");
    println!("--- hover on “Ascendas Plc” ---\n{md}");
    assert!(md.contains("**Relations**"), "{md}");
    assert!(md.contains("- party of “memorandum of understanding” (line 1) — accepted"), "{md}");
    let md = hover(&mut client, &uri, "Lena Berg");
    assert!(md.contains("- signatory of “MOU” (line 3) — accepted"), "{md}");
    assert!(md.contains("- has has_role “CEO” (line 3) — accepted"), "{md}");

    // The agreement card, from the relations.
    let md = hover(&mut client, &uri, "memorandum");
    println!("--- hover on the agreement ---\n{md}");
    assert!(md.contains("**Agreement** “memorandum of understanding”"), "{md}");
    assert!(md.contains("- Parties: Ascendas Plc (ORG), Kista Science Park (PARK)\n"), "{md}");
    assert!(md.contains("- Date: 26 September 2024\n"), "{md}");
    assert!(md.contains("- Signatories: _none linked_"), "{md}");
    let md = hover(&mut client, &uri, "MOU");
    assert!(md.contains("- Signatories: Lena Berg (CEO)\n"), "{md}");
    assert!(md.contains("- Parties: _none linked_"), "{md}");
    assert!(md.contains("- Not linked in this sentence: Stockholm (GPE)"), "{md}");

    // Go to the other end(s).
    let mut ends = definition(&mut client, &uri, "memorandum");
    ends.sort();
    assert_eq!(ends, ["26 September 2024", "Ascendas Plc", "Kista Science Park"]);
    assert_eq!(definition(&mut client, &uri, "Ascendas Plc"), ["memorandum of understanding"]);
    assert!(definition(&mut client, &uri, "Stockholm").is_empty(), "no relation, no definition");

    // Remove a relation.
    let r = act(
        &mut client,
        &uri,
        "Ascendas Plc",
        "Remove relation party “memorandum of understanding” → “Ascendas Plc”",
    );
    assert_eq!(r["unlinked"], 1);
    assert!(!stored(&path).contains(&rel("party", "memorandum of understanding", "Ascendas Plc")));
    assert_eq!(stored(&path).len(), 4);
    assert_eq!(sidecar(&path)["annotations"].as_array().unwrap().len(), 7, "the ends stay");

    // Removing an end removes its relations, and says so.
    client.clear_queue();
    act(&mut client, &uri, "Kista", "Remove annotation PARK “Kista Science Park”");
    assert!(!stored(&path).iter().any(|r| r.2 == "Kista Science Park"));
    let said = client.messages();
    assert!(
        said.iter().any(|m| m.contains(
            "removed relation party AGREEMENT “memorandum of understanding” → PARK “Kista Science Park”: PARK “Kista Science Park” was removed"
        )),
        "{said:#?}"
    );

    // Re-tagging an end beyond what the schema allows removes its relations.
    let person = sidecar(&path)["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["text"] == "Lena Berg")
        .map(|a| a["id"].clone())
        .unwrap();
    client.clear_queue();
    client.execute("pactum.relabel", json!({"uri": uri, "id": person, "label": "ORG"})).expect("relabel");
    assert_eq!(stored(&path), vec![rel("signed_on", "memorandum of understanding", "26 September 2024")]);
    let said = client.messages();
    assert!(
        said.iter().any(|m| m.contains("the schema allows no signatory from AGREEMENT to ORG")),
        "{said:#?}"
    );
    assert!(said.iter().any(|m| m.contains("the schema allows no has_role from ORG to ROLE")), "{said:#?}");

    // A relation the schema does not allow is refused with a message.
    let e = client
        .execute(
            "pactum.link",
            json!({"uri": uri, "label": "party",
                   "head": {"range": range(at("Stockholm", 0), at("Stockholm", 9)), "label": "GPE"},
                   "child": {"range": range(at("MOU", 0), at("MOU", 3)), "label": "AGREEMENT"}}),
        )
        .unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("does not allow party from GPE to AGREEMENT"), "{e}");

    // Deleting an end's text removes its relations (said), saved on didSave.
    client.clear_queue();
    let (s, e) = (at("26 September 2024", 0), at("26 September 2024", 17));
    client.change(&uri, 2, s, e, "");
    client.diagnostics(&uri, Some(2));
    let said = client.wait_for("window/showMessage", |p| {
        p["message"].as_str().is_some_and(|m| m.contains("removed relation signed_on"))
    });
    assert!(said["message"].as_str().unwrap().ends_with("DATE “26 September 2024” was removed"), "{said}");
    client.save(&uri);
    let edited = TEXT.replacen("26 September 2024", "", 1);
    // didSave writes the file; wait for it through a request round trip.
    let _ = client.code_actions(&uri, (0, 0), (0, 0));
    let sc = sidecar(&path);
    assert_eq!(sc["text_sha256"], pactum_store::text_hash(&edited));
    assert!(sc.get("relations").is_none(), "no relations left, no key: {sc}");
    client.stop();
}

#[test]
fn relations_survive_reopening_and_follow_edits() {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("mou.txt");
    std::fs::write(&path, TEXT).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    act(&mut client, &uri, "Ascendas Plc", "Link as party of “memorandum of understanding”");
    client.close(&uri);

    // Re-opened after the text changed outside the editor: re-anchored, kept.
    let moved = format!("Update.\n\n{TEXT}");
    std::fs::write(&path, &moved).unwrap();
    client.open(&uri, &moved, 1);
    client.diagnostics(&uri, Some(1));
    let b = moved.find("Ascendas").unwrap() + 1;
    let p = position_of(&moved, b, "utf-16");
    let h = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": p.0, "character": p.1}}),
        )
        .unwrap();
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("- party of “memorandum of understanding” (line 3) — accepted"), "{md}");

    // Typing before and inside the ends: the relation follows them.
    client.change(&uri, 2, (0, 0), (0, 0), "An ");
    client.diagnostics(&uri, Some(2));
    let moved = format!("An {moved}");
    let b = moved.find("memorandum").unwrap() + 1;
    let p = position_of(&moved, b, "utf-16");
    let d = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": p.0, "character": p.1}}),
        )
        .unwrap();
    assert_eq!(covered(&moved, &d["range"], "utf-16"), "Ascendas Plc", "{d}");
    client.stop();
}

#[test]
fn the_relation_picker_offers_keys_and_links_the_pick() {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("mou.txt");
    std::fs::write(&path, TEXT).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    let set = client
        .execute(
            "pactum.relationChoices",
            json!({"uri": uri, "position": range(at("Lena", 1), at("Lena", 1))["start"]}),
        )
        .expect("relation choices");
    println!("--- relation choices on “Lena Berg” ---\n{set:#}");
    assert_eq!(set["title"], "Link “Lena Berg” (PERSON)");
    assert_eq!(set["apply"]["command"], "pactum.linkPicked");
    let names: Vec<&str> =
        set["choices"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"signatory of “MOU”"), "{names:?}");
    assert!(names.contains(&"has has_role “CEO”"), "{names:?}");
    assert!(names.contains(&"has member_of “Stockholm”"), "{names:?}");
    assert_eq!(set["choices"][0]["key"], "1");
    assert!(set["choices"][0]["description"].as_str().unwrap().len() > 10, "the schema's description");

    // The editor sends the pick back: apply.arguments plus the picked name.
    let mut args = set["apply"]["arguments"].clone();
    args["label"] = json!("signatory of “MOU”");
    let r = client.execute("pactum.linkPicked", args.clone()).expect("linked");
    assert_eq!(r["linked"], 1);
    assert_eq!(stored(&path), vec![rel("signatory", "MOU", "Lena Berg")]);

    // A pick made for an older text is refused.
    client.change(&uri, 2, (0, 0), (0, 0), "A ");
    client.diagnostics(&uri, Some(2));
    args["label"] = json!("has has_role “CEO”");
    let e = client.execute("pactum.linkPicked", args).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("open the picker again"), "{e}");
    // No entity under the cursor: a message, not a panic.
    let e = client
        .execute("pactum.relationChoices", json!({"uri": uri, "position": {"line": 1, "character": 0}}))
        .unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("put the cursor on an entity span"), "{e}");
    client.stop();
}
