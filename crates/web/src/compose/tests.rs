//! The structured edits natively: round trips of every preset, key order, lists, renames, policy
//! texts kept as typed, paths, outlines and per-editor findings.

use super::*;
use iamplay_core::presets::PRESETS;
use serde_json::json;

fn at(steps: &str) -> Path {
    // `a.b.0.c`: numbers are indexes.
    Path(
        steps
            .split('.')
            .map(|s| match s.parse() {
                Ok(i) => Step::Index(i),
                Err(_) => Step::Key(s.to_owned()),
            })
            .collect(),
    )
}

#[test]
fn every_preset_survives_a_round_trip_through_the_tree() {
    for preset in PRESETS {
        let tree = parse(preset.text).expect(preset.id);
        let written = write(&tree);
        assert_eq!(parse(&written).expect(preset.id), tree, "{}", preset.id);
        // Written once, a document is a fixed point: structured edits never reflow it again.
        assert_eq!(write(&parse(&written).expect(preset.id)), written);
    }
}

#[test]
fn keys_keep_the_order_they_were_written_in_and_unknown_fields_stay() {
    let text = "{\"z\": 1, \"a\": {\"y\": true, \"b\": null}, \"extra\": [1, 2]}";
    let mut tree = parse(text).expect("json");
    apply(&mut tree, Edit::Text(at("a.y"), "x".to_owned())).expect("edit");
    assert_eq!(
        write(&tree),
        "{\n  \"z\": 1,\n  \"a\": {\n    \"y\": \"x\",\n    \"b\": null\n  },\n  \"extra\": [\n    1,\n    2\n  ]\n}\n"
    );
}

#[test]
fn edits_create_what_is_missing_and_clearing_an_optional_field_removes_it() {
    let mut tree = json!({"instance": {"id": "i-1"}});
    apply(
        &mut tree,
        Edit::Text(at("instance.vpcId"), "vpc-1".to_owned()),
    )
    .expect("set");
    apply(&mut tree, Edit::Set(at("instance.tags.Name"), json!("web"))).expect("tag");
    assert_eq!(
        tree,
        json!({"instance": {"id": "i-1", "vpcId": "vpc-1", "tags": {"Name": "web"}}})
    );
    apply(&mut tree, Edit::Text(at("instance.vpcId"), String::new())).expect("clear");
    assert_eq!(tree["instance"].get("vpcId"), None);
    // A required field keeps an empty value, for the engine to report.
    apply(&mut tree, Edit::Text(at("instance.id"), String::new())).expect("clear id");
    assert_eq!(tree["instance"]["id"], json!(""));
}

#[test]
fn lists_grow_shrink_and_reorder() {
    let mut tree = json!({});
    for action in ["a", "b", "c"] {
        apply(
            &mut tree,
            Edit::Push(at("requests"), json!({"action": action})),
        )
        .expect("push");
    }
    apply(&mut tree, Edit::Move(at("requests"), 2, 0)).expect("move");
    apply(&mut tree, Edit::Remove(at("requests.1"))).expect("remove");
    assert_eq!(
        tree,
        json!({"requests": [{"action": "c"}, {"action": "b"}]})
    );
    assert!(apply(&mut tree, Edit::Move(at("requests"), 0, 5)).is_err());
    assert!(apply(&mut tree, Edit::Set(at("requests.7.action"), json!("x"))).is_err());
}

#[test]
fn renaming_keeps_the_place_and_refuses_a_taken_name() {
    let mut tree = json!({"p": {"A": 1, "B": 2, "C": 3}});
    apply(&mut tree, Edit::Rename(at("p.B"), "Z".to_owned())).expect("rename");
    assert_eq!(write(&tree), write(&json!({"p": {"A": 1, "Z": 2, "C": 3}})));
    assert!(apply(&mut tree, Edit::Rename(at("p.A"), "C".to_owned())).is_err());
}

