//! `pactum agree`: agreement between annotators' copies of a corpus.

use std::fmt::Write as _;
use std::path::PathBuf;

use pactum_schema::LabelKind;
use pactum_team::agree::{self, Mismatch, Options, PairReport, Report};
use pactum_team::Copy;

use super::SchemaArg;

#[derive(clap::Args)]
pub struct Args {
    /// Print the report as JSON (`score.py`'s field names per pair).
    #[arg(long)]
    json: bool,
    /// Compare documents whose text differs between two copies after
    /// re-anchoring the second copy's spans onto the first copy's text
    /// (default: report them and leave them out).
    #[arg(long)]
    force: bool,
    /// IoU a clause span needs with the other copy's to count as the same.
    #[arg(long, default_value_t = 0.5, value_name = "X")]
    iou: f64,
    /// How many documents the terminal table shows (least agreement first).
    #[arg(long, default_value_t = 10, value_name = "N")]
    documents: usize,
    #[command(flatten)]
    schema: SchemaArg,
    /// Each annotator's copy: a folder of texts with annotation files (a
    /// clone, a worktree) or a JSON-lines file in the guide's shape.
    #[arg(required = true, num_args = 2.., value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    if !(0.0..=1.0).contains(&args.iou) || args.iou.is_nan() {
        anyhow::bail!("--iou must be between 0 and 1, got {}", args.iou);
    }
    let schema = args.schema.load()?;
    let clause_labels: Vec<String> = schema.labels_of(LabelKind::Clause).map(|l| l.name.clone()).collect();
    let mut copies = Vec::new();
    for path in &args.paths {
        match Copy::load(path) {
            Ok(c) => copies.push(c),
            Err(p) => anyhow::bail!("{p}"),
        }
    }
    let options = Options {
        clause_labels,
        iou_threshold: args.iou,
        mismatch: if args.force { Mismatch::Reanchor } else { Mismatch::Skip },
    };
    let report = agree::agree(&copies, &options);
    report_problems(&report, &copies, args.force);
    if args.json {
        super::print_stdout(&(serde_json::to_string_pretty(&report)? + "\n"))?;
    } else {
        super::print_stdout(&render(&report, args.documents, args.iou))?;
    }
    let skipped = report.pairs.iter().any(|p| p.docs.text_mismatch.len() > p.docs.reanchored.len());
    Ok(report.problems.is_empty() && !skipped)
}

/// What could not be compared, on stderr: malformed files, edited texts,
/// documents in one copy only.
fn report_problems(report: &Report, copies: &[Copy], force: bool) {
    for p in &report.problems {
        eprintln!("pactum: {}: {} (left out)", p.path, p.message);
    }
    for c in copies {
        if !c.unannotated.is_empty() {
            eprintln!(
                "pactum: note: {}: {} text(s) without annotation file, not compared: {}",
                c.name,
                c.unannotated.len(),
                names(&c.unannotated)
            );
        }
    }
    for p in &report.pairs {
        let d = &p.docs;
        if !d.only_in_a.is_empty() {
            eprintln!("pactum: note: only in {}: {}", p.a, names(&d.only_in_a));
        }
        if !d.only_in_b.is_empty() {
            eprintln!("pactum: note: only in {}: {}", p.b, names(&d.only_in_b));
        }
        if !d.text_mismatch.is_empty() {
            if force {
                eprintln!(
                    "pactum: note: text differs between {} and {}; {}'s spans re-anchored ({} could not be placed): {}",
                    p.a,
                    p.b,
                    p.b,
                    d.spans_lost_reanchoring,
                    names(&d.text_mismatch)
                );
            } else {
                eprintln!(
                    "pactum: {} and {} have different texts for {} (left out; --force re-anchors): {}",
                    p.a,
                    p.b,
                    d.text_mismatch.len(),
                    names(&d.text_mismatch)
                );
            }
        }
        if !d.relations_only_in_a.is_empty() {
            eprintln!(
                "pactum: note: {} has relations for {} document(s) where {} has none recorded; they count as missed relations",
                p.a,
                d.relations_only_in_a.len(),
                p.b
            );
        }
        if !d.without_text.is_empty() {
            eprintln!("pactum: note: no text in one copy, no κ for: {}", names(&d.without_text));
        }
    }
}

fn names(ids: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut s = ids.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        let _ = write!(s, " and {} more", ids.len() - SHOWN);
    }
    s
}

fn fmt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:5.3}")).unwrap_or_else(|| "    -".into())
}

