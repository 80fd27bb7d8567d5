//! Checks the trained weights before the engine compiles them in, so a
//! missing or corrupt `data/model/weights.bin` fails the build with a
//! message that says what to do (rather than a bare `include_bytes!` error
//! or a panic at run time). Uses the engine's own decoder.

#[path = "src/model/format.rs"]
#[allow(dead_code)]
mod format;

fn main() {
    let path = "data/model/weights.bin";
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=src/model/format.rs");
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => panic!(
            "\n\nserver/engine/{path} cannot be read ({e}).\nThe engine compiles its trained weights in; \
             restore the file from git (`git checkout -- server/engine/{path}`) or regenerate it with `scripts/train`.\n"
        ),
    };
    if let Err(e) = format::decode(&bytes) {
        panic!(
            "\n\nserver/engine/{path} is not a valid weights file: {e}.\n\
             Restore it from git (`git checkout -- server/engine/{path}`) or regenerate it with `scripts/train`.\n"
        );
    }
}
