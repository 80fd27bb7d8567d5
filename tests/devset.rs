//! The engine on the development set: every gold text of
//! `tests/data/gold/seeds.jsonl` (a copy of `../shared/corpus/gold/seeds.jsonl`),
//! scored the way `../shared/tools/score.py` scores it, must stay above the
//! quality floors below.
//!
//! - Entities: a prediction is right iff (start, end, label) equals a gold
//!   span, offsets in code points; micro P/R/F1 over all entity labels.
//! - Clauses (SIGNING, PURPOSE, COMMITMENT): a prediction matches a gold span
//!   of the same label when intersection over union ≥ 0.5, one to one
//!   (maximum bipartite matching).
//!
//! A second gold set, `tests/data/heldout/gold.jsonl`, was written and
//! annotated independently of the engine (see its README) to watch how the
//! rules carry over to unseen articles; it has floors of its own.
//!
//! `cargo test --test devset -- --nocapture` prints the per-label tables. With
//! `PACTUM_DEVSET_PRED=FILE` the predictions are also written as JSON lines,
//! so the scorer can be checked against `score.py` on the same predictions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use pactum_engine::Engine;
use pactum_text::CharCounter;
use serde::Deserialize;

/// Entity micro-F1 must stay at or above this: what the engine reached on
/// the development set when the floor was set (0.996), less a margin of
/// about 0.02 for harmless changes. Raise it when the engine gets better.
const ENTITY_F1_FLOOR: f64 = 0.97;

/// Clause micro-F1 must stay at or above this: what the engine reached
/// (1.000 on these 44 clauses, with rules written from the annotation guide's
/// frames rather than from these texts), less a margin of 0.02.
const CLAUSE_F1_FLOOR: f64 = 0.98;

/// Floors on the held-out set: what the engine reached there when they were
/// set (entity 0.957, clause 0.932), less a margin of about 0.02. Part of it
/// (articles 001–005) has been used to tune rules; 006–010 never were (there
/// the engine reached entity 0.915 and clause 0.86).
const HELDOUT_ENTITY_F1_FLOOR: f64 = 0.935;
const HELDOUT_CLAUSE_F1_FLOOR: f64 = 0.91;

const CLAUSE_LABELS: [&str; 3] = ["SIGNING", "PURPOSE", "COMMITMENT"];

/// A prediction matches a gold clause when their intersection over union is
/// at least this.
const CLAUSE_IOU: f64 = 0.5;

#[derive(Deserialize)]
struct GoldDoc {
    id: String,
    text: String,
    spans: Vec<GoldSpan>,
}

#[derive(Deserialize)]
struct GoldSpan {
    start: usize,
    end: usize,
    label: String,
}

/// (start, end, label) in code points.
type Triple = (usize, usize, String);

fn gold_docs(relative: &str) -> Vec<GoldDoc> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative);
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    data.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: bad line: {e}", path.display())))
        .collect()
}

/// The engine's spans for `text`, in code points, without duplicates.
fn predict(engine: &Engine, text: &str) -> BTreeSet<Triple> {
    // Spans come sorted by start; ends are nearly sorted, and a counter that
    // goes back restarts, so it stays right.
    let mut starts = CharCounter::new(text);
    let mut ends = CharCounter::new(text);
    engine
        .annotate(text)
        .into_iter()
        .map(|s| (starts.char_offset(s.start), ends.char_offset(s.end), s.label.as_str().to_string()))
        .collect()
}

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    tp: usize,
}

impl Counts {
    fn add(&mut self, other: Counts) {
        self.gold += other.gold;
        self.pred += other.pred;
        self.tp += other.tp;
    }

    /// Precision, recall, F1; `None` when there is nothing on either side.
    fn prf(self) -> Option<(f64, f64, f64)> {
        if self.gold == 0 && self.pred == 0 {
            return None;
        }
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(self.tp, self.pred), ratio(self.tp, self.gold));
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        Some((p, r, f))
    }
}

fn iou(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = (a.1 - a.0) + (b.1 - b.0) - inter;
    if union == 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    inter as f64 / union as f64
}

