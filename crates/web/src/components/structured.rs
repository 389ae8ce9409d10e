//! The structured view of a scenario: the instance, its instance profile, the role the profile
//! holds, and, folded away until wanted, the launching principal, resource policies and the
//! organisation's policies. Every field edits the scenario document at its path.

use super::fields::{Choice, Tags, TextField};
use super::folded::Folded;
use super::policy_editor::PolicyEditor;
use super::role_section::RoleSection;
use crate::compose::{Edit, Outline, ParseError, Path, PolicyOutline, templates};
use crate::state::Managed;
use std::rc::Rc;
use yew::prelude::*;

/// Statements marked in the editors: `(policy path, statement index)`.
pub type Marks = Rc<Vec<(String, usize)>>;

/// A statement to reveal: `(policy path, statement index, request number)`.
pub type Reveal = Option<(String, usize, u32)>;

/// What every part of the structured view is given.
#[derive(Clone, PartialEq)]
pub struct Context {
    /// Called with each edit.
    pub on_edit: Callback<Edit>,
    /// Statements that decided the selected request.
    pub marks: Marks,
    /// The statement to reveal.
    pub reveal: Reveal,
}

impl Context {
    /// The statements to mark in the policy at `at`.
    pub fn marked(&self, at: &Path) -> Vec<usize> {
        let at = at.to_string();
        self.marks
            .iter()
            .filter(|(p, _)| *p == at)
            .map(|(_, i)| *i)
            .collect()
    }

    /// The editor of a policy of the structured view, its edits written back at its path.
    pub fn editor(&self, policy: &PolicyOutline, label: String, read_only: bool) -> Html {
        let at = policy.at.clone();
        let on_edit = self
            .on_edit
            .reform(move |text: String| Edit::Policy(at.clone(), text));
        html! {
            <PolicyEditor policy={policy.clone()} {label} {read_only} {on_edit}
                marked={self.marked(&policy.at)} reveal={self.reveal(&policy.at)} />
        }
    }

    /// The statement to reveal in the policy at `at`, if it is there.
    pub fn reveal(&self, at: &Path) -> Option<(usize, u32)> {
        let at = at.to_string();
        self.reveal
            .as_ref()
            .filter(|(p, _, _)| *p == at)
            .map(|(_, i, n)| (*i, *n))
    }
}

/// Props of [`Structured`].
#[derive(Properties, PartialEq)]
pub struct StructuredProps {
    /// What the document says.
    pub outline: Rc<Outline>,
    /// Why the document is not JSON now, when it is not.
    pub error: Option<ParseError>,
    /// Why the last edit could not be made.
    pub refused: Option<String>,
    /// Called with each edit.
    pub on_edit: Callback<Edit>,
    /// Statements that decided the selected request.
    pub marks: Marks,
    /// The statement to reveal.
    pub reveal: Reveal,
    /// AWS managed policies: their names and ARNs, once known.
    pub index: Option<Rc<Vec<(String, String)>>>,
    /// AWS managed policies' documents fetched so far.
    pub managed: Rc<Managed>,
}

fn instance(outline: &Outline, on_edit: &Callback<Edit>) -> Html {
    let at = Path::root().key("instance");
    let i = &outline.instance;
    let imds = {
        let (at, on_edit) = (at.key("imdsVersion"), on_edit.clone());
        Callback::from(move |v: String| on_edit.emit(Edit::Text(at.clone(), v)))
    };
    let profile = {
        let (at, on_edit) = (at.key("instanceProfile"), on_edit.clone());
        Callback::from(move |v: String| on_edit.emit(Edit::Text(at.clone(), v)))
    };
    let imds_options = vec![
        ("v2".into(), "IMDSv2 (tokens required)".into()),
        ("v1".into(), "IMDSv1".into()),
    ];
    let profiles: Vec<(AttrValue, AttrValue)> = outline
        .profiles
        .iter()
        .map(|p| (p.clone().into(), p.clone().into()))
        .collect();
    html! {
        <fieldset class="part" data-testid="part-instance">
            <legend>{ "EC2 instance" }</legend>
            <div class="grid">
                <TextField label="Instance id" at={at.key("id")} value={i.id.clone()} on_edit={on_edit.clone()} />
                <TextField label="Region" at={at.key("region")} value={i.region.clone()} on_edit={on_edit.clone()} placeholder="us-east-1" />
                <TextField label="VPC" at={at.key("vpcId")} value={i.vpc_id.clone()} on_edit={on_edit.clone()} placeholder="vpc-…" />
                <TextField label="Private IP" at={at.key("privateIp")} value={i.private_ip.clone()} on_edit={on_edit.clone()} placeholder="10.0.0.10" />
                <Choice label="Metadata service" options={imds_options} value={if i.imds.is_empty() { "v2".to_owned() } else { i.imds.clone() }} on_choose={imds} test_id="instance-imds" />
                <Choice label="Instance profile" options={profiles} value={i.profile.clone()} on_choose={profile} />
            </div>
            <Tags at={at.key("tags")} tags={i.tags.clone()} on_edit={on_edit.clone()} />
        </fieldset>
    }
}

