//! AWS's 1,594 managed policies, as `cargo xtask codegen` writes them: every file the index
//! names is there and reads, and the linter finds errors in them only where AWS's own text is
//! wrong (services AWS has retired or no longer lists, actions it does not define).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test setup: a panic is a failed test"
)]

use iamplay_core::Severity;
use iamplay_core::compile::PolicyType;
use iamplay_core::lint::lint_policy;
use iamplay_core::managed::file_of;
use std::collections::BTreeMap;
use std::path::Path;

/// Error codes that only mean "AWS's text names something the catalogue does not have" (a
/// retired service, an action or a condition key it no longer lists), or that Access Analyzer
/// would report in AWS's own text too (a multivalued key without a set operator), or that AWS's
/// text pairs an action only with ARNs it never acts on (`s3:ListBucketMultipartUploads`, a bucket
/// action, on `bucket-*/*`).
const AWS_TEXT_ERRORS: [&str; 5] = [
    "unknown-service",
    "unknown-action",
    "unknown-condition-key",
    "missing-qualifier",
    "resource-type-mismatch",
];

fn folder() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ))
}

#[test]
fn every_managed_policy_is_there_and_lints_with_errors_only_where_aws_is_wrong() {
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder().join("index.json")).unwrap())
            .unwrap();
    let policies = index["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 1594);
    assert_eq!(index["count"], 1594);
    let mut counts: BTreeMap<(&'static str, &'static str), usize> = BTreeMap::new();
    let mut wrong = Vec::new();
    for entry in policies {
        let arn = entry["arn"].as_str().unwrap();
        let file = file_of(arn).unwrap_or_else(|| panic!("{arn} has no file name"));
        let text =
            std::fs::read_to_string(folder().join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        for finding in lint_policy(&text, PolicyType::Identity) {
            *counts
                .entry((finding.severity.as_str(), finding.code))
                .or_default() += 1;
            if finding.severity == Severity::Error && !AWS_TEXT_ERRORS.contains(&finding.code) {
                wrong.push(format!(
                    "{arn}: {} {} ({})",
                    finding.code,
                    finding.message,
                    finding.span.slice(&text)
                ));
            }
        }
    }
    for ((class, code), n) in &counts {
        println!("{class}\t{code}\t{n}");
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // AWS's own text is wrong in a few places; if these disappear, the catalogue or the linter
    // changed and the counts in the documentation need a look.
    assert!(
        counts
            .get(&("error", "unknown-service"))
            .is_some_and(|n| *n > 50)
    );
}
