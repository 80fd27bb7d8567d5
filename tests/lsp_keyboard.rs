//! End to end: keyboard-first labelling through the real `pactum lsp` — the
//! label picker's choice sets and picks, boundary fixes that keep the
//! annotation's id, the uncertain-suggestion worklist, accepting a
//! paragraph, the one "Change label…" code action, the severity of
//! suggestions, who changed what (`by`, as for the team's other commands),
//! and the bad input of each (nothing changes, a clear message).

#[path = "support/lsp_client.rs"]
mod lsp_client;

use std::path::Path;

use lsp_client::*;
use serde_json::{json, Value};

const SEED: &str = "000_f5158f5e22cef6b9.txt";
const INFORMATION: u64 = 3;
const HINT: u64 = 4;

fn picker_options() -> Option<Value> {
    Some(json!({ "codeActions": { "labelPicker": true } }))
}

fn sidecar(text_path: &Path) -> Value {
    let mut p = text_path.as_os_str().to_owned();
    p.push(".ann.json");
    std::fs::read_to_string(p)
        .map_or(Value::Null, |raw| serde_json::from_str(&raw).expect("annotation file is JSON"))
}

fn annotations(text_path: &Path) -> Vec<Value> {
    sidecar(text_path)["annotations"].as_array().cloned().unwrap_or_default()
}

/// `(line, character)` of the `nth` occurrence of `needle` (UTF-16).
fn pos_of(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let b = text.match_indices(needle).nth(nth).unwrap_or_else(|| panic!("{needle:?} #{nth} not in text")).0;
    position_of(text, b, "utf-16")
}

fn end_of(text: &str, needle: &str, nth: usize) -> (u32, u32) {
    let b = text.match_indices(needle).nth(nth).unwrap().0 + needle.len();
    position_of(text, b, "utf-16")
}

fn lsp_pos(p: (u32, u32)) -> Value {
    json!({ "line": p.0, "character": p.1 })
}

fn cursor(p: (u32, u32)) -> Value {
    range(p, p)
}

fn code_points(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let b = text.match_indices(needle).nth(nth).unwrap().0;
    let s = text[..b].chars().count();
    (s, s + needle.chars().count())
}

/// Runs the choice set's apply command with `label`, as an editor does.
fn pick(client: &mut LspClient, set: &Value, label: &str) -> Result<Value, Value> {
    let mut arguments = set["apply"]["arguments"].clone();
    arguments["label"] = json!(label);
    client.execute(set["apply"]["command"].as_str().expect("apply command"), arguments)
}

fn choices(client: &mut LspClient, uri: &str, r: Value) -> Result<Value, Value> {
    client.execute("pactum.labelChoices", json!({ "uri": uri, "range": r }))
}

fn names(set: &Value) -> Vec<String> {
    set["choices"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

fn error_message(e: &Value) -> String {
    e["message"].as_str().unwrap_or_default().to_string()
}

fn find<'a>(diags: &'a [Value], message: &str) -> Option<&'a Value> {
    diags.iter().find(|d| d["message"] == message)
}

