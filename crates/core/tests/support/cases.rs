//! The case-file format and its runner, shared by the native suite (one test per file) and the
//! wasm suite (a representative part, run in headless Chromium).
//!
//! A case file states the policies, the requests, and for each request the wanted decision, the
//! wanted deciding statements and optionally the wanted missing context keys. Each names the AWS
//! documentation page the behaviour comes from.

use iamplay_core::decision::StatementRef;
use iamplay_core::{
    CompiledPolicy, ContextKeyType, ContextValue, OrgLevel, PolicySet, PolicyType, PreparedRequest,
    Request, compile_policy, decide, explain,
};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The principal used when a request names none: an EC2 instance's role session.
pub const DEFAULT_PRINCIPAL: &str =
    "arn:aws:sts::111122223333:assumed-role/AppRole/i-0123456789abcdef0";

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Case {
    pub description: String,
    pub source: String,
    #[serde(default)]
    pub policies: Policies,
    pub requests: Vec<CaseRequest>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Policies {
    #[serde(default)]
    pub identity: Vec<NamedPolicy>,
    pub resource: Option<NamedPolicy>,
    pub boundary: Option<NamedPolicy>,
    pub session: Option<NamedPolicy>,
    /// The policy of the VPC endpoint the requests go through.
    pub endpoint: Option<NamedPolicy>,
    #[serde(default)]
    pub scp: Vec<Level>,
    #[serde(default)]
    pub rcp: Vec<Level>,
    pub resource_account: Option<String>,
    #[serde(default)]
    pub caller_is_management_account: bool,
    #[serde(default)]
    pub resource_in_management_account: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NamedPolicy {
    pub name: String,
    pub document: serde_json::Value,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    pub level: String,
    pub policies: Vec<NamedPolicy>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CaseRequest {
    pub principal: Option<String>,
    pub action: String,
    pub resource: String,
    #[serde(default)]
    pub context: BTreeMap<String, ContextEntry>,
    pub decision: String,
    /// `policy` or `policy/Sid` (or `policy/#N` for a statement without Sid, from 1).
    #[serde(default)]
    pub deciding: Vec<String>,
    pub missing_context_keys: Option<Vec<String>>,
    /// Words the explanation's summary must contain.
    pub summary_contains: Option<String>,
    /// Words a warning on the request must contain (`""`: it has none).
    pub warning_contains: Option<String>,
    /// Why the case holds, for readers.
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum ContextEntry {
    Typed {
        #[serde(rename = "type")]
        kind: String,
        values: Vec<serde_json::Value>,
    },
    One(serde_json::Value),
}

fn scalar(value: &serde_json::Value) -> Result<String, String> {
    match value {
        serde_json::Value::String(s) => Ok(s.clone()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        serde_json::Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("context values are scalars, found {other}")),
    }
}

fn context_value(entry: &ContextEntry) -> Result<ContextValue, String> {
    match entry {
        ContextEntry::Typed { kind, values } => {
            let (kind, list) = ContextKeyType::parse(kind)
                .ok_or_else(|| format!("unknown context type `{kind}`"))?;
            Ok(ContextValue {
                values: values.iter().map(scalar).collect::<Result<_, _>>()?,
                multivalued: list,
                kind,
            })
        }
        ContextEntry::One(serde_json::Value::Array(values)) => Ok(ContextValue {
            values: values.iter().map(scalar).collect::<Result<_, _>>()?,
            multivalued: true,
            kind: ContextKeyType::String,
        }),
        ContextEntry::One(value) => Ok(ContextValue::string(scalar(value)?)),
    }
}

fn compile(
    named: &NamedPolicy,
    kind: PolicyType,
) -> Result<std::sync::Arc<CompiledPolicy>, String> {
    let text = serde_json::to_string_pretty(&named.document).map_err(|e| e.to_string())?;
    let (policy, diagnostics) = compile_policy(&named.name, kind, &text);
    // Warnings (a condition value of the wrong type, which IAM accepts) do not stop a policy.
    if iamplay_core::diagnostic::has_errors(&diagnostics) {
        let messages: Vec<&str> = diagnostics.iter().map(|d| d.message.as_str()).collect();
        return Err(format!(
            "policy `{}` does not compile: {messages:?}",
            named.name
        ));
    }
    policy
        .map(std::sync::Arc::new)
        .ok_or_else(|| format!("policy `{}` could not be read", named.name))
}

fn levels(levels: &[Level], kind: PolicyType) -> Result<Vec<OrgLevel>, String> {
    levels
        .iter()
        .map(|level| {
            Ok(OrgLevel {
                name: level.level.clone(),
                policies: level
                    .policies
                    .iter()
                    .map(|p| compile(p, kind))
                    .collect::<Result<_, String>>()?,
            })
        })
        .collect()
}

fn policy_set(p: &Policies) -> Result<PolicySet, String> {
    Ok(PolicySet {
        identity: p
            .identity
            .iter()
            .map(|n| compile(n, PolicyType::Identity))
            .collect::<Result<_, _>>()?,
        resource: p
            .resource
            .as_ref()
            .map(|n| compile(n, PolicyType::Resource))
            .transpose()?,
        boundary: p
            .boundary
            .as_ref()
            .map(|n| compile(n, PolicyType::PermissionsBoundary))
            .transpose()?,
        session: p
            .session
            .as_ref()
            .map(|n| compile(n, PolicyType::Session))
            .transpose()?,
        endpoint: p
            .endpoint
            .as_ref()
            .map(|n| compile(n, PolicyType::Resource))
            .transpose()?,
        scp_levels: levels(&p.scp, PolicyType::ServiceControl)?,
        rcp_levels: levels(&p.rcp, PolicyType::ResourceControl)?,
        resource_account: p.resource_account.clone(),
        caller_is_management_account: p.caller_is_management_account,
        resource_in_management_account: p.resource_in_management_account,
    })
}

fn label(statement: &StatementRef) -> String {
    match &statement.sid {
        Some(sid) => format!("{}/{sid}", statement.policy_name),
        None => format!("{}/#{}", statement.policy_name, statement.index + 1),
    }
}

/// Runs every request of a case file; `Err` lists every request that went wrong.
pub fn run_case(text: &str) -> Result<usize, String> {
    let case: Case = serde_json::from_str(text).map_err(|e| format!("bad case file: {e}"))?;
    if !case.source.starts_with("https://docs.aws.amazon.com/") {
        return Err(format!(
            "`source` must cite an AWS documentation page, found `{}`",
            case.source
        ));
    }
    let set = policy_set(&case.policies)?;
    let mut failures = Vec::new();
    for (i, wanted) in case.requests.iter().enumerate() {
        let mut request = Request::new(
            wanted.principal.as_deref().unwrap_or(DEFAULT_PRINCIPAL),
            &wanted.action,
            &wanted.resource,
        );
        for (key, entry) in &wanted.context {
            request.context.insert(key, context_value(entry)?);
        }
        let prepared = PreparedRequest::new(&request);
        let evaluation = explain(&set, &prepared);
        let fast = decide(&set, &prepared);
        let mut what = format!(
            "request #{} ({} on {})",
            i + 1,
            wanted.action,
            wanted.resource
        );
        if let Some(note) = &wanted.note {
            what.push_str(&format!(" [{note}]"));
        }
        if evaluation.decision.as_str() != wanted.decision {
            failures.push(format!(
                "{what}: wanted {}, got {} ({})",
                wanted.decision, evaluation.decision, evaluation.summary
            ));
            continue;
        }
        if fast != evaluation.decision {
            failures.push(format!(
                "{what}: decide() said {fast}, explain() said {}",
                evaluation.decision
            ));
        }
        let deciding: Vec<String> = evaluation.deciding.iter().map(label).collect();
        if deciding != wanted.deciding {
            failures.push(format!(
                "{what}: wanted deciding statements {:?}, got {deciding:?}",
                wanted.deciding
            ));
        }
        if let Some(words) = &wanted.summary_contains {
            if !evaluation.summary.contains(words.as_str()) {
                failures.push(format!(
                    "{what}: wanted the summary to say {words:?}, it says {:?}",
                    evaluation.summary
                ));
            }
        }
        if let Some(words) = &wanted.warning_contains {
            let ok = if words.is_empty() {
                evaluation.warnings.is_empty()
            } else {
                evaluation
                    .warnings
                    .iter()
                    .any(|w| w.contains(words.as_str()))
            };
            if !ok {
                failures.push(format!(
                    "{what}: wanted a warning saying {words:?}, got {:?}",
                    evaluation.warnings
                ));
            }
        }
        if let Some(keys) = &wanted.missing_context_keys {
            if *keys != evaluation.missing_context_keys {
                failures.push(format!(
                    "{what}: wanted missing context keys {keys:?}, got {:?}",
                    evaluation.missing_context_keys
                ));
            }
        }
    }
    if failures.is_empty() {
        Ok(case.requests.len())
    } else {
        Err(format!("{}\n{}", case.description, failures.join("\n")))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LintCase {
    code: String,
    description: String,
    source: String,
    policy_type: String,
    finding: Option<serde_json::Value>,
    absent: Option<serde_json::Value>,
    finding_text: Option<String>,
    absent_text: Option<String>,
    /// Pad the finding's text with trailing spaces to this many bytes (size limits).
    pad_finding_to: Option<usize>,
    /// What the finding must say: its class, words of its message and help, and the exact text
    /// it underlines.
    expect: Option<WantedFinding>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct WantedFinding {
    /// `error`, `security warning`, `warning` or `suggestion`.
    severity: String,
    /// Words the message contains.
    message: String,
    /// Words the help contains.
    help: Option<String>,
    /// The text the finding's span covers.
    underlined: String,
}

fn lint_text(value: Option<&serde_json::Value>, text: Option<&String>) -> Result<String, String> {
    match (value, text) {
        (Some(v), None) => serde_json::to_string_pretty(v).map_err(|e| e.to_string()),
        (None, Some(t)) => Ok(t.clone()),
        _ => Err("give either a document or its text".to_owned()),
    }
}

/// Runs a lint case file: the finding's policy must get the code, the absent one must not.
pub fn run_lint_case(text: &str) -> Result<(), String> {
    let case: LintCase = serde_json::from_str(text).map_err(|e| format!("bad lint case: {e}"))?;
    if !case.source.starts_with("https://docs.aws.amazon.com/") {
        return Err(format!(
            "`source` must cite an AWS documentation page, found `{}`",
            case.source
        ));
    }
    let kind: PolicyType = case.policy_type.parse().map_err(|e| format!("{e}"))?;
    let mut finding = lint_text(case.finding.as_ref(), case.finding_text.as_ref())?;
    if let Some(bytes) = case.pad_finding_to {
        let padding = bytes.saturating_sub(finding.len());
        finding.push_str(&" ".repeat(padding));
    }
    let absent = lint_text(case.absent.as_ref(), case.absent_text.as_ref())?;
    let codes = |text: &str| -> Vec<&'static str> {
        iamplay_core::lint::lint_policy(text, kind)
            .iter()
            .map(|d| d.code)
            .collect()
    };
    let found = codes(&finding);
    if !found.iter().any(|c| *c == case.code) {
        return Err(format!(
            "{}: `{}` was not reported; got {found:?}",
            case.description, case.code
        ));
    }
    if let Some(wanted) = &case.expect {
        let findings = iamplay_core::lint::lint_policy(&finding, kind);
        let matching = findings.iter().filter(|d| d.code == case.code);
        let described: Vec<String> = matching
            .clone()
            .map(|d| {
                let underlined = finding.get(d.span.start..d.span.end).unwrap_or_default();
                format!(
                    "{} `{}` help {:?} on {underlined:?}",
                    d.severity.as_str(),
                    d.message,
                    d.help
                )
            })
            .collect();
        let found = matching.clone().any(|d| {
            d.severity.as_str() == wanted.severity
                && d.message.contains(&wanted.message)
                && wanted
                    .help
                    .as_ref()
                    .is_none_or(|h| d.help.as_deref().is_some_and(|dh| dh.contains(h.as_str())))
                && finding.get(d.span.start..d.span.end) == Some(wanted.underlined.as_str())
        });
        if !found {
            return Err(format!(
                "{}: no `{}` finding is a {} saying {:?} on {:?}; got {described:?}",
                case.description, case.code, wanted.severity, wanted.message, wanted.underlined
            ));
        }
    }
    let clean = codes(&absent);
    if clean.iter().any(|c| *c == case.code) {
        return Err(format!(
            "{}: `{}` was reported on the policy without the problem; got {clean:?}",
            case.description, case.code
        ));
    }
    Ok(())
}

/// A scenario case: a scenario, and where the deciding statement of some requests is written.
#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScenarioCase {
    description: String,
    source: String,
    now: String,
    /// The scenario; it is read from the case file's own text, so places are lines of this file.
    #[allow(
        dead_code,
        reason = "read from the text, so that places are this file's lines"
    )]
    scenario: serde_json::Value,
    deciding: Vec<WantedPlace>,
}

#[cfg(not(target_arch = "wasm32"))]
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WantedPlace {
    request: usize,
    /// The JSON path of the policy in the scenario, or the AWS managed policy's ARN.
    document: String,
    /// Line and column in this case file (scenario policies) or in the managed policy's file.
    line: usize,
    column: usize,
    /// The text the place starts with.
    text: String,
}

/// Runs a scenario case file: each request's first deciding statement must be placed in the
/// wanted document, at the wanted line and column.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_scenario_case(text: &str) -> Result<(), String> {
    use iamplay_core::json::{Limits, parse};
    use iamplay_core::origin::Source;
    use iamplay_core::span::LineIndex;
    let case: ScenarioCase =
        serde_json::from_str(text).map_err(|e| format!("bad scenario case: {e}"))?;
    if !case.source.starts_with("https://docs.aws.amazon.com/") {
        return Err("`source` must cite an AWS documentation page".to_owned());
    }
    let root = parse(text, Limits::default())
        .0
        .ok_or("the case does not parse")?;
    let span = root.get("scenario").ok_or("no scenario")?.span;
    let scenario_text = span.slice(text);
    let folder = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/managed-policies"
    ));
    let managed = iamplay_core::managed::read_folder(folder, scenario_text);
    let read = iamplay_core::scenario::read_scenario_with(scenario_text, &managed);
    let scenario = read
        .scenario
        .ok_or_else(|| format!("the scenario has problems: {:?}", read.problems))?;
    let outcome = iamplay_core::scenario::run_scenario(&scenario, &case.now);
    let report = iamplay_core::report::simulation(scenario_text, &scenario, &outcome);
    let index = LineIndex::new(text);
    let mut failures = Vec::new();
    for wanted in &case.deciding {
        let Some(place) = report
            .requests
            .get(wanted.request)
            .and_then(|r| r.deciding.first())
        else {
            failures.push(format!("request {}: no deciding statement", wanted.request));
            continue;
        };
        let (document, at, written) = match &place.source {
            Source::Scenario(path) => {
                let start = span.start + place.span.start;
                let written = text.get(start..).unwrap_or("");
                (
                    path.clone(),
                    Some(index.line_col(start)),
                    written.to_owned(),
                )
            }
            Source::Managed(arn) => {
                let document = managed.get(arn).cloned().unwrap_or_default();
                let written = document.get(place.span.start..).unwrap_or("").to_owned();
                (arn.clone(), place.start, written)
            }
            other => (other.to_string(), None, String::new()),
        };
        let got = at.map(|a| (a.line, a.column));
        if document != wanted.document
            || got != Some((wanted.line, wanted.column))
            || !written.starts_with(&wanted.text)
        {
            failures.push(format!(
                "request {}: wanted {} at {}:{} starting `{}`, got {document} at {got:?} starting `{}`",
                wanted.request,
                wanted.document,
                wanted.line,
                wanted.column,
                wanted.text,
                written.chars().take(wanted.text.chars().count()).collect::<String>()
            ));
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n{}", case.description, failures.join("\n")))
    }
}
