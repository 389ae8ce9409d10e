//! The answers beyond the verdict, in the interchange panels (outside the page's first load):
//! for a denied request, its checked fixes (each a diff, applied with one click, undoable) and
//! the conditions under which it would be allowed (with the truth table of every condition it
//! reaches); for the scenario, who can get the instance profile's credentials, and what they
//! can do once stolen, with the guards that stop it (added with one click).

use iamplay_core::report::answers::{
    DiscoverResult, ExfiltrationResult, Fix, FixResult, WhoCanGetResult,
};
use std::rc::Rc;
use yew::prelude::*;

/// What the panel shows, worked out.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A request's fixes and conditions.
    Request {
        /// The request, from 0.
        index: usize,
        /// Its fixes.
        fixes: FixResult,
        /// Its conditions.
        discovery: DiscoverResult,
    },
    /// Who can get the credentials.
    WhoCanGet(WhoCanGetResult),
    /// What stolen credentials can do.
    Exfiltration(ExfiltrationResult),
}

/// The panel's content: the answer and how long it took, or that it is being worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    /// The answer, once worked out.
    pub answer: Option<Answer>,
    /// How long working it out took, in milliseconds.
    pub ms: f64,
}

/// The panel's tabs: `(kind, label)`.
pub const TABS: [(&str, &str); 3] = [
    ("request", "Fix this request"),
    ("who-can-get", "Who can get these credentials?"),
    ("exfiltration", "What if they are stolen?"),
];

/// Props of [`AnswersPanel`].
#[derive(Properties, PartialEq)]
pub struct AnswersPanelProps {
    /// What to show.
    pub answers: Rc<Answers>,
    /// The tab shown (a kind of [`TABS`]).
    pub tab: AttrValue,
    /// Shows another tab.
    pub on_tab: Callback<&'static str>,
    /// Opens a scenario (a fix or a guard made) in the page; undo brings the previous back.
    pub on_open: Callback<String>,
    /// Closes the panel.
    pub on_close: Callback<()>,
}

/// A sentence with its `quoted` parts as code.
fn words(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| {
            if i % 2 == 1 { html! { <code>{ part.to_owned() }</code> } } else { html! { { part.to_owned() } } }
        }) }
    }
}

fn diff(fix: &Fix) -> Html {
    html! {
        <pre class="answer-diff" data-testid="answer-diff">
            { for fix.diff.iter().map(|l| {
                let class = match l.tag.as_str() { "+" => "add", "-" => "del", _ => "ctx" };
                html! { <span class={class}>{ format!("{}{}\n", l.tag, l.text) }</span> }
            }) }
        </pre>
    }
}

fn changes(word: &str, list: &[String]) -> Html {
    if list.is_empty() {
        return html! {};
    }
    let shown: Vec<&str> = list.iter().take(4).map(String::as_str).collect();
    let more = list.len() - shown.len();
    let tail = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    html! { <p class="answer-grants">{ format!("{word} {}: {}{tail}", list.len(), shown.join("; ")) }</p> }
}

fn fix_item(fix: &Fix, on_open: &Callback<String>) -> Html {
    let apply = {
        let (on_open, text) = (on_open.clone(), fix.scenario.clone());
        Callback::from(move |_: MouseEvent| on_open.emit(text.clone()))
    };
    html! {
        <li class="answer-fix" data-testid="answer-fix" data-kind={fix.kind.clone()}>
            <div class="answer-head">
                <span class="answer-title">{ words(&fix.title) }</span>
                <button type="button" class="small" onclick={apply} data-testid="answer-fix-apply">{ "Apply" }</button>
            </div>
            { diff(fix) }
            { changes("Grants", &fix.grants) }
            { changes("Removes", &fix.removes) }
        </li>
    }
}

