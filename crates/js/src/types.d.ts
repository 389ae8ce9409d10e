// The types of the results, generated from the Rust report types (`report::wire` in
// iamplay-core) by `cargo xtask codegen`: do not edit.

export type Problem = {
/**
 * `error`, `security warning`, `warning` or `suggestion`.
 */
severity: string,
/**
 * The stable code (`json-syntax`, `resource-type-mismatch`, …).
 */
code: string,
/**
 * What is wrong, in a sentence.
 */
message: string,
/**
 * How to mend it.
 */
help: string | null,
/**
 * The JSON path of the part it is about, in a scenario.
 */
path: string | null,
/**
 * Where it starts: line and column from 1 (columns count characters).
 */
line: number, column: number,
/**
 * Where it ends.
 */
endLine: number, endColumn: number,
/**
 * The text it is about.
 */
text: string,
};

export type StatementRef = {
/**
 * The policy's name.
 */
policy: string,
/**
 * The kind of policy it is in this decision, in words.
 */
policyType: string,
/**
 * Its `Sid`.
 */
sid: string | null,
/**
 * Its position in the policy, from 0.
 */
index: number,
/**
 * `scenario`, `managed`, `input` or `text`.
 */
source: string,
/**
 * The policy's JSON path in the scenario, or the managed policy's ARN.
 */
document: string,
/**
 * Where it starts in that document.
 */
line: number | null, column: number | null,
/**
 * Why it is shown, for near misses.
 */
why: string | null,
};

export type Link = {
/**
 * `launch`, `instance profile`, `trust policy`, `role session`.
 */
name: string,
/**
 * Whether it holds.
 */
ok: boolean,
/**
 * Why, in a sentence.
 */
detail: string,
};

export type ContextEntry = {
/**
 * The key, e.g. `aws:PrincipalArn`.
 */
key: string,
/**
 * Its values.
 */
values: Array<string>,
/**
 * `ec2` (set by AWS) or `scenario`.
 */
source: string,
};

export type Session = {
/**
 * The session's ARN.
 */
arn: string,
/**
 * The role's ARN.
 */
roleArn: string,
/**
 * Its context keys.
 */
context: Array<ContextEntry>,
};

export type Unsigned = {
/**
 * `allowed`, `explicitDeny` or `implicitDeny`.
 */
decision: string,
/**
 * Why.
 */
summary: string,
};

export type RequestResult = {
/**
 * The action.
 */
action: string,
/**
 * The resource.
 */
resource: string,
/**
 * `allowed`, `explicitDeny` or `implicitDeny`.
 */
decision: string,
/**
 * The decision the scenario expects.
 */
expected: string | null,
/**
 * Why, in a sentence (absent when the chain broke before the request).
 */
summary: string | null,
/**
 * The deciding statements (`null` when the request was not evaluated).
 */
deciding: Array<StatementRef> | null,
/**
 * Context keys the policies use that the request lacks.
 */
missingContextValues: Array<string> | null,
/**
 * Allow statements whose action matched but something else did not.
 */
nearMisses: Array<StatementRef> | null,
/**
 * What is odd about the request itself.
 */
warnings: Array<string>,
/**
 * Without credentials: what the same call gets unsigned.
 */
unsigned: Unsigned | null,
};

export type SimulateResult = {
/**
 * The scenario's name.
 */
scenario?: string,
/**
 * The verdict's first line.
 */
verdict?: string,
/**
 * Whether every request is allowed and every link holds.
 */
allAllowed?: boolean,
/**
 * The chain's links, up to the first broken one.
 */
links?: Array<Link>,
/**
 * The role session, when the instance gets credentials.
 */
session?: Session | null,
/**
 * Each request.
 */
requests?: Array<RequestResult>,
/**
 * What the simulation could not take into account.
 */
warnings?: Array<string>,
/**
 * Problems in the document; with errors, nothing is simulated.
 */
problems: Array<Problem>,
};

export type ValueList = {
/**
 * Written as `NotAction` / `NotResource`.
 */
negated: boolean,
/**
 * The values.
 */
values: Array<string>,
};

export type StatementSummary = {
/**
 * Its position, from 0.
 */
index: number,
/**
 * Its `Sid`.
 */
sid: string | null,
/**
 * `Allow` or `Deny`.
 */
effect: string,
/**
 * `Action` or `NotAction`.
 */
action: ValueList | null,
/**
 * `Resource` or `NotResource`.
 */
resource: ValueList | null,
/**
 * How many conditions.
 */
conditions: number,
/**
 * Where it starts.
 */
line: number, column: number,
};