#[test]
fn the_label_picker_offers_the_schema_and_applies_the_pick() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    let registered = client.initialize_result["capabilities"]["executeCommandProvider"]["commands"].clone();
    for c in [
        "pactum.labelChoices",
        "pactum.setLabel",
        "pactum.resizeSpan",
        "pactum.setSpan",
        "pactum.uncertain",
        "pactum.acceptParagraph",
    ] {
        assert!(registered.as_array().unwrap().contains(&json!(c)), "{c} registered");
    }
    assert!(!registered.as_array().unwrap().contains(&json!("pactum.label")), "pactum.label is the editors'");
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));

    // 1. the cursor on a suggestion: relabel it, entity labels with keys and colours
    let park_at = pos_of(&text, "Singapore Science Park", 1);
    let set = choices(&mut client, &uri, cursor((park_at.0, park_at.1 + 3))).expect("choices");
    assert_eq!(set["title"], "Label “Singapore Science Park” (now PARK?)");
    let all = names(&set);
    assert_eq!(all.len(), 13, "the entity labels of parks-v1: {all:?}");
    assert!(!all.contains(&"SIGNING".to_string()));
    let park = set["choices"].as_array().unwrap().iter().find(|c| c["name"] == "PARK").unwrap();
    assert_eq!(
        (park["key"].as_str(), park["color"].as_str(), park["current"].as_bool()),
        (Some("k"), Some("#31a354"), Some(true))
    );
    assert!(park["description"].as_str().unwrap().contains("science or technology park"));
    assert_eq!(set["keyNote"], Value::Null);
    assert_eq!(set["apply"]["command"], "pactum.setLabel");
    assert_eq!(set["apply"]["arguments"]["version"], 1);

    // the pick: ORG on the suggestion's span, accepted
    let r = pick(&mut client, &set, "ORG").expect("pick");
    assert_eq!(r["label"], "ORG");
    let diags = client.diagnostics(&uri, Some(1));
    let org = find(&diags, "ORG “Singapore Science Park”").expect("relabelled and accepted");
    assert_eq!(org["severity"], HINT);
    assert!(
        find(&diags, "PARK? “Singapore Science Park”").is_some_and(|d| d["range"]["start"]["line"] == 0),
        "only the title's is left"
    );
    let (s, e) = code_points(&text, "Singapore Science Park", 1);
    let anns = annotations(&path);
    assert_eq!(anns.len(), 1);
    assert_eq!(
        (anns[0]["start"].as_u64(), anns[0]["end"].as_u64(), anns[0]["label"].as_str()),
        (Some(s as u64), Some(e as u64), Some("ORG"))
    );
    let id = anns[0]["id"].clone();

    // the same again: now an annotation, relabelled by id (id kept)
    let set = choices(&mut client, &uri, cursor(park_at)).unwrap();
    assert_eq!(set["title"], "Label “Singapore Science Park” (now ORG)");
    assert_eq!(set["apply"]["arguments"]["id"], id);
    pick(&mut client, &set, "PARK").unwrap();
    let anns = annotations(&path);
    assert_eq!((anns.len(), &anns[0]["id"], anns[0]["label"].as_str()), (1, &id, Some("PARK")));

    // 2. a word outside any span: tagged as an entity
    let word = pos_of(&text, "providers", 0);
    let set = choices(&mut client, &uri, cursor((word.0, word.1 + 2))).unwrap();
    assert_eq!(set["title"], "Label “providers”");
    let all = names(&set);
    assert_eq!(all.len(), 16, "every label for a new span: {all:?}");
    assert_eq!(
        (all[0].as_str(), all[12].as_str(), all[13].as_str()),
        ("PERSON", "AGREEMENT", "SIGNING"),
        "entity labels first"
    );
    pick(&mut client, &set, "ORG").unwrap();
    assert!(annotations(&path).iter().any(|a| a["text"] == "providers" && a["label"] == "ORG"));

    // 3. a selected whole sentence that is no clause yet: clause labels
    let sentence = "Both organizations are world-class providers of environments for high-tech companies, but they see excellent opportunities to learn from one another through intensified cooperation.";
    let set =
        choices(&mut client, &uri, range(pos_of(&text, sentence, 0), end_of(&text, sentence, 0))).unwrap();
    assert_eq!(names(&set)[..3], ["SIGNING", "PURPOSE", "COMMITMENT"], "clause labels first");
    let keys: Vec<&str> =
        set["choices"].as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert_eq!(keys[..4], ["S", "P", "C", "p"], "keys are case-sensitive: P is PURPOSE, p PERSON");
    // a few words of it: entity labels
    let set = choices(
        &mut client,
        &uri,
        range(pos_of(&text, "world-class providers", 0), end_of(&text, "world-class providers", 0)),
    )
    .unwrap();
    assert_eq!(names(&set)[0], "PERSON");

    // a word inside a clause suggestion means the word; white space there, the clause
    let speed = pos_of(&text, "speed up", 0);
    let set = choices(&mut client, &uri, cursor((speed.0, speed.1 + 1))).unwrap();
    assert_eq!(set["title"], "Label “speed”");
    let e = choices(
        &mut client,
        &uri,
        cursor((pos_of(&text, ", but they", 0).0, pos_of(&text, ", but they", 0).1 + 1)),
    )
    .unwrap_err();
    assert!(error_message(&e).contains("nothing to label"), "outside any span: {e}");
    let between = pos_of(&text, ", property development", 0);
    let set = choices(&mut client, &uri, cursor((between.0, between.1 + 1))).unwrap();
    assert!(
        set["title"].as_str().unwrap().starts_with("Label “Technopolis and Ascendas will exchange"),
        "{}",
        set["title"]
    );
    assert_eq!(names(&set), ["SIGNING", "PURPOSE", "COMMITMENT"], "a relabel keeps to the span's kind");

    // 4. a selection that is exactly a span relabels it (what Alt+N selects)
    let date = pos_of(&text, "26 September", 0);
    let set = choices(&mut client, &uri, range(end_of(&text, "26 September", 0), date)).unwrap();
    assert_eq!(set["title"], "Label “26 September” (now DATE?)");
    // picking the current label of a suggestion accepts it
    pick(&mut client, &set, "DATE").unwrap();
    assert!(annotations(&path)
        .iter()
        .any(|a| a["text"] == "26 September" && a["label"] == "DATE" && a["status"] == "accepted"));
    client.stop();
}

