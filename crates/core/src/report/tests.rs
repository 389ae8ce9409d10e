//! Tests of the reports: places of statements and problems.

#[cfg(feature = "json-report")]
mod json {
    use super::super::*;
    use crate::presets::preset;
    use serde_json::json;

    #[test]
    fn a_preset_reports_its_requests_with_places() {
        let text = preset("ec2-app-server").map(|p| p.text).unwrap_or("");
        let report = simulate_report(
            text,
            "2026-11-22T12:00:00Z",
            &crate::managed::repository_files(text),
        );
        assert_eq!(report["problems"], json!([]));
        assert_eq!(report["allAllowed"], false);
        let sqs = &report["requests"][4];
        assert_eq!(sqs["action"], "sqs:SendMessage");
        assert_eq!(sqs["nearMisses"][0]["sid"], "SQSAccess");
        assert_eq!(sqs["nearMisses"][0]["line"], 29);
        assert_eq!(report["requests"][0]["deciding"][0]["line"], 16);
    }

    #[test]
    fn problems_and_policies_report_their_places() {
        let report = simulate_report(
            "{\"scenarioVersion\": 1}",
            "2026-11-22T12:00:00Z",
            &crate::managed::NoManagedPolicies,
        );
        assert_eq!(report["problems"][0]["path"], "$");
        assert_eq!(report["problems"][0]["message"], "`$` needs `account`");
        let report = policy_report("{\"Statement\": {\"Effect\": \"allow\", \"Action\": \"*\"}}");
        assert_eq!(report["valid"], false);
        assert_eq!(report["problems"][0]["column"], 26);
        assert_eq!(report["problems"][0]["text"], "\"allow\"");
    }
}

/// Reading a policy in the reader compiles it once, and the report keeps that compilation for
/// the access summary; a policy the compiler refuses has none.
#[test]
fn a_policy_reading_compiles_once_and_keeps_it() {
    use crate::compile::COMPILATIONS;
    COMPILATIONS.with(|c| c.set(0));
    let text = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:NoSuchAction", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-1", "aws:SourceAccount": "1"}}}]}"#;
    let report = super::lint(text, None);
    assert_eq!(COMPILATIONS.with(|c| c.get()), 1);
    assert!(
        !report.is_valid(),
        "an unknown action is the linter's error"
    );
    assert!(report.compiled.is_some(), "but the policy can be evaluated");
    assert_eq!(report.statements[0].conditions.len(), 1);
    assert_eq!(report.statements[0].conditions[0].1.len(), 2);
    let refused = super::lint(
        r#"{"Statement": [{"Effect": "Allow", "Action": "s3:*"}]}"#,
        None,
    );
    assert!(refused.compiled.is_none());
}
