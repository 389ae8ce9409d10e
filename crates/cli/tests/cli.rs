//! The `iamplay` binary end to end: arguments, output streams and exit status.

use std::process::Command;

fn iamplay() -> Command {
    Command::new(env!("CARGO_BIN_EXE_iamplay"))
}

#[test]
fn read_policy_from_standard_input_reports_errors_and_exits_2() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = iamplay()
        .args(["read-policy", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"Statement\": [}")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(
        err.starts_with("-:1:16: error[json-syntax]: unexpected `}`, expected a value"),
        "{err}"
    );
}

#[test]
fn unknown_subcommands_are_refused() {
    let output = iamplay().arg("no-such-command").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
