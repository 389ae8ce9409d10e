//! The reducer with the structured view: edits made without JSON, the two views in sync, undo
//! and redo across both, requests and their verdicts, revealing a statement, shared scenarios.

use super::tests::{NOW, reduce};
use super::*;
use crate::compose::{Edit, Path, parse, templates};
use iamplay_core::presets::PRESETS;
use serde_json::{Value, json};

fn fresh() -> State {
    reduce(State::first_visit(NOW.to_owned()), Action::NewScenario)
}

fn tree(state: &State) -> Value {
    parse(&state.scenario.text).unwrap()
}

fn verdicts(state: &State) -> Vec<&'static str> {
    state
        .scenario
        .view
        .requests
        .iter()
        .map(|r| r.verdict)
        .collect()
}

fn role() -> Path {
    Path::root().key("account").key("roles").index(0)
}

#[test]
fn a_new_scenario_is_composed_to_allowed_without_writing_json() {
    let state = fresh();
    let outline = state.composer.outline.clone();
    assert_eq!(outline.role.as_ref().unwrap().name, "MyInstanceRole");
    assert_eq!(verdicts(&state), ["implicit deny"]);
    // Add an inline policy, then type its statement's action into its editor.
    let state = reduce(
        state,
        Action::Compose(Edit::Set(
            role().key("inlinePolicies").key("Uploads"),
            templates::identity_policy(),
        )),
    );
    let policy = state.composer.outline.role.as_ref().unwrap().inline[0]
        .1
        .clone();
    let text = policy.text.replace("s3:GetObject", "s3:PutObject");
    let state = reduce(
        state,
        Action::Compose(Edit::Policy(policy.at.clone(), text)),
    );
    assert_eq!(
        verdicts(&state),
        ["allowed"],
        "{:?}",
        state.scenario.view.problems
    );
    // The document says the same, as an object (the editor's text was as the document writes it).
    assert!(tree(&state)["account"]["roles"][0]["inlinePolicies"]["Uploads"].is_object());
}

#[test]
fn a_trust_policy_for_another_service_means_no_credentials() {
    let state = fresh();
    let trust = state.composer.outline.role.as_ref().unwrap().trust.clone();
    let text = trust
        .text
        .replace("ec2.amazonaws.com", "lambda.amazonaws.com");
    let state = reduce(state, Action::Compose(Edit::Policy(trust.at, text)));
    assert_eq!(verdicts(&state), ["no credentials"]);
    // A profile holding no role: no credentials either.
    let profile = Path::root()
        .key("account")
        .key("instanceProfiles")
        .index(0)
        .key("roles");
    let state = reduce(fresh(), Action::Compose(Edit::Set(profile, json!([]))));
    assert_eq!(verdicts(&state), ["no credentials"]);
}

#[test]
fn renaming_the_profile_and_the_role_keeps_the_chain() {
    let state = fresh();
    let profile = Path::root().key("account").key("instanceProfiles").index(0);
    let rename = Edit::Batch(vec![
        Edit::Text(profile.key("name"), "web-profile".to_owned()),
        Edit::Set(
            Path::root().key("instance").key("instanceProfile"),
            json!("web-profile"),
        ),
        Edit::Text(role().key("name"), "web-role".to_owned()),
        Edit::Set(profile.key("roles").index(0), json!("web-role")),
    ]);
    let state = reduce(state, Action::Compose(rename));
    assert!(
        state.scenario.view.problems.is_empty(),
        "{:?}",
        state.scenario.view.problems
    );
    assert_eq!(
        state.composer.outline.role.as_ref().unwrap().name,
        "web-role"
    );
    assert!(state.scenario.view.links.iter().all(|l| l.ok));
}

#[test]
fn invalid_json_in_the_document_keeps_the_text_and_the_structured_state() {
    let state = fresh();
    let before = state.composer.outline.clone();
    let broken = state.scenario.text.replacen('{', "{ oops", 1);
    let state = reduce(
        state,
        Action::Half(Mode::Scenario, HalfAction::Edit(broken.clone())),
    );
    assert_eq!(state.scenario.text, broken);
    assert_eq!(state.composer.outline, before);
    let error = state.composer.error.clone().unwrap();
    assert_eq!(error.line, 1);
    // A structured edit is refused rather than losing the text.
    let state = reduce(
        state,
        Action::Compose(Edit::Text(role().key("name"), "x".to_owned())),
    );
    assert_eq!(state.scenario.text, broken);
    assert!(
        state
            .composer
            .refused
            .as_deref()
            .unwrap()
            .contains("line 1")
    );
    // Fixed, the structured view follows again.
    let fixed = broken.replacen("{ oops", "{", 1);
    let state = reduce(state, Action::Half(Mode::Scenario, HalfAction::Edit(fixed)));
    assert_eq!(state.composer.error, None);
}

#[test]
fn undo_and_redo_go_back_and_forth_across_both_views_typing_grouped() {
    let state = fresh();
    let start = state.scenario.text.clone();
    let name = role().key("name");
    // Typing a name is one step, however many keystrokes.
    let mut state = state;
    for typed in ["A", "Ap", "App"] {
        state = reduce(
            state,
            Action::Compose(Edit::Text(name.clone(), typed.to_owned())),
        );
    }
    let named = state.scenario.text.clone();
    let document = named.replace("us-east-1", "eu-west-1");
    let state = reduce(
        state,
        Action::Half(Mode::Scenario, HalfAction::Edit(document.clone())),
    );
    let state = reduce(state, Action::Undo);
    assert_eq!(state.scenario.text, named);
    let state = reduce(state, Action::Undo);
    assert_eq!(state.scenario.text, start);
    assert_eq!(
        state.composer.outline.role.as_ref().unwrap().name,
        "MyInstanceRole"
    );
    let state = reduce(state, Action::Redo);
    let state = reduce(state, Action::Redo);
    assert_eq!(state.scenario.text, document);
    assert!(!state.history.can_redo());
    // A preset is a step too.
    let state = reduce(state, Action::LoadPreset(PRESETS[3].text.to_owned()));
    let state = reduce(state, Action::Undo);
    assert_eq!(state.scenario.text, document);
}