#[test]
fn the_picker_refuses_bad_input_and_changes_nothing() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));

    // an empty line (line 1 of the seed)
    let e = choices(&mut client, &uri, cursor((1, 0))).unwrap_err();
    assert!(error_message(&e).contains("nothing to label here"), "{e}");
    // white space only (a line break and indentation)
    let e = choices(&mut client, &uri, range(end_of(&text, "26 September.", 0), (3, 5))).unwrap_err();
    assert!(error_message(&e).contains("only white space"), "{e}");
    // a selection crossing a span's edge
    let e = choices(
        &mut client,
        &uri,
        range(
            (pos_of(&text, "Ascendas", 0).0, pos_of(&text, "Ascendas", 0).1 + 3),
            end_of(&text, "Ascendas, the", 0),
        ),
    )
    .unwrap_err();
    assert!(error_message(&e).contains("crosses the edge of ORG? “Ascendas”"), "{e}");
    // out-of-range positions are clamped, never a crash
    let far = choices(&mut client, &uri, cursor((9999, 9999)));
    assert!(far.is_ok() || far.is_err());
    // a pick after the text changed
    let set = choices(&mut client, &uri, cursor(pos_of(&text, "providers", 0))).unwrap();
    client.change(&uri, 2, (0, 0), (0, 0), "Тро 😀 ");
    let e = pick(&mut client, &set, "ORG").unwrap_err();
    assert!(error_message(&e).contains("changed since"), "{e}");
    // a label the schema does not have
    let set = choices(&mut client, &uri, cursor(pos_of(&text, "providers", 0))).unwrap();
    let e = pick(&mut client, &set, "NOPE").unwrap_err();
    assert!(error_message(&e).contains("not a label"), "{e}");
    assert!(annotations(&path).is_empty(), "nothing was written: {:?}", sidecar(&path));
    client.stop();
}

#[test]
fn a_stale_annotation_is_refused_by_the_picker_and_the_boundary_fixes() {
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("doc.txt");
    let text = "Ascendas opened.\n\nsome plain words here\n";
    std::fs::write(&path, text).unwrap();
    // An annotation made on another text, whose words are gone: it stays
    // stale at its old place, which now holds "plain".
    let (s, e) = code_points(text, "plain", 0);
    let sidecar_json = json!({
        "version": 1, "schema": "parks-v1", "text_sha256": "0".repeat(64),
        "annotations": [{"id": "a1", "start": s, "end": e, "label": "ORG", "status": "accepted",
                          "text": "Zzyzx", "context": {"before": "", "after": " Holdings"}}]
    });
    let sidecar_path = ws.path().join("doc.txt.ann.json");
    std::fs::write(&sidecar_path, sidecar_json.to_string()).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    assert!(find(&diags, "stale annotation: ORG “Zzyzx”").is_some(), "{diags:?}");
    let before = std::fs::read(&sidecar_path).unwrap();
    let on_plain = pos_of(text, "plain", 0);
    let e = choices(&mut client, &uri, cursor((on_plain.0, on_plain.1 + 2))).unwrap_err();
    assert!(error_message(&e).contains("ORG “Zzyzx” is a stale annotation"), "{e}");
    let e = client
        .execute(
            "pactum.resizeSpan",
            json!({"uri": uri, "position": lsp_pos(on_plain), "change": "extendNext"}),
        )
        .unwrap_err();
    assert!(error_message(&e).contains("stale annotation"), "{e}");
    let e = client
        .execute("pactum.setLabel", json!({"uri": uri, "version": 1, "id": "a1", "label": "PARK"}))
        .unwrap_err();
    assert!(error_message(&e).contains("stale annotation"), "{e}");
    assert_eq!(std::fs::read(&sidecar_path).unwrap(), before, "the annotation file is untouched");
    // the span next to it still works
    let set = choices(&mut client, &uri, cursor((0, 2))).unwrap();
    assert_eq!(set["title"], "Label “Ascendas” (now ORG?)");
    client.stop();
}

