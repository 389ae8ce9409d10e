//! The role the instance profile holds: its name and tags, its trust policy (from a template in
//! one click), its inline policies, the managed policies attached to it (searched by name among
//! AWS's and the account's own, attached in one click, AWS's shown read-only) and its
//! permissions boundary.

use super::fields::{Choice, Tags, TextField};
use super::policy_editor::PolicyEditor;
use super::structured::Context;
use crate::compose::{Edit, Outline, Path, PolicyOutline, RoleOutline, templates};
use crate::state::Managed;
use iamplay_core::PolicyType;
use serde_json::Value;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`RoleSection`].
#[derive(Properties, PartialEq)]
pub struct RoleSectionProps {
    /// The role.
    pub role: RoleOutline,
    /// The whole scenario (for the account's policies and the profile).
    pub outline: Rc<Outline>,
    /// Edits, marks and the statement to reveal.
    pub context: Context,
    /// AWS managed policies' names and ARNs, once known.
    pub index: Option<Rc<Vec<(String, String)>>>,
    /// AWS managed policies' documents fetched so far.
    pub managed: Rc<Managed>,
}

/// A read-only editor for a document that is not in the scenario (an AWS managed policy).
fn viewer(arn: &str, text: &str) -> Html {
    let at = Path::root().key(arn);
    let document = serde_json::json!({ arn: text });
    let policy = PolicyOutline::read(&document, at, PolicyType::Identity);
    html! {
        <PolicyEditor {policy} label={format!("{arn} (read-only)")} read_only=true on_edit={Callback::noop()} />
    }
}

fn trust(role: &RoleOutline, account: &str, context: &Context) -> Html {
    let at = role.trust.at.clone();
    let ec2 = {
        let at = at.clone();
        context
            .on_edit
            .reform(move |_: MouseEvent| Edit::Set(at.clone(), templates::ec2_trust()))
    };
    let conditional = {
        let account = account.to_owned();
        context.on_edit.reform(move |_: MouseEvent| {
            Edit::Set(at.clone(), templates::ec2_trust_with_condition(&account))
        })
    };
    html! {
        <div class="policy" data-testid="trust-policy">
            <div class="policy-head">
                <h4>{ "Trust policy" }</h4>
                <span class="policy-hint">{ "Who may assume the role. Start from:" }</span>
                <button type="button" class="small" onclick={ec2}>{ "EC2" }</button>
                <button type="button" class="small" onclick={conditional}>{ "EC2 with a condition" }</button>
            </div>
            { context.editor(&role.trust, format!("Trust policy of {}", role.name), false) }
        </div>
    }
}

fn inline(role: &RoleOutline, context: &Context) -> Html {
    let policies = role.inline.iter().map(|(name, policy)| {
        let rename = {
            let (at, on_edit) = (policy.at.clone(), context.on_edit.clone());
            Callback::from(move |e: Event| {
                let name = e.target_unchecked_into::<HtmlInputElement>().value();
                on_edit.emit(Edit::Rename(at.clone(), name));
            })
        };
        let at = policy.at.clone();
        let remove = context.on_edit.reform(move |_: MouseEvent| Edit::Remove(at.clone()));
        html! {
            <div class="policy">
                <div class="policy-head">
                    <input type="text" class="policy-name" value={name.clone()} onchange={rename}
                        aria-label="Inline policy name" />
                    <button type="button" class="small remove" onclick={remove}>{ "Remove" }</button>
                </div>
                { context.editor(policy, format!("Inline policy {name} of {}", role.name), false) }
            </div>
        }
    });
    let add = {
        let at = role.at.key("inlinePolicies");
        let taken: Vec<String> = role.inline.iter().map(|(n, _)| n.clone()).collect();
        context.on_edit.reform(move |_: MouseEvent| {
            let name = templates::unused_name(
                |n| format!("InlinePolicy{n}"),
                |name| taken.iter().any(|t| t == name),
            );
            Edit::Set(at.key(&name), templates::identity_policy())
        })
    };
    html! {
        <div class="policies">
            <h4>{ "Inline policies" }</h4>
            { for policies }
            <button type="button" onclick={add} data-testid="add-inline-policy">{ "Add inline policy" }</button>
        </div>
    }
}

/// The account's own managed policies, as `(name, ARN)`.
fn own_policies(outline: &Outline) -> Vec<(String, String)> {
    outline
        .managed
        .iter()
        .filter(|m| !m.is_aws())
        .map(|m| {
            let arn = format!("arn:aws:iam::{}:policy/{}", outline.account, m.name);
            (m.name.clone(), arn)
        })
        .collect()
}

/// Props of [`Attached`].
#[derive(Properties, PartialEq)]
struct AttachedProps {
    role: RoleOutline,
    outline: Rc<Outline>,
    context: Context,
    index: Option<Rc<Vec<(String, String)>>>,
    managed: Rc<Managed>,
}