/// The terminal report: a line per pair, then each pair's tables, then the
/// documents with the least agreement.
pub fn render(report: &Report, max_docs: usize, iou: f64) -> String {
    let mut o = String::new();
    let n = report.copies.len();
    let _ = writeln!(o, "pactum agree: {n} copies, {} pair(s)", report.pairs.len());
    for (i, c) in report.copies.iter().enumerate() {
        let _ = writeln!(o, "  [{}] {c}", i + 1);
    }
    let _ = writeln!(o);
    let _ = writeln!(o, "PAIR      docs  entF1  ovlF1  claF1  kappa  relF1");
    let index = |name: &str| report.copies.iter().position(|c| c == name).map(|i| i + 1).unwrap_or(0);
    for p in &report.pairs {
        let _ = writeln!(
            o,
            "{:<8} {:>5}  {}  {}  {}  {}  {}",
            format!("{}-{}", index(&p.a), index(&p.b)),
            p.docs.compared,
            fmt(p.entities.micro.f),
            fmt(p.entities.micro.overlap.f),
            fmt(p.clauses.micro.f),
            fmt(p.clauses.kappa),
            fmt(p.relations.as_ref().and_then(|r| r.micro.f)),
        );
    }
    if report.pairs.len() > 1 {
        let a = &report.average;
        let _ = writeln!(
            o,
            "{:<8} {:>5}  {}  {}  {}  {}  {}",
            "mean",
            "",
            fmt(a.entities_f),
            fmt(a.entities_overlap_f),
            fmt(a.clauses_f),
            fmt(a.kappa),
            fmt(a.relations_f)
        );
    }
    for p in &report.pairs {
        let _ = writeln!(o);
        render_pair(&mut o, p, index(&p.a), index(&p.b), iou);
    }
    if !report.documents.is_empty() && max_docs > 0 {
        let _ = writeln!(o);
        let _ = writeln!(o, "DOCUMENTS, least agreement first (the pair that agrees least on each)");
        let w =
            report.documents.iter().take(max_docs).map(|d| d.id.chars().count()).max().unwrap_or(8).max(8);
        let _ = writeln!(o, "{:<w$}  pair   entF1  ovlF1  claF1  kappa  relF1  differ", "DOCUMENT");
        for d in report.documents.iter().take(max_docs) {
            let Some(worst) = d.pairs.first() else { continue };
            let f = &worst.figures;
            let _ = writeln!(
                o,
                "{:<w$}  {:<5}  {}  {}  {}  {}  {}  {:>6}",
                d.id,
                format!("{}-{}", index(&worst.a), index(&worst.b)),
                fmt(f.entities),
                fmt(f.entities_overlap),
                fmt(f.clauses),
                fmt(f.kappa),
                fmt(f.relations),
                f.differing_spans
            );
        }
        if report.documents.len() > max_docs {
            let _ = writeln!(o, "… {} more (--documents N, or --json)", report.documents.len() - max_docs);
        }
    }
    o
}

fn render_pair(o: &mut String, p: &PairReport, ia: usize, ib: usize, iou: f64) {
    let _ = writeln!(o, "PAIR {ia}-{ib}: {} (reference) vs {} — {} document(s)", p.a, p.b, p.docs.compared);
    let labels = p.entities.per_label.keys().chain(p.clauses.per_label.keys());
    let w = labels.map(|l| l.len()).max().unwrap_or(5).max(5);
    let head = |o: &mut String, extra: &str| {
        let _ = writeln!(
            o,
            "{:<w$}  {:>5} {:>5} {:>5} {:>5} {:>5}   {:>5} {:>5} {:>5}{extra}",
            "LABEL", "A", "B", "tp", "fp", "fn", "P", "R", "F1"
        );
    };
    let row = |o: &mut String, name: &str, c: [usize; 5], prf: [Option<f64>; 3], extra: String| {
        let _ = writeln!(
            o,
            "{name:<w$}  {:>5} {:>5} {:>5} {:>5} {:>5}   {} {} {}{extra}",
            c[0],
            c[1],
            c[2],
            c[3],
            c[4],
            fmt(prf[0]),
            fmt(prf[1]),
            fmt(prf[2])
        );
    };
    let _ = writeln!(o, "ENTITIES (exact; ovl = same label, ≥1 shared character, 1:1)");
    head(o, "  |  ovlF1");
    for (l, r) in
        p.entities.per_label.iter().map(|(l, r)| (l.as_str(), r)).chain([("micro", &p.entities.micro)])
    {
        row(o, l, [r.gold, r.pred, r.tp, r.fp, r.fn_], [r.p, r.r, r.f], format!("  |  {}", fmt(r.overlap.f)));
    }
    let _ = writeln!(o, "CLAUSES (same label, IoU ≥ {iou}, 1:1)");
    head(o, "  |  mIoU");
    for (l, r) in
        p.clauses.per_label.iter().map(|(l, r)| (l.as_str(), r)).chain([("micro", &p.clauses.micro)])
    {
        row(
            o,
            l,
            [r.gold, r.pred, r.tp, r.fp, r.fn_],
            [r.p, r.r, r.f],
            format!("  |  {}", fmt(r.mean_iou_matched)),
        );
    }
    let k = &p.clauses.sentences;
    let _ = writeln!(
        o,
        "Cohen's κ over {} sentence(s): {} (observed {}, chance {})",
        k.items,
        fmt(k.kappa),
        fmt(k.observed),
        fmt(k.expected)
    );
    if let Some(rel) = &p.relations {
        let _ = writeln!(o, "RELATIONS (label and both spans exact; {} document(s))", rel.docs);
        head(o, "");
        for (l, r) in rel.per_label.iter().map(|(l, r)| (l.as_str(), r)).chain([("micro", &rel.micro)]) {
            row(o, l, [r.gold, r.pred, r.tp, r.fp, r.fn_], [r.p, r.r, r.f], String::new());
        }
    }
}