#[test]
fn boundary_fixes_keep_label_and_id() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let resize = |client: &mut LspClient, at: (u32, u32), change: &str| {
        client.execute("pactum.resizeSpan", json!({"uri": uri, "position": lsp_pos(at), "change": change}))
    };

    // a suggestion: fixing its end accepts it with the new boundaries
    let date = pos_of(&text, "26 September", 0);
    let r = resize(&mut client, date, "extendNext").expect("extend");
    assert_eq!((r["text"].as_str(), r["label"].as_str()), (Some("26 September."), Some("DATE")));
    assert_eq!(covered(&text, &r["range"], "utf-16"), "26 September.");
    let diags = client.diagnostics(&uri, Some(1));
    assert!(find(&diags, "DATE “26 September.”").is_some());
    assert!(find(&diags, "DATE? “26 September”").is_none(), "the engine's span is not suggested again");
    let anns = annotations(&path);
    let accepted: Vec<_> = anns.iter().filter(|a| a["status"] == "accepted").collect();
    assert_eq!(accepted.len(), 1);
    let id = accepted[0]["id"].clone();
    assert!(anns.iter().any(|a| a["status"] == "rejected" && a["text"] == "26 September"));

    // back: the same annotation (same id), the rejected remnant gives way
    let r = resize(&mut client, date, "shrinkEnd").unwrap();
    assert_eq!(r["text"], "26 September");
    let anns = annotations(&path);
    assert_eq!(anns.len(), 1, "{anns:?}");
    assert_eq!((&anns[0]["id"], anns[0]["status"].as_str()), (&id, Some("accepted")));
    let (s, e) = code_points(&text, "26 September", 0);
    assert_eq!((anns[0]["start"].as_u64(), anns[0]["end"].as_u64()), (Some(s as u64), Some(e as u64)));

    // the start edge
    let r = resize(&mut client, date, "extendPrevious").unwrap();
    assert_eq!(r["text"], "on 26 September");
    let r = resize(&mut client, (date.0, date.1 - 3), "shrinkStart").unwrap();
    assert_eq!(r["text"], "26 September");
    let r = resize(&mut client, date, "shrinkStart").unwrap();
    assert_eq!(r["text"], "September");
    let e = resize(&mut client, pos_of(&text, "September", 0), "shrinkEnd").unwrap_err();
    assert!(error_message(&e).contains("one word"), "{e}");
    let accepted = |path: &Path| -> Vec<Value> {
        annotations(path).into_iter().filter(|a| a["status"] == "accepted").collect()
    };
    assert_eq!(accepted(&path).len(), 1);
    assert_eq!(accepted(&path)[0]["id"], id, "still the same annotation");
    // the engine's span it left is not suggested again
    assert!(annotations(&path).iter().any(|a| a["status"] == "rejected" && a["text"] == "26 September"));

    // a count: as many words as asked, or as there are
    let counted = |client: &mut LspClient, at: (u32, u32), change: &str, count: u32| {
        client
            .execute(
                "pactum.resizeSpan",
                json!({"uri": uri, "position": lsp_pos(at), "change": change, "count": count}),
            )
            .unwrap()["text"]
            .clone()
    };
    assert_eq!(
        counted(&mut client, pos_of(&text, "September", 0), "extendPrevious", 3),
        "reported on 26 September"
    );
    assert_eq!(counted(&mut client, pos_of(&text, "reported on", 0), "shrinkStart", 2), "26 September");
    assert_eq!(
        counted(&mut client, pos_of(&text, "26 September", 0), "shrinkStart", 0),
        "September",
        "0 counts as 1"
    );
    assert_eq!(counted(&mut client, pos_of(&text, "September", 0), "extendPrevious", 1), "26 September");
    assert_eq!(accepted(&path)[0]["id"], id);
    assert_eq!(
        counted(&mut client, pos_of(&text, "Singapore Science Park", 0), "extendPrevious", 50),
        "Finnish Technopolis and Singapore Science Park",
        "as far as the text goes"
    );

    // the selected span is meant, even when its start holds a smaller one;
    // the answer says where a cursor keeps meaning it
    let signing = pos_of(&text, "Technopolis has signed", 0);
    let sentence_end = end_of(&text, "reported on 26 September.", 0);
    let r = client
        .execute(
            "pactum.resizeSpan",
            json!({"uri": uri, "position": lsp_pos(signing), "range": range(signing, sentence_end), "change": "shrinkStart"}),
        )
        .unwrap();
    assert_eq!(
        (r["label"].as_str(), r["text"].as_str().map(|t| t.starts_with("has signed"))),
        (Some("SIGNING"), Some(true))
    );
    let r = client
        .execute("pactum.resizeSpan", json!({"uri": uri, "position": lsp_pos(signing), "range": range(signing, sentence_end), "change": "extendPrevious"}))
        .unwrap_err();
    assert!(
        error_message(&r).contains("Technopolis"),
        "without an exact selection the innermost span at the cursor is meant: {r}"
    );
    let has = pos_of(&text, "has signed", 0);
    let r = client
        .execute("pactum.resizeSpan", json!({"uri": uri, "position": lsp_pos(has), "range": range(has, sentence_end), "change": "extendPrevious"}))
        .unwrap();
    assert_eq!(r["label"], "SIGNING");
    assert!(r["text"].as_str().unwrap().starts_with("Technopolis has signed"));
    assert_eq!(
        r["cursor"],
        lsp_pos(has),
        "the first point where the clause is innermost (an entity's end still counts as the entity)"
    );

    // set the span to a selection: the span it overlaps most
    let r = client
        .execute("pactum.setSpan", json!({"uri": uri, "range": range(pos_of(&text, "reported on 26", 0), end_of(&text, "26 September", 0))}))
        .unwrap();
    assert_eq!(r["text"], "reported on 26 September");
    let anns: Vec<Value> = accepted(&path).into_iter().filter(|a| a["label"] == "DATE").collect();
    assert_eq!(
        (anns.len(), &anns[0]["id"], anns[0]["text"].as_str()),
        (1, &id, Some("reported on 26 September"))
    );
    assert_eq!(
        anns[0]["context"]["after"].as_str().map(|s| s.starts_with('.')),
        Some(true),
        "context refreshed"
    );

    // a clause: selecting its sentence minus the last word means the clause, not a name in it
    let purpose = "The purpose of the agreement is to speed up the development of their respective technology park concepts and enhance their independent and joint business activities.";
    let shorter = &purpose[..purpose.len() - " activities.".len()];
    let r = client
        .execute(
            "pactum.setSpan",
            json!({"uri": uri, "range": range(pos_of(&text, shorter, 0), end_of(&text, shorter, 0))}),
        )
        .unwrap();
    assert_eq!((r["label"].as_str(), r["text"].as_str()), (Some("PURPOSE"), Some(shorter)));

    // bad input: nothing under the cursor, empty selection, nothing overlapping, no word to take in
    let e = resize(&mut client, (1, 0), "extendNext").unwrap_err();
    assert!(error_message(&e).contains("no span under the cursor"), "{e}");
    let e = client.execute("pactum.setSpan", json!({"uri": uri, "range": cursor(date)})).unwrap_err();
    assert!(error_message(&e).contains("selection is empty"), "{e}");
    let e = client
        .execute(
            "pactum.setSpan",
            json!({"uri": uri, "range": range(pos_of(&text, "providers", 0), end_of(&text, "providers", 0))}),
        )
        .unwrap_err();
    assert!(error_message(&e).contains("no span overlaps"), "{e}");
    let tail = pos_of(&text, "marked *", 0);
    let set = choices(&mut client, &uri, cursor(tail)).unwrap();
    pick(&mut client, &set, "ORG").unwrap();
    assert_eq!(resize(&mut client, tail, "extendNext").unwrap()["text"], "marked *");
    let e = resize(&mut client, tail, "extendNext").unwrap_err();
    assert!(error_message(&e).contains("no word"), "{e}");
    client.stop();
}

