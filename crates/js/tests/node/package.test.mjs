// The npm package from Node, as a user imports it: the web build (`iamplay/web`), started with
// the wasm's bytes. `cargo xtask test` runs it against the package `cargo xtask package`
// assembles (IAMPLAY_NPM_PACKAGE names its folder).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const folder = process.env.IAMPLAY_NPM_PACKAGE;
assert.ok(folder, "IAMPLAY_NPM_PACKAGE names the built package's folder");
const manifest = JSON.parse(await readFile(join(folder, "package.json"), "utf8"));
const iamplay = await import(pathToFileURL(join(folder, manifest.exports["./web"].default)).href);
iamplay.initSync({ module: await readFile(join(folder, manifest.exports["./web/wasm"])) });

const policy = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Sid: "SQSAccess", Effect: "Allow", Action: "sqs:SendMessage", Resource: "arn:aws:s3:::my-app-queue" }],
});

test("the package names its entries and its declarations", () => {
  assert.equal(manifest.name, "iamplay");
  assert.equal(manifest.type, "module");
  assert.equal(manifest.exports["."].types, "./iamplay.d.ts");
});

test("presets simulate to plain objects, request by request", () => {
  const presets = iamplay.presets();
  assert.deepEqual(presets.map((p) => p.id).slice(0, 2), ["elastic-beanstalk", "ec2-app-server"]);
  const walkthrough = presets.find((p) => p.id === "ec2-app-server");
  const files = iamplay.managedPolicyFiles(walkthrough.text);
  assert.ok(files.some((f) => f.arn === "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" && f.file.endsWith(".json")));
  const result = iamplay.simulate(presets[0].text, "2026-12-01T00:00:00Z");
  assert.equal(Object.getPrototypeOf(result), Object.prototype, "a plain object, not a Map");
  assert.equal(result.problems.length, 0);
  assert.equal(result.requests.length, 12);
  assert.ok(result.requests.every((r) => r.decision === r.expected), JSON.stringify(result.requests.map((r) => r.decision)));
  assert.equal(result.requests[0].deciding[0].source, "scenario");
});

test("a scenario with problems gives them with their places", () => {
  const result = iamplay.simulate("{\"scenarioVersion\": 1,", "2026-12-01T00:00:00Z");
  assert.equal(result.verdict, undefined);
  assert.equal(result.problems[0].code, "json-syntax");
  assert.equal(result.problems[0].line, 1);
});

test("validatePolicy and readPolicy find the walkthrough's queue statement", () => {
  const lint = iamplay.validatePolicy(policy, "identity");
  assert.equal(lint.policyType, "identity-based policy");
  assert.deepEqual(lint.findings.map((f) => f.code), ["resource-type-mismatch"]);
  assert.equal(lint.findings[0].severity, "error");
  const read = iamplay.readPolicy(policy);
  assert.equal(read.valid, true);
  assert.equal(read.statements[0].sid, "SQSAccess");
  assert.throws(() => iamplay.validatePolicy(policy, "bucket"), /unknown policy type `bucket`/);
});

test("expandActions lists the actions a pattern covers", () => {
  const actions = iamplay.expandActions("s3:GetObjectT*");
  assert.ok(actions.some((a) => a.action === "s3:GetObjectTagging" && a.accessLevel === "Read"), JSON.stringify(actions));
  assert.deepEqual(iamplay.expandActions("nosuch:*"), []);
});

test("summary and diff review a change", () => {
  const wider = policy.replace("sqs:SendMessage", "sqs:*").replace("arn:aws:s3:::my-app-queue", "*");
  const summary = iamplay.summary(wider, "identity");
  assert.ok(summary.allowedActions > 10);
  assert.equal(summary.services[0].service, "sqs");
  const diff = iamplay.diff(policy, wider, "identity");
  assert.equal(diff.result, "FAIL");
  assert.ok(diff.granted.length > 0);
});

