//! The types of the JSON reports: the shape every face that speaks JSON writes (the CLI's
//! `--output json`, the JS package's results). With the `typescript` feature each derives
//! `ts_rs::TS`, and the JS package's TypeScript declarations are generated from them
//! (`cargo xtask codegen`), so the declarations and the values can never drift apart.
//! Field order is the order written.

use serde::Serialize;

/// A problem in a document (or a lint finding), placed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    /// `error`, `security warning`, `warning` or `suggestion`.
    pub severity: String,
    /// The stable code (`json-syntax`, `resource-type-mismatch`, …).
    pub code: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// How to mend it.
    pub help: Option<String>,
    /// The JSON path of the part it is about, in a scenario.
    pub path: Option<String>,
    /// Where it starts: line and column from 1 (columns count characters).
    pub line: usize,
    pub column: usize,
    /// Where it ends.
    pub end_line: usize,
    pub end_column: usize,
    /// The text it is about.
    pub text: String,
}

/// A statement of a decision, and where it is written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StatementRef {
    /// The policy's name.
    pub policy: String,
    /// The kind of policy it is in this decision, in words.
    pub policy_type: String,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// Its position in the policy, from 0.
    pub index: usize,
    /// `scenario`, `managed`, `input` or `text`.
    pub source: String,
    /// The policy's JSON path in the scenario, or the managed policy's ARN.
    pub document: String,
    /// Where it starts in that document.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// Why it is shown, for near misses.
    pub why: Option<String>,
}

/// A link of the instance-profile chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Link {
    /// `launch`, `instance profile`, `trust policy`, `role session`.
    pub name: String,
    /// Whether it holds.
    pub ok: bool,
    /// Why, in a sentence.
    pub detail: String,
}

/// A context key of the role session.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ContextEntry {
    /// The key, e.g. `aws:PrincipalArn`.
    pub key: String,
    /// Its values.
    pub values: Vec<String>,
    /// `ec2` (set by AWS) or `scenario`.
    pub source: String,
}

/// The role session the instance gets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Session {
    /// The session's ARN.
    pub arn: String,
    /// The role's ARN.
    pub role_arn: String,
    /// Its context keys.
    pub context: Vec<ContextEntry>,
}

/// What a call gets unsigned, when the instance has no credentials.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Unsigned {
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: String,
    /// Why.
    pub summary: String,
}

/// A request of a scenario, decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RequestResult {
    /// The action.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: String,
    /// The decision the scenario expects.
    pub expected: Option<String>,
    /// Why, in a sentence (absent when the chain broke before the request).
    pub summary: Option<String>,
    /// The deciding statements (`null` when the request was not evaluated).
    pub deciding: Option<Vec<StatementRef>>,
    /// Context keys the policies use that the request lacks.
    pub missing_context_values: Option<Vec<String>>,
    /// Allow statements whose action matched but something else did not.
    pub near_misses: Option<Vec<StatementRef>>,
    /// What is odd about the request itself.
    pub warnings: Vec<String>,
    /// Without credentials: what the same call gets unsigned.
    pub unsigned: Option<Unsigned>,
}

/// The simulation of a scenario, or its problems: `simulate`'s result. Without a simulation,
/// only `problems` is there.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SimulateResult {
    /// The scenario's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub scenario: Option<String>,
    /// The verdict's first line.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub verdict: Option<String>,
    /// Whether every request is allowed and every link holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub all_allowed: Option<bool>,
    /// The chain's links, up to the first broken one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub links: Option<Vec<Link>>,
    /// The role session, when the instance gets credentials.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub session: Option<Option<Session>>,
    /// Each request.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub requests: Option<Vec<RequestResult>>,
    /// What the simulation could not take into account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub warnings: Option<Vec<String>>,
    /// Problems in the document; with errors, nothing is simulated.
    pub problems: Vec<Problem>,
}

/// `Action` or `Resource` of a statement.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ValueList {
    /// Written as `NotAction` / `NotResource`.
    pub negated: bool,
    /// The values.
    pub values: Vec<String>,
}

/// A statement of a policy, as read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct StatementSummary {
    /// Its position, from 0.
    pub index: usize,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `Action` or `NotAction`.
    pub action: Option<ValueList>,
    /// `Resource` or `NotResource`.
    pub resource: Option<ValueList>,
    /// How many conditions.
    pub conditions: usize,
    /// Where it starts.
    pub line: usize,
    pub column: usize,
}

/// A policy document, read: `readPolicy`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PolicyResult {
    /// Whether it has no error.
    pub valid: bool,
    /// Its statements.
    pub statements: Vec<StatementSummary>,
    /// Every problem, placed.
    pub problems: Vec<Problem>,
}

