//! The reducer, natively: modes, edits, presets, examples, storage failures, and the two halves
//! changing the same way.

use super::*;
use iamplay_core::presets::PRESETS;

pub(super) const NOW: &str = "2026-11-22T12:00:00Z";

pub(super) fn reduce(state: State, action: Action) -> State {
    Rc::unwrap_or_clone(Rc::new(state).reduce(action))
}

/// The action of typing `text` into a half.
fn edit(part: Mode, text: String) -> Action {
    Action::Half(part, HalfAction::Edit(text))
}

fn first() -> State {
    State::first_visit(NOW.to_owned())
}

#[test]
fn the_first_visit_shows_the_first_preset_simulated() {
    let state = first();
    assert_eq!(state.mode, Mode::Scenario);
    assert!(
        state.scenario.view.problems.is_empty(),
        "{:?}",
        state.scenario.view.problems
    );
    let headline = state.scenario.view.headline.clone().unwrap();
    assert!(
        headline
            .starts_with("the instance gets credentials for role `aws-elasticbeanstalk-ec2-role`"),
        "{headline}"
    );
    assert_eq!(state.scenario.view.links.len(), 3);
    assert!(
        state
            .scenario
            .view
            .requests
            .iter()
            .all(|r| r.unexpected.is_none())
    );
    let put = &state.scenario.view.requests[0];
    assert_eq!(put.decision, "allowed");
    let deciding = &put.deciding[0];
    assert_eq!(deciding.label, "AWSElasticBeanstalkWebTier · BucketAccess");
    assert!(
        deciding.line.is_some() && deciding.range.is_some(),
        "{deciding:?}"
    );
    assert!(
        state
            .scenario
            .view
            .session
            .iter()
            .any(|k| k.key == "ec2:RoleDelivery" && k.value == "2.0" && k.source == "EC2")
    );
}

#[test]
fn a_page_opened_again_shows_what_was_kept_and_the_first_texts_for_the_rest() {
    let state = State::restored(Mode::Policy, None, Some("{}".into()), NOW.into());
    assert_eq!(state.mode, Mode::Policy);
    assert_eq!(state.scenario.text, first().scenario.text);
    assert_eq!(state.policy.text, "{}");
    assert!(!state.policy.view.is_valid());
    let scenario = first()
        .scenario
        .text
        .replace("aws-elasticbeanstalk-ec2-role", "web");
    let state = State::restored(Mode::Scenario, Some(scenario.clone()), None, NOW.into());
    assert_eq!(state.scenario.text, scenario);
    assert_eq!(state.policy.text, EXAMPLES[0].text);
    assert_eq!(
        State::restored(Mode::Scenario, None, None, NOW.into()),
        first()
    );
}

#[test]
fn editing_the_scenario_resimulates_and_reports_problems_with_paths() {
    let state = reduce(
        first(),
        edit(
            Mode::Scenario,
            "{\"scenarioVersion\": 1, \"acount\": 1}".into(),
        ),
    );
    assert!(state.scenario.view.headline.is_none());
    let messages: Vec<&str> = state
        .scenario
        .view
        .problems
        .iter()
        .map(|p| p.message.as_str())
        .collect();
    assert!(
        messages.contains(&"unknown field `acount` in `$` (at $)"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"`$` needs `account` (at $)"),
        "{messages:?}"
    );
}

#[test]
fn presets_load_and_near_misses_point_at_the_statement() {
    let state = loaded(reduce(
        first(),
        Action::LoadPreset(PRESETS[1].text.to_owned()),
    ));
    assert!(state.scenario.text.contains("EC2AppServerRole"));
    let sqs = state
        .scenario
        .view
        .requests
        .iter()
        .find(|r| r.action == "sqs:SendMessage")
        .unwrap();
    assert_eq!(sqs.decision, "implicitDeny");
    assert_eq!(sqs.near_misses[0].label, "EC2AppServerPolicy · SQSAccess");
    assert_eq!(
        sqs.near_misses[0].why.as_deref(),
        Some("the resource does not match its Resource")
    );
    let (start, end) = sqs.near_misses[0].range.unwrap();
    let selected: String = state
        .scenario
        .text
        .encode_utf16()
        .skip(start as usize)
        .take((end - start) as usize)
        .map(|u| char::from_u32(u32::from(u)).unwrap_or('?'))
        .collect();
    assert!(
        selected.starts_with('{') && selected.contains("\"Sid\": \"SQSAccess\""),
        "{selected}"
    );
}

