//! Tidy checks that keep the code base in shape, run by `cargo test` (as
//! rust-analyzer does): the crate layering read from `cargo metadata`, the
//! formatting, and an engine free of I/O.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Which workspace crates each crate may depend on (normal dependencies).
/// Imports go downwards only; only `pactum-lsp` knows LSP, only `pactum` knows
/// the terminal.
const LAYERS: &[(&str, &[&str])] = &[
    ("pactum-text", &[]),
    ("pactum-engine", &[]),
    ("pactum-schema", &[]),
    ("pactum-store", &["pactum-text"]),
    ("pactum-export", &["pactum-text", "pactum-engine", "pactum-schema", "pactum-store"]),
    ("pactum-team", &["pactum-text", "pactum-engine", "pactum-store"]),
    ("pactum-learn", &["pactum-engine"]),
    (
        "pactum-lsp",
        &[
            "pactum-text",
            "pactum-engine",
            "pactum-schema",
            "pactum-store",
            "pactum-export",
            "pactum-team",
            "pactum-learn",
        ],
    ),
    (
        "pactum",
        &[
            "pactum-text",
            "pactum-engine",
            "pactum-schema",
            "pactum-store",
            "pactum-export",
            "pactum-team",
            "pactum-learn",
            "pactum-lsp",
        ],
    ),
];

/// Outside crates a layer must not reach, even indirectly.
const FORBIDDEN: &[(&str, &[&str])] = &[
    // The engine and the offsets: text in, spans out. No async, no LSP, no
    // terminal, no JSON, no file walking.
    ("pactum-text", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap", "serde_json", "walkdir"]),
    ("pactum-engine", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap", "serde_json", "walkdir"]),
    ("pactum-learn", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap", "serde_json", "walkdir"]),
    // Data layers: files yes, but no async runtime, no LSP, no terminal.
    ("pactum-schema", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap"]),
    ("pactum-store", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap"]),
    ("pactum-export", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap"]),
    ("pactum-team", &["tokio", "tower-lsp", "lsp-types", "ropey", "clap"]),
    ("pactum-lsp", &["clap", "indicatif"]),
];

struct Graph {
    /// Package id → name.
    names: BTreeMap<String, String>,
    /// Package id → ids of its normal (non-dev, non-build) dependencies.
    normal: BTreeMap<String, Vec<String>>,
    workspace: BTreeSet<String>,
}

fn metadata() -> Graph {
    let out = cargo()
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(repo())
        .output()
        .expect("cargo metadata runs");
    assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
    let meta: Value = serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON");
    let names = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().unwrap_or_default().to_string(),
                p["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect::<BTreeMap<_, _>>();
    let workspace = meta["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .filter_map(|id| names.get(id.as_str()?).cloned())
        .collect();
    let mut normal = BTreeMap::new();
    for node in meta["resolve"]["nodes"].as_array().expect("resolve.nodes") {
        let deps = node["deps"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["dep_kinds"].as_array().into_iter().flatten().any(|k| k["kind"].is_null()))
            .filter_map(|d| d["pkg"].as_str().map(String::from))
            .collect();
        normal.insert(node["id"].as_str().unwrap_or_default().to_string(), deps);
    }
    Graph { names, normal, workspace }
}

impl Graph {
    fn id_of(&self, name: &str) -> String {
        let ids: Vec<&String> = self.names.iter().filter(|(_, n)| *n == name).map(|(id, _)| id).collect();
        assert_eq!(ids.len(), 1, "exactly one package named {name}");
        ids[0].clone()
    }

    fn direct(&self, name: &str) -> BTreeSet<String> {
        self.normal[&self.id_of(name)].iter().map(|id| self.names[id].clone()).collect()
    }

    /// Every crate `name` links, directly or not (normal dependencies only).
    fn closure(&self, name: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![self.id_of(name)];
        while let Some(id) = stack.pop() {
            for dep in &self.normal[&id] {
                if seen.insert(self.names[dep].clone()) {
                    stack.push(dep.clone());
                }
            }
        }
        seen
    }
}

#[test]
fn crates_depend_only_on_the_layers_below() {
    let graph = metadata();
    let declared: BTreeSet<String> = LAYERS.iter().map(|(n, _)| n.to_string()).collect();
    assert_eq!(graph.workspace, declared, "every workspace crate has a row in LAYERS (tests/tidy.rs)");
    for (name, allowed) in LAYERS {
        let inner: BTreeSet<String> =
            graph.direct(name).into_iter().filter(|d| declared.contains(d)).collect();
        let extra: Vec<&String> = inner.iter().filter(|d| !allowed.contains(&d.as_str())).collect();
        assert!(
            extra.is_empty(),
            "{name} depends on {extra:?}, above or beside its layer (see ARCHITECTURE.md)"
        );
    }
}

#[test]
fn the_engine_links_no_async_lsp_terminal_or_json_crate() {
    let graph = metadata();
    for (name, forbidden) in FORBIDDEN {
        let closure = graph.closure(name);
        let found: Vec<&&str> = forbidden.iter().filter(|f| closure.contains(**f)).collect();
        assert!(found.is_empty(), "{name} links {found:?}: move that work to a crate above it");
    }
    // The proof the issue asks for, spelled out for the engine.
    let engine = graph.closure("pactum-engine");
    for crate_name in ["tokio", "tower-lsp", "ropey", "clap"] {
        assert!(!engine.contains(crate_name), "pactum-engine links {crate_name}");
    }
}

#[test]
fn code_is_formatted() {
    let out = cargo().args(["fmt", "--all", "--check"]).current_dir(repo()).output().expect("cargo fmt runs");
    assert!(
        out.status.success(),
        "run `cargo fmt --all`; these files are not formatted:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

/// Paths and macros that reach the outside world. The engine gets its data
/// compiled in (`include_str!`) and its text as an argument.
const IO: &[&str] = &[
    "std::fs",
    "std::io",
    "std::net",
    "std::process",
    "std::env",
    "std::thread",
    "std::time",
    "File::",
    "println!",
    "eprintln!",
    "print!",
    "dbg!",
    "tokio",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part of a source file that is compiled outside tests: everything
/// before the first `#[cfg(test)]`, in files that are not test modules.
fn non_test_code(path: &Path, text: &str) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    if name == "tests.rs" || name.ends_with("_tests.rs") {
        return None;
    }
    Some(text.split("#[cfg(test)]").next().unwrap_or("").to_string())
}

#[test]
fn the_engine_does_no_io() {
    let mut offenders = Vec::new();
    for krate in ["server/engine/src", "server/text/src", "server/learn/src"] {
        let mut files = Vec::new();
        rust_files(&repo().join(krate), &mut files);
        assert!(!files.is_empty(), "{krate} has sources");
        for path in files {
            let text = std::fs::read_to_string(&path).expect("readable source");
            let Some(code) = non_test_code(&path, &text) else { continue };
            for (n, line) in code.lines().enumerate() {
                let code_part = line.split("//").next().unwrap_or("");
                if let Some(word) = IO.iter().find(|w| code_part.contains(**w)) {
                    offenders.push(format!("{}:{}: {word}", path.display(), n + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "the engine must not do I/O (move it to a crate above):\n{}",
        offenders.join("\n")
    );
}
