//! `iamplay fix`, `discover`, `who-can-get` and `exfiltration`: the answers beyond allowed or
//! denied, each checked by simulating the scenario again before it is printed.

use crate::render::render_scenario_problems;
use crate::simulate::now_iso;
use crate::simulate_custom::OutputFormat;
use iamplay_core::report::answers::{
    DiscoverResult, ExfiltrationResult, Fix, FixResult, WhoCanGetResult, discover_result,
    exfiltration_result, fix_result, who_can_get_result,
};
use iamplay_core::report::wire::Problem;
use std::io::Write;

/// What every answer takes.
#[derive(clap::Args, Debug)]
pub struct Common {
    /// The scenario document: a file, `-` for standard input, or `preset:ID`.
    pub scenario: String,
    /// The time of the requests (ISO 8601) when the scenario does not fix it; default: now.
    #[arg(long)]
    pub now: Option<String>,
    /// `text` (default) or `json`.
    #[arg(long, value_enum, default_value = "text")]
    pub output: OutputFormat,
}

/// Arguments of `fix` and `discover`.
#[derive(clap::Args, Debug)]
pub struct RequestArgs {
    #[command(flatten)]
    pub common: Common,
    /// The request, by its position in the scenario from 1; default: every request not allowed.
    #[arg(long)]
    pub request: Option<usize>,
    /// Print the scenario with fix K (from 1, in the order listed for the first request)
    /// made, instead of the answer.
    #[arg(long)]
    pub apply: Option<usize>,
}

/// The scenario's text, or the exit status after the error was written.
fn load(common: &Common, err: &mut impl Write) -> Result<(String, String, String), u8> {
    let now = common.now.clone().unwrap_or_else(now_iso);
    match crate::inputs::read_document(&common.scenario) {
        Ok((name, text)) => Ok((name, text, now)),
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            Err(2)
        }
    }
}

/// Writes the scenario's problems; whether it could be answered.
fn problems(name: &str, text: &str, problems: &[Problem], err: &mut impl Write) -> bool {
    let read = iamplay_core::scenario::read_scenario_with(text, &crate::managed::Embedded);
    if !read.problems.is_empty() {
        let _ = err.write_all(render_scenario_problems(name, text, &read.problems).as_bytes());
    }
    let errors = problems.iter().any(|p| p.severity == "error");
    if errors {
        let _ = writeln!(
            err,
            "{name}: {} problem(s); nothing was answered",
            problems.len()
        );
    }
    !errors
}

fn json(out: &mut impl Write, value: &impl serde::Serialize) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            let _ = writeln!(out, "{text}");
            0
        }
        Err(_) => 2,
    }
}

fn index(request: Option<usize>, err: &mut impl Write) -> Result<Option<usize>, u8> {
    match request {
        Some(0) => {
            let _ = writeln!(err, "error: --request counts from 1");
            Err(2)
        }
        other => Ok(other.map(|n| n - 1)),
    }
}

fn write_fix(out: &mut impl Write, n: usize, fix: &Fix) {
    let _ = writeln!(out, "  {n}. {} [{}]", fix.title, fix.kind);
    for line in &fix.diff {
        let _ = writeln!(out, "     {}{}", line.tag, line.text);
    }
    for (word, changes) in [("grants", &fix.grants), ("removes", &fix.removes)] {
        if changes.is_empty() {
            continue;
        }
        let shown: Vec<&str> = changes.iter().take(6).map(String::as_str).collect();
        let more = changes.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "     {word} {}: {}{tail}",
            changes.len(),
            shown.join("; ")
        );
    }
    let _ = writeln!(out, "     then: {}", fix.decision);
}

/// `iamplay fix`.
pub fn fix(args: &RequestArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text, now) = match load(&args.common, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let request = match index(args.request, err) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let result: FixResult = fix_result(&text, &now, &crate::managed::Embedded, request);
    if !problems(&name, &text, &result.problems, err) {
        return 2;
    }
    if let Some(k) = args.apply {
        let chosen = result
            .requests
            .first()
            .and_then(|r| k.checked_sub(1).and_then(|i| r.fixes.get(i)));
        return match chosen {
            Some(fix) => {
                let _ = out.write_all(fix.scenario.as_bytes());
                0
            }
            None => {
                let _ = writeln!(err, "error: there is no fix {k}");
                2
            }
        };
    }
    if args.common.output == OutputFormat::Json {
        return json(out, &result);
    }
    let _ = writeln!(out, "scenario: {}", result.scenario);
    if result.requests.is_empty() {
        let _ = writeln!(out, "every request is allowed: nothing to fix");
    }
    for r in &result.requests {
        let _ = writeln!(
            out,
            "\nrequest {}: {} on {} is {}",
            r.request + 1,
            r.action,
            r.resource,
            r.decision
        );
        if r.decision == "allowed" {
            continue;
        }
        if r.fixes.is_empty() {
            let _ = writeln!(out, "  no checked fix ({} tried)", r.tried);
        }
        for (i, fix) in r.fixes.iter().enumerate() {
            write_fix(out, i + 1, fix);
        }
        for dropped in &r.dropped {
            let _ = writeln!(out, "  dropped: {dropped}");
        }
    }
    if !result.tightenings.is_empty() {
        let _ = writeln!(
            out,
            "\ntightenings that keep every expected request allowed:"
        );
        for (i, fix) in result.tightenings.iter().enumerate() {
            write_fix(out, i + 1, fix);
        }
    }
    0
}