#[test]
fn a_broken_link_is_the_headline() {
    let text = first()
        .scenario
        .text
        .replace("\"ec2.amazonaws.com\"", "\"lambda.amazonaws.com\"");
    let state = reduce(first(), edit(Mode::Scenario, text));
    assert_eq!(
        state.scenario.view.headline.as_deref(),
        Some(
            "the trust policy of role `aws-elasticbeanstalk-ec2-role` does not let ec2.amazonaws.com assume it, so the instance never gets credentials"
        )
    );
    assert!(!state.scenario.view.all_allowed);
    assert!(
        state
            .scenario
            .view
            .links
            .iter()
            .any(|l| l.name == "trust policy" && !l.ok)
    );
}

#[test]
fn the_policy_reader_still_reads_and_locates_problems() {
    let state = reduce(first(), Action::SetMode(Mode::Policy));
    assert_eq!(state.mode, Mode::Policy);
    assert!(state.policy.view.is_valid());
    let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"s3:*\"}\n  ]\n}";
    let state = reduce(state, edit(Mode::Policy, text.to_owned()));
    let problem = &state.policy.view.problems[0];
    assert_eq!((problem.line, problem.column), (3, 24));
    assert_eq!(problem.message, "missing `,` between members");
    for (index, example) in EXAMPLES.iter().enumerate() {
        let state = reduce(state.clone(), Action::LoadExample(index));
        assert_eq!(state.policy.text, example.text);
        assert_eq!(
            state.policy.view.is_valid(),
            !example.label.contains("broken"),
            "{}",
            example.label
        );
    }
}

#[test]
fn the_policy_reader_lints_as_the_right_kind_of_policy() {
    let trust = reduce(first(), Action::LoadExample(0));
    assert_eq!(
        trust.policy.view.kind,
        Some(iamplay_core::PolicyType::Resource)
    );
    assert!(
        trust.policy.view.problems.is_empty(),
        "{:?}",
        trust.policy.view.problems
    );
    let write = reduce(first(), Action::LoadExample(1));
    assert_eq!(
        write.policy.view.kind,
        Some(iamplay_core::PolicyType::Identity)
    );
    assert!(
        write.policy.view.problems.is_empty(),
        "{:?}",
        write.policy.view.problems
    );
    let pass_role = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}}"#;
    let state = reduce(first(), edit(Mode::Policy, pass_role.to_owned()));
    let codes: Vec<&str> = state.policy.view.problems.iter().map(|p| p.code).collect();
    assert_eq!(
        codes,
        ["pass-role-any-resource", "pass-role-without-service"]
    );
    assert_eq!(
        state
            .policy
            .view
            .count(iamplay_core::Severity::SecurityWarning),
        1
    );
    assert!(
        state.policy.view.is_valid(),
        "warnings do not make a policy invalid"
    );
}

#[test]
fn not_elements_are_labelled() {
    let text = r#"{"Statement": {"Effect": "Deny", "NotAction": "iam:*", "NotResource": ["a", "b"], "NotPrincipal": {"AWS": "1"}}}"#;
    let state = reduce(first(), edit(Mode::Policy, text.to_owned()));
    let s = &state.policy.view.statements[0];
    assert_eq!(s.actions.as_ref().unwrap().0, "NotAction");
    assert_eq!(s.resources.as_ref().unwrap().1, ["a", "b"]);
    assert_eq!(s.principal.as_deref(), Some("not AWS: 1"));
}

#[test]
fn a_storage_failure_is_shown_and_survives_edits() {
    let state = reduce(first(), Action::StorageFailed("quota exceeded".into()));
    let notice = state.notice.clone().unwrap();
    assert!(notice.contains("quota exceeded"), "{notice}");
    let state = reduce(state, edit(Mode::Policy, "{}".into()));
    assert_eq!(state.notice, Some(notice));
}

#[test]
fn utf16_offsets_count_code_units() {
    assert_eq!(utf16_offset("a😀b", 0), 0);
    assert_eq!(utf16_offset("a😀b", 1), 1);
    assert_eq!(utf16_offset("a😀b", 5), 3);
    assert_eq!(utf16_offset("a😀b", 99), 4);
}

