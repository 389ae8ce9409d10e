//! The parts of a scenario folded away until wanted: the account's managed policies, the
//! principal that launches the instance (for the `iam:PassRole` check), the resource-based
//! policies of the requests' targets, the VPC endpoints requests go through, and the
//! organisation's SCPs and RCPs per level.

use super::Fold;
use super::fields::TextField;
use super::structured::Context;
use crate::compose::{Edit, LevelOutline, Outline, Path, PolicyOutline, templates};
use serde_json::json;
use std::rc::Rc;
use yew::prelude::*;

/// Props of [`Folded`].
#[derive(Properties, PartialEq)]
pub struct FoldedProps {
    /// The scenario.
    pub outline: Rc<Outline>,
    /// Edits, marks and the statement to reveal.
    pub context: Context,
}

fn remove(context: &Context, at: Path, what: &str) -> Html {
    let onclick = context
        .on_edit
        .reform(move |_: MouseEvent| Edit::Remove(at.clone()));
    html! { <button type="button" class="small remove" {onclick}>{ format!("Remove {what}") }</button> }
}

/// Whether any statement of these policies is to be revealed, so their fold opens.
fn revealing<'a>(context: &Context, policies: impl IntoIterator<Item = &'a PolicyOutline>) -> bool {
    policies
        .into_iter()
        .any(|p| context.reveal(&p.at).is_some())
}

fn managed(outline: &Outline, context: &Context) -> Html {
    let open = revealing(context, outline.managed.iter().map(|m| &m.policy));
    let policies = outline.managed.iter().map(|m| {
        let label = if m.is_aws() {
            format!("{} (AWS managed, read-only)", m.name)
        } else {
            m.name.clone()
        };
        html! {
            <div class="policy">
                <div class="policy-head"><h4>{ label.clone() }</h4></div>
                { context.editor(&m.policy, format!("Managed policy {label}"), m.is_aws()) }
            </div>
        }
    });
    let add = {
        let (at, taken) = (
            Path::root().key("account").key("managedPolicies"),
            outline
                .managed
                .iter()
                .map(|m| m.name.clone())
                .collect::<Vec<_>>(),
        );
        context.on_edit.reform(move |_: MouseEvent| {
            let name = templates::unused_name(
                |n| format!("CustomerPolicy{n}"),
                |name| taken.iter().any(|t| t == name),
            );
            Edit::Push(
                at.clone(),
                json!({"name": name, "document": templates::identity_policy()}),
            )
        })
    };
    html! {
        <Fold summary={format!("The account's managed policies ({})", outline.managed.len())} {open}>
            { for policies }
            <button type="button" onclick={add}>{ "Add a customer managed policy" }</button>
        </Fold>
    }
}

fn launch(outline: &Outline, context: &Context) -> Html {
    let at = Path::root().key("launch");
    let Some(launch) = &outline.launch else {
        let add = context.on_edit.reform(move |_: MouseEvent| {
            Edit::Set(at.clone(), json!({"principal": "arn:aws:iam::111122223333:user/launcher", "policies": [templates::identity_policy()]}))
        });
        return html! {
            <Fold summary="Who launches the instance (PassRole check): not checked">
                <p class="part-note">{ "Add the principal that launches the instance to check ec2:RunInstances and iam:PassRole." }</p>
                <button type="button" onclick={add}>{ "Check the launch" }</button>
            </Fold>
        };
    };
    let open = revealing(
        context,
        launch.policies.iter().chain(launch.boundary.as_ref()),
    );
    let policies = launch.policies.iter().enumerate().map(|(i, p)| html! {
        <div class="policy">
            <div class="policy-head"><h4>{ format!("Policy {}", i + 1) }</h4>{ remove(context, p.at.clone(), "policy") }</div>
            { context.editor(p, format!("Launching principal's policy {}", i + 1), false) }
        </div>
    });
    let add = {
        let at = at.key("policies");
        context
            .on_edit
            .reform(move |_: MouseEvent| Edit::Push(at.clone(), templates::identity_policy()))
    };
    html! {
        <Fold summary={format!("Who launches the instance: {}", launch.principal)} {open} test_id="part-launch">
            <TextField label="Principal ARN" at={at.key("principal")} value={launch.principal.clone()} on_edit={context.on_edit.clone()} />
            { for policies }
            if let Some(boundary) = &launch.boundary {
                <div class="policy"><div class="policy-head"><h4>{ "Permissions boundary" }</h4></div>
                    { context.editor(boundary, "Launching principal's permissions boundary".to_owned(), false) }</div>
            }
            <button type="button" onclick={add}>{ "Add a policy" }</button>
            { remove(context, at, "the launch check") }
        </Fold>
    }
}