#[test]
fn boundary_fixes_count_code_points_in_every_encoding() {
    let text = "“Тро” 😀 signed with Kista Science Park Ltd. in Сколково.\n";
    for enc in ["utf-8", "utf-16", "utf-32"] {
        let ws = tempfile::tempdir().unwrap();
        let path = ws.path().join("doc.txt");
        std::fs::write(&path, text).unwrap();
        let uri = file_uri(&path);
        let mut client = LspClient::start_with(ws.path(), Some(&[enc]), picker_options());
        assert_eq!(client.encoding(), enc);
        client.open(&uri, text, 1);
        client.diagnostics(&uri, Some(1));
        let at = |needle: &str| position_of(text, text.find(needle).unwrap(), enc);
        let set = client
            .execute("pactum.labelChoices", json!({"uri": uri, "range": range(at("Kista"), at("Kista"))}))
            .unwrap();
        assert_eq!(set["title"], "Label “Kista Science Park Ltd.” (now ORG?)", "{enc}");
        let resize = |client: &mut LspClient, change: &str| {
            client
                .execute(
                    "pactum.resizeSpan",
                    json!({"uri": uri, "position": lsp_pos(at("Kista")), "change": change}),
                )
                .unwrap()
        };
        assert_eq!(resize(&mut client, "shrinkEnd")["text"], "Kista Science Park Ltd", "{enc}");
        assert_eq!(resize(&mut client, "shrinkEnd")["text"], "Kista Science Park", "{enc}");
        let r = resize(&mut client, "extendPrevious");
        assert_eq!(r["text"], "with Kista Science Park", "{enc}");
        assert_eq!(
            covered(text, &r["range"], enc),
            "with Kista Science Park",
            "{enc}: the range in the negotiated encoding"
        );
        let anns = annotations(&path);
        let a = anns.iter().find(|a| a["status"] == "accepted").unwrap();
        let (s, e) = code_points(text, "with Kista Science Park", 0);
        assert_eq!(
            (a["start"].as_u64(), a["end"].as_u64()),
            (Some(s as u64), Some(e as u64)),
            "{enc}: code points"
        );
        assert_eq!(a["label"], "ORG", "{enc}: the label is kept");
        // the word under the cursor, after an emoji and in Cyrillic
        let set = client
            .execute(
                "pactum.labelChoices",
                json!({"uri": uri, "range": range(at("Сколково"), at("Сколково"))}),
            )
            .unwrap();
        assert_eq!(set["title"], "Label “Сколково”", "{enc}");
        let set = client
            .execute("pactum.labelChoices", json!({"uri": uri, "range": range(at("Тро"), at("Тро"))}))
            .unwrap();
        assert_eq!(set["title"], "Label “Тро”", "{enc}");
        pick(&mut client, &set, "GPE").unwrap();
        let (s, e) = code_points(text, "Тро", 0);
        assert!(
            annotations(&path).iter().any(|a| a["start"] == s && a["end"] == e && a["label"] == "GPE"),
            "{enc}"
        );
        client.stop();
    }
}