pub(super) fn repository_file(arn: &str) -> Option<String> {
    let file = iamplay_core::managed::file_of(arn)?;
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../core/data/managed-policies")
            .join(file),
    )
    .ok()
}

/// The state once the AWS managed policies it waits for have arrived from the site's files.
pub(super) fn loaded(mut state: State) -> State {
    for arn in state.scenario.view.loading.clone() {
        let document = repository_file(&arn);
        state = reduce(state, Action::ManagedPolicyLoaded(arn, document));
    }
    state
}

#[test]
fn aws_managed_policies_are_fetched_before_the_scenario_is_simulated() {
    let walkthrough = PRESETS
        .iter()
        .position(|p| p.id == "ec2-app-server")
        .unwrap();
    let mut state = reduce(
        first(),
        Action::LoadPreset(PRESETS[walkthrough].text.to_owned()),
    );
    assert_eq!(
        state.scenario.view.loading,
        [
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
        ]
    );
    assert!(state.scenario.view.headline.is_none() && state.scenario.view.problems.is_empty());
    for arn in state.scenario.view.loading.clone() {
        let document = repository_file(&arn);
        assert!(document.is_some(), "{arn}");
        state = reduce(state, Action::ManagedPolicyLoaded(arn, document));
    }
    assert!(state.scenario.view.loading.is_empty());
    assert!(
        state.scenario.view.problems.is_empty(),
        "{:?}",
        state.scenario.view.problems
    );
    assert!(
        state
            .scenario
            .view
            .requests
            .iter()
            .all(|r| r.unexpected.is_none())
    );
    // A policy the site has no file for is IAM's NoSuchEntity at its place.
    let text = state.scenario.text.replace(
        "AmazonSSMManagedInstanceCore",
        "AmazonSSMManagedInstanceCor",
    );
    let state = reduce(state, edit(Mode::Scenario, text));
    assert_eq!(
        state.scenario.view.loading,
        ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCor"]
    );
    let state = reduce(
        state,
        Action::ManagedPolicyLoaded(
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCor".into(),
            None,
        ),
    );
    assert_eq!(
        state.scenario.view.problems.len(),
        1,
        "{:?}",
        state.scenario.view.problems
    );
    assert!(
        state.scenario.view.problems[0]
            .message
            .contains("does not exist")
    );
}

#[test]
fn the_access_summary_and_the_change_review_follow_the_edits() {
    let state = reduce(
        first(),
        Action::Half(Mode::Scenario, HalfAction::ToggleAccess),
    );
    let access = state.scenario.view.access.clone().unwrap().unwrap();
    assert!(access.allowed > 20, "{access:?}");
    let s3 = access.services.iter().find(|s| s.service == "s3").unwrap();
    assert!(
        s3.levels.iter().any(|(level, items)| *level == "Write"
            && items
                .iter()
                .any(|i| i.starts_with("PutObject [arn:aws:s3:::elasticbeanstalk-*/*"))),
        "{s3:?}"
    );
    let state = reduce(state, Action::Half(Mode::Scenario, HalfAction::SetBaseline));
    let review = state.scenario.view.review.clone().unwrap().unwrap();
    assert_eq!((review.granted_count, review.removed_count), (0, 0));
    let text = state.scenario.text.replacen(
        "\"s3:PutObject\"",
        "\"s3:PutObject\", \"s3:DeleteObject\"",
        1,
    );
    assert_ne!(text, state.scenario.text);
    let state = reduce(state, edit(Mode::Scenario, text));
    // While typing, the summaries shown are the earlier ones; a pause works them out again.
    assert!(state.scenario.summaries_stale);
    let earlier = state.scenario.view.review.clone().unwrap().unwrap();
    assert_eq!((earlier.granted_count, earlier.removed_count), (0, 0));
    let state = reduce(state, Action::Half(Mode::Scenario, HalfAction::Summarise));
    assert!(!state.scenario.summaries_stale);
    let review = state.scenario.view.review.clone().unwrap().unwrap();
    assert!(review.granted_count >= 1, "{review:?}");
    assert_eq!(review.removed_count, 0);
    assert!(
        review.granted[0].levels[0].1[0]
            .starts_with("DeleteObject on arn:aws:s3:::elasticbeanstalk-")
    );
    let state = reduce(
        state,
        Action::Half(Mode::Scenario, HalfAction::ClearBaseline),
    );
    let state = reduce(
        state,
        Action::Half(Mode::Scenario, HalfAction::ToggleAccess),
    );
    assert!(state.scenario.view.review.is_none() && state.scenario.view.access.is_none());
}