fn resources(outline: &Outline, context: &Context) -> Html {
    let at = Path::root().key("resourcePolicies");
    let open = revealing(context, outline.resource_policies.iter().map(|r| &r.policy));
    let list: Vec<Html> = outline.resource_policies.iter().enumerate().map(|(i, r)| html! {
        <div class="policy">
            <TextField label="Resource ARN" at={at.index(i).key("resource")} value={r.resource.clone()} on_edit={context.on_edit.clone()} />
            { context.editor(&r.policy, format!("Resource policy of {}", r.resource), false) }
            { remove(context, at.index(i), "resource policy") }
        </div>
    }).collect();
    let add = {
        let account = outline.account.clone();
        context.on_edit.reform(move |_: MouseEvent| {
            let resource = "arn:aws:s3:::amzn-s3-demo-bucket";
            Edit::Push(at.clone(), json!({"resource": resource, "policy": templates::resource_policy(resource, &account)}))
        })
    };
    html! {
        <Fold summary={format!("Resource-based policies ({})", outline.resource_policies.len())} {open}>
            { list }
            <button type="button" onclick={add}>{ "Add a resource policy" }</button>
        </Fold>
    }
}

fn endpoints(outline: &Outline, context: &Context) -> Html {
    let at = Path::root().key("vpcEndpoints");
    let open = revealing(
        context,
        outline.endpoints.iter().filter_map(|e| e.policy.as_ref()),
    );
    let list: Vec<Html> = outline.endpoints.iter().map(|e| {
        let policy = match &e.policy {
            Some(policy) => context.editor(policy, format!("VPC endpoint policy of {}", e.id), false),
            None => {
                let write = {
                    let at = e.at.key("policy");
                    context.on_edit.reform(move |_: MouseEvent| Edit::Set(at.clone(), templates::endpoint_policy()))
                };
                html! {
                    <>
                        <p class="part-note">{ "No policy: AWS's default endpoint policy, which allows every request through it." }</p>
                        <button type="button" class="small" onclick={write}>{ "Write its policy" }</button>
                    </>
                }
            }
        };
        html! {
            <div class="policy" data-testid="vpc-endpoint">
                <TextField label="Endpoint id" at={e.at.key("id")} value={e.id.clone()} on_edit={context.on_edit.clone()} placeholder="vpce-…" />
                { policy }
                { remove(context, e.at.clone(), "endpoint") }
            </div>
        }
    }).collect();
    let add = {
        let taken: Vec<String> = outline.endpoints.iter().map(|e| e.id.clone()).collect();
        context.on_edit.reform(move |_: MouseEvent| {
            let id = templates::unused_name(
                |n| format!("vpce-{n:017x}"),
                |id| taken.iter().any(|t| t == id),
            );
            Edit::Push(
                at.clone(),
                json!({"id": id, "policy": templates::endpoint_policy()}),
            )
        })
    };
    html! {
        <Fold summary={format!("VPC endpoints ({})", outline.endpoints.len())} {open} test_id="part-endpoints">
            <p class="part-note">{ "A request that goes through an endpoint (chosen in its row) must also be allowed by the endpoint's policy, and carries aws:SourceVpce and aws:SourceVpc." }</p>
            { list }
            <button type="button" onclick={add} data-testid="add-endpoint">{ "Add a VPC endpoint" }</button>
        </Fold>
    }
}

fn levels(title: &str, key: &'static str, levels: &[LevelOutline], context: &Context) -> Html {
    let at = Path::root().key("organization").key(key);
    let rcp = key == "resourceControlPolicies";
    let list = levels.iter().enumerate().map(|(i, level)| {
        let policies = level.policies.iter().enumerate().map(|(p, policy)| html! {
            <div class="policy">
                { context.editor(policy, format!("{title}: policy {} of {}", p + 1, level.name), false) }
                { remove(context, policy.at.clone(), "policy") }
            </div>
        });
        let add = {
            let at = at.index(i).key("policies");
            context.on_edit.reform(move |_: MouseEvent| Edit::Push(at.clone(), templates::full_access(rcp)))
        };
        html! {
            <div class="level">
                <TextField label="Level" at={at.index(i).key("name")} value={level.name.clone()} on_edit={context.on_edit.clone()} />
                { for policies }
                <button type="button" class="small" onclick={add}>{ "Add a policy at this level" }</button>
                { remove(context, at.index(i), "level") }
            </div>
        }
    });
    let add = {
        let (at, n) = (at.clone(), levels.len());
        context.on_edit.reform(move |_: MouseEvent| {
            let name = if n == 0 {
                "root".to_owned()
            } else {
                format!("level {}", n + 1)
            };
            Edit::Push(
                at.clone(),
                json!({"name": name, "policies": [templates::full_access(rcp)]}),
            )
        })
    };
    let open = revealing(context, levels.iter().flat_map(|l| &l.policies));
    html! {
        <Fold summary={format!("{title} ({} level{})", levels.len(), if levels.len() == 1 { "" } else { "s" })} {open}>
            <p class="part-note">{ "One level per entry: the root, each OU, then the account. Every level must allow." }</p>
            { for list }
            <button type="button" onclick={add}>{ "Add a level" }</button>
        </Fold>
    }
}

/// The folded parts.
#[component]
pub fn Folded(props: &FoldedProps) -> Html {
    let (outline, context) = (&props.outline, &props.context);
    html! {
        <div class="folds">
            { managed(outline, context) }
            { launch(outline, context) }
            { resources(outline, context) }
            { endpoints(outline, context) }
            { levels("Service control policies", "serviceControlPolicies", &outline.scps, context) }
            { levels("Resource control policies", "resourceControlPolicies", &outline.rcps, context) }
        </div>
    }
}