/// `iamplay discover`.
pub fn discover(args: &RequestArgs, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text, now) = match load(&args.common, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let request = match index(args.request, err) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let result: DiscoverResult = discover_result(&text, &now, &crate::managed::Embedded, request);
    if !problems(&name, &text, &result.problems, err) {
        return 2;
    }
    if args.common.output == OutputFormat::Json {
        return json(out, &result);
    }
    let _ = writeln!(out, "scenario: {}", result.scenario);
    for r in &result.requests {
        let _ = writeln!(
            out,
            "\nrequest {}: {} on {} is {}",
            r.request + 1,
            r.action,
            r.resource,
            r.decision
        );
        for (i, s) in r.solutions.iter().enumerate() {
            let _ = writeln!(out, "  {}. allowed when:", i + 1);
            for v in &s.values {
                let example = v
                    .witness
                    .as_ref()
                    .map_or_else(|| "absent".to_owned(), |w| format!("e.g. {}", w.join(", ")));
                let ec2 = if v.set_by_ec2 { " (set by EC2)" } else { "" };
                let _ = writeln!(out, "     {} {} ({example}){ec2}", v.key, v.allowed_when);
            }
            let _ = writeln!(out, "     through: {}", s.statements.join("; "));
        }
        if let Some(note) = &r.note {
            let _ = writeln!(out, "  {note}");
        }
        if !r.truth.is_empty() {
            let _ = writeln!(out, "  conditions now:");
            for t in &r.truth {
                let request = t
                    .request
                    .as_ref()
                    .map_or("absent".to_owned(), |v| v.join(", "));
                let _ = writeln!(
                    out,
                    "    {} {} {} {} {:?} (request: {request}) [{}]",
                    if t.holds { "holds " } else { "fails " },
                    t.statement,
                    t.operator,
                    t.key,
                    t.values,
                    t.effect
                );
            }
        }
    }
    0
}

/// `iamplay who-can-get`.
pub fn who_can_get(args: &Common, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text, now) = match load(args, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let result: WhoCanGetResult = who_can_get_result(&text, &now, &crate::managed::Embedded);
    if !problems(&name, &text, &result.problems, err) {
        return 2;
    }
    if args.output == OutputFormat::Json {
        return json(out, &result);
    }
    let role = result.role.as_deref().unwrap_or("no role");
    let _ = writeln!(
        out,
        "who can get the credentials of instance profile `{}` (role `{role}`):",
        result.profile
    );
    for p in &result.principals {
        let verdict = if p.can_get { "CAN GET" } else { "cannot" };
        let _ = writeln!(out, "\n{verdict}  {} {} ({})", p.kind, p.name, p.arn);
        for path in p.paths.iter().filter(|x| x.reachable || p.can_get) {
            let mark = if path.reachable { "yes" } else { "no " };
            let _ = writeln!(out, "  {mark} {}", path.title);
            for s in &path.steps {
                let by = s
                    .deciding
                    .iter()
                    .map(|d| match (&d.sid, d.line) {
                        (Some(sid), Some(line)) => format!("{} · {sid} at {line}", d.policy),
                        (Some(sid), None) => format!("{} · {sid}", d.policy),
                        (None, _) => format!("{} · statement #{}", d.policy, d.index + 1),
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                let _ = writeln!(
                    out,
                    "      {:13} {} on {}{}",
                    s.decision,
                    s.action,
                    s.resource,
                    if by.is_empty() {
                        String::new()
                    } else {
                        format!(" — {by}")
                    }
                );
            }
            if let Some(note) = &path.note {
                let _ = writeln!(out, "      note: {note}");
            }
        }
    }
    for w in &result.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    0
}

/// `iamplay exfiltration`.
pub fn exfiltration(args: &Common, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let (name, text, now) = match load(args, err) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let result: ExfiltrationResult = exfiltration_result(&text, &now, &crate::managed::Embedded);
    if !problems(&name, &text, &result.problems, err) {
        return 2;
    }
    if args.output == OutputFormat::Json {
        return json(out, &result);
    }
    if let Some(note) = &result.note {
        let _ = writeln!(out, "{note}");
        return 0;
    }
    let _ = writeln!(out, "role session {}:", result.session);
    for v in &result.vantages {
        let network = v
            .network
            .iter()
            .map(|k| format!("{} {}", k.key, k.value.as_deref().unwrap_or("absent")))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "  {}: {} action(s) allowed{}",
            v.title,
            v.actions,
            if network.is_empty() {
                String::new()
            } else {
                format!(" ({network})")
            }
        );
    }
    for g in &result.guards {
        let _ = writeln!(out, "\nguard: {}", g.title);
        let _ = writeln!(out, "  added as {}", g.path);
        for r in &g.remaining {
            let _ = writeln!(out, "  {} then: {} action(s) allowed", r.vantage, r.actions);
        }
        if !g.breaks.is_empty() {
            let why = if g.kind == "imdsv2" {
                "with its IMDSv1 credentials"
            } else {
                "without a VPC endpoint"
            };
            let _ = writeln!(
                out,
                "  it also denies {} request(s) the instance makes {why}: {}",
                g.breaks.len(),
                g.breaks.join("; ")
            );
        }
    }
    0
}