#[test]
fn the_policy_reader_reads_as_the_chosen_kind_and_summarises_and_reviews() {
    let state = reduce(first(), Action::SetMode(Mode::Policy));
    let state = reduce(state, Action::LoadExample(1));
    assert_eq!(
        state.policy.view.kind,
        Some(iamplay_core::PolicyType::Identity)
    );
    let state = reduce(
        state,
        Action::SetPolicyKind(Some(iamplay_core::PolicyType::ServiceControl)),
    );
    assert_eq!(
        state.policy.view.kind,
        Some(iamplay_core::PolicyType::ServiceControl)
    );
    let state = reduce(state, Action::SetPolicyKind(None));
    assert_eq!(
        state.policy.view.kind,
        Some(iamplay_core::PolicyType::Identity)
    );
    let state = reduce(state, Action::Half(Mode::Policy, HalfAction::ToggleAccess));
    assert!(state.scenario.view.access.is_none(), "only the half named");
    let access = state.policy.view.access.clone().unwrap().unwrap();
    assert!(access.allowed >= 1, "{access:?}");
    let state = reduce(state, Action::Half(Mode::Policy, HalfAction::SetBaseline));
    let text = state.policy.text.replacen("\"Allow\"", "\"Deny\"", 1);
    let state = reduce(state, edit(Mode::Policy, text));
    let state = reduce(state, Action::Half(Mode::Policy, HalfAction::Summarise));
    let review = state.policy.view.review.clone().unwrap().unwrap();
    assert_eq!(review.granted_count, 0, "{review:?}");
    assert!(review.removed_count >= 1, "{review:?}");
}

#[test]
fn an_aws_managed_policy_opens_in_the_reader_as_identity_based() {
    let state = reduce(first(), Action::SetMode(Mode::Policy));
    assert!(state.managed_index.is_none());
    let state = reduce(
        state,
        Action::ManagedIndexLoaded(vec![(
            "AmazonS3ReadOnlyAccess".into(),
            "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess".into(),
        )]),
    );
    assert_eq!(state.managed_index.as_ref().map(|i| i.len()), Some(1));
    let state = reduce(
        state,
        Action::SetPolicyKind(Some(iamplay_core::PolicyType::Resource)),
    );
    let document = repository_file("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").unwrap();
    let state = reduce(state, Action::OpenManagedPolicy(document.clone()));
    assert_eq!(state.policy.text, document);
    assert_eq!(
        state.policy.view.kind,
        Some(iamplay_core::PolicyType::Identity)
    );
    assert!(
        state.policy.view.is_valid(),
        "{:?}",
        state.policy.view.problems
    );
}

/// Two roles with the same inline policy text: the deciding statement selects the second role's
/// text, a policy written as a JSON string selects its place inside the string, and a statement
/// of an AWS managed policy is named with its ARN (it is not in the scenario's text).
#[test]
fn twin_policies_select_the_statement_of_the_role_that_decides() {
    let case = include_str!("../../../../tests/scenarios/twin-policies.json");
    let limits = iamplay_core::json::Limits::default();
    let root = iamplay_core::json::parse(case, limits).0.unwrap();
    let text = root.get("scenario").unwrap().span.slice(case).to_owned();
    let state = loaded(reduce(first(), edit(Mode::Scenario, text.clone())));
    assert!(
        state.scenario.view.problems.is_empty(),
        "{:?}",
        state.scenario.view.problems
    );
    let selected = |place: &PlaceView| {
        let (start, end) = place.range.unwrap();
        let units: Vec<u16> = text.encode_utf16().collect();
        String::from_utf16(&units[start as usize..end as usize]).unwrap()
    };
    let same = &state.scenario.view.requests[0].deciding[0];
    let second = text.match_indices("\"Sid\": \"Write\"").nth(1).unwrap().0;
    let line = text.get(..second).unwrap().lines().count();
    assert!(
        line > text
            .get(..text.find("\"Sid\": \"Write\"").unwrap())
            .unwrap()
            .lines()
            .count()
    );
    assert_eq!(same.line, Some(line), "the second role's statement");
    assert!(selected(same).contains("\"Sid\": \"Write\""));
    let queue = &state.scenario.view.requests[1].deciding[0];
    assert!(
        selected(queue).starts_with("{\\\"Sid\\\": \\\"Queue\\\""),
        "{}",
        selected(queue)
    );
    let managed = &state.scenario.view.requests[2].deciding[0];
    assert_eq!(managed.range, None);
    assert!(
        managed
            .label
            .ends_with("(arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess)"),
        "{}",
        managed.label
    );
}

