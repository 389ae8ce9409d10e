//! Hostile input on the command line: every command on documents that are huge, one line of
//! megabytes, deeply nested or not UTF-8 ends with a located error and exit status 2, never a
//! panic (exit 101, or 134 for an abort).
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers: a panic is a failed test"
)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `iamplay ARGS -` with `input` on standard input: (exit status, stdout, stderr).
fn run(args: &[&str], input: &[u8]) -> (Option<i32>, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iamplay"))
        .args(args)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A command may stop reading early; a broken pipe is not a failure here.
    let _ = stdin.write_all(input);
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A policy of `n` statements on one line.
fn one_line_policy(n: usize) -> String {
    let statements: Vec<String> = (0..n)
        .map(|i| {
            format!(
                r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b{i}/*"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{}]}}"#,
        statements.join(",")
    )
}

const COMMANDS: [&[&str]; 4] = [
    &["validate-policy"],
    &["validate-policy", "--output", "json"],
    &["read-policy"],
    &["simulate"],
];

#[test]
fn a_policy_of_megabytes_on_one_line_is_a_located_size_error() {
    let text = one_line_policy(50_000);
    assert!(text.len() > 1_000_000);
    for args in COMMANDS {
        let (code, out, err) = run(args, text.as_bytes());
        assert_eq!(code, Some(2), "{args:?}: {err}");
        let both = format!("{out}{err}");
        // A policy's limit is 256 KiB, a scenario's 1 MiB.
        assert!(
            both.contains("bytes, over the limit of"),
            "{args:?}: {both}"
        );
        assert!(!both.contains("panicked"), "{args:?}: {both}");
    }
    // The text output draws the place on the long line, with its real column.
    let (_, out, _) = run(&["validate-policy"], text.as_bytes());
    assert!(out.contains("╭─[-:1:262145]"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 300), "{out}");
}

#[test]
fn a_finding_far_along_a_long_line_under_the_size_limit_is_drawn() {
    // 1,500 statements: under the document limit, over IAM's policy size, every line one.
    let text = one_line_policy(1_500).replace("s3:GetObject", "s3:GetObjekt");
    assert!(text.len() > 65_536 && text.len() < 262_144);
    let (code, out, err) = run(&["validate-policy"], text.as_bytes());
    assert_eq!(code, Some(2), "{err}");
    assert!(out.contains("unknown-action"), "{out}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.lines().all(|l| l.chars().count() < 300));
}

#[test]
fn deep_nesting_and_bytes_that_are_not_utf8_are_errors() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let invalid: &[u8] = b"{\"Version\": \"2012-10-17\", \"Statement\": \xff\xfe}";
    for input in [deep.as_bytes(), invalid, b"", b"\0\0\0"] {
        for args in COMMANDS {
            let (code, out, err) = run(args, input);
            assert_eq!(code, Some(2), "{args:?}: {out}{err}");
            assert!(!err.contains("panicked"), "{args:?}: {err}");
        }
    }
}

/// The commands that read accounts, plans and templates, and write exports.
const IMPORTS: [&[&str]; 4] = [
    &["import"],
    &["who-can", "s3:GetObject", "*", "--account"],
    &["export", "--format", "cli"],
    &["export", "--format", "cloudformation"],
];

#[test]
fn imports_and_exports_refuse_hostile_input_with_exit_2() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_yaml = (0..3000).fold(String::from("a:\n"), |mut s, i| {
        s.push_str(&" ".repeat(2 * i + 2));
        s.push_str("b:\n");
        s
    });
    let laughs = (1..10).fold(
        String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"),
        |mut s, i| {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            s.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
            s
        },
    );
    let invalid: &[u8] = b"{\"Version\": \"2012-10-17\", \"Statement\": \xff\xfe}";
    let policy = one_line_policy(50_000);
    for input in [
        deep.as_bytes(),
        deep_yaml.as_bytes(),
        laughs.as_bytes(),
        invalid,
        b"",
        b"\0\0\0",
        policy.as_bytes(),
    ] {
        for args in IMPORTS {
            let (code, out, err) = run(args, input);
            assert_eq!(code, Some(2), "{args:?}: {out}{err}");
            assert!(
                !err.contains("panicked") && !err.contains("overflow"),
                "{args:?}: {err}"
            );
        }
    }
}
