//! Live widgets in documentation pages, and the embed view of the site (`#embed`): what a block
//! is and what it asks, worked out here without a browser. A docs page marks blocks with
//! `data-iamplay` (`identity-policy`, any other policy type, or `scenario`), optionally with
//! `data-iamplay-requests`; the drop-in script (`iamplay-docs.js`) loads the `iamplay-embed`
//! bundle, which renders each block with [`crate::embed_ui`]. A policy asked requests is put in
//! a scenario of its own (the role of an EC2 instance profile, as the playground's *New
//! scenario*), so every answer goes through the same instance-profile chain as the site's.

use iamplay_core::PolicyType;
use serde_json::{Value, json};

#[cfg(test)]
mod tests;

/// The attribute that marks a block, and says what it holds.
pub const ATTRIBUTE: &str = "data-iamplay";
/// The optional attribute with the requests to ask, `ACTION RESOURCE [EXPECTED]` separated by
/// `;` or new lines.
pub const REQUESTS_ATTRIBUTE: &str = "data-iamplay-requests";
/// The embed view's fragment starts so: `#embed&scenario=…` (the share link's encoding), with
/// `&editable` to let the reader change the scenario.
pub const EMBED_FRAGMENT: &str = "#embed";
/// The message the embed view sends its parent frame whenever its height changes:
/// `{ type: "iamplay:height", height }` (CSS pixels). Nothing else is sent.
pub const HEIGHT_MESSAGE: &str = "iamplay:height";

/// What a marked block holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A policy document, linted as this type.
    Policy(PolicyType),
    /// A scenario document.
    Scenario,
}

impl BlockKind {
    /// The kind a `data-iamplay` value names: `scenario`, or a policy type by any name the
    /// engine knows (`identity-policy`, `resource-policy`, `trust`, `scp`, …).
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.eq_ignore_ascii_case("scenario") {
            return Ok(BlockKind::Scenario);
        }
        value
            .parse()
            .map(BlockKind::Policy)
            .map_err(|e: iamplay_core::UnknownPolicyType| {
                format!("{ATTRIBUTE}=\"{value}\": {e}, or scenario")
            })
    }
}

/// One request a block asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    /// The action, `service:Action`.
    pub action: String,
    /// The resource's ARN (`*` when left out).
    pub resource: String,
    /// The decision the page expects, in the scenario format's words.
    pub expect: Option<String>,
}

/// The requests of a `data-iamplay-requests` value, or what is wrong with it.
pub fn parse_requests(value: &str) -> Result<Vec<Ask>, String> {
    let mut asks = Vec::new();
    for part in value
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let words: Vec<&str> = part.split_whitespace().collect();
        let (action, resource, expect) = match words.as_slice() {
            [action] => (*action, "*", None),
            [action, resource] => (*action, *resource, None),
            [action, resource, expect] => (*action, *resource, Some(*expect)),
            _ => {
                return Err(format!(
                    "`{part}`: write ACTION RESOURCE [allowed|explicitDeny|implicitDeny]"
                ));
            }
        };
        if !action.contains(':') {
            return Err(format!(
                "`{action}` is not an action: write it `service:Action`"
            ));
        }
        if let Some(expect) =
            expect.filter(|e| !["allowed", "explicitDeny", "implicitDeny"].contains(e))
        {
            return Err(format!(
                "`{expect}`: the expected decision is allowed, explicitDeny or implicitDeny"
            ));
        }
        asks.push(Ask {
            action: action.to_owned(),
            resource: resource.to_owned(),
            expect: expect.map(str::to_owned),
        });
    }
    Ok(asks)
}

fn requests_json(asks: &[Ask]) -> Value {
    Value::Array(
        asks.iter()
            .map(|a| {
                let mut request = json!({ "action": a.action, "resource": a.resource });
                if let (Some(expect), Some(fields)) = (&a.expect, request.as_object_mut()) {
                    fields.insert("expect".to_owned(), json!(expect));
                }
                request
            })
            .collect(),
    )
}

/// A scenario whose instance profile's role holds `policy` as it is used: an inline policy for
/// an identity-based policy, the trust policy for a trust policy. `None` for other types (a
/// boundary, a resource policy or an SCP answers nothing without the policies it limits or the
/// resource it guards, which the block does not give) and for text that is not JSON.
pub fn policy_scenario(policy: &str, kind: PolicyType, asks: &[Ask]) -> Option<String> {
    let document: Value = serde_json::from_str(policy).ok()?;
    let mut scenario: Value = serde_json::from_str(iamplay_core::presets::NEW_SCENARIO).ok()?;
    let role = scenario.pointer_mut("/account/roles/0")?.as_object_mut()?;
    match kind {
        PolicyType::Identity => {
            role.insert("inlinePolicies".to_owned(), json!({ "policy": document }));
        }
        PolicyType::Trust => {
            role.insert("trustPolicy".to_owned(), document);
        }
        _ => return None,
    }
    let fields = scenario.as_object_mut()?;
    fields.remove("$schema");
    fields.insert("name".to_owned(), json!("Policy from the page"));
    fields.insert("requests".to_owned(), requests_json(asks));
    serde_json::to_string_pretty(&scenario).ok()
}

/// `scenario` with its requests replaced by `asks` (unchanged when it is not a JSON object).
pub fn with_requests(scenario: &str, asks: &[Ask]) -> String {
    let Ok(mut value) = serde_json::from_str::<Value>(scenario) else {
        return scenario.to_owned();
    };
    let Some(fields) = value.as_object_mut() else {
        return scenario.to_owned();
    };
    fields.insert("requests".to_owned(), requests_json(asks));
    serde_json::to_string_pretty(&value).unwrap_or_else(|_| scenario.to_owned())
}

/// What the embed view shows: the scenario carried by the fragment, and whether the reader may
/// edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedView {
    /// The scenario's text, or why the fragment carries none that opens.
    pub scenario: Result<String, String>,
    /// `&editable`: the scenario can be changed in the view (never saved).
    pub editable: bool,
}

/// The embed view a fragment asks for: `#embed&scenario=…[&editable]` (or `#scenario=…` on the
/// embed page itself). `None` when the fragment is not the embed view's.
pub fn embed_view(fragment: &str) -> Option<EmbedView> {
    let rest = fragment
        .strip_prefix(EMBED_FRAGMENT)
        .map(|r| r.strip_prefix('&').unwrap_or(r))
        .or_else(|| fragment.strip_prefix('#'))?;
    let mut scenario = None;
    let mut editable = false;
    for part in rest.split('&') {
        if part == "editable" {
            editable = true;
        } else if part.starts_with("scenario=") {
            scenario = crate::share::read_link(&format!("#{part}"));
        }
    }
    Some(EmbedView {
        scenario: scenario.unwrap_or_else(|| {
            Err(
                "the link carries no scenario: make one with the playground's Share link"
                    .to_owned(),
            )
        }),
        editable,
    })
}

/// The playground's link for a scenario: the site's page with the share link's fragment, or
/// `None` when the scenario is too large for a link.
pub fn playground_link(base: &str, scenario: &str) -> Option<String> {
    crate::share::fragment(scenario).map(|fragment| format!("{base}index.html{fragment}"))
}