/// A policy, linted: `validatePolicy`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LintResult {
    /// The kind of policy it was read as, in words.
    pub policy_type: String,
    /// Every finding, in Access Analyzer's four classes.
    pub findings: Vec<Problem>,
}

/// What keeps a summary or review from being made: problems in the document, or an instance
/// without credentials.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SubjectProblems {
    /// Problems in the document.
    pub problems: Vec<Problem>,
    /// Why the instance gets no credentials.
    pub no_credentials: Option<String>,
}

/// How an action or change is granted: `allowed` or, for a policy read alone, `conditional`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ResourceGrant {
    /// The resource.
    pub resource: String,
    /// `allowed` or `conditional`.
    pub grant: String,
}

/// An allowed action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ActionAccess {
    /// `service:Action`.
    pub action: String,
    /// How it is granted on `*`, if it is.
    pub everywhere: Option<String>,
    /// How it is granted on each named resource.
    pub resources: Vec<ResourceGrant>,
}

/// A change of access between two versions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct AccessChange {
    /// `service:Action`.
    pub action: String,
    /// The resource.
    pub resource: String,
    /// The grant before (`null`: none).
    pub before: Option<String>,
    /// The grant after (`null`: none).
    pub after: Option<String>,
}

/// Items of one access level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LevelGroup<T> {
    /// `List`, `Read`, `Write`, `Permissions management` or `Tagging`.
    pub access_level: String,
    /// The actions.
    pub actions: Vec<T>,
}

/// One service's items by access level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ServiceGroup<T> {
    /// The prefix, e.g. `s3`.
    pub service: String,
    /// The service's name.
    pub service_name: String,
    /// How many actions the service has in the catalogue.
    pub catalogue_actions: usize,
    /// Its access levels, List to Tagging.
    pub access_levels: Vec<LevelGroup<T>>,
}

/// Every catalogue action an instance (or a policy) may call: `summary`'s result. When it
/// cannot be made, only `problems` and `noCredentials` are there.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SummaryResult {
    /// Problems in the document.
    pub problems: Vec<Problem>,
    /// Why the instance gets no credentials.
    pub no_credentials: Option<String>,
    /// What was summarised.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub subject: Option<String>,
    /// What the summary could not take into account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub warnings: Option<Vec<String>>,
    /// The resources decided on besides `*`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub resources: Option<Vec<String>>,
    /// How many (action, resource) pairs were decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub evaluated: Option<usize>,
    /// How many actions are allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub allowed_actions: Option<usize>,
    /// The allowed actions by service and access level.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub services: Option<Vec<ServiceGroup<ActionAccess>>>,
}

/// One side of a review: its label, or what keeps it from being read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(untagged)]
pub enum ReviewSide {
    /// What was reviewed.
    Label(String),
    /// Its problems.
    Problems(SubjectProblems),
}

/// What a new version grants that the old did not, and what it removes: `diff`'s result. When
/// either side cannot be read, only `old` and `new` are there, each `null` or its problems.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DiffResult {
    /// `PASS` when it grants nothing new, `FAIL` when it does.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub result: Option<String>,
    /// The old version.
    pub old: Option<ReviewSide>,
    /// The new version.
    pub new: Option<ReviewSide>,
    /// What the review could not take into account.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub warnings: Option<Vec<String>>,
    /// The resources decided on besides `*`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub resources: Option<Vec<String>>,
    /// How many (action, resource) pairs were decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub evaluated: Option<usize>,
    /// Access the new version grants.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub granted: Option<Vec<ServiceGroup<AccessChange>>>,
    /// Access it removes.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub removed: Option<Vec<ServiceGroup<AccessChange>>>,
}

/// A problem of an import, at its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ImportProblem {
    /// The file.
    pub file: String,
    /// The JSON path in it.
    pub path: String,
    /// Where it is, from 1.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The stable code.
    pub code: String,
    /// `error` or `warning`.
    pub severity: String,
    /// What is wrong.
    pub message: String,
    /// How to mend it.
    pub help: Option<String>,
}

/// An imported instance profile.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ProfileName {
    /// The profile's name.
    pub name: String,
    /// Its role's name.
    pub role: Option<String>,
}

/// What an import holds, and the scenario of one of its profiles: `importFiles`' result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    /// Its instance profiles.
    pub profiles: Vec<ProfileName>,
    /// How many roles.
    pub roles: usize,
    /// How many customer managed policies.
    pub policies: usize,
    /// The AWS managed policies its roles attach, by ARN: give their documents.
    pub aws_managed: Vec<String>,
    /// Every problem; with errors, no scenario is made.
    pub problems: Vec<ImportProblem>,
    /// The scenario of the chosen profile, when it could be made.
    pub scenario: Option<String>,
    /// What the scenario could not take over.
    pub warnings: Vec<ImportProblem>,
}

