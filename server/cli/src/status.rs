//! `pactum status [PATH]`: how far the annotation of a corpus has got.

use std::fmt::Write as _;
use std::path::PathBuf;

use pactum_engine::Engine;
use pactum_team::progress::{self, Progress, Suggestions};

#[derive(clap::Args)]
pub struct Args {
    /// Print the figures as JSON.
    #[arg(long)]
    json: bool,
    /// Do not run the engine to count open suggestions (faster on big corpora).
    #[arg(long)]
    no_suggestions: bool,
    /// Text files or folders (default: the current folder).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<bool> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths };
    let engine = Engine::new();
    let suggestions = if args.no_suggestions { Suggestions::Skip } else { Suggestions::Count(&engine) };
    let p = progress::progress(&paths, suggestions);
    for problem in &p.problems {
        eprintln!("pactum: {problem} (not counted)");
    }
    if args.json {
        super::print_stdout(&(serde_json::to_string_pretty(&p)? + "\n"))?;
    } else {
        super::print_stdout(&render(&p, !args.no_suggestions))?;
    }
    Ok(p.problems.is_empty())
}

const BAR: usize = 24;

/// `accepted` of `total` as a bar: █ accepted, ░ rejected, · open.
fn bar(accepted: usize, rejected: usize, open: usize) -> String {
    let total = accepted + rejected + open;
    if total == 0 {
        return " ".repeat(BAR);
    }
    let cells = |n: usize| (n * BAR + total / 2) / total;
    let (a, r) = (cells(accepted), cells(rejected));
    let a = a.min(BAR);
    let r = r.min(BAR - a);
    format!("{}{}{}", "█".repeat(a), "░".repeat(r), "·".repeat(BAR - a - r))
}

fn pct(n: usize, of: usize) -> String {
    match (n * 100).checked_div(of) {
        None => "  -".into(),
        Some(p) => format!("{p:>3}%"),
    }
}

pub fn render(p: &Progress, with_open: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "documents: {} total, {} with annotations ({}), {} done ({})",
        p.documents,
        p.annotated,
        pct(p.annotated, p.documents).trim(),
        p.done,
        pct(p.done, p.documents).trim()
    );
    let _ = writeln!(o, "done       [{}]", bar(p.done, 0, p.documents - p.done));
    let _ = writeln!(o);
    let w = p.labels.keys().map(String::len).max().unwrap_or(5).max(5);
    let open_head = if with_open { "open" } else { "" };
    let _ = writeln!(
        o,
        "{:<w$}  {:>8} {:>8} {:>8}  █ accepted ░ rejected · open",
        "LABEL", "accepted", "rejected", open_head
    );
    for (label, c) in &p.labels {
        let open = if with_open { c.open.to_string() } else { String::new() };
        let _ = writeln!(
            o,
            "{label:<w$}  {:>8} {:>8} {:>8}  {}",
            c.accepted,
            c.rejected,
            open,
            bar(c.accepted, c.rejected, c.open)
        );
    }
    if !p.annotators.is_empty() {
        let _ = writeln!(o);
        let w = p.annotators.keys().map(|k| k.chars().count()).max().unwrap_or(9).max(9);
        let _ = writeln!(
            o,
            "{:<w$}  {:>8} {:>8} {:>9} {:>5}",
            "ANNOTATOR", "accepted", "rejected", "documents", "done"
        );
        for (name, c) in &p.annotators {
            let _ = writeln!(
                o,
                "{name:<w$}  {:>8} {:>8} {:>9} {:>5}",
                c.accepted, c.rejected, c.documents, c.done
            );
        }
    }
    o
}