/// Size of a maximum one-to-one matching (Kuhn's algorithm); `adj[i]` lists
/// the gold indices prediction `i` may match.
fn max_matching(adj: &[Vec<usize>], n_gold: usize) -> usize {
    fn assign(i: usize, adj: &[Vec<usize>], seen: &mut [bool], owner: &mut [Option<usize>]) -> bool {
        for &j in &adj[i] {
            if seen[j] {
                continue;
            }
            seen[j] = true;
            if owner[j].is_none_or(|k| assign(k, adj, seen, owner)) {
                owner[j] = Some(i);
                return true;
            }
        }
        false
    }
    let mut owner = vec![None; n_gold];
    (0..adj.len()).filter(|&i| assign(i, adj, &mut vec![false; n_gold], &mut owner)).count()
}

/// Per-label counts for one document.
fn score_doc(gold: &BTreeSet<Triple>, pred: &BTreeSet<Triple>, table: &mut BTreeMap<String, Counts>) {
    let labels: BTreeSet<&String> = gold.iter().chain(pred).map(|t| &t.2).collect();
    for label in labels {
        let g: Vec<(usize, usize)> = gold.iter().filter(|t| &t.2 == label).map(|t| (t.0, t.1)).collect();
        let p: Vec<(usize, usize)> = pred.iter().filter(|t| &t.2 == label).map(|t| (t.0, t.1)).collect();
        let tp = if CLAUSE_LABELS.contains(&label.as_str()) {
            let adj: Vec<Vec<usize>> =
                p.iter().map(|ps| (0..g.len()).filter(|&j| iou(*ps, g[j]) >= CLAUSE_IOU).collect()).collect();
            max_matching(&adj, g.len())
        } else {
            p.iter().filter(|s| g.contains(s)).count()
        };
        table.entry(label.clone()).or_default().add(Counts { gold: g.len(), pred: p.len(), tp });
    }
}

fn micro(table: &BTreeMap<String, Counts>, clauses: bool) -> Counts {
    let mut total = Counts::default();
    for (label, c) in table {
        if CLAUSE_LABELS.contains(&label.as_str()) == clauses {
            total.add(*c);
        }
    }
    total
}

fn render(title: &str, table: &BTreeMap<String, Counts>, clauses: bool) -> String {
    let row = |name: &str, c: Counts| {
        let prf =
            c.prf().map_or("    -     -     -".to_string(), |(p, r, f)| format!("{p:5.3} {r:5.3} {f:5.3}"));
        format!(
            "{name:<11} {:>5} {:>5} {:>5} {:>5} {:>5}   {prf}\n",
            c.gold,
            c.pred,
            c.tp,
            c.pred - c.tp,
            c.gold - c.tp
        )
    };
    let mut out = format!(
        "{title}\n{:<11} {:>5} {:>5} {:>5} {:>5} {:>5}       P     R    F1\n",
        "LABEL", "gold", "pred", "tp", "fp", "fn"
    );
    for (label, c) in table.iter().filter(|(l, _)| CLAUSE_LABELS.contains(&l.as_str()) == clauses) {
        out.push_str(&row(label, *c));
    }
    out.push_str(&row("micro", micro(table, clauses)));
    out
}