fn request(
    index: usize,
    fixes: &FixResult,
    discovery: &DiscoverResult,
    on_open: &Callback<String>,
) -> Html {
    let asked = fixes.requests.first();
    let title = asked.map_or_else(String::new, |r| {
        format!(
            "Request {}: {} on {} is {}",
            index + 1,
            r.action,
            r.resource,
            r.decision
        )
    });
    let list = asked.map(|r| r.fixes.as_slice()).unwrap_or_default();
    let conditions = discovery.requests.first();
    html! {
        <>
            <h3>{ title }</h3>
            <h4>{ "The smallest changes that allow it" }</h4>
            if list.is_empty() {
                <p class="notice" data-testid="answer-no-fix">{ "No checked change allows it." }</p>
            }
            <ol class="answer-fixes">{ for list.iter().map(|f| fix_item(f, on_open)) }</ol>
            <h4>{ "Under which conditions it would be allowed" }</h4>
            if let Some(d) = conditions {
                <ol class="answer-solutions">
                    { for d.solutions.iter().map(|s| html! {
                        <li data-testid="answer-condition">
                            { for s.values.iter().map(|v| html! {
                                <p><code>{ &v.key }</code>{ " " }{ words(&v.allowed_when) }
                                    if let Some(w) = &v.witness { <span class="answer-example">{ format!(" (e.g. {})", w.join(", ")) }</span> }
                                    if v.set_by_ec2 { <span class="answer-example">{ " · set by EC2" }</span> }
                                </p>
                            }) }
                        </li>
                    }) }
                </ol>
                if let Some(note) = &d.note {
                    <p class="notice" data-testid="answer-condition-note">{ words(note) }</p>
                }
                if !d.truth.is_empty() {
                    <table class="answer-truth">
                        <thead><tr><th>{ "Statement" }</th><th>{ "Condition" }</th><th>{ "Request" }</th><th>{ "Holds" }</th></tr></thead>
                        <tbody>
                            { for d.truth.iter().map(|t| html! {
                                <tr data-testid="answer-truth" data-holds={t.holds.to_string()}>
                                    <td>{ format!("{} ({})", t.statement, t.effect) }</td>
                                    <td><code>{ format!("{} {} {}", t.operator, t.key, t.values.join(", ")) }</code></td>
                                    <td><code>{ t.request.as_ref().map_or("absent".to_owned(), |v| v.join(", ")) }</code></td>
                                    <td>{ if t.holds { "✓" } else { "✗" } }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            }
            if !fixes.tightenings.is_empty() {
                <h4>{ "Tightenings that keep every expected request allowed" }</h4>
                <ol class="answer-fixes">{ for fixes.tightenings.iter().map(|f| fix_item(f, on_open)) }</ol>
            }
        </>
    }
}

fn who_can_get(w: &WhoCanGetResult) -> Html {
    let role = w.role.clone().unwrap_or_else(|| "no role".to_owned());
    html! {
        <>
            <h3>{ format!("Who can get the credentials of {} ({role})", w.profile) }</h3>
            <ul class="answer-principals">
                { for w.principals.iter().map(|p| html! {
                    <li data-testid="answer-principal" data-can-get={p.can_get.to_string()}>
                        <p class={classes!("answer-title", if p.can_get { "bad" } else { "ok" })}>
                            { format!("{} {} {}", if p.can_get { "Can get them:" } else { "Cannot:" }, p.kind, p.name) }
                        </p>
                        <ul>
                            { for p.paths.iter().filter(|x| x.reachable).map(|path| html! {
                                <li data-testid="answer-path" data-kind={path.kind.clone()}>
                                    { &path.title }
                                    <ul class="answer-steps">
                                        { for path.steps.iter().map(|s| html! {
                                            <li>{ format!("{} {} on {}", s.decision, s.action, s.resource) }
                                                { for s.deciding.iter().map(|d| html! {
                                                    <span class="answer-example">{ format!(" · {}{}", d.policy, d.line.map_or(String::new(), |l| format!(" at line {l}"))) }</span>
                                                }) }
                                            </li>
                                        }) }
                                    </ul>
                                    if let Some(note) = &path.note { <p class="answer-example">{ note }</p> }
                                </li>
                            }) }
                        </ul>
                    </li>
                }) }
            </ul>
        </>
    }
}

fn exfiltration(e: &ExfiltrationResult, on_open: &Callback<String>) -> Html {
    if let Some(note) = &e.note {
        return html! { <p class="notice">{ note }</p> };
    }
    html! {
        <>
            <h3>{ "What the credentials can do off the instance" }</h3>
            <ul class="answer-vantages">
                { for e.vantages.iter().map(|v| html! {
                    <li data-testid="answer-vantage" data-id={v.id.clone()} data-actions={v.actions.to_string()}>
                        <details>
                            <summary>{ format!("{}: {} action(s) allowed", v.title, v.actions) }</summary>
                            <ul class="answer-steps">{ for v.allowed.iter().map(|a| html! { <li><code>{ a }</code></li> }) }</ul>
                        </details>
                    </li>
                }) }
            </ul>
            <h4>{ "Guards" }</h4>
            <ol class="answer-fixes">
                { for e.guards.iter().map(|g| {
                    let add = {
                        let (on_open, text) = (on_open.clone(), g.scenario.clone());
                        Callback::from(move |_: MouseEvent| on_open.emit(text.clone()))
                    };
                    html! {
                        <li class="answer-fix" data-testid="answer-guard" data-kind={g.kind.clone()}>
                            <div class="answer-head">
                                <span class="answer-title">{ words(&g.title) }</span>
                                <button type="button" class="small" onclick={add} data-testid="answer-guard-add">{ "Add" }</button>
                            </div>
                            <pre class="answer-diff">{ &g.statement }</pre>
                            <p class="answer-grants">{ g.remaining.iter().map(|r| format!("{} then: {} action(s)", r.vantage, r.actions)).collect::<Vec<_>>().join(" · ") }</p>
                            if !g.breaks.is_empty() {
                                <p class="answer-grants bad">{ format!("Also denies {} request(s) of the scenario from the instance: {}", g.breaks.len(), g.breaks.join("; ")) }</p>
                            }
                        </li>
                    }
                }) }
            </ol>
        </>
    }
}

/// The answers panel.
#[component]
pub fn AnswersPanel(props: &AnswersPanelProps) -> Html {
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &props.answers.answer {
        None => html! { <p class="notice" role="status">{ "Working it out…" }</p> },
        Some(Answer::Request {
            index,
            fixes,
            discovery,
        }) => request(*index, fixes, discovery, &props.on_open),
        Some(Answer::WhoCanGet(w)) => who_can_get(w),
        Some(Answer::Exfiltration(e)) => exfiltration(e, &props.on_open),
    };
    let ms = props.answers.ms;
    let tabs = TABS.iter().map(|(kind, label)| {
        let onclick = props.on_tab.reform(move |_: MouseEvent| *kind);
        let current = props.tab.as_str() == *kind;
        html! {
            <button type="button" class={classes!("small", current.then_some("current"))} {onclick}
                aria-pressed={current.to_string()} data-testid={format!("answers-tab-{kind}")}>{ *label }</button>
        }
    });
    html! {
        <section class="answers-panel" data-testid="answers-panel" aria-label="Answers">
            <div class="answer-head">
                <h2>{ "Answers" }</h2>
                <button type="button" class="small" onclick={close} data-testid="answers-close" aria-label="Close the answers">{ "×" }</button>
            </div>
            <div class="answer-tabs" role="group" aria-label="Question">{ for tabs }</div>
            { body }
            if props.answers.answer.is_some() {
                <p class="answer-example" data-testid="answers-time" data-ms={format!("{ms:.1}")}>
                    { format!("Worked out and checked by simulating again in {ms:.0} ms.") }
                </p>
            }
        </section>
    }
}