/// The documents of the AWS managed policies a scenario attaches, read where the site serves them.
async function managedPolicies(text) {
  const folder = new URL("../../../core/data/managed-policies/", import.meta.url);
  const documents = {};
  for (const { arn, file } of iamplay.managedPolicyFiles(text)) {
    documents[arn] = await readFile(new URL(file, folder), "utf8");
  }
  return documents;
}

test("import, who-can and export from the same package", async () => {
  const text = iamplay.presets().find((p) => p.id === "ec2-app-server").text;
  const managed = await managedPolicies(text);
  assert.equal(Object.keys(managed).length, 2);
  const exported = iamplay.exportScenario(text, "cloudformation-json", managed);
  assert.equal(exported.problems.length, 0);
  assert.match(exported.text, /AWS::IAM::InstanceProfile/);
  const imported = iamplay.importFiles([{ name: "template.json", text: exported.text }]);
  assert.deepEqual(imported.profiles.map((p) => p.name), ["EC2AppServerProfile"]);
  assert.ok(imported.awsManaged.includes("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
  const who = iamplay.whoCan([{ name: "template.json", text: exported.text }], "s3:GetObject", "arn:aws:s3:::my-app-bucket/config.json", undefined, "2026-12-01T00:00:00Z", managed);
  assert.equal(who.profiles.length, 1);
  assert.equal(who.profiles[0].profile, "EC2AppServerProfile");
  assert.equal(who.allowed, 1);
});

test("simulateCustomPolicy answers AWS's input with AWS's response", () => {
  const answer = iamplay.simulateCustomPolicy({
    PolicyInputList: [policy.replace("arn:aws:s3:::my-app-queue", "arn:aws:sqs:us-east-1:123456789012:q")],
    ActionNames: ["sqs:SendMessage", "sqs:DeleteQueue"],
    ResourceArns: ["arn:aws:sqs:us-east-1:123456789012:q"],
  }, true);
  assert.deepEqual(answer.problems, []);
  assert.deepEqual(answer.EvaluationResults.map((r) => r.EvalDecision), ["allowed", "implicitDeny"]);
  assert.equal(answer.EvaluationResults[0].MatchedStatements[0].SourcePolicyId, "PolicyInputList.1");
  assert.ok(answer.EvaluationResults[0].Iamplay.Summary.length > 0);
  assert.equal(answer.allAllowed, false);
  const broken = iamplay.simulateCustomPolicy(JSON.stringify({ PolicyInputList: ["{\"Statement\": ["], ActionNames: ["s3:GetObject"] }));
  assert.equal(broken.EvaluationResults, undefined);
  assert.equal(broken.problems[0].field, "PolicyInputList.1");
  assert.equal(broken.problems[0].line, 1);
});

test("fix, discover, whoCanGet and exfiltration answer from the presets, checked", () => {
  const presets = iamplay.presets();
  const text = (id) => presets.find((p) => p.id === id).text;
  const now = "2026-12-01T00:00:00Z";
  const fixed = iamplay.fix(text("common-mistakes"), 1, now);
  assert.equal(fixed.requests[0].action, "s3:PutObject");
  const first = fixed.requests[0].fixes[0];
  assert.equal(first.kind, "add-action");
  assert.equal(first.decision, "allowed");
  assert.equal(iamplay.simulate(first.scenario, now).requests[1].decision, "allowed");
  const conditions = iamplay.discover(text("common-mistakes"), 2, now);
  assert.equal(conditions.requests[0].solutions[0].values[0].key, "ec2:RoleDelivery");
  assert.equal(conditions.requests[0].solutions[0].values[0].allowedWhen, "≥ `2.0`");
  const who = iamplay.whoCanGet(text("auto-scaling-qateam"), now);
  assert.equal(who.principals[0].name, "qa-engineer");
  assert.equal(who.principals[0].canGet, true);
  const stolen = iamplay.exfiltration(text("common-mistakes"), now);
  assert.deepEqual(stolen.guards.map((g) => g.kind), ["source-vpc", "source-private-ip", "imdsv2"]);
  assert.ok(stolen.guards.every((g) => g.remaining.every((r) => r.actions === 0)));
});