#[test]
fn uncertain_suggestions_and_paragraphs() {
    let ws = workspace_with(&[SEED]);
    // The rules alone: every suggestion has confidence 1, so the worklist
    // keeps document order (ordering by confidence is unit-tested in
    // worklist.rs).
    std::fs::write(ws.path().join("pactum.toml"), "disable = [\"model.entity\", \"model.clause\"]\n")
        .unwrap();
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let mut suggested: Vec<(u64, u64)> = diags
        .iter()
        .filter(|d| d["severity"] == INFORMATION)
        .map(|d| {
            (
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    suggested.sort();
    let uncertain = |client: &mut LspClient, at: (u32, u32), direction: &str| {
        client
            .execute("pactum.uncertain", json!({"uri": uri, "position": lsp_pos(at), "direction": direction}))
            .unwrap()
    };
    let start_of = |v: &Value| {
        (v["range"]["start"]["line"].as_u64().unwrap(), v["range"]["start"]["character"].as_u64().unwrap())
    };

    // equal confidences: from outside any suggestion, the first; then document order
    let first = uncertain(&mut client, (1, 0), "next");
    assert_eq!(first["confidence"], 1.0);
    assert_eq!(first["left"].as_u64(), Some(suggested.len() as u64));
    let mut seen = vec![start_of(&first)];
    let mut at = start_of(&first);
    for _ in 1..4 {
        let next = uncertain(&mut client, (at.0 as u32, at.1 as u32), "next");
        at = start_of(&next);
        seen.push(at);
    }
    let mut sorted = seen.clone();
    sorted.sort();
    assert_eq!(seen, sorted, "document order");
    assert_eq!(seen[0], suggested[0]);
    let last = uncertain(&mut client, (1, 0), "previous");
    assert_eq!(start_of(&last), *suggested.last().unwrap());
    let back = uncertain(&mut client, (seen[1].0 as u32, seen[1].1 as u32), "previous");
    assert_eq!(start_of(&back).0, seen[0].0);

    // accept the title's paragraph only
    let r =
        client.execute("pactum.acceptParagraph", json!({"uri": uri, "position": lsp_pos((0, 3))})).unwrap();
    let title_suggestions = suggested.iter().filter(|(line, _)| *line == 0).count();
    assert_eq!(r["accepted"].as_u64(), Some(title_suggestions as u64));
    let diags = client.diagnostics(&uri, Some(1));
    assert!(diags.iter().all(|d| d["range"]["start"]["line"] != 0 || d["severity"] == HINT));
    assert!(
        diags.iter().any(|d| d["severity"] == INFORMATION),
        "the other paragraphs keep their suggestions"
    );
    let e = client
        .execute("pactum.acceptParagraph", json!({"uri": uri, "position": lsp_pos((1, 0))}))
        .unwrap_err();
    assert!(error_message(&e).contains("blank line"), "{e}");

    // nothing left: null, not an error
    client.execute("pactum.acceptAll", json!({"uri": uri})).unwrap();
    assert_eq!(uncertain(&mut client, (0, 0), "next"), Value::Null);
    client.stop();
}

#[test]
fn one_change_label_action_for_editors_with_the_picker() {
    let ws = workspace_with(&[SEED]);
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let at = pos_of(&text, "Singapore Science Park", 1);

    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let actions = client.code_actions(&uri, at, at);
    let titles: Vec<&str> = actions.iter().filter_map(|a| a["title"].as_str()).collect();
    let change = actions
        .iter()
        .find(|a| a["title"] == "Change label… (“Singapore Science Park”)")
        .expect("Change label…");
    assert_eq!(change["command"]["command"], "pactum.label");
    assert_eq!(
        covered(&text, &change["command"]["arguments"][0]["range"], "utf-16"),
        "Singapore Science Park"
    );
    assert!(!titles.iter().any(|t| t.starts_with("Change label to")), "{titles:#?}");
    assert!(
        titles.iter().any(|t| t.starts_with("Accept all") && t.ends_with("in this paragraph")),
        "{titles:#?}"
    );
    let sel = client.code_actions(&uri, pos_of(&text, "providers", 0), end_of(&text, "providers", 0));
    let tags: Vec<&str> =
        sel.iter().filter_map(|a| a["title"].as_str()).filter(|t| t.starts_with("Tag selection")).collect();
    assert_eq!(tags, ["Tag selection…"]);
    client.stop();

    // an editor that did not say it has the picker keeps one action per label
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, &text, 1);
    client.diagnostics(&uri, Some(1));
    let titles: Vec<String> = client
        .code_actions(&uri, at, at)
        .iter()
        .filter_map(|a| a["title"].as_str().map(str::to_string))
        .collect();
    assert!(titles.iter().any(|t| t == "Change label to ORG (“Singapore Science Park”)"), "{titles:#?}");
    assert!(!titles.iter().any(|t| t.starts_with("Change label…")));
    client.stop();
}

#[test]
fn suggestion_severity_from_pactum_toml_and_the_editor() {
    let ws = workspace_with(&[SEED]);
    std::fs::write(ws.path().join("pactum.toml"), "[suggestions]\nseverity = \"hint\"\n").unwrap();
    let path = ws.path().join(SEED);
    let text = std::fs::read_to_string(&path).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start(ws.path(), None);
    client.open(&uri, &text, 1);
    let diags = client.diagnostics(&uri, Some(1));
    let park = find(&diags, "PARK? “Singapore Science Park”").expect("suggestion");
    assert_eq!(park["severity"], HINT, "pactum.toml says hint");
    assert!(diags.iter().all(|d| d["severity"] == HINT));

    // the editor's setting wins over pactum.toml, and re-publishes
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pactum": {"suggestions": {"severity": "information"}}}}),
    );
    let diags = client.diagnostics(&uri, Some(1));
    assert_eq!(find(&diags, "PARK? “Singapore Science Park”").unwrap()["severity"], INFORMATION);
    // accepted annotations are never problems
    let at = pos_of(&text, "Singapore Science Park", 1);
    client.execute("pactum.acceptAt", json!({"uri": uri, "position": lsp_pos(at)})).unwrap();
    let diags = client.diagnostics(&uri, Some(1));
    assert_eq!(find(&diags, "PARK “Singapore Science Park”").unwrap()["severity"], HINT);

    // a bad value: a message, nothing changes
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pactum": {"suggestions": {"severity": "loud"}}}}),
    );
    let shown = client
        .wait_for("window/showMessage", |p| p["message"].as_str().is_some_and(|m| m.contains("severity")));
    assert!(shown["message"].as_str().unwrap().contains("unknown suggestion severity \"loud\""), "{shown}");
    // null hands it back to pactum.toml
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"pactum": {"suggestions": {"severity": null}}}}),
    );
    let diags = client.diagnostics(&uri, Some(1));
    assert!(diags.iter().all(|d| d["severity"] == HINT), "back to pactum.toml's hint");
    client.stop();
}