#[test]
fn a_policy_read_as_a_trust_policy_gets_the_trust_checks() {
    let state = reduce(first(), Action::SetMode(Mode::Policy));
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "s3:GetObject"}]}"#;
    let state = reduce(state, edit(Mode::Policy, text.to_owned()));
    assert_eq!(
        state.policy.view.kind,
        Some(iamplay_core::PolicyType::Resource)
    );
    let codes = |state: &State| -> Vec<&'static str> {
        state.policy.view.problems.iter().map(|p| p.code).collect()
    };
    assert!(!codes(&state).contains(&"trust-invalid-action"));
    let state = reduce(
        state,
        Action::SetPolicyKind(Some(iamplay_core::PolicyType::Trust)),
    );
    assert_eq!(
        state.policy.view.kind,
        Some(iamplay_core::PolicyType::Trust)
    );
    assert!(
        codes(&state).contains(&"trust-invalid-action"),
        "{:?}",
        codes(&state)
    );
}

/// What is done to one half is done the same way to the other, and leaves the other alone.
#[test]
fn both_halves_change_the_same_way() {
    for part in Mode::ALL {
        let half = |state: &State| match part {
            Mode::Scenario => (
                state.scenario.text.clone(),
                state.scenario.baseline.clone(),
                state.scenario.access,
                state.scenario.view.access.is_some(),
                state.scenario.view.review.clone().map(|r| r.is_ok()),
            ),
            Mode::Policy => (
                state.policy.text.clone(),
                state.policy.baseline.clone(),
                state.policy.access,
                state.policy.view.access.is_some(),
                state.policy.view.review.clone().map(|r| r.is_ok()),
            ),
        };
        let other = |state: &State| match part {
            Mode::Scenario => format!("{:?}", state.policy),
            Mode::Policy => format!("{:?}", state.scenario),
        };
        let start = first();
        let text = half(&start).0;
        let state = reduce(start.clone(), Action::Half(part, HalfAction::ToggleAccess));
        assert_eq!(
            half(&state),
            (text.clone(), None, true, true, None),
            "{part:?}"
        );
        let state = reduce(state, Action::Half(part, HalfAction::SetBaseline));
        assert_eq!(
            half(&state),
            (text.clone(), Some(text.clone()), true, true, Some(true)),
            "{part:?}"
        );
        let state = reduce(state, edit(part, "{}".to_owned()));
        assert_eq!(half(&state).0, "{}", "{part:?}");
        assert_eq!(half(&state).1, Some(text.clone()), "{part:?}");
        let state = reduce(state, Action::Half(part, HalfAction::ClearBaseline));
        let state = reduce(state, Action::Half(part, HalfAction::ToggleAccess));
        assert_eq!(
            half(&state),
            ("{}".to_owned(), None, false, false, None),
            "{part:?}"
        );
        assert_eq!(other(&state), other(&start), "{part:?}: the other half");
    }
}

/// An action that changes nothing hands back the same state, so the page does not render again.
#[test]
fn actions_that_change_nothing_keep_the_state() {
    let state = Rc::new(first());
    let text = state.scenario.text.clone();
    for action in [
        Action::SetMode(Mode::Scenario),
        edit(Mode::Scenario, text),
        Action::LoadPreset(PRESETS[0].text.to_owned()),
        Action::LoadExample(0),
        Action::LoadExample(99),
        Action::SetPolicyKind(None),
        Action::Half(Mode::Policy, HalfAction::ClearBaseline),
    ] {
        let next = state.clone().reduce(action.clone());
        assert!(Rc::ptr_eq(&state, &next), "{action:?}");
    }
    let set = state
        .clone()
        .reduce(Action::Half(Mode::Scenario, HalfAction::SetBaseline));
    assert!(!Rc::ptr_eq(&state, &set));
    let again = set
        .clone()
        .reduce(Action::Half(Mode::Scenario, HalfAction::SetBaseline));
    assert!(Rc::ptr_eq(&set, &again), "the same baseline again");
}
