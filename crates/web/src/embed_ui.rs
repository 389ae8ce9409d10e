//! A live widget for a block of a documentation page, and the embed view: the policy with its
//! lint findings underlined, its statements and findings listed, and the verdict of each
//! request it is asked; or a scenario's verdict and requests. Read-only unless the embed view
//! is `editable`; a link opens the scenario in the playground. Everything runs here, through
//! the same engine as the site; the catalogue and AWS managed policies come from the site's
//! own files (`base`).

use crate::embed::{Ask, BlockKind, playground_link, policy_scenario, with_requests};
use crate::highlight::{Piece, Token, lines};
use crate::state::RequestView;
use iamplay_core::diagnostic::Severity;
use iamplay_core::report::{Problem, ScenarioReport};
use std::collections::BTreeMap;
use yew::prelude::*;

/// A widget's block.
#[derive(Properties, PartialEq, Clone)]
pub struct WidgetProps {
    /// What the block holds.
    pub kind: BlockKind,
    /// Its text.
    pub text: String,
    /// The requests it is asked (`data-iamplay-requests`), or what is wrong with them.
    pub asks: Option<Result<Vec<Ask>, String>>,
    /// The site's address, ending in `/`.
    pub base: String,
    /// Whether the reader may change the text (the embed view's `&editable`).
    #[prop_or_default]
    pub editable: bool,
}

fn severity_class(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "iw-error",
        Severity::SecurityWarning => "iw-security",
        Severity::Warning => "iw-warning",
        Severity::Suggestion => "iw-suggestion",
    }
}

fn piece(p: &Piece) -> Html {
    if p.token == Token::Plain && p.finding.is_none() {
        return yew::virtual_dom::VText::new(p.text.clone()).into();
    }
    html! { <span class={classes!(p.token.class(), p.finding.map(severity_class))}>{ &p.text }</span> }
}

/// The text, coloured, with each finding underlined where it is.
fn code(text: &str, problems: &[Problem]) -> Html {
    let findings: Vec<_> = problems
        .iter()
        .map(|p| (p.severity(), p.diagnostic.span))
        .collect();
    let rows = lines(text, &findings).into_iter().map(|line| {
        html! { <span class="iw-line">{ for line.iter().map(piece) }{ "\n" }</span> }
    });
    html! { <pre class="iw-code" data-testid="iamplay-code"><code>{ for rows }</code></pre> }
}

fn findings(problems: &[Problem]) -> Html {
    if problems.is_empty() {
        return html! { <p class="iw-clean" data-testid="iamplay-clean">{ "No findings: the linter has nothing to say about this policy." }</p> };
    }
    let items = problems.iter().map(|p| {
        let severity = p.severity();
        html! {
            <li class={classes!("iw-finding", severity_class(severity))} data-testid="iamplay-finding" data-code={p.diagnostic.code}>
                <span class="iw-badge">{ severity.as_str() }</span>
                <code class="iw-code-name">{ p.diagnostic.code }</code>
                <span class="iw-message">{ &p.diagnostic.message }</span>
                <span class="iw-at">{ format!("line {}, column {}", p.start.line, p.start.column) }</span>
            </li>
        }
    });
    html! { <ul class="iw-findings" aria-label="Lint findings">{ for items }</ul> }
}

fn statements(report: &iamplay_core::report::PolicyReport) -> Html {
    if report.statements.is_empty() {
        return Html::default();
    }
    let items = report.statements.iter().map(|s| {
        let list = |values: &Option<iamplay_core::report::Values>, word: &str| {
            values.as_ref().map(|v| {
                let not = if v.negated { "not " } else { "" };
                format!("{word} {not}{}", v.values.join(", "))
            })
        };
        let name = s.sid.clone().unwrap_or_else(|| format!("statement #{}", s.index + 1));
        let parts: Vec<String> = [list(&s.action, ""), list(&s.resource, "on")]
            .into_iter()
            .flatten()
            .map(|p| p.trim().to_owned())
            .collect();
        let conditions = match s.conditions.len() {
            0 => String::new(),
            1 => ", with 1 condition".to_owned(),
            n => format!(", with {n} conditions"),
        };
        let effect = s.effect.to_string();
        html! {
            <li class="iw-statement" data-testid="iamplay-statement">
                <span class={classes!("iw-effect", if effect == "Allow" { "iw-allow" } else { "iw-deny" })}>{ effect }</span>
                <span class="iw-name">{ name }</span>
                <span>{ format!("{}{conditions}", parts.join(" ")) }</span>
                <span class="iw-at">{ format!("line {}", s.start.line) }</span>
            </li>
        }
    });
    html! { <ol class="iw-statements" aria-label="Statements">{ for items }</ol> }
}