/// A deciding statement of an imported account.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ImportedStatement {
    /// The policy's name.
    pub policy: String,
    /// Its `Sid`.
    pub sid: Option<String>,
    /// Its position in the policy, from 0.
    pub index: usize,
    /// `FILE:LINE:COLUMN`, or the AWS managed policy's ARN.
    pub at: String,
}

/// One instance profile's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ProfileAnswer {
    /// The profile.
    pub profile: String,
    /// Its role (`null` when it holds none).
    pub role: Option<String>,
    /// `allowed`, `explicitDeny` or `implicitDeny`.
    pub decision: String,
    /// Why.
    pub reason: String,
    /// The deciding statements.
    pub deciding: Vec<ImportedStatement>,
}

/// Which imported instance profiles may make a request: `whoCan`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct WhoCanResult {
    /// The action asked.
    pub action: String,
    /// The resource asked.
    pub resource: String,
    /// How many profiles may.
    pub allowed: usize,
    /// Each profile's answer, allowed first.
    pub profiles: Vec<ProfileAnswer>,
    /// Problems of the import.
    pub problems: Vec<ImportProblem>,
}

/// What creates a scenario's account: `exportScenario`'s result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExportResult {
    /// The script, Terraform or template (`null` when the scenario has errors).
    pub text: Option<String>,
    /// The scenario's problems.
    pub problems: Vec<Problem>,
}

/// An action a pattern covers, from AWS's catalogue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExpandedAction {
    /// `service:Action`, as the catalogue spells it.
    pub action: String,
    /// `List`, `Read`, `Write`, `Permissions management` or `Tagging`.
    pub access_level: String,
}

/// An AWS managed policy a scenario attaches without embedding it, and its file.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ManagedPolicyFile {
    /// The policy's ARN.
    pub arn: String,
    /// Its file in the managed-policy folder (`policy/…/NAME.json`), `null` for an ARN that
    /// is not an AWS managed policy's.
    pub file: Option<String>,
}

/// A ready scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Preset {
    /// Its id, e.g. `elastic-beanstalk`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The scenario document.
    pub text: String,
}

/// Every declared type, in the order the TypeScript declarations list them (with the
/// `typescript` feature).
#[cfg(feature = "typescript")]
pub fn typescript_declarations() -> String {
    use ts_rs::TS;
    let declarations = [
        Problem::decl(),
        StatementRef::decl(),
        Link::decl(),
        ContextEntry::decl(),
        Session::decl(),
        Unsigned::decl(),
        RequestResult::decl(),
        SimulateResult::decl(),
        ValueList::decl(),
        StatementSummary::decl(),
        PolicyResult::decl(),
        LintResult::decl(),
        SubjectProblems::decl(),
        ResourceGrant::decl(),
        ActionAccess::decl(),
        AccessChange::decl(),
        LevelGroup::<ActionAccess>::decl(),
        ServiceGroup::<ActionAccess>::decl(),
        SummaryResult::decl(),
        ReviewSide::decl(),
        DiffResult::decl(),
        ImportProblem::decl(),
        ProfileName::decl(),
        ImportResult::decl(),
        ImportedStatement::decl(),
        ProfileAnswer::decl(),
        WhoCanResult::decl(),
        ExportResult::decl(),
        ExpandedAction::decl(),
        ManagedPolicyFile::decl(),
        Preset::decl(),
        crate::aws::Position::decl(),
        crate::aws::MatchedStatement::decl(),
        crate::aws::OrganizationsDecisionDetail::decl(),
        crate::aws::PermissionsBoundaryDecisionDetail::decl(),
        crate::aws::EvalDecisionDetails::decl(),
        crate::aws::ResourceSpecificResult::decl(),
        crate::aws::ExplainedStep::decl(),
        crate::aws::ExplainedStatement::decl(),
        crate::aws::Explanation::decl(),
        crate::aws::EvaluationResult::decl(),
        crate::aws::InputProblem::decl(),
        crate::aws::SimulateCustomPolicyResult::decl(),
    ];
    let mut text = String::from(
        "// The types of the results, generated from the Rust report types (`report::wire` in\n// iamplay-core) by `cargo xtask codegen`: do not edit.\n",
    );
    let answers = super::answers::declarations();
    for declaration in declarations.iter().chain(&answers) {
        // One field a line, without trailing spaces, and a multi-line type's closing brace on
        // a line of its own (as formatters and wasm-bindgen's indentation expect).
        let lines: Vec<&str> = declaration.lines().map(str::trim_end).collect();
        let mut declaration = lines.join("\n");
        if lines.len() > 1 {
            if let Some(body) = declaration.strip_suffix(" };") {
                declaration = format!("{body}\n}};");
            }
        }
        text.push_str("\nexport ");
        text.push_str(&declaration);
        text.push('\n');
    }
    text
}
