//! The package's TypeScript declarations of its results (`src/types.d.ts`) are the ones the
//! Rust report types generate: `cargo xtask codegen` writes them again after a change.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, reason = "a test: a panic is a failed test")]

#[test]
fn the_result_types_are_generated_from_the_report_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/types.d.ts");
    let generated = iamplay_core::report::wire::typescript_declarations();
    if std::env::var_os("IAMPLAY_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == generated,
        "crates/js/src/types.d.ts is not what the report types generate: run `cargo xtask codegen`"
    );
}
