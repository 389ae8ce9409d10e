//! `validate-policy --output sarif`: the linter's findings as SARIF 2.1.0, which GitHub code
//! scanning and other SARIF readers show inline. One run, iamplay as its tool with a rule for
//! every code the linter can report (from the registry), and one result per finding with its
//! file, line and column.

use iamplay_core::Severity;
use iamplay_core::report::PolicyReport;
use serde_json::{Value, json};

/// The schema SARIF files name.
const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// SARIF's level for a class of finding: security warnings are warnings tagged `security`.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::SecurityWarning | Severity::Warning => "warning",
        Severity::Suggestion => "note",
    }
}

/// The rule of each code the linter reports, in the registry's order.
fn rules() -> Vec<Value> {
    iamplay_core::lint::codes()
        .map(|code| {
            let properties = if code.severity == Severity::SecurityWarning {
                // GitHub ranks security alerts by this score: "high" is 7.0 to 8.9.
                json!({ "stage": code.stage.as_str(), "tags": ["security"], "security-severity": "7.5" })
            } else {
                json!({ "stage": code.stage.as_str() })
            };
            json!({
                "id": code.code,
                "shortDescription": { "text": code.summary },
                "defaultConfiguration": { "level": level(code.severity) },
                "properties": properties,
            })
        })
        .collect()
}

/// A file name as a URI reference: a relative path stays relative, with `/` between its parts
/// and everything but unreserved characters percent-encoded.
fn uri(name: &str) -> String {
    let mut encoded = String::new();
    let path = name.replace('\\', "/");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

/// The SARIF log of `files`, each a file name and its lint report.
pub fn log(files: &[(&str, &PolicyReport)]) -> Value {
    let rules = rules();
    let index_of = |code: &str| {
        rules
            .iter()
            .position(|r| r["id"] == code)
            .map_or(Value::Null, |i| json!(i))
    };
    let artifacts: Vec<Value> = files
        .iter()
        .map(|(name, _)| json!({ "location": { "uri": uri(name) } }))
        .collect();
    let mut results = Vec::new();
    for (artifact, (name, report)) in files.iter().enumerate() {
        for finding in &report.problems {
            let d = &finding.diagnostic;
            let properties = match &d.help {
                Some(help) => json!({ "findingType": finding.severity().as_str(), "help": help }),
                None => json!({ "findingType": finding.severity().as_str() }),
            };
            results.push(json!({
                "ruleId": d.code,
                "ruleIndex": index_of(d.code),
                "level": level(finding.severity()),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(name), "index": artifact },
                        "region": {
                            "startLine": finding.start.line,
                            "startColumn": finding.start.column,
                            "endLine": finding.end.line,
                            "endColumn": finding.end.column,
                            "snippet": { "text": finding.text },
                        },
                    },
                }],
                "properties": properties,
            }));
        }
    }
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "iamplay",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                },
            },
            "artifacts": artifacts,
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn file_names_become_uri_references() {
        assert_eq!(uri("policies/app role.json"), "policies/app%20role.json");
        assert_eq!(uri("/srv/p#1.json"), "file:///srv/p%231.json");
        assert_eq!(uri("dir\\p.json"), "dir/p.json");
    }
}
