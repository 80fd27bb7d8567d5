//! Fault test: `kill -9` of the CLI at random moments while it writes a big
//! export or a big annotation file. After every kill the file is either the
//! old content or the new complete one, never torn; the temporary files a
//! killed run leaves are removed by the next run that writes the same file.

#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Kills per kind of write.
const KILLS: usize = 20;

fn pactum() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_pactum"));
    c.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    c
}

/// A small deterministic generator (xorshift), seeded from the clock; the
/// seed is printed so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn from_clock() -> Rng {
        let seed =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
        let seed = std::env::var("KILL_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(seed | 1);
        println!("KILL_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Runs `cmd` to completion; how long it took.
fn timed(mut cmd: Command) -> Duration {
    let started = Instant::now();
    assert!(cmd.status().expect("run pactum").success(), "{cmd:?}");
    started.elapsed()
}

/// Starts `cmd` and sends it SIGKILL after `after` (if still running).
fn kill_after(mut cmd: Command, after: Duration) -> bool {
    let mut child = cmd.spawn().expect("spawn pactum");
    std::thread::sleep(after);
    let killed = matches!(child.try_wait(), Ok(None));
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    killed
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect()
}

fn corpus_texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    names.sort();
    names.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

#[test]
fn a_killed_export_leaves_the_old_or_the_new_file_and_its_temp_files_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let texts = corpus_texts();
    for i in 0..80 {
        std::fs::write(input.join(format!("d{i:03}.txt")), &texts[i % texts.len()]).unwrap();
    }
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let out = out_dir.join("big.jsonl");
    let export = || {
        let mut c = pactum();
        c.args(["export", "--format", "jsonl", "--include-suggestions", "--force", "-j", "1", "--out"])
            .arg(&out)
            .arg(&input);
        c
    };
    let full = timed(export());
    let new = std::fs::read(&out).unwrap();
    assert!(new.len() > 50_000, "a big file: {} bytes", new.len());
    let old = b"old complete content\n".to_vec();
    let mut rng = Rng::from_clock();
    let (mut killed, mut saw_old, mut saw_new, mut temps_left) = (0, 0, 0, 0);
    for _ in 0..KILLS {
        std::fs::write(&out, &old).unwrap();
        let at = Duration::from_millis(rng.below(full.as_millis() as u64 * 11 / 10));
        killed += usize::from(kill_after(export(), at));
        let now = std::fs::read(&out).unwrap();
        assert!(now == old || now == new, "torn export after a kill at {at:?}: {} bytes", now.len());
        saw_old += usize::from(now == old);
        saw_new += usize::from(now == new);
        temps_left = temps_left.max(temp_files(&out_dir).len());
    }
    println!("export: {KILLS} runs, {killed} killed while running, old {saw_old}, new {saw_new}, at most {temps_left} temp file(s) left between runs (full run {full:?})");
    assert!(killed > 0, "some runs were killed while running");
    timed(export());
    assert_eq!(std::fs::read(&out).unwrap(), new);
    assert!(temp_files(&out_dir).is_empty(), "the next run cleaned up: {:?}", temp_files(&out_dir));
}

#[test]
fn a_killed_import_leaves_the_old_or_the_new_annotation_file_and_its_temp_files_are_cleaned() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    std::fs::create_dir(&root).unwrap();
    let piece = "Ascendas met Kista Science Park. ";
    let n = 20_000;
    let text = piece.repeat(n);
    std::fs::write(root.join("big.txt"), &text).unwrap();
    let spans: Vec<Value> = (0..n)
        .map(|i| json!({"start": i * piece.len(), "end": i * piece.len() + 8, "label": "ORG", "text": "Ascendas"}))
        .collect();
    let lines = dir.path().join("in.jsonl");
    std::fs::write(&lines, format!("{}\n", json!({"id": "big.txt", "text": text, "spans": spans}))).unwrap();
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, format!("{}\n", json!({"id": "big.txt", "text": text, "spans": []}))).unwrap();
    let ann = root.join("big.txt.ann.json");
    let import = |file: &Path| {
        let mut c = pactum();
        c.args(["import", "--format", "jsonl", "--root"]).arg(&root).arg(file);
        c
    };
    // The old file: a valid annotation file without annotations.
    timed(import(&empty));
    let old = std::fs::read(&ann).unwrap();
    let full = timed(import(&lines));
    let count = |bytes: &[u8]| -> Option<usize> {
        let v: Value = serde_json::from_slice(bytes).ok()?;
        Some(v["annotations"].as_array()?.len())
    };
    assert_eq!(count(&std::fs::read(&ann).unwrap()), Some(n));
    assert!(std::fs::metadata(&ann).unwrap().len() > 5_000_000, "a big file");
    let mut rng = Rng::from_clock();
    let (mut killed, mut saw_old, mut saw_new, mut temps_left) = (0, 0, 0, 0);
    for _ in 0..KILLS {
        std::fs::write(&ann, &old).unwrap();
        let at = Duration::from_millis(rng.below(full.as_millis() as u64 * 11 / 10));
        killed += usize::from(kill_after(import(&lines), at));
        let now = std::fs::read(&ann).unwrap();
        let complete_new = count(&now) == Some(n);
        assert!(
            now == old || complete_new,
            "torn annotation file after a kill at {at:?}: {} bytes",
            now.len()
        );
        saw_old += usize::from(now == old);
        saw_new += usize::from(complete_new);
        temps_left = temps_left.max(temp_files(&root).len());
    }
    println!("import: {KILLS} runs, {killed} killed while running, old {saw_old}, new {saw_new}, at most {temps_left} temp file(s) left between runs (full run {full:?})");
    assert!(killed > 0, "some runs were killed while running");
    std::fs::write(&ann, &old).unwrap();
    timed(import(&lines));
    assert_eq!(count(&std::fs::read(&ann).unwrap()), Some(n));
    assert!(temp_files(&root).is_empty(), "the next write cleaned up: {:?}", temp_files(&root));
}