#[test]
fn a_schema_without_keys_is_picked_by_name_and_shared_keys_never_load() {
    let ws = tempfile::tempdir().unwrap();
    let schema = json!({
        "id": "mine",
        "labels": [
            {"name": "PARTY", "kind": "entity", "description": "A party.", "color": "#112233"},
            {"name": "PLACE", "kind": "entity", "description": "A place.", "key": "p"},
            {"name": "DEAL", "kind": "clause", "description": "A deal sentence."}
        ]
    });
    std::fs::write(ws.path().join("mine.json"), schema.to_string()).unwrap();
    std::fs::write(ws.path().join("pactum.toml"), "schema = \"mine.json\"\n").unwrap();
    let path = ws.path().join("doc.txt");
    let text = "Acme met Globex in Oulu.\n";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, text, 1);
    client.diagnostics(&uri, Some(1));
    let set = choices(&mut client, &uri, cursor(pos_of(text, "Globex", 0))).unwrap();
    assert_eq!(names(&set), ["PARTY", "PLACE", "DEAL"]);
    let keys: Vec<&Value> = set["choices"].as_array().unwrap().iter().map(|c| &c["key"]).collect();
    assert_eq!(keys, [&Value::Null, &json!("p"), &Value::Null], "labels without a key are picked by name");
    assert_eq!(set["choices"][0]["color"], "#112233");
    pick(&mut client, &set, "PARTY").unwrap();
    assert!(annotations(&path).iter().any(|a| a["text"] == "Globex" && a["label"] == "PARTY"));
    client.stop();

    // two labels sharing a key: the loader refuses the schema (a located
    // problem), the built-in schema is used, and its keys work
    let dup = json!({"id": "dup", "labels": [
        {"name": "A", "kind": "entity", "description": "a", "key": "x"},
        {"name": "B", "kind": "entity", "description": "b", "key": "x"}
    ]});
    std::fs::write(ws.path().join("mine.json"), dup.to_string()).unwrap();
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    let shown = client.wait_for("window/showMessage", |_| true);
    assert!(shown["message"].as_str().unwrap().contains("key `x` is already used"), "{shown}");
    client.open(&uri, text, 1);
    client.diagnostics(&uri, Some(1));
    let set = choices(&mut client, &uri, cursor(pos_of(text, "Oulu", 0))).unwrap();
    assert!(set["choices"].as_array().unwrap().iter().any(|c| c["name"] == "GPE" && c["key"] == "g"));
    client.stop();
}

