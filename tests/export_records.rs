//! `pactum export --format records` / `records-csv` end to end: the real
//! binary on a text whose annotation file holds relations, read back as
//! JSON and as CSV (by the `csv` crate's reader, as a spreadsheet would).

mod export_support;
#[path = "support/lsp_client.rs"]
mod lsp_client;

use export_support::*;
use pactum_store::{self as store, Annotation, Sidecar, Status};

const TEXT: &str = "Технополис and “Ascendas” signed a cooperation agreement on 3 May 2024. \
                    The agreement was signed by Anoop Ambika, CEO of KSUM, in Singapore, and aims \
                    to support startups, with $5 million committed.\n\nNo other deal.";

/// A corpus of one text: spans by the text they cover, then relations
/// between them (head, child, label) by index.
fn corpus(
    spans: &[(&str, &str)],
    relations: &[(usize, usize, &str)],
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let texts = dir.path().join("texts");
    std::fs::create_dir(&texts).unwrap();
    let path = texts.join("a.txt");
    std::fs::write(&path, TEXT).unwrap();
    let mut sidecar = Sidecar::new("parks-v1", TEXT);
    let mut ids = Vec::new();
    for &(sub, label) in spans {
        let b = TEXT.find(sub).unwrap_or_else(|| panic!("{sub:?}"));
        let start = TEXT[..b].chars().count();
        let a = Annotation::new(TEXT, start, start + sub.chars().count(), label, Status::Accepted).unwrap();
        ids.push(a.id.clone());
        sidecar.annotations.push(a);
    }
    for &(h, c, label) in relations {
        sidecar.add_relation(&ids[h], &ids[c], label, Status::Accepted, None).unwrap();
    }
    store::save(&store::sidecar_path(&path), &sidecar).unwrap();
    (dir, texts)
}

fn sample() -> (tempfile::TempDir, std::path::PathBuf) {
    corpus(
        &[
            ("Технополис", "ORG"),                        // 0
            ("Ascendas", "ORG"),                          // 1
            ("cooperation agreement", "AGREEMENT"),       // 2
            ("3 May 2024", "DATE"),                       // 3
            ("agreement was", "AGREEMENT"),               // 4 (the second mention; trimmed below)
            ("Anoop Ambika", "PERSON"),                   // 5
            ("CEO", "ROLE"),                              // 6
            ("KSUM", "ORG"),                              // 7
            ("Singapore", "GPE"),                         // 8
            ("aims to support startups", "PURPOSE"),      // 9
            ("with $5 million committed.", "COMMITMENT"), // 10
            ("Технополис and “Ascendas” signed a cooperation agreement on 3 May 2024.", "SIGNING"), // 11
        ],
        &[
            (2, 0, "party"),
            (2, 1, "party"),
            (2, 3, "signed_on"),
            (4, 5, "signatory"),
            (4, 7, "party"),
            (5, 6, "has_role"),
            (5, 7, "member_of"),
            (7, 8, "located_in"),
        ],
    )
}

#[test]
fn records_are_one_json_line_per_agreement_built_from_relations() {
    let (dir, texts) = sample();
    let out_path = dir.path().join("records.jsonl");
    let out = export("records", &out_path, &texts);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 agreement record(s)"), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&out_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    let first = &lines[0];
    assert_eq!(first["document"], "a.txt");
    assert_eq!(first["instrument"]["text"], "cooperation agreement");
    let texts_of = |v: &serde_json::Value| -> Vec<String> {
        v.as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(texts_of(&first["parties"]), ["Технополис", "Ascendas"]);
    assert_eq!(first["parties"][0]["label"], "ORG");
    assert_eq!(texts_of(&first["signed_on"]), ["3 May 2024"]);
    assert_eq!(texts_of(&first["signing"]).len(), 1);
    assert!(first["signatories"].as_array().unwrap().is_empty());
    // Offsets are code points: the curly quotes count one each.
    let chars: Vec<char> = TEXT.chars().collect();
    let (a, b) = (
        first["instrument"]["start"].as_u64().unwrap() as usize,
        first["instrument"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[a..b].iter().collect::<String>(), "cooperation agreement");
    let second = &lines[1];
    assert_eq!(second["instrument"]["text"], "agreement was");
    assert_eq!(texts_of(&second["parties"]), ["KSUM"]);
    let signatory = &second["signatories"][0];
    assert_eq!(signatory["person"]["text"], "Anoop Ambika");
    assert_eq!(texts_of(&signatory["roles"]), ["CEO"]);
    assert_eq!(texts_of(&signatory["organisations"]), ["KSUM"]);
    assert_eq!(texts_of(&second["purpose"]), ["aims to support startups"]);
    assert_eq!(texts_of(&second["commitment"]), ["with $5 million committed."]);
}

#[test]
fn records_csv_reads_back_as_the_same_records() {
    let (dir, texts) = sample();
    let json_path = dir.path().join("records.jsonl");
    let csv_path = dir.path().join("records.csv");
    assert!(export("records", &json_path, &texts).status.success());
    let out = export("records-csv", &csv_path, &texts);
    assert!(out.status.success(), "{}", stderr(&out));
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, pactum_export::records::CSV_HEADER);
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let json: Vec<serde_json::Value> = std::fs::read_to_string(&json_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), json.len());
    for (row, record) in rows.iter().zip(&json) {
        assert_eq!(row[0], record["document"].as_str().unwrap());
        assert_eq!(row[1], record["instrument"]["text"].as_str().unwrap());
        assert_eq!(row[2], record["instrument"]["start"].to_string());
    }
    assert_eq!(rows[0][4], "Технополис (ORG); Ascendas (ORG)");
    assert_eq!(rows[1][5], "Anoop Ambika (CEO; KSUM)");
    assert_eq!(rows[0][6], "3 May 2024");
    // The clause cell keeps its quotes and comma through CSV quoting.
    assert!(rows[0][7].starts_with("Технополис and “Ascendas” signed"), "{}", rows[0][7]);
}