export type PolicyResult = {
/**
 * Whether it has no error.
 */
valid: boolean,
/**
 * Its statements.
 */
statements: Array<StatementSummary>,
/**
 * Every problem, placed.
 */
problems: Array<Problem>,
};

export type LintResult = {
/**
 * The kind of policy it was read as, in words.
 */
policyType: string,
/**
 * Every finding, in Access Analyzer's four classes.
 */
findings: Array<Problem>,
};

export type SubjectProblems = {
/**
 * Problems in the document.
 */
problems: Array<Problem>,
/**
 * Why the instance gets no credentials.
 */
noCredentials: string | null,
};

export type ResourceGrant = {
/**
 * The resource.
 */
resource: string,
/**
 * `allowed` or `conditional`.
 */
grant: string,
};

export type ActionAccess = {
/**
 * `service:Action`.
 */
action: string,
/**
 * How it is granted on `*`, if it is.
 */
everywhere: string | null,
/**
 * How it is granted on each named resource.
 */
resources: Array<ResourceGrant>,
};

export type AccessChange = {
/**
 * `service:Action`.
 */
action: string,
/**
 * The resource.
 */
resource: string,
/**
 * The grant before (`null`: none).
 */
before: string | null,
/**
 * The grant after (`null`: none).
 */
after: string | null,
};

export type LevelGroup<T> = {
/**
 * `List`, `Read`, `Write`, `Permissions management` or `Tagging`.
 */
accessLevel: string,
/**
 * The actions.
 */
actions: Array<T>,
};

export type ServiceGroup<T> = {
/**
 * The prefix, e.g. `s3`.
 */
service: string,
/**
 * The service's name.
 */
serviceName: string,
/**
 * How many actions the service has in the catalogue.
 */
catalogueActions: number,
/**
 * Its access levels, List to Tagging.
 */
accessLevels: Array<LevelGroup<T>>,
};

export type SummaryResult = {
/**
 * Problems in the document.
 */
problems: Array<Problem>,
/**
 * Why the instance gets no credentials.
 */
noCredentials: string | null,
/**
 * What was summarised.
 */
subject?: string,
/**
 * What the summary could not take into account.
 */
warnings?: Array<string>,
/**
 * The resources decided on besides `*`.
 */
resources?: Array<string>,
/**
 * How many (action, resource) pairs were decided.
 */
evaluated?: number,
/**
 * How many actions are allowed.
 */
allowedActions?: number,
/**
 * The allowed actions by service and access level.
 */
services?: Array<ServiceGroup<ActionAccess>>,
};

export type ReviewSide = string | SubjectProblems;

export type DiffResult = {
/**
 * `PASS` when it grants nothing new, `FAIL` when it does.
 */
result?: string,
/**
 * The old version.
 */
old: ReviewSide | null,
/**
 * The new version.
 */
new: ReviewSide | null,
/**
 * What the review could not take into account.
 */
warnings?: Array<string>,
/**
 * The resources decided on besides `*`.
 */
resources?: Array<string>,
/**
 * How many (action, resource) pairs were decided.
 */
evaluated?: number,
/**
 * Access the new version grants.
 */
granted?: Array<ServiceGroup<AccessChange>>,
/**
 * Access it removes.
 */
removed?: Array<ServiceGroup<AccessChange>>,
};

export type ImportProblem = {
/**
 * The file.
 */
file: string,
/**
 * The JSON path in it.
 */
path: string,
/**
 * Where it is, from 1.
 */
line: number | null, column: number | null,
/**
 * The stable code.
 */
code: string,
/**
 * `error` or `warning`.
 */
severity: string,
/**
 * What is wrong.
 */
message: string,
/**
 * How to mend it.
 */
help: string | null,
};

export type ProfileName = {
/**
 * The profile's name.
 */
name: string,
/**
 * Its role's name.
 */
role: string | null,
};

export type ImportResult = {
/**
 * Its instance profiles.
 */
profiles: Array<ProfileName>,
/**
 * How many roles.
 */
roles: number,
/**
 * How many customer managed policies.
 */
policies: number,
/**
 * The AWS managed policies its roles attach, by ARN: give their documents.
 */
awsManaged: Array<string>,
/**
 * Every problem; with errors, no scenario is made.
 */
problems: Array<ImportProblem>,
/**
 * The scenario of the chosen profile, when it could be made.
 */
scenario: string | null,
/**
 * What the scenario could not take over.
 */
warnings: Array<ImportProblem>,
};