#[test]
fn the_keyboard_commands_record_who_changed_what() {
    use pactum_store::{self as store, Annotation, Sidecar, Status};
    let ws = tempfile::tempdir().unwrap();
    let path = ws.path().join("a.txt");
    let text = "Тро “Technopolis” signed an MoU with Ascendas 😀 in Oulu on 26 September.\n";
    std::fs::write(&path, text).unwrap();
    // Boris annotated two spans before; Anna works on the same file now.
    let mut sidecar_file = Sidecar::new("parks-v1", text);
    for (needle, label) in [("Technopolis", "ORG"), ("26 September", "DATE")] {
        let (s, e) = code_points(text, needle, 0);
        let mut a = Annotation::new(text, s, e, label, Status::Accepted).unwrap();
        a.by = Some("boris".to_string());
        sidecar_file.annotations.push(a);
    }
    store::save(&store::sidecar_path(&path), &sidecar_file).unwrap();
    std::fs::write(ws.path().join("pactum.toml"), "annotator = \"anna\"\n").unwrap();
    let uri = file_uri(&path);
    let mut client = LspClient::start_with(ws.path(), None, picker_options());
    client.open(&uri, text, 1);
    client.diagnostics(&uri, Some(1));
    let by_text = |needle: &str| -> Value {
        annotations(&path)
            .into_iter()
            .find(|a| a["text"] == needle)
            .unwrap_or_else(|| panic!("no annotation of {needle:?}: {:?}", annotations(&path)))
    };
    let id_of = |needle: &str| by_text(needle)["id"].clone();
    let technopolis_id = id_of("Technopolis");
    let date_id = id_of("26 September");

    // a pick that changes nothing (DATE is already DATE, accepted) leaves it Boris's
    let set = choices(&mut client, &uri, cursor(pos_of(text, "September", 0))).unwrap();
    pick(&mut client, &set, "DATE").unwrap();
    assert_eq!(by_text("26 September")["by"], "boris", "an unchanged annotation keeps its author");

    // relabelling Boris's annotation through the picker makes it Anna's (same id)
    let set = choices(&mut client, &uri, cursor(pos_of(text, "Technopolis", 0))).unwrap();
    pick(&mut client, &set, "PARK").unwrap();
    let park = by_text("Technopolis");
    assert_eq!((&park["label"], &park["by"], &park["id"]), (&json!("PARK"), &json!("anna"), &technopolis_id));

    // new boundaries are Anna's change too (same id, same label)
    let r = client
        .execute(
            "pactum.resizeSpan",
            json!({"uri": uri, "position": lsp_pos(pos_of(text, "26 September", 0)), "change": "extendNext"}),
        )
        .unwrap();
    assert_eq!(r["text"], "26 September.");
    let date = by_text("26 September.");
    assert_eq!((&date["by"], &date["id"], &date["label"]), (&json!("anna"), &date_id, &json!("DATE")));

    // a new span tagged by the picker, and the paragraph's suggestions, are Anna's
    let set = choices(&mut client, &uri, cursor(pos_of(text, "Oulu", 0))).unwrap();
    pick(&mut client, &set, "LOC").unwrap();
    assert_eq!(by_text("Oulu")["by"], "anna");
    client
        .execute(
            "pactum.acceptParagraph",
            json!({"uri": uri, "position": lsp_pos(pos_of(text, "signed", 0))}),
        )
        .unwrap();
    let anns = annotations(&path);
    assert!(anns.len() > 3, "the paragraph's suggestions were accepted: {anns:?}");
    assert!(anns.iter().all(|a| a["by"] == "anna"), "every change is Anna's: {anns:?}");
    client.stop();
}
