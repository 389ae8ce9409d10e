// An example a TypeScript user writes against the package's declarations; `cargo xtask test`
// checks it with `tsc --noEmit`. The `@ts-expect-error` lines must be errors: they prove the
// results are typed, not `any`.
import init, { simulate, validatePolicy, summary, whoCan, expandActions, presets, fix, discover } from "iamplay/web";
import type { SimulateResult, LintResult, Problem, RequestResult, FixResult } from "iamplay/web";
import { readPolicy } from "iamplay";

export async function example(scenarioText: string, policyText: string): Promise<string[]> {
  await init();
  const result: SimulateResult = simulate(scenarioText, "2026-12-01T00:00:00Z", {});
  const denied: RequestResult[] = (result.requests ?? []).filter((r) => r.decision !== "allowed");
  const lines = denied.map((r) => `${r.action} on ${r.resource}: ${r.summary ?? ""}`);
  const lint: LintResult = validatePolicy(policyText, "identity");
  const first: Problem | undefined = lint.findings[0];
  if (first) lines.push(`${first.code} at ${first.line}:${first.column}`);
  lines.push(String(summary(policyText, "identity").allowedActions ?? 0));
  lines.push(...expandActions("s3:Get*").map((a) => `${a.action} (${a.accessLevel})`));
  lines.push(presets()[0].title, readPolicy(policyText).statements.map((s) => s.effect).join(","));
  const who = whoCan([{ name: "a.json", text: "{}" }], "s3:GetObject", "*");
  lines.push(`${who.allowed} of ${who.profiles.length}`);
  const fixes: FixResult = fix(scenarioText, 0, "2026-12-01T00:00:00Z");
  lines.push(...fixes.requests.flatMap((r) => r.fixes.map((f) => `${f.kind}: ${f.title} (${f.grants.length} granted)`)));
  const when = discover(scenarioText, 0).requests[0]?.solutions[0]?.values.map((v) => `${v.key} ${v.allowedWhen}`);
  lines.push(...(when ?? []));

  // @ts-expect-error: a result has no such field.
  lines.push(result.nope);
  // @ts-expect-error: a finding's line is a number.
  const line: string = lint.findings[0].line;
  // @ts-expect-error: files are { name, text }.
  whoCan([{ file: "a.json" }], "s3:GetObject", "*");
  // @ts-expect-error: a fix's diff is a list of lines, not text.
  const diff: string = fixes.requests[0].fixes[0].diff;
  lines.push(line, diff);
  return lines;
}