fn problems_list(problems: &[Problem]) -> Html {
    let items = problems.iter().map(|p| {
        let at = p.path.as_deref().map(|path| format!(" ({path})")).unwrap_or_default();
        html! {
            <li class={classes!("iw-finding", severity_class(p.severity()))} data-testid="iamplay-problem">
                <span class="iw-badge">{ p.severity().as_str() }</span>
                <span class="iw-message">{ &p.diagnostic.message }</span>
                <span class="iw-at">{ format!("line {}, column {}{at}", p.start.line, p.start.column) }</span>
            </li>
        }
    });
    html! { <ul class="iw-findings">{ for items }</ul> }
}

/// The verdict and the requests of a simulated scenario.
fn simulation(text: &str, report: &ScenarioReport) -> Html {
    let Some(simulation) = &report.simulation else {
        return html! {
            <div class="iw-result">
                <p class="iw-verdict iw-denied" data-testid="iamplay-verdict">{ "The scenario has problems; nothing was simulated." }</p>
                { problems_list(&report.problems) }
            </div>
        };
    };
    let broken = simulation.links.iter().find(|l| !l.ok).map(|l| l.name);
    let rows = simulation.requests.iter().map(|r| {
        let view = RequestView::of(text, r, broken);
        let deciding: Vec<String> = view.deciding.iter().map(|p| p.label.clone()).collect();
        let expected = match view.unexpected {
            Some(expected) => html! { <span class="iw-unexpected">{ format!("expected {expected}") }</span> },
            None if r.expected.is_some() => html! { <span class="iw-expected">{ "as expected" }</span> },
            None => Html::default(),
        };
        html! {
            <tr data-testid="iamplay-request" data-decision={view.decision} data-verdict={view.verdict}>
                <td><code>{ &view.action }</code><div class="iw-resource"><code>{ &view.resource }</code></div></td>
                <td>
                    <span class={classes!("iw-pill", if view.decision == "allowed" { "iw-allowed" } else { "iw-denied" })}>{ view.verdict }</span>
                    { expected }
                </td>
                <td class="iw-why">
                    { view.summary.clone().unwrap_or_default() }
                    if !deciding.is_empty() {
                        <div class="iw-deciding">{ format!("Deciding: {}", deciding.join("; ")) }</div>
                    }
                </td>
            </tr>
        }
    });
    // With expected decisions the headline is whether they hold; the chain's verdict follows.
    let (stated, unmet) = simulation.expectations();
    let (headline, good, detail) = match (stated, unmet) {
        (0, _) => (simulation.verdict.clone(), simulation.all_allowed, None),
        (_, 0) => (
            format!("{stated} of {stated} requests as expected"),
            true,
            Some(&simulation.verdict),
        ),
        _ => (
            format!("{unmet} of {stated} requests not as expected"),
            false,
            Some(&simulation.verdict),
        ),
    };
    html! {
        <div class="iw-result">
            <p class={classes!("iw-verdict", if good { "iw-allowed" } else { "iw-denied" })} data-testid="iamplay-verdict">{ headline }</p>
            if let Some(detail) = detail {
                <p class="iw-detail">{ detail }</p>
            }
            if !simulation.requests.is_empty() {
                <div class="iw-table-wrap">
                    <table class="iw-requests" data-testid="iamplay-requests">
                        <thead><tr><th scope="col">{ "Request" }</th><th scope="col">{ "Verdict" }</th><th scope="col">{ "Why" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </div>
    }
}

/// The scenario a block stands for, when it asks requests (or is a scenario).
fn scenario_of(kind: BlockKind, text: &str, asks: Option<&[Ask]>) -> Option<String> {
    match (kind, asks) {
        (BlockKind::Scenario, Some(asks)) => Some(with_requests(text, asks)),
        (BlockKind::Scenario, None) => Some(text.to_owned()),
        (BlockKind::Policy(kind), Some(asks)) if !asks.is_empty() => {
            policy_scenario(text, kind, asks)
        }
        (BlockKind::Policy(_), _) => None,
    }
}

/// The time requests are made at: now, in the browser.
fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// One block, live.
#[function_component(Widget)]
pub fn widget(props: &WidgetProps) -> Html {
    let text = use_state(|| props.text.clone());
    // AWS managed policies the scenario attaches, by ARN; `None` while they are fetched.
    let managed = use_state(|| None::<BTreeMap<String, String>>);
    let catalog = use_state(iamplay_core::catalog::is_loaded);
    let asks = props
        .asks
        .as_ref()
        .and_then(|a| a.as_ref().ok())
        .map(Vec::as_slice);
    let scenario = scenario_of(props.kind, &text, asks);
    {
        let (catalog, base) = (catalog.clone(), props.base.clone());
        use_effect_with((), move |()| {
            if !*catalog {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Some(tsv) =
                        crate::fetch::text(&format!("{base}{}", crate::fetch::CATALOG)).await
                    {
                        iamplay_core::catalog::install(tsv);
                    }
                    catalog.set(true);
                });
            }
        });
    }
    {
        // Fetched again only when the policies attached change, not on every keystroke.
        let (managed, base) = (managed.clone(), props.base.clone());
        let attached = scenario
            .as_deref()
            .map(iamplay_core::managed::references)
            .unwrap_or_default();
        use_effect_with(attached, move |attached| {
            let arns = attached.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut documents = BTreeMap::new();
                for arn in arns {
                    let Some(file) = iamplay_core::managed::file_of(&arn) else {
                        continue;
                    };
                    let url = format!("{base}{}/{file}", crate::fetch::FOLDER);
                    if let Some(document) = crate::fetch::text(&url).await {
                        documents.insert(arn, document);
                    }
                }
                managed.set(Some(documents));
            });
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| {
            let area: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            text.set(area.value());
        })
    };

    let (title, kind_label) = match props.kind {
        BlockKind::Scenario => ("Scenario", "instance profile".to_owned()),
        BlockKind::Policy(kind) => ("Policy", kind.label().to_owned()),
    };
    let mut body = Vec::new();
    if let BlockKind::Policy(kind) = props.kind {
        let report = iamplay_core::report::lint(&text, Some(kind));
        body.push(if props.editable {
            html! { <textarea class="iw-edit" aria-label="Policy document" value={(*text).clone()} {oninput} spellcheck="false" /> }
        } else {
            code(&text, &report.problems)
        });
        body.push(statements(&report));
        body.push(if *catalog {
            findings(&report.problems)
        } else {
            html! { <p class="iw-loading">{ "Reading AWS's catalogue…" }</p> }
        });
    } else if props.editable {
        body.push(html! { <textarea class="iw-edit" aria-label="Scenario document" value={(*text).clone()} {oninput} spellcheck="false" /> });
    } else {
        body.push(html! {
            <details class="iw-source"><summary>{ "Scenario (JSON)" }</summary>{ code(&text, &[]) }</details>
        });
    }
    if let Some(Err(why)) = &props.asks {
        body.push(html! { <p class="iw-verdict iw-denied" data-testid="iamplay-verdict">{ format!("The requests cannot be read: {why}") }</p> });
    }
    let link = scenario
        .as_deref()
        .and_then(|s| playground_link(&props.base, s));
    if let Some(scenario) = &scenario {
        body.push(match &*managed {
            None => html! { <p class="iw-loading">{ "Fetching AWS managed policies…" }</p> },
            Some(documents) => simulation(
                scenario,
                &iamplay_core::report::scenario(scenario, &now(), documents),
            ),
        });
    }
    html! {
        <section class="iamplay-widget" data-testid="iamplay-widget" aria-label={format!("iamplay: {title}")}>
            <header class="iw-head">
                <span class="iw-title">{ title }</span>
                <span class="iw-kind">{ kind_label }</span>
                if let Some(href) = link {
                    <a class="iw-open" data-testid="iamplay-open" {href} target="_blank" rel="noopener">{ "Open in the playground" }</a>
                }
            </header>
            { for body }
        </section>
    }
}
