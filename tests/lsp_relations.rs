//! End to end: relations (issue 11) in the language server. Accepting and
//! rejecting the engine's suggested relations, linking the entity under the
//! cursor by code action (its suggested ends accepted with it), the
//! annotation file written at once, the hover of either end and the
//! agreement card, go to definition, removing a relation, and the relations
//! that go with an end that is removed, re-tagged or deleted by an edit
//! (each said to the user); relations surviving a re-open.

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;

use lsp_client::*;
use serde_json::{json, Value};

/// The engine suggests relations in the first two sentences (party,
/// signed_on, signatory, has_role) and none in the third.
const TEXT: &str = "Kista Science Park signed a memorandum of understanding with Ascendas Plc on 26 September 2024.\n\nThe MOU was signed by Dr Lena Berg, CEO of the park, in Stockholm.\n\nUnder the accord, Ascendas Plc will open an office in Kista Science Park.\n";

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

/// (label, head text, child text) of the file's accepted relations, via its annotations.
fn stored(path: &Path) -> Vec<(String, String, String)> {
    with_status(path, "accepted")
}

fn with_status(path: &Path, status: &str) -> Vec<(String, String, String)> {
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
        .filter(|r| r["status"] == status)
        .map(|r| {
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
fn accept_link_show_jump_and_remove_relations() {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("mou.txt");
    std::fs::write(&path, TEXT).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    let caps = &client.initialize_result["capabilities"];
    assert_eq!(caps["definitionProvider"], true);
    for c in ["pactum.link", "pactum.unlink", "pactum.relationChoices", "pactum.linkPicked"] {
        assert!(caps["executeCommandProvider"]["commands"].as_array().unwrap().contains(&json!(c)), "{c}");
    }
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));

    // 1. A suggested relation: in the hover of its end, and offered for accepting.
    let md = hover(&mut client, &uri, "Ascendas Plc");
    println!("--- hover on “Ascendas Plc” (suggested relation) ---\n{md}");
    assert!(
        md.contains("- party of “memorandum of understanding” (line 1) — suggested (rule `relation."),
        "{md}"
    );
    let p = at("Ascendas Plc", 1);
    let t = titles(&client.code_actions(&uri, p, p));
    println!("--- code actions on “Ascendas Plc” ---\n{}", t.join("\n"));
    let accept = "Accept relation: “Ascendas Plc” as party to “memorandum of understanding”";
    assert!(t.iter().any(|x| x == accept), "{t:#?}");
    assert!(
        !t.iter().any(|x| x.starts_with("Link as party to “memorandum")),
        "suggested, not offered twice: {t:#?}"
    );
    assert!(!t.iter().any(|x| x.starts_with("Reject relation")), "its ends are no annotations yet: {t:#?}");
    assert!(!t.iter().any(|x| x.contains("“MOU”") || x.contains("“accord”")), "other sentences: {t:#?}");
    assert!(!t.iter().any(|x| x.contains("signatory of")), "an ORG is no signatory: {t:#?}");

    // Accepting it accepts both (suggested) ends and writes the file at once.
    let r = act(&mut client, &uri, "Ascendas Plc", accept);
    assert_eq!(r["linked"], 1);
    assert_eq!(stored(&path), vec![rel("party", "memorandum of understanding", "Ascendas Plc")]);
    let sc = sidecar(&path);
    assert_eq!(sc["annotations"].as_array().unwrap().len(), 2, "both ends accepted: {sc}");
    let md = hover(&mut client, &uri, "Ascendas Plc");
    assert!(md.contains("- party of “memorandum of understanding” (line 1) — accepted"), "{md}");

    // 2. Rejecting a suggested relation between two annotations: stored as
    // rejected, no longer suggested.
    act(&mut client, &uri, "26 September", "Accept DATE “26 September 2024”");
    let reject = "Reject relation: “26 September 2024” as signing date of “memorandum of understanding”";
    let r = act(&mut client, &uri, "26 September", reject);
    assert_eq!(r["rejected"], 1);
    assert_eq!(
        with_status(&path, "rejected"),
        vec![rel("signed_on", "memorandum of understanding", "26 September 2024")]
    );
    assert!(definition(&mut client, &uri, "26 September").is_empty(), "a rejected relation is not shown");

    // 3. A relation the engine does not suggest, created by code action.
    let p = at("Ascendas Plc will", 1);
    let t = titles(&client.code_actions(&uri, p, p));
    assert!(t.iter().any(|x| x == "Link as party to “accord”"), "{t:#?}");
    let r = act(&mut client, &uri, "Ascendas Plc will", "Link as party to “accord”");
    assert_eq!(r["linked"], 1);
    // From the head's side too, and the suggested ones of the second sentence.
    act(&mut client, &uri, "accord", "Link “Kista Science Park” as party to “accord”");
    act(&mut client, &uri, "Lena Berg", "Accept relation: “Lena Berg” as signatory of “MOU”");
    act(&mut client, &uri, "Lena Berg", "Accept relation: “CEO” as role of “Lena Berg”");
    assert_eq!(
        stored(&path),
        vec![
            rel("has_role", "Lena Berg", "CEO"),
            rel("party", "accord", "Ascendas Plc"),
            rel("party", "accord", "Kista Science Park"),
            rel("party", "memorandum of understanding", "Ascendas Plc"),
            rel("signatory", "MOU", "Lena Berg"),
        ]
    );
    // A linked pair is offered for removal, not linked again.
    let p = at("Ascendas Plc will", 1);
    let t = titles(&client.code_actions(&uri, p, p));
    assert!(t.iter().any(|x| x == "Remove relation: “Ascendas Plc” as party to “accord”"), "{t:#?}");
    assert!(!t.iter().any(|x| x == "Link as party to “accord”"), "{t:#?}");

    // 4. Hover of either end, and the agreement card built from the relations.
    let md = hover(&mut client, &uri, "Lena Berg");
    assert!(md.contains("- signatory of “MOU” (line 3) — accepted"), "{md}");
    assert!(md.contains("- has has_role “CEO” (line 3) — accepted"), "{md}");
    let md = hover(&mut client, &uri, "memorandum");
    println!("--- hover on the agreement ---\n{md}");
    assert!(md.contains("**Agreement** “memorandum of understanding”"), "{md}");
    // The exported record's order: text order, suggested parts marked.
    assert!(md.contains("- Parties: Kista Science Park (PARK) _(suggested)_, Ascendas Plc (ORG)\n"), "{md}");
    assert!(md.contains("- Signing: “Kista Science Park signed a memorandum of understanding wit…”"), "{md}");
    assert!(md.contains("- Date: _none linked_"), "the rejected date is not linked: {md}");
    assert!(md.contains("- Not linked in this sentence: 26 September 2024 (DATE)"), "{md}");
    let md = hover(&mut client, &uri, "MOU");
    assert!(md.contains("- Signatories: Lena Berg (CEO)\n"), "{md}");
    let md = hover(&mut client, &uri, "accord");
    assert!(md.contains("- Parties: Ascendas Plc (ORG), Kista Science Park (PARK)\n"), "{md}");

    // 5. Go to the other end(s): stored and suggested, not rejected.
    let mut ends = definition(&mut client, &uri, "memorandum");
    ends.sort();
    assert_eq!(ends, ["Ascendas Plc", "Kista Science Park"]);
    assert_eq!(definition(&mut client, &uri, "Ascendas Plc will"), ["accord"]);
    assert!(definition(&mut client, &uri, "Stockholm").is_empty(), "no relation, no definition");

    // 6. Remove a relation: the ends stay.
    let before = sidecar(&path)["annotations"].as_array().unwrap().len();
    let r = act(
        &mut client,
        &uri,
        "Ascendas Plc",
        "Remove relation: “Ascendas Plc” as party to “memorandum of understanding”",
    );
    assert_eq!(r["unlinked"], 1);
    assert!(!stored(&path).contains(&rel("party", "memorandum of understanding", "Ascendas Plc")));
    assert_eq!(sidecar(&path)["annotations"].as_array().unwrap().len(), before, "the ends stay");

    // 7. Removing an end removes its relations, and says so.
    client.clear_queue();
    act(&mut client, &uri, "Ascendas Plc will", "Remove annotation ORG “Ascendas Plc”");
    assert!(!stored(&path).contains(&rel("party", "accord", "Ascendas Plc")));
    let said = client.messages();
    assert!(
        said.iter().any(|m| m.contains(
            "removed relation party AGREEMENT “accord” → ORG “Ascendas Plc”: ORG “Ascendas Plc” was removed"
        )),
        "{said:#?}"
    );

    // 8. Re-tagging an end beyond what the schema allows removes its relations.
    let person = sidecar(&path)["annotations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["text"] == "Lena Berg")
        .map(|a| a["id"].clone())
        .unwrap();
    client.clear_queue();
    client.execute("pactum.relabel", json!({"uri": uri, "id": person, "label": "ORG"})).expect("relabel");
    assert_eq!(stored(&path), vec![rel("party", "accord", "Kista Science Park")]);
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

    // 9. Deleting an end's text detaches the end (kept as stale until its
    // text returns, issue 15), so its relations stay, saved on didSave.
    client.clear_queue();
    let (s, e) = (at("accord", 0), at("accord", 6));
    client.change(&uri, 2, s, e, "");
    client.diagnostics(&uri, Some(2));
    client.save(&uri);
    let edited = TEXT.replacen("accord", "", 1);
    // didSave writes the file; a request round trip waits for it.
    let _ = client.code_actions(&uri, (0, 0), (0, 0));
    let sc = sidecar(&path);
    assert_eq!(sc["text_sha256"], pactum_store::text_hash(&edited));
    assert_eq!(stored(&path), vec![rel("party", "accord", "Kista Science Park")], "{sc}");
    assert_eq!(with_status(&path, "rejected").len(), 1, "the rejected one stays: {sc}");
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
    act(
        &mut client,
        &uri,
        "Ascendas Plc",
        "Accept relation: “Ascendas Plc” as party to “memorandum of understanding”",
    );
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
    let b = moved.find("Ascendas").unwrap() + 1;
    let p = position_of(&moved, b, "utf-16");
    let d = client
        .request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": {"line": p.0, "character": p.1}}),
        )
        .unwrap();
    assert_eq!(covered(&moved, &d["range"], "utf-16"), "memorandum of understanding", "{d}");
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
    assert_eq!(names[0], "signatory of “MOU” (suggested)", "suggested ones first: {names:?}");
    assert!(names.contains(&"has role “CEO” (suggested)"), "{names:?}");
    assert!(names.contains(&"member of “Stockholm”"), "{names:?}");
    assert!(!names.contains(&"signatory of “MOU”"), "not offered twice: {names:?}");
    assert_eq!(set["choices"][0]["key"], "1");
    assert!(set["choices"][0]["description"].as_str().unwrap().len() > 10, "the schema's description");

    // The editor sends the pick back: apply.arguments plus the picked name.
    let mut args = set["apply"]["arguments"].clone();
    args["label"] = json!("signatory of “MOU” (suggested)");
    let r = client.execute("pactum.linkPicked", args.clone()).expect("linked");
    assert_eq!(r["linked"], 1);
    assert_eq!(stored(&path), vec![rel("signatory", "MOU", "Lena Berg")]);
    args["label"] = json!("member of “Stockholm”");
    client.execute("pactum.linkPicked", args.clone()).expect("linked");
    assert!(stored(&path).contains(&rel("member_of", "Lena Berg", "Stockholm")));

    // A pick made for an older text is refused.
    client.change(&uri, 2, (0, 0), (0, 0), "A ");
    client.diagnostics(&uri, Some(2));
    args["label"] = json!("has role “CEO” (suggested)");
    let e = client.execute("pactum.linkPicked", args).unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("open the picker again"), "{e}");
    // No entity under the cursor: a message, not a panic.
    let e = client
        .execute("pactum.relationChoices", json!({"uri": uri, "position": {"line": 1, "character": 0}}))
        .unwrap_err();
    assert!(e["message"].as_str().unwrap().contains("put the cursor on an entity span"), "{e}");
    client.stop();
}