#[test]
fn requests_are_added_reordered_and_removed_with_their_verdicts() {
    let mut state = reduce(
        State::first_visit(NOW.to_owned()),
        Action::LoadPreset(PRESETS[3].text.to_owned()),
    );
    assert_eq!(
        verdicts(&state),
        ["allowed", "implicit deny", "explicit deny"]
    );
    let requests = Path::root().key("requests");
    state = reduce(state, Action::Compose(Edit::Move(requests.clone(), 2, 0)));
    assert_eq!(
        verdicts(&state),
        ["explicit deny", "allowed", "implicit deny"]
    );
    state = reduce(
        state,
        Action::Compose(Edit::Push(requests.clone(), templates::request())),
    );
    assert_eq!(state.composer.outline.requests.len(), 4);
    state = reduce(state, Action::Compose(Edit::Remove(requests.index(0))));
    assert_eq!(verdicts(&state)[..2], ["allowed", "implicit deny"]);
    // IMDSv2 lifts the guard.
    let imds = Path::root().key("instance").key("imdsVersion");
    let state = reduce(
        reduce(
            State::first_visit(NOW.to_owned()),
            Action::LoadPreset(PRESETS[3].text.to_owned()),
        ),
        Action::Compose(Edit::Text(imds, "v2".to_owned())),
    );
    assert_eq!(verdicts(&state)[2], "allowed");
}

#[test]
fn a_deciding_statement_is_revealed_in_its_editor_and_marked() {
    let state = reduce(
        State::first_visit(NOW.to_owned()),
        Action::LoadPreset(PRESETS[3].text.to_owned()),
    );
    let state = reduce(state, Action::SetPane(Pane::Document));
    let state = reduce(state, Action::SelectRequest(Some(2)));
    let deciding = &state.scenario.view.requests[2].deciding[0];
    let (path, index) = deciding.at.clone().unwrap();
    assert_eq!(path, "$.account.roles[0].inlinePolicies.GuardIMDSv1");
    let state = reduce(state, Action::Reveal(path.clone(), index));
    assert_eq!(state.composer.pane, Pane::Structured);
    let again = reduce(state.clone(), Action::Reveal(path.clone(), index));
    assert_ne!(state.reveal, again.reveal, "asking again reveals again");
    // The editor of that policy has the statement to show.
    let role = state.composer.outline.role.clone().unwrap();
    let guard = &role
        .inline
        .iter()
        .find(|(n, _)| n == "GuardIMDSv1")
        .unwrap()
        .1;
    assert_eq!(guard.at.to_string(), path);
    assert!(guard.statements.get(index).is_some());
}

#[test]
fn a_shared_scenario_opens_beside_the_users_own_and_goes_back() {
    let mut state = State::restored(
        Mode::Scenario,
        Some("theirs".to_owned()),
        None,
        NOW.to_owned(),
    );
    state.shared = Some(("#scenario=x".to_owned(), Some(PRESETS[1].text.to_owned())));
    let state = reduce(state, Action::BackToOwn);
    assert_eq!(state.scenario.text, PRESETS[1].text);
    assert_eq!(state.shared, None);
    let state = reduce(state, Action::Undo);
    assert_eq!(state.scenario.text, "theirs");
}

#[test]
fn every_preset_and_a_document_with_every_field_survive_the_structured_view() {
    let every = include_str!("../../../../tests/fixtures/scenarios/every-field.json");
    for text in PRESETS.iter().map(|p| p.text).chain([NEW_SCENARIO, every]) {
        let state = State::restored(Mode::Scenario, Some(text.to_owned()), None, NOW.to_owned());
        let state = super::tests::loaded(state);
        assert_eq!(state.composer.error, None);
        assert!(
            state.scenario.view.problems.is_empty(),
            "{:?}",
            state.scenario.view.problems
        );
        assert!(!verdicts(&state).is_empty());
        assert!(
            state
                .scenario
                .view
                .requests
                .iter()
                .all(|r| r.unexpected.is_none())
        );
        // A no-op edit writes the document out: the same tree, and the same simulation.
        let name = Path::root().key("name");
        let title = tree(&state)["name"].as_str().unwrap_or_default().to_owned();
        let after = reduce(
            state.clone(),
            Action::Compose(Edit::Text(name, format!("{title} "))),
        );
        let mut expected = tree(&state);
        expected["name"] = json!(format!("{title} "));
        assert_eq!(tree(&after), expected);
        assert_eq!(verdicts(&after), verdicts(&state));
    }
}

#[test]
fn a_launch_the_principal_may_not_make_is_launch_denied_for_every_request() {
    let state = reduce(
        State::first_visit(NOW.to_owned()),
        Action::LoadPreset(PRESETS[2].text.to_owned()),
    );
    assert!(verdicts(&state).iter().all(|v| *v != "launch denied"));
    let profile = Path::root().key("instance").key("instanceProfile");
    let state = reduce(
        state,
        Action::Compose(Edit::Text(profile, "prod-web-profile".to_owned())),
    );
    let verdicts = verdicts(&state);
    assert!(
        !verdicts.is_empty() && verdicts.iter().all(|v| *v == "launch denied"),
        "{verdicts:?}"
    );
}