#[test]
fn a_corpus_without_agreements_gives_an_empty_table_not_an_error() {
    let (dir, texts) = corpus(&[("KSUM", "ORG"), ("Singapore", "GPE")], &[(0, 1, "located_in")]);
    let csv_path = dir.path().join("records.csv");
    let out = export("records-csv", &csv_path, &texts);
    assert!(out.status.success(), "{}", stderr(&out));
    let content = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(content.lines().count(), 1, "header only: {content}");
    assert!(stderr(&out).contains("0 agreement record(s)"), "{}", stderr(&out));
}

/// The card as the hover shows a mention list: `A (ORG), B (ORG)` with the
/// marks of what is only suggested left out, `` for `_none linked_`.
fn card_line(card: &str, name: &str) -> String {
    let prefix = format!("- {name}: ");
    let line = card.lines().find(|l| l.starts_with(&prefix)).map_or("", |l| &l[prefix.len()..]);
    line.replace(" _(suggested)_", "").replace("_none linked_", "")
}

/// The hover's quoting of a clause: one line, at most 60 characters.
fn quote(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() <= 60 {
        format!("“{one}”")
    } else {
        format!("“{}…”", one.chars().take(59).collect::<String>())
    }
}

/// Issue 11: the hover's agreement card is the exported record. The same
/// document, in the language server and through `pactum export --format
/// records --include-suggestions` (the card shows the engine's suggestions
/// too, marked): for every record, the card of its instrument lists the same
/// parties, signatories with roles and organisations, dates and clauses.
#[test]
fn the_hover_card_of_each_agreement_is_its_exported_record() {
    let (dir, texts) = sample();
    let out_path = dir.path().join("records.jsonl");
    let out =
        pactum(&["export", "--format", "records", "--include-suggestions", "--out", s(&out_path), s(&texts)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = std::fs::read_to_string(&out_path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The two annotated agreements, and whatever the engine adds.
    assert!(records.len() >= 2, "{records:#?}");

    let path = texts.join("a.txt");
    let uri = lsp_client::file_uri(&path);
    let mut client = lsp_client::LspClient::start(&texts, None);
    client.open(&uri, TEXT, 1);
    client.diagnostics(&uri, Some(1));
    let mentions = |v: &serde_json::Value, with_label: bool| -> String {
        let items = v.as_array().unwrap().iter().map(|m| {
            let text = m["text"].as_str().unwrap();
            if with_label {
                format!("{text} ({})", m["label"].as_str().unwrap())
            } else {
                text.to_string()
            }
        });
        items.collect::<Vec<_>>().join(", ")
    };
    for record in &records {
        let instrument = record["instrument"]["text"].as_str().unwrap();
        let start = record["instrument"]["start"].as_u64().unwrap() as usize;
        let b = TEXT.char_indices().nth(start).unwrap().0 + 1;
        let p = lsp_client::position_of(TEXT, b, "utf-16");
        let h = client
            .request("textDocument/hover", serde_json::json!({"textDocument": {"uri": uri}, "position": {"line": p.0, "character": p.1}}))
            .expect("hover");
        let md = h["contents"]["value"].as_str().unwrap_or_default();
        // A SIGNING clause around it shows a card per instrument: take its own.
        let card = md
            .split("**Agreement** ")
            .find(|c| c.contains(&format!("- Instrument: {instrument}\n")))
            .unwrap_or_else(|| panic!("no card of {instrument:?} in {md}"));
        println!("--- card of {instrument:?} ---\n{card}");
        assert_eq!(card_line(card, "Parties"), mentions(&record["parties"], true), "{card}\n{record:#}");
        let signatories: Vec<String> = record["signatories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let about: Vec<&str> = ["roles", "organisations"]
                    .iter()
                    .flat_map(|k| s[k].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()))
                    .collect();
                let person = s["person"]["text"].as_str().unwrap();
                if about.is_empty() {
                    person.to_string()
                } else {
                    format!("{person} ({})", about.join(", "))
                }
            })
            .collect();
        assert_eq!(card_line(card, "Signatories"), signatories.join(", "), "{card}\n{record:#}");
        assert_eq!(card_line(card, "Date"), mentions(&record["signed_on"], false), "{card}\n{record:#}");
        for (name, key) in [("Signing", "signing"), ("Purpose", "purpose"), ("Commitment", "commitment")] {
            let quoted: Vec<String> =
                record[key].as_array().unwrap().iter().map(|m| quote(m["text"].as_str().unwrap())).collect();
            assert_eq!(card_line(card, name), quoted.join(" "), "{name}: {card}\n{record:#}");
        }
    }
    // Not vacuous: an agreement has a signatory with a role and an organisation.
    let second = records.iter().find(|r| r["instrument"]["text"] == "agreement was").expect("annotated");
    assert_eq!(second["signatories"][0]["roles"][0]["text"], "CEO", "{second:#}");
    client.stop();
}