export type ImportedStatement = {
/**
 * The policy's name.
 */
policy: string,
/**
 * Its `Sid`.
 */
sid: string | null,
/**
 * Its position in the policy, from 0.
 */
index: number,
/**
 * `FILE:LINE:COLUMN`, or the AWS managed policy's ARN.
 */
at: string,
};

export type ProfileAnswer = {
/**
 * The profile.
 */
profile: string,
/**
 * Its role (`null` when it holds none).
 */
role: string | null,
/**
 * `allowed`, `explicitDeny` or `implicitDeny`.
 */
decision: string,
/**
 * Why.
 */
reason: string,
/**
 * The deciding statements.
 */
deciding: Array<ImportedStatement>,
};

export type WhoCanResult = {
/**
 * The action asked.
 */
action: string,
/**
 * The resource asked.
 */
resource: string,
/**
 * How many profiles may.
 */
allowed: number,
/**
 * Each profile's answer, allowed first.
 */
profiles: Array<ProfileAnswer>,
/**
 * Problems of the import.
 */
problems: Array<ImportProblem>,
};

export type ExportResult = {
/**
 * The script, Terraform or template (`null` when the scenario has errors).
 */
text: string | null,
/**
 * The scenario's problems.
 */
problems: Array<Problem>,
};

export type ExpandedAction = {
/**
 * `service:Action`, as the catalogue spells it.
 */
action: string,
/**
 * `List`, `Read`, `Write`, `Permissions management` or `Tagging`.
 */
accessLevel: string,
};

export type ManagedPolicyFile = {
/**
 * The policy's ARN.
 */
arn: string,
/**
 * Its file in the managed-policy folder (`policy/…/NAME.json`), `null` for an ARN that
 * is not an AWS managed policy's.
 */
file: string | null,
};

export type Preset = {
/**
 * Its id, e.g. `elastic-beanstalk`.
 */
id: string,
/**
 * Its title.
 */
title: string,
/**
 * The scenario document.
 */
text: string,
};

export type Position = { Line: number, Column: number, };

export type MatchedStatement = {
/**
 * `PolicyInputList.1`, `ResourcePolicy`, or a policy's name.
 */
SourcePolicyId: string,
/**
 * AWS's model's type: `resource`, `none`, `role`, `aws-managed`, `user-managed`.
 */
SourcePolicyType: string,
/**
 * Just after the brace before the statement (AWS's convention).
 */
StartPosition?: Position,
/**
 * Just after the statement's closing brace.
 */
EndPosition?: Position,
};

export type OrganizationsDecisionDetail = { AllowedByOrganizations: boolean, };

export type PermissionsBoundaryDecisionDetail = { AllowedByPermissionsBoundary: boolean, };

export type EvalDecisionDetails = { "IAM Policy": string, "Resource Policy": string, };

export type ResourceSpecificResult = { EvalResourceName: string, EvalResourceDecision: string, MatchedStatements: Array<MatchedStatement>, MissingContextValues: Array<string>, PermissionsBoundaryDecisionDetail?: PermissionsBoundaryDecisionDetail, };

export type ExplainedStep = { Stage: string,
/**
 * `passed`, `decided` or `skipped`.
 */
Outcome: string, Detail: string,
};

export type ExplainedStatement = { SourcePolicyId: string, SourcePolicyType: string, Sid: string | null, Index: number, Effect: string, StartPosition: Position | null, Outcome: string, };

export type Explanation = { Summary: string, Steps: Array<ExplainedStep>, Statements: Array<ExplainedStatement>, Warnings: Array<string>, };

export type EvaluationResult = { EvalActionName: string, EvalResourceName: string,
/**
 * `allowed`, `explicitDeny` or `implicitDeny`.
 */
EvalDecision: string, MatchedStatements: Array<MatchedStatement>, MissingContextValues: Array<string>, OrganizationsDecisionDetail?: OrganizationsDecisionDetail, PermissionsBoundaryDecisionDetail?: PermissionsBoundaryDecisionDetail, EvalDecisionDetails?: EvalDecisionDetails, ResourceSpecificResults?: Array<ResourceSpecificResult>, Iamplay?: Explanation,
};

export type InputProblem = {
/**
 * What is wrong.
 */
message: string,
/**
 * The input's field it is in.
 */
field: string | null,
/**
 * The diagnostic's code, for a policy.
 */
code: string | null,
/**
 * Where it is in the policy, from 1.
 */
line: number | null, column: number | null,
};

export type SimulateCustomPolicyResult = { EvaluationResults?: Array<EvaluationResult>, IsTruncated?: boolean, Marker?: string,
/**
 * Whether every result is allowed.
 */
allAllowed?: boolean,
/**
 * Problems of the input; with any, nothing is evaluated.
 */
problems: Array<InputProblem>,
};