/// Scores the engine on a gold file; prints the tables and returns the
/// entity and clause micro-F1. `pred_env` names a variable that, when set,
/// is a file to write the predictions to.
fn score_gold_file(relative: &str, pred_env: &str) -> (f64, f64) {
    let engine = Engine::new();
    let docs = gold_docs(relative);
    assert!(!docs.is_empty(), "{relative} has no documents");
    let mut table: BTreeMap<String, Counts> = BTreeMap::new();
    let mut pred_lines = String::new();
    for doc in &docs {
        let gold: BTreeSet<Triple> = doc.spans.iter().map(|s| (s.start, s.end, s.label.clone())).collect();
        let pred = predict(&engine, &doc.text);
        score_doc(&gold, &pred, &mut table);
        let spans: Vec<serde_json::Value> =
            pred.iter().map(|(s, e, l)| serde_json::json!({"start": s, "end": e, "label": l})).collect();
        pred_lines.push_str(&serde_json::json!({"id": doc.id, "spans": spans}).to_string());
        pred_lines.push('\n');
    }
    if let Some(path) = std::env::var_os(pred_env) {
        std::fs::write(&path, &pred_lines)
            .unwrap_or_else(|e| panic!("{}: {e}", PathBuf::from(&path).display()));
    }
    println!("{relative}");
    println!("{}", render("ENTITIES (exact start/end/label)", &table, false));
    println!("{}", render(&format!("CLAUSES (same label, IoU >= {CLAUSE_IOU}, 1:1)"), &table, true));
    let entity_f1 = micro(&table, false).prf().map_or(0.0, |(_, _, f)| f);
    let clause_f1 = micro(&table, true).prf().map_or(0.0, |(_, _, f)| f);
    (entity_f1, clause_f1)
}

#[test]
fn engine_stays_above_the_quality_floors_on_the_development_set() {
    let (entity_f1, clause_f1) = score_gold_file("tests/data/gold/seeds.jsonl", "PACTUM_DEVSET_PRED");
    assert!(entity_f1 >= ENTITY_F1_FLOOR, "entity micro-F1 {entity_f1:.3} fell below {ENTITY_F1_FLOOR}");
    assert!(clause_f1 >= CLAUSE_F1_FLOOR, "clause micro-F1 {clause_f1:.3} fell below {CLAUSE_F1_FLOOR}");
}

#[test]
fn engine_stays_above_the_quality_floors_on_the_heldout_set() {
    let (entity_f1, clause_f1) = score_gold_file("tests/data/heldout/gold.jsonl", "PACTUM_HELDOUT_PRED");
    assert!(
        entity_f1 >= HELDOUT_ENTITY_F1_FLOOR,
        "held-out entity micro-F1 {entity_f1:.3} fell below {HELDOUT_ENTITY_F1_FLOOR}"
    );
    assert!(
        clause_f1 >= HELDOUT_CLAUSE_F1_FLOOR,
        "held-out clause micro-F1 {clause_f1:.3} fell below {HELDOUT_CLAUSE_F1_FLOOR}"
    );
}

/// Floors on the real-article test split (`tests/data/real/test.jsonl`,
/// 24 published articles never read while tuning rules, features or model
/// settings): the engine with its trained models, as measured when the
/// models shipped (entity 0.780, clause 0.682; rules alone 0.756, 0.553),
/// less a margin of about 0.02. Raised after the rules of issue 9 item 3
/// (entity 0.787, clause 0.673; rules alone 0.769, 0.567).
const REAL_TEST_ENTITY_F1_FLOOR: f64 = 0.77;
const REAL_TEST_CLAUSE_F1_FLOOR: f64 = 0.66;

#[test]
fn engine_stays_above_the_quality_floors_on_the_real_test_split() {
    let (entity_f1, clause_f1) = score_gold_file("tests/data/real/test.jsonl", "PACTUM_REAL_TEST_PRED");
    assert!(
        entity_f1 >= REAL_TEST_ENTITY_F1_FLOOR,
        "real-test entity micro-F1 {entity_f1:.3} fell below {REAL_TEST_ENTITY_F1_FLOOR}"
    );
    assert!(
        clause_f1 >= REAL_TEST_CLAUSE_F1_FLOOR,
        "real-test clause micro-F1 {clause_f1:.3} fell below {REAL_TEST_CLAUSE_F1_FLOOR}"
    );
}