/// The managed policies attached to the role, and the search to attach more.
#[component]
fn Attached(props: &AttachedProps) -> Html {
    let query = use_state(String::new);
    let viewing = use_state(|| None::<String>);
    let (role, outline, context) = (&props.role, &props.outline, &props.context);
    let own = own_policies(outline);
    let list = role.attached.iter().enumerate().map(|(i, arn)| {
        let detach_at = role.at.key("managedPolicies").index(i);
        let detach = context.on_edit.reform(move |_: MouseEvent| Edit::Remove(detach_at.clone()));
        let written = outline.managed.iter().find(|m| {
            m.arn == *arn || (!m.is_aws() && own.iter().any(|(n, a)| a == arn && *n == m.name))
        });
        let fetched = props.managed.documents.get(arn);
        let shown = *viewing == Some(arn.clone());
        let toggle = {
            let (viewing, arn) = (viewing.clone(), arn.clone());
            Callback::from(move |_: MouseEvent| viewing.set(if shown { None } else { Some(arn.clone()) }))
        };
        let name = arn.rsplit('/').next().unwrap_or(arn).to_owned();
        html! {
            <li class="attached">
                <div class="policy-head">
                    <code class="attached-name" title={arn.clone()}>{ name }</code>
                    if written.is_some() || fetched.is_some() {
                        <button type="button" class="small" onclick={toggle} aria-expanded={shown.to_string()}>
                            { if shown { "Hide" } else { "View" } }</button>
                    }
                    <button type="button" class="small remove" onclick={detach}>{ "Detach" }</button>
                </div>
                if shown {
                    if let Some(m) = written {
                        { context.editor(&m.policy, format!("Managed policy {}", m.name), m.is_aws()) }
                    } else if let Some(text) = fetched {
                        { viewer(arn, text) }
                    }
                }
            </li>
        }
    });
    let needle = query.to_ascii_lowercase();
    let aws = props
        .index
        .as_deref()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let matches: Vec<(String, String)> = if needle.len() < 2 {
        Vec::new()
    } else {
        own.iter()
            .chain(aws.iter())
            .filter(|(name, arn)| {
                name.to_ascii_lowercase().contains(&needle) && !role.attached.contains(arn)
            })
            .take(8)
            .cloned()
            .collect()
    };
    let results = matches.into_iter().map(|(name, arn)| {
        let (at, query) = (role.at.key("managedPolicies"), query.clone());
        let attach = context.on_edit.reform(move |_: MouseEvent| {
            query.set(String::new());
            Edit::Push(at.clone(), Value::String(arn.clone()))
        });
        html! { <li><button type="button" class="small" onclick={attach} data-testid="attach-policy">{ format!("Attach {name}") }</button></li> }
    });
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    html! {
        <div class="policies">
            <h4>{ "Attached managed policies" }</h4>
            <ul class="attached-list">{ for list }</ul>
            <label class="field">
                <span class="field-label">{ format!("Attach a managed policy ({} AWS managed, {} of the account's)", aws.len(), own.len()) }</span>
                <input type="search" value={(*query).clone()} {oninput} placeholder="search by name, e.g. S3ReadOnly"
                    data-testid="policy-search" autocomplete="off" />
            </label>
            <ul class="search-results" aria-live="polite">{ for results }</ul>
        </div>
    }
}

/// The role.
#[component]
pub fn RoleSection(props: &RoleSectionProps) -> Html {
    let (role, outline, context) = (&props.role, &props.outline, &props.context);
    let on_edit = &context.on_edit;
    let also = outline
        .profile
        .as_ref()
        .map(|p| vec![p.at.key("roles").index(0)])
        .unwrap_or_default();
    let boundary = {
        let (at, on_edit) = (role.at.key("permissionsBoundary"), on_edit.clone());
        Callback::from(move |arn: String| on_edit.emit(Edit::Text(at.clone(), arn)))
    };
    let boundary_policy = own_policies(outline)
        .into_iter()
        .position(|(_, arn)| arn == role.boundary)
        .and_then(|i| outline.managed.iter().filter(|m| !m.is_aws()).nth(i));
    let mut boundaries: Vec<(AttrValue, AttrValue)> = vec![("".into(), "none".into())];
    boundaries.extend(
        own_policies(outline)
            .into_iter()
            .map(|(n, a)| (a.into(), n.into())),
    );
    html! {
        <fieldset class="part" data-testid="part-role">
            <legend>{ "Role" }</legend>
            <div class="grid">
                <TextField label="Name" at={role.at.key("name")} value={role.name.clone()} on_edit={on_edit.clone()} test_id="role-name" {also} />
                <TextField label="Path" at={role.at.key("path")} value={role.iam_path.clone()} on_edit={on_edit.clone()} placeholder="/" />
                <TextField label="Description" at={role.at.key("description")} value={role.description.clone()} on_edit={on_edit.clone()} />
                <Choice label="Permissions boundary" options={boundaries} value={role.boundary.clone()} on_choose={boundary} />
            </div>
            <Tags at={role.at.key("tags")} tags={role.tags.clone()} on_edit={on_edit.clone()} />
            { trust(role, &outline.account, context) }
            if let Some(m) = boundary_policy {
                <div class="policy boundary">
                    <div class="policy-head">
                        <h4>{ format!("Permissions boundary: {}", m.name) }</h4>
                        <span class="policy-hint">{ "The most the role's policies can grant." }</span>
                    </div>
                    { context.editor(&m.policy, format!("Permissions boundary {}", m.name), false) }
                </div>
            }
            { inline(role, context) }
            <Attached role={role.clone()} outline={outline.clone()} context={context.clone()}
                index={props.index.clone()} managed={props.managed.clone()} />
        </fieldset>
    }
}
