//! An import of the user's own IAM (AWS CLI outputs, Terraform's JSON, CloudFormation): its
//! progress while the worker reads the files, what it holds or why nothing was imported, a
//! picker of its instance profiles (thousands: the first ones matching a filter are listed) that
//! opens one as the scenario, and `who can`: every profile's answer to one action on one resource.

use crate::state::{ANSWERS_LISTED, ImportAction, ImportView, Imported, LISTED, WhoCan};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ImportPanel`].
#[derive(Properties, PartialEq)]
pub struct ImportPanelProps {
    /// The panel's state.
    pub view: ImportView,
    /// Called to change the filter or close the panel.
    pub on_action: Callback<ImportAction>,
    /// Called with the instance profile to open.
    pub on_pick: Callback<String>,
    /// Called with the action and the resource to ask `who can` of.
    pub on_ask: Callback<(String, String)>,
    /// Called with CloudFormation parameters (`NAME`, `value`) to import the files again with.
    pub on_reimport: Callback<Vec<(String, String)>>,
}

/// `NAME=value` lines as parameters; lines without `=` are left out.
pub fn parameters(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .filter(|(name, _)| !name.is_empty())
        .collect()
}

/// CloudFormation parameters, and the button that imports the files again with them.
fn parameters_form(
    on_reimport: &Callback<Vec<(String, String)>>,
    text: &NodeRef,
    open: bool,
) -> Html {
    let onclick = {
        let text = text.clone();
        on_reimport.reform(move |_: MouseEvent| {
            let typed = text
                .cast::<web_sys::HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            parameters(&typed)
        })
    };
    html! {
        <details class="import-parameters" {open}>
            <summary>{ "CloudFormation parameters" }</summary>
            <textarea ref={text.clone()} rows="3" data-testid="import-parameters"
                aria-label="CloudFormation parameters, one NAME=value a line"
                placeholder={"One NAME=value a line, e.g.\nEnvironment=prod\nAWS::AccountId=111122223333"} />
            <button type="button" {onclick} data-testid="import-again">{ "Import again with these parameters" }</button>
        </details>
    }
}

/// `n` with thousands separated by commas.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `n` things, in the singular when there is one.
pub fn things(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

fn lines(test_id: &'static str, lines: &[String]) -> Html {
    html! {
        <ul class="problems" role="alert" data-testid={test_id}>
            { for lines.iter().map(|l| html! { <li>{ l.clone() }</li> }) }
        </ul>
    }
}

fn progress(view: &ImportView) -> Html {
    let Some(progress) = &view.progress else {
        return html! {};
    };
    let said = if progress.file.is_empty() {
        "Reading the roles, policies and instance profiles…".to_owned()
    } else {
        format!(
            "Reading {} ({}.{} MB), file {} of {}…",
            progress.file,
            progress.bytes / 1_000_000,
            progress.bytes / 100_000 % 10,
            progress.done + 1,
            progress.count
        )
    };
    html! {
        <p class="import-progress" role="status" data-testid="import-progress">
            <progress max={(progress.count + 1).to_string()} value={progress.done.to_string()} />
            { said }
        </p>
    }
}

fn picker(props: &ImportPanelProps, imported: &Imported) -> Html {
    let view = &props.view;
    let (listed, total) = imported.matching(&view.filter);
    let on_filter = props.on_action.reform(|e: InputEvent| {
        ImportAction::Filter(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    let items = listed.into_iter().map(|p| {
        let name = p.name.clone();
        let onclick = props.on_pick.reform(move |_: MouseEvent| name.clone());
        html! {
            <li><button type="button" class="import-profile" data-testid="import-profile" {onclick}
                disabled={view.opening.is_some()}>
                <strong>{ p.name.clone() }</strong>
                <span>{ if p.role.is_empty() { "no role".to_owned() } else { format!("role {}", p.role) } }</span>
            </button></li>
        }
    });
    let shown = total.min(LISTED);
    html! {
        <>
            <h3>{ "Open an instance profile as the scenario" }</h3>
            <input type="search" class="import-filter" value={view.filter.clone()} oninput={on_filter}
                placeholder="Filter by profile or role name" aria-label="Filter the instance profiles"
                data-testid="import-filter" />
            <ul class="import-profiles" data-testid="import-profiles">{ for items }</ul>
            <p class="hint" data-testid="import-shown">
                { if total > shown {
                    format!("{} of {} listed: type to narrow.", grouped(shown), things(total, "match", "matches"))
                } else {
                    things(total, "match", "matches")
                } }
            </p>
            if let Some(profile) = &view.opening {
                <p role="status" data-testid="import-opening">{ format!("Opening {profile}…") }</p>
            }
        </>
    }
}

fn answers(who_can: &WhoCan, on_pick: &Callback<String>) -> Html {
    let rows = who_can.answers.iter().take(ANSWERS_LISTED).map(|a| {
        let name = a.profile.clone();
        let onclick = on_pick.reform(move |_: MouseEvent| name.clone());
        let allowed = a.decision == "allowed";
        html! {
            <tr data-testid="who-can-row" class={if allowed { "allowed" } else { "denied" }}>
                <td><button type="button" class="plain" {onclick} title="Open as the scenario">{ a.profile.clone() }</button></td>
                <td>{ a.role.clone() }</td>
                <td class="decision">{ match a.decision.as_str() {
                    "allowed" => "Allowed", "explicitDeny" => "Explicit deny", _ => "Implicit deny" } }</td>
                <td>{ a.reason.clone() }
                    { for a.deciding.iter().map(|at| html! { <code class="at">{ at.clone() }</code> }) }</td>
            </tr>
        }
    });
    let total = who_can.answers.len();
    html! {
        <>
            <p data-testid="who-can-summary">
                { format!("{} of {} may call {} on {}.", grouped(who_can.allowed), things(total, "instance profile", "instance profiles"), who_can.action, who_can.resource) }
            </p>
            if !who_can.problems.is_empty() { { lines("who-can-problems", &who_can.problems) } }
            if total > 0 {
                <div class="table-scroll">
                    <table class="who-can" data-testid="who-can-results">
                        <thead><tr><th>{ "Instance profile" }</th><th>{ "Role" }</th><th>{ "Decision" }</th><th>{ "Why" }</th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            if total > ANSWERS_LISTED {
                <p class="hint">{ format!("The first {ANSWERS_LISTED} are listed, those allowed first.") }</p>
            }
        </>
    }
}

/// The import of the user's own IAM.
#[component]
pub fn ImportPanel(props: &ImportPanelProps) -> Html {
    let (action, resource, parameters) = (use_node_ref(), use_node_ref(), use_node_ref());
    let view = &props.view;
    let on_close = props
        .on_action
        .reform(|_: MouseEvent| ImportAction::Show(false));
    let onsubmit = {
        let (action, resource, on_ask) = (action.clone(), resource.clone(), props.on_ask.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let value = |r: &NodeRef| {
                r.cast::<HtmlInputElement>()
                    .map(|i| i.value().trim().to_owned())
            };
            if let (Some(action), Some(resource)) = (value(&action), value(&resource)) {
                if !action.is_empty() && !resource.is_empty() {
                    on_ask.emit((action, resource));
                }
            }
        })
    };
    let imported = view.imported.as_deref();
    html! {
        <section class="export-panel import-panel" data-testid="import-panel" aria-label="Import">
            <div class="export-head">
                <h2>{ "Import" }</h2>
                <button type="button" onclick={on_close} data-testid="import-close">{ "Close" }</button>
            </div>
            { progress(view) }
            if let Some(imported) = imported {
                <p data-testid="import-summary" data-memory={imported.memory.to_string()}>
                    { format!("{}: {}, {}, {}.", imported.files.join(", "), things(imported.profiles.len(), "instance profile", "instance profiles"),
                        things(imported.roles, "role", "roles"), things(imported.policies, "managed policy", "managed policies")) }
                </p>
                if imported.failed {
                    <p>{ "Nothing was imported: correct the files and import them again." }</p>
                }
                if !imported.problems.is_empty() { { lines("import-problems", &imported.problems) } }
            }
            if !view.refused.is_empty() { { lines("import-refused", &view.refused) } }
            if let Some(imported) = imported {
                { parameters_form(&props.on_reimport, &parameters, imported.failed) }
            }
            if let Some(imported) = imported.filter(|i| !i.failed) {
                { picker(props, imported) }
                <h3>{ "Who can…" }</h3>
                <form class="who-can-ask" {onsubmit}>
                    <input ref={action} placeholder="s3:PutObject" aria-label="Action" data-testid="who-can-action" />
                    <input ref={resource} placeholder="arn:aws:s3:::bucket/key" aria-label="Resource" data-testid="who-can-resource" />
                    <button type="submit" data-testid="who-can-ask" disabled={view.asking}>{ "Ask every profile" }</button>
                </form>
                if view.asking {
                    <p role="status" data-testid="who-can-pending">{ "Asking every instance profile…" }</p>
                }
                if let Some(who_can) = &view.who_can { { answers(who_can, &props.on_pick) } }
            }
        </section>
    }
}