export type DiffLine = {
/**
 * `" "` kept, `"-"` removed, `"+"` added.
 */
tag: string,
/**
 * The line.
 */
text: string,
};

export type Fix = {
/**
 * `add-action`, `add-resource`, `add-principal`, `add-statement`, `add-policy`,
 * `remove-deny-action`, `remove-deny`, `trust-ec2`, `launch`, `set-context`, `imdsv2`,
 * `tighten`.
 */
kind: string,
/**
 * What it does.
 */
title: string,
/**
 * The JSON path of what it edits in the scenario.
 */
path: string,
/**
 * The change, with context.
 */
diff: Array<DiffLine>,
/**
 * The whole scenario with the change made.
 */
scenario: string,
/**
 * The request's decision with it.
 */
decision: string,
/**
 * The new access the change review finds.
 */
grants: Array<string>,
/**
 * The access it removes.
 */
removes: Array<string>,
};

export type RequestFixes = {
/**
 * The request, from 0.
 */
request: number, action: string, resource: string,
/**
 * Its decision now.
 */
decision: string,
/**
 * Checked fixes, smallest first.
 */
fixes: Array<Fix>,
/**
 * How many candidates were simulated.
 */
tried: number,
/**
 * The candidates dropped, and why.
 */
dropped: Array<string>,
};

export type FixResult = {
/**
 * The scenario's name.
 */
scenario: string,
/**
 * Its problems (nothing is answered when it has errors).
 */
problems: Array<Problem>,
/**
 * Each denied request asked about.
 */
requests: Array<RequestFixes>,
/**
 * Tightenings of over-broad grants that keep every expected request allowed.
 */
tightenings: Array<Fix>,
};

export type Bound = { operator: string, values: Array<string>,
/**
 * A Deny's condition, which must fail.
 */
negated: boolean,
/**
 * In words: `= vpc-1`, `≥ 2.0`.
 */
text: string,
/**
 * `policy · statement`.
 */
statement: string,
};

export type KeyValues = { key: string,
/**
 * Every bound, in words.
 */
allowedWhen: string, bounds: Array<Bound>,
/**
 * The value simulated (`null`: absent).
 */
witness: Array<string> | null,
/**
 * EC2 sets it: it changes on the instance, not in a request.
 */
setByEc2: boolean,
};

export type Solution = { values: Array<KeyValues>,
/**
 * The statements relied on, and the Denies escaped.
 */
statements: Array<string>,
};

export type TruthRow = { statement: string, effect: string, operator: string, key: string, values: Array<string>,
/**
 * The request's values (`null`: absent).
 */
request: Array<string> | null, holds: boolean,
};

export type RequestDiscovery = { request: number, action: string, resource: string, decision: string, solutions: Array<Solution>, truth: Array<TruthRow>, note: string | null, };

export type DiscoverResult = { scenario: string, problems: Array<Problem>, requests: Array<RequestDiscovery>, };

export type PathStep = { action: string, resource: string, decision: string, summary: string, deciding: Array<StatementRef>, };

export type ReachPath = { kind: string, title: string, reachable: boolean, steps: Array<PathStep>, note: string | null, };

export type Principal = { arn: string,
/**
 * `launcher` or `role`.
 */
kind: string, name: string, canGet: boolean, paths: Array<ReachPath>,
};

export type WhoCanGetResult = { scenario: string, problems: Array<Problem>, profile: string, role: string | null, principals: Array<Principal>, warnings: Array<string>, };

export type NetworkKey = { key: string,
/**
 * `null`: absent.
 */
value: string | null,
};

export type Vantage = {
/**
 * `instance`, `internet`, `other-vpc`.
 */
id: string, title: string, network: Array<NetworkKey>,
/**
 * How many actions are allowed.
 */
actions: number,
/**
 * Each, `service:Action [where]`.
 */
allowed: Array<string>,
};

export type Remaining = { vantage: string, actions: number, };

export type Guard = {
/**
 * `source-vpc`, `source-private-ip`, `imdsv2`.
 */
kind: string, title: string,
/**
 * Where it is added.
 */
path: string,
/**
 * The statement.
 */
statement: string,
/**
 * The scenario with it.
 */
scenario: string, remaining: Array<Remaining>,
/**
 * Requests of the scenario it denies from the instance.
 */
breaks: Array<string>,
};

export type ExfiltrationResult = { scenario: string, problems: Array<Problem>, session: string, vantages: Array<Vantage>, guards: Array<Guard>, note: string | null, };