#[test]
fn a_policy_editor_keeps_any_text_and_the_document_an_object_when_it_can() {
    let written = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": []\n}";
    assert!(policy_value(written).is_object());
    assert_eq!(policy_text(&policy_value(written)), written);
    for typed in [
        "{\"Version\": \"2012-10-17\", \"Statement\": []}",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}",
        "",
        "not json at all é",
        "{\"a\": 1, \"a\": 2}",
    ] {
        let value = policy_value(typed);
        assert!(value.is_string(), "{typed}");
        assert_eq!(policy_text(&value), typed);
    }
    assert_eq!(
        format_policy("{\"Version\":\"2012-10-17\",\"Statement\":[]}").as_deref(),
        Some(written)
    );
    assert_eq!(format_policy("{"), None);
}

#[test]
fn paths_are_written_as_the_engine_writes_them() {
    assert_eq!(
        at("account.roles.0.inlinePolicies.S3Write").to_string(),
        "$.account.roles[0].inlinePolicies.S3Write"
    );
}

#[test]
fn the_outline_of_each_preset_names_its_profile_role_and_requests() {
    for preset in PRESETS {
        let tree = parse(preset.text).expect(preset.id);
        let outline = Outline::read(&tree);
        let profile = outline.profile.as_ref().expect(preset.id);
        assert_eq!(profile.name, outline.instance.profile);
        let role = outline.role.as_ref().expect(preset.id);
        assert_eq!(profile.roles, vec![role.name.clone()]);
        assert!(
            role.trust.text.contains("ec2.amazonaws.com"),
            "{}",
            preset.id
        );
        assert!(!role.trust.statements.is_empty());
        assert!(!outline.requests.is_empty());
        // Each policy's text is what is written at its path.
        for (_, policy) in &role.inline {
            assert_eq!(
                policy.text,
                policy_text(policy.at.get(&tree).expect("policy"))
            );
        }
    }
}

#[test]
fn a_policy_editor_shows_findings_in_its_own_text() {
    let tree = json!({"p": "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObjekt\", \"Resource\": \"*\"}}"});
    let policy = PolicyOutline::read(&tree, at("p"), iamplay_core::PolicyType::Identity);
    let finding = policy
        .findings
        .iter()
        .find(|f| f.message.contains("s3:GetObjekt"))
        .expect("unknown action found");
    assert_eq!(
        policy.text.get(finding.span.start..finding.span.end),
        Some("\"s3:GetObjekt\"")
    );
}

#[test]
fn an_endpoint_policy_for_everyone_is_not_public_access_and_requests_name_their_endpoint() {
    let everyone = super::templates::endpoint_policy();
    let tree = json!({
        "vpcEndpoints": [{"id": "vpce-1", "policy": everyone.clone()}, {"id": "vpce-2"}],
        "resourcePolicies": [{"resource": "arn:aws:s3:::b", "policy": everyone}],
        "requests": [{"action": "s3:GetObject", "resource": "arn:aws:s3:::b/k", "vpcEndpoint": "vpce-1"}]
    });
    let outline = Outline::read(&tree);
    let codes = |p: &PolicyOutline| p.findings.iter().map(|f| f.code).collect::<Vec<_>>();
    let endpoint = outline.endpoints[0].policy.as_ref().expect("a policy");
    assert!(
        !codes(endpoint).contains(&"public-access"),
        "{:?}",
        codes(endpoint)
    );
    // The same text as a bucket's policy is public.
    assert!(codes(&outline.resource_policies[0].policy).contains(&"public-access"));
    assert_eq!(outline.endpoints[1].policy, None);
    assert_eq!(outline.requests[0].endpoint, "vpce-1");
}

#[test]
fn a_new_name_is_the_first_one_not_taken() {
    let taken = ["Role1".to_owned(), "Role2".to_owned(), "Role4".to_owned()];
    let name =
        super::templates::unused_name(|n| format!("Role{n}"), |t| taken.iter().any(|x| x == t));
    assert_eq!(name, "Role3");
}