fn profile(outline: &Outline, on_edit: &Callback<Edit>) -> Html {
    let account = Path::root().key("account");
    let Some(p) = &outline.profile else {
        let name = outline.instance.profile.clone();
        let role = outline.roles.first().cloned().unwrap_or_default();
        let create = on_edit.reform(move |_: MouseEvent| {
            Edit::Push(
                account.key("instanceProfiles"),
                templates::profile(&name, &role),
            )
        });
        return html! {
            <fieldset class="part broken">
                <legend>{ "Instance profile" }</legend>
                <p class="part-note">{ format!("The account has no instance profile named `{}`: the instance cannot be launched with it.", outline.instance.profile) }</p>
                <button type="button" onclick={create}>{ "Create it" }</button>
            </fieldset>
        };
    };
    let held = p.roles.first().cloned().unwrap_or_default();
    let choose_role = {
        let (at, on_edit) = (p.at.key("roles"), on_edit.clone());
        Callback::from(move |name: String| {
            let roles = if name.is_empty() {
                vec![]
            } else {
                vec![serde_json::Value::String(name)]
            };
            on_edit.emit(Edit::Set(at.clone(), serde_json::Value::Array(roles)));
        })
    };
    let mut roles: Vec<(AttrValue, AttrValue)> = vec![("".into(), "no role".into())];
    roles.extend(
        outline
            .roles
            .iter()
            .map(|r| (r.clone().into(), r.clone().into())),
    );
    let new_role = {
        let taken = outline.roles.clone();
        let (roles_at, held_at) = (account.key("roles"), p.at.key("roles"));
        on_edit.reform(move |_: MouseEvent| {
            let name = templates::unused_name(
                |n| format!("InstanceRole{n}"),
                |name| taken.iter().any(|t| t == name),
            );
            Edit::Batch(vec![
                Edit::Push(roles_at.clone(), templates::role(&name)),
                Edit::Set(held_at.clone(), serde_json::json!([name])),
            ])
        })
    };
    html! {
        <fieldset class={classes!("part", p.roles.is_empty().then_some("broken"))} data-testid="part-profile">
            <legend>{ "Instance profile" }</legend>
            <div class="grid">
                <TextField label="Name" at={p.at.key("name")} value={p.name.clone()} on_edit={on_edit.clone()}
                    test_id="profile-name" also={vec![Path::root().key("instance").key("instanceProfile")]} />
                <TextField label="Path" at={p.at.key("path")} value={p.iam_path.clone()} on_edit={on_edit.clone()} placeholder="/" />
                <Choice label="Role it holds" options={roles} value={held} on_choose={choose_role} test_id="profile-role" />
            </div>
            if p.roles.is_empty() {
                <p class="part-note">{ "The profile holds no role: the instance gets no credentials, and every request it makes is unsigned." }</p>
                <button type="button" onclick={new_role}>{ "Create a role for it" }</button>
            }
            if p.roles.len() > 1 {
                <p class="part-note error">{ "IAM refuses this (LimitExceeded): an instance profile holds at most one role." }</p>
            }
            <Tags at={p.at.key("tags")} tags={p.tags.clone()} on_edit={on_edit.clone()} />
        </fieldset>
    }
}

/// The structured view.
#[component]
pub fn Structured(props: &StructuredProps) -> Html {
    let outline = &props.outline;
    let context = Context {
        on_edit: props.on_edit.clone(),
        marks: props.marks.clone(),
        reveal: props.reveal.clone(),
    };
    let stale = props.error.as_ref().map(|e| {
        format!(
            "The document is not JSON at line {}, column {} ({}). Your text is kept in the Document view; this view shows the scenario as it last was and can be edited again once the document is fixed.",
            e.line, e.column, e.message
        )
    });
    html! {
        <div class="structured" data-testid="structured">
            if let Some(stale) = stale {
                <p class="notice" role="alert" data-testid="document-error">{ stale }</p>
            }
            if let Some(refused) = &props.refused {
                <p class="notice" role="alert">{ refused }</p>
            }
            <fieldset class="parts" disabled={props.error.is_some()}>
                { instance(outline, &props.on_edit) }
                { profile(outline, &props.on_edit) }
                if let Some(role) = &outline.role {
                    <RoleSection role={role.clone()} outline={outline.clone()} context={context.clone()}
                        index={props.index.clone()} managed={props.managed.clone()} />
                }
                <Folded outline={outline.clone()} {context} />
            </fieldset>
        </div>
    }
}