#[test]
fn scorer_matches_clauses_one_to_one_at_half_overlap() {
    // IoU exactly 0.5 matches; one long prediction over two gold spans counts once.
    assert!((iou((0, 100), (0, 50)) - 0.5).abs() < 1e-12);
    let gold: BTreeSet<Triple> = [(0, 50, "PURPOSE".to_string()), (50, 100, "PURPOSE".to_string())].into();
    let pred: BTreeSet<Triple> = [(0, 100, "PURPOSE".to_string())].into();
    let mut table = BTreeMap::new();
    score_doc(&gold, &pred, &mut table);
    let c = table.get("PURPOSE").copied().unwrap_or_default();
    assert_eq!((c.gold, c.pred, c.tp), (2, 1, 1));
    // Entities need the exact span and label.
    let gold: BTreeSet<Triple> = [(0, 5, "ORG".to_string())].into();
    let pred: BTreeSet<Triple> =
        [(0, 5, "ORG".to_string()), (0, 4, "ORG".to_string()), (0, 5, "PARK".to_string())].into();
    let mut table = BTreeMap::new();
    score_doc(&gold, &pred, &mut table);
    let m = micro(&table, false);
    assert_eq!((m.gold, m.pred, m.tp), (1, 3, 1));
    assert_eq!(m.prf().map(|(p, r, _)| (p, r)), Some((1.0 / 3.0, 1.0)));
}

/// Relation micro-F1 on the real-article train split (the relations are
/// scored as `score.py` does: label and both spans' start, end and label
/// exact). The engine reached 0.566 when the floor was set; less a margin.
/// (The development copy in `tests/data/gold/` carries no relations; the
/// shared one scored 0.819.)
const TRAIN_RELATION_F1_FLOOR: f64 = 0.545;

#[derive(Deserialize)]
struct RelEnd {
    start: usize,
    end: usize,
    label: String,
}

#[derive(Deserialize)]
struct GoldRelation {
    head_span: RelEnd,
    child_span: RelEnd,
    label: String,
}

#[derive(Deserialize)]
struct GoldRelDoc {
    text: String,
    #[serde(default)]
    relations: Vec<GoldRelation>,
}

type RelKey = (String, Triple, Triple);

#[test]
fn relations_stay_above_the_floor_on_the_train_split() {
    let engine = Engine::new();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/real/train.jsonl");
    let data = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (mut tp, mut n_gold, mut n_pred) = (0usize, 0usize, 0usize);
    let mut per_label: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let doc: GoldRelDoc = serde_json::from_str(line).unwrap_or_else(|e| panic!("bad line: {e}"));
        let t = |e: &RelEnd| (e.start, e.end, e.label.clone());
        let gold: BTreeSet<RelKey> =
            doc.relations.iter().map(|r| (r.label.clone(), t(&r.head_span), t(&r.child_span))).collect();
        let spans = engine.annotate(&doc.text);
        let mut chars = CharCounter::new(&doc.text);
        let at: Vec<(usize, usize)> =
            spans.iter().map(|s| (chars.char_offset(s.start), chars.char_offset(s.end))).collect();
        let end = |i: usize| (at[i].0, at[i].1, spans[i].label.as_str().to_string());
        let pred: BTreeSet<RelKey> = engine
            .relations(&doc.text, &spans)
            .iter()
            .map(|r| (r.label.as_str().to_string(), end(r.head), end(r.child)))
            .collect();
        tp += gold.intersection(&pred).count();
        n_gold += gold.len();
        n_pred += pred.len();
        for (set, k) in [(&gold, 1), (&pred, 2)] {
            for r in set {
                let e = per_label.entry(r.0.clone()).or_default();
                if k == 1 {
                    e.1 += 1
                } else {
                    e.2 += 1
                }
                if k == 1 && pred.contains(r) {
                    e.0 += 1;
                }
            }
        }
    }
    let f = |tp: usize, g: usize, p: usize| if g + p == 0 { 1.0 } else { 2.0 * tp as f64 / (g + p) as f64 };
    for (label, (tp, g, p)) in &per_label {
        println!("{label:12} gold {g:4} pred {p:4} tp {tp:4} F1 {:.3}", f(*tp, *g, *p));
    }
    let micro = f(tp, n_gold, n_pred);
    println!("relations micro-F1 {micro:.3} (gold {n_gold}, predicted {n_pred})");
    assert!(
        micro >= TRAIN_RELATION_F1_FLOOR,
        "relation micro-F1 {micro:.3} fell below {TRAIN_RELATION_F1_FLOOR}"
    );
}
