//! The import panel natively: the worker's side of the protocol ([`crate::interchange`]) on the
//! walkthrough's account, and the panel's reducer on what it answers.

use super::*;
use crate::interchange::{self, Session};
use serde_json::Value;

const ACCOUNT: &str = include_str!("../../../../tests/import/account-authorization-details.json");
const S3_READ_ONLY: &str =
    include_str!("../../../core/data/managed-policies/policy/AmazonS3ReadOnlyAccess.json");
const SSM_CORE: &str =
    include_str!("../../../core/data/managed-policies/policy/AmazonSSMManagedInstanceCore.json");

fn answer(text: &str) -> ImportAction {
    ImportAction::Answered(Rc::new(serde_json::from_str(text).unwrap()))
}

fn session() -> Session {
    let files = vec![("account.json".to_owned(), ACCOUNT.to_owned())];
    Session::import(files, Vec::new())
}

#[test]
fn an_import_lists_its_profiles_and_the_filter_narrows_them() {
    let session = session();
    let view = ImportView::default()
        .apply(ImportAction::Started(1))
        .apply(answer(&interchange::progress(
            "reading",
            "account.json",
            0,
            1,
            9000,
        )));
    let progress = view.progress.clone().unwrap();
    assert_eq!(
        (progress.file.as_str(), progress.bytes),
        ("account.json", 9000)
    );
    assert!(view.shown);
    let view = view.apply(answer(&session.imported(1 << 20)));
    assert!(view.progress.is_none());
    let imported = view.imported.clone().unwrap();
    assert_eq!((imported.roles, imported.memory), (3, 1 << 20));
    assert_eq!(imported.files, ["account.json"]);
    assert!(!imported.failed, "{:?}", imported.problems);
    let (listed, total) = imported.matching("");
    assert_eq!(total, 2);
    assert_eq!(listed[0].name, "EC2AppServerProfile");
    let (listed, total) = imported.matching("  WEBSERVERrole ");
    assert_eq!((listed[0].name.as_str(), total), ("WebServerProfile", 1));
    assert_eq!(imported.matching("nothing like it").1, 0);
}

#[test]
fn a_picked_profile_needs_its_aws_managed_policies_and_then_makes_a_scenario() {
    let mut session = session();
    let wanted = session.wanted(Some("EC2AppServerProfile"));
    assert!(
        wanted.contains(&"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".to_owned()),
        "{wanted:?}"
    );
    assert!(session.wanted(Some("WebServerProfile")).len() <= 1);
    session.fetched(
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".to_owned(),
        S3_READ_ONLY.to_owned(),
    );
    // `who can` builds the whole account: every role's, in a profile or not.
    assert_eq!(
        session.wanted(None),
        [
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
            "arn:aws:iam::aws:policy/AmazonS3FullAccess"
        ]
    );
    session.fetched(
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore".to_owned(),
        SSM_CORE.to_owned(),
    );
    assert!(session.wanted(Some("EC2AppServerProfile")).is_empty());
    let made: Value = serde_json::from_str(&session.scenario("EC2AppServerProfile")).unwrap();
    let text = made
        .pointer("/scenario/scenario")
        .and_then(Value::as_str)
        .unwrap();
    assert!(text.contains("EC2AppServerRole"), "{text}");
    // A profile the import does not have is refused, and the panel says why.
    let view = ImportView::default()
        .apply(ImportAction::Opening("Nope".to_owned()))
        .apply(answer(&session.scenario("Nope")));
    assert!(view.opening.is_none());
    assert!(!view.refused.is_empty(), "{view:?}");
}

#[test]
fn who_can_answers_for_every_profile_allowed_first() {
    let mut session = session();
    session.fetched(
        "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".to_owned(),
        S3_READ_ONLY.to_owned(),
    );
    let view = ImportView::default()
        .apply(ImportAction::Asking)
        .apply(answer(&session.who_can(
            "s3:ListAllMyBuckets",
            "*",
            "2026-12-01T00:00:00Z",
        )));
    assert!(!view.asking);
    let who = view.who_can.clone().unwrap();
    assert_eq!((who.allowed, who.answers.len()), (1, 2));
    assert_eq!(who.answers[0].profile, "EC2AppServerProfile");
    assert_eq!(who.answers[0].decision, "allowed");
    assert_eq!(
        who.answers[0].deciding,
        ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]
    );
    assert_eq!(who.answers[1].decision, "implicitDeny");
}

#[test]
fn a_file_with_an_error_imports_nothing_and_says_where() {
    let files = vec![(
        "bad.json".to_owned(),
        "{\n  \"RoleDetailList\": [}\n".to_owned(),
    )];
    let session = Session::import(files, Vec::new());
    let view = ImportView::default().apply(answer(&session.imported(0)));
    let imported = view.imported.clone().unwrap();
    assert!(imported.failed);
    // Nor is who can answered over it: its problems instead.
    let asked = view.apply(answer(&session.who_can(
        "s3:GetObject",
        "*",
        "2026-12-01T00:00:00Z",
    )));
    let who = asked.who_can.clone().unwrap();
    assert!(who.answers.is_empty());
    assert!(
        who.problems[0].starts_with("bad.json line 2, column"),
        "{who:?}"
    );
    assert!(
        imported.problems[0].starts_with("bad.json line 2, column"),
        "{:?}",
        imported.problems
    );
}

#[test]
fn the_worker_failing_to_load_is_said_only_to_a_panel_waiting_for_it() {
    let idle = ImportView::default().apply(ImportAction::Failed("gone".to_owned()));
    assert!(idle.refused.is_empty());
    let waiting = ImportView::default()
        .apply(ImportAction::Started(2))
        .apply(ImportAction::Failed("gone".to_owned()));
    assert_eq!(
        (waiting.progress.clone(), waiting.refused.clone()),
        (None, vec!["gone".to_owned()])
    );
}

#[test]
fn problems_read_as_one_line_each() {
    let problem = serde_json::json!({"file": "t.yaml", "line": 3, "column": 7, "message": "no such parameter", "path": "$.Resources.R"});
    assert_eq!(
        problem_line(&problem),
        "t.yaml line 3, column 7: no such parameter ($.Resources.R)"
    );
    assert_eq!(problem_line(&serde_json::json!({"message": "m"})), "m");
    assert_eq!(
        problem_line(&serde_json::json!({"file": "f", "message": "m", "path": "$"})),
        "f: m"
    );
}

#[test]
fn parameters_are_read_one_name_and_value_a_line() {
    let read = crate::components::import_panel::parameters("A=1\n no equals \n B = x=y \n=z\n");
    assert_eq!(
        read,
        [
            ("A".to_owned(), "1".to_owned()),
            ("B".to_owned(), "x=y".to_owned())
        ]
    );
}

#[test]
fn counts_read_with_thousands_grouped_and_in_the_singular_for_one() {
    use crate::components::import_panel::{grouped, things};
    assert_eq!(grouped(0), "0");
    assert_eq!(grouped(999), "999");
    assert_eq!(grouped(10_000), "10,000");
    assert_eq!(grouped(1_234_567), "1,234,567");
    assert_eq!(things(1, "role", "roles"), "1 role");
    assert_eq!(things(10_000, "role", "roles"), "10,000 roles");
}
