//! Where fixes come from: the statements a request's explanation names, the layers with no
//! Allow for it, the chain's broken link, and the context values discovery finds. Each
//! candidate is an edit of the scenario, checked in `fix` before it is offered.

use super::discover::discover;
use super::edit::{self, Node};
use super::fix::{
    Candidate, Claim, FixKind, Piece, allow, patterns, role_index, statement_actions,
    statement_name,
};
use super::{Ground, request_label};
use crate::chain::{ChainOutcome, EC2_SERVICE};
use crate::decision::{EvalDecision, Evaluation, Place, StatementOutcome};
use crate::glob::Glob;
use crate::json::Json;
use crate::origin::Source;
use crate::policy::Effect;

pub(super) struct Search<'g, 'a> {
    pub(super) ground: &'g Ground<'a>,
    pub(super) root: Json,
    pub(super) index: usize,
    pub(super) action: String,
    pub(super) resource: String,
    pub(super) candidates: Vec<Candidate>,
}

impl Search<'_, '_> {
    fn text(&self) -> &str {
        self.ground.text
    }

    fn push(&mut self, candidate: Option<Candidate>) {
        if let Some(c) = candidate {
            if !self.candidates.iter().any(|o| o.scenario == c.scenario) {
                self.candidates.push(c);
            }
        }
    }

    /// Edits of the statements the explanation names.
    pub(super) fn of_statements(&mut self, evaluation: &Evaluation) {
        for trace in &evaluation.policies {
            for st in &trace.statements {
                let Source::Scenario(path) = &st.statement.origin.source else {
                    continue;
                };
                let Some(piece) = Piece::at(&self.root, self.text(), path) else {
                    continue;
                };
                let Some(policy) = edit::parse(&piece.text) else {
                    continue;
                };
                let Some((element, list)) = edit::statements(&policy) else {
                    continue;
                };
                let Some(statement) = list.get(st.statement.index).copied() else {
                    continue;
                };
                let name = statement_name(st.statement.sid.as_deref(), st.statement.index);
                let policy_name = &trace.name;
                let candidate = match (&st.outcome, st.statement.effect) {
                    (StatementOutcome::ActionNotMatched(_), Effect::Allow) => {
                        self.add_action(&piece, statement, &name, policy_name)
                    }
                    (StatementOutcome::ResourceNotMatched(_), Effect::Allow) => {
                        self.add_resource(&piece, statement, &name, policy_name)
                    }
                    (StatementOutcome::PrincipalNotMatched(_), Effect::Allow) => {
                        self.add_principal(&piece, statement, &name, policy_name)
                    }
                    (StatementOutcome::Applies, Effect::Deny) => self.lift_deny(
                        &piece,
                        element,
                        statement,
                        st.statement.index,
                        &name,
                        policy_name,
                    ),
                    _ => None,
                };
                self.push(candidate);
            }
        }
    }

    fn add_action(
        &self,
        piece: &Piece,
        statement: &Json,
        name: &str,
        policy: &str,
    ) -> Option<Candidate> {
        let element = statement.get("Action")?;
        let after = edit::add_value(&piece.text, element, &self.action)?;
        let mut review = statement_actions(statement)?;
        review.push(self.action.clone());
        piece.candidate(
            self.text(),
            FixKind::AddAction,
            format!("add `{}` to {name} of `{policy}`", self.action),
            after,
            Claim::Grants {
                review: Some(patterns(review.iter().map(String::as_str))),
                actions: Some(patterns([self.action.as_str()])),
                resource: None,
                everywhere: self.resource == "*",
            },
        )
    }

    fn add_resource(
        &self,
        piece: &Piece,
        statement: &Json,
        name: &str,
        policy: &str,
    ) -> Option<Candidate> {
        let element = statement.get("Resource")?;
        let after = edit::add_value(&piece.text, element, &self.resource)?;
        let review = statement_actions(statement).map(|a| patterns(a.iter().map(String::as_str)));
        piece.candidate(
            self.text(),
            FixKind::AddResource,
            format!(
                "add `{}` to the resources of {name} of `{policy}`",
                self.resource
            ),
            after,
            Claim::Grants {
                review: review.clone(),
                actions: review,
                resource: Some(self.resource.clone()),
                everywhere: true,
            },
        )
    }

    fn add_principal(
        &self,
        piece: &Piece,
        statement: &Json,
        name: &str,
        policy: &str,
    ) -> Option<Candidate> {
        let role_arn = self.role_arn()?;
        let element = statement.get("Principal")?.get("AWS")?;
        let after = edit::add_value(&piece.text, element, &role_arn)?;
        let review = statement_actions(statement).map(|a| patterns(a.iter().map(String::as_str)));
        piece.candidate(
            self.text(),
            FixKind::AddPrincipal,
            format!("add role `{role_arn}` to the principals of {name} of `{policy}`"),
            after,
            Claim::Grants {
                review: review.clone(),
                actions: review,
                resource: None,
                everywhere: true,
            },
        )
    }

    /// Takes the request's action out of a Deny, or the Deny out of its policy.
    fn lift_deny(
        &self,
        piece: &Piece,
        element: &Json,
        statement: &Json,
        index: usize,
        name: &str,
        policy: &str,
    ) -> Option<Candidate> {
        let review = statement_actions(statement).map(|a| patterns(a.iter().map(String::as_str)));
        let claim = Claim::Grants {
            review: review.clone(),
            actions: review,
            resource: None,
            everywhere: true,
        };
        let action_lower = self.action.to_ascii_lowercase();
        if let Some(actions) = statement.get("Action").filter(|a| a.items().len() > 1) {
            let matching: Vec<usize> = actions
                .items()
                .iter()
                .enumerate()
                .filter(|(_, a)| {
                    a.as_str()
                        .is_some_and(|a| Glob::new(&a.to_ascii_lowercase()).matches(&action_lower))
                })
                .map(|(i, _)| i)
                .collect();
            if let [only] = matching[..] {
                let written = actions.items().get(only).and_then(Json::as_str)?;
                let after = edit::remove_item(&piece.text, actions, only)?;
                return piece.candidate(
                    self.text(),
                    FixKind::RemoveDenyAction,
                    format!("take `{written}` out of the Deny {name} of `{policy}`"),
                    after,
                    claim,
                );
            }
        }
        let after = edit::remove_item(&piece.text, element, index)?;
        piece.candidate(
            self.text(),
            FixKind::RemoveDeny,
            format!("remove the Deny {name} from `{policy}`"),
            after,
            claim,
        )
    }

    fn role_arn(&self) -> Option<String> {
        let scenario = self.ground.scenario;
        let profile = scenario.account.instance_profile(&scenario.profile).ok()?;
        let role = scenario.account.role(profile.roles.first()?).ok()?;
        Some(role.arn.clone())
    }

    fn role_name(&self) -> Option<String> {
        let scenario = self.ground.scenario;
        let profile = scenario.account.instance_profile(&scenario.profile).ok()?;
        profile.roles.first().cloned()
    }

    /// A least-privilege statement in a layer that has no Allow for the request.
    pub(super) fn add_statements(&mut self, evaluation: &Evaluation) {
        let mut lacking: Vec<(Place, String, String)> = Vec::new();
        for trace in evaluation.policies.iter().filter(|t| t.applies) {
            if matches!(trace.place, Place::Rcp(_)) {
                continue;
            }
            let allowed = evaluation.policies.iter().any(|t| {
                t.place == trace.place
                    && t.applies
                    && t.statements.iter().any(|s| {
                        s.statement.effect == Effect::Allow
                            && s.outcome == StatementOutcome::Applies
                    })
            });
            let Source::Scenario(path) = &trace
                .statements
                .first()
                .map(|s| &s.statement.origin.source)
                .cloned()
                .unwrap_or(Source::Text)
            else {
                continue;
            };
            if !allowed && !lacking.iter().any(|(p, _, _)| *p == trace.place) {
                lacking.push((trace.place, path.clone(), trace.name.clone()));
            }
        }
        let identity_lacking = !evaluation.policies.iter().any(|t| {
            t.place == Place::Identity
                && t.statements.iter().any(|s| {
                    s.statement.effect == Effect::Allow && s.outcome == StatementOutcome::Applies
                })
        });
        let has_identity_editable = lacking.iter().any(|(p, _, _)| *p == Place::Identity);
        let role_arn = self.role_arn();
        let mut all = Vec::new();
        for (place, path, policy) in &lacking {
            let principal = (*place == Place::Resource)
                .then(|| role_arn.clone())
                .flatten();
            if *place == Place::Resource && principal.is_none() {
                continue;
            }
            let node = allow(&self.action, &self.resource, principal.as_deref());
            all.push((path.clone(), node.clone()));
            let Some(piece) = Piece::at(&self.root, self.text(), path) else {
                continue;
            };
            let Some(after) = edit::add_statement(&piece.text, &node) else {
                continue;
            };
            let what = match place {
                Place::Identity => "identity-based policy",
                Place::Resource => "resource-based policy",
                Place::Boundary => "permissions boundary",
                Place::Session => "session policy",
                Place::Endpoint => "VPC endpoint policy",
                Place::Scp(_) => "SCP",
                Place::Rcp(_) => "RCP",
            };
            let title = format!(
                "add a statement allowing {} to {what} `{policy}`",
                request_label(&self.action, &self.resource)
            );
            let claim = self.exact_claim();
            let candidate =
                piece.candidate(self.text(), FixKind::AddStatement, title, after, claim);
            self.push(candidate);
        }
        if identity_lacking && !has_identity_editable {
            let candidate = self.new_inline_policy();
            self.push(candidate);
        }
        // Several layers lacking: one edit for all of them.
        if all.len() > 1 {
            let mut text = self.text().to_owned();
            for (path, node) in all.iter().rev() {
                let Some(root) = edit::parse(&text) else {
                    return;
                };
                let Some(piece) = Piece::at(&root, &text, path) else {
                    return;
                };
                let Some(after) = edit::add_statement(&piece.text, node) else {
                    return;
                };
                let Some(next) = piece.put(&text, &after) else {
                    return;
                };
                text = next;
            }
            let paths: Vec<&str> = all.iter().map(|(p, _)| p.as_str()).collect();
            let names: Vec<String> = lacking.iter().map(|(_, _, n)| format!("`{n}`")).collect();
            let candidate = Candidate {
                kind: FixKind::AddStatement,
                title: format!(
                    "add a statement allowing {} to each of {}",
                    request_label(&self.action, &self.resource),
                    names.join(", ")
                ),
                path: paths.first().map_or(String::new(), |p| (*p).to_owned()),
                before: self.text().to_owned(),
                after: text.clone(),
                scenario: text,
                claim: self.exact_claim(),
            };
            self.push(Some(candidate));
        }
    }

    fn exact_claim(&self) -> Claim {
        Claim::Grants {
            review: Some(patterns([self.action.as_str()])),
            actions: Some(patterns([self.action.as_str()])),
            resource: (self.resource != "*").then(|| self.resource.clone()),
            everywhere: true,
        }
    }

    /// A new inline policy on the role, when it has no policy of its own in the scenario.
    fn new_inline_policy(&self) -> Option<Candidate> {
        let role = self.role_name()?;
        let index = role_index(&self.root, &role)?;
        let role_json = edit::at_path(&self.root, &format!("$.account.roles[{index}]"))?;
        let name = format!(
            "Allow{}",
            self.action
                .split(':')
                .flat_map(|part| {
                    let mut chars = part.chars();
                    chars
                        .next()
                        .map(|c| c.to_ascii_uppercase())
                        .into_iter()
                        .chain(chars)
                })
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
        );
        let document = Node::obj([
            ("Version", Node::str("2012-10-17")),
            (
                "Statement",
                Node::Arr(vec![allow(&self.action, &self.resource, None)]),
            ),
        ]);
        let (scenario, path) = match role_json.get("inlinePolicies") {
            Some(inline) => (
                edit::push_member(self.text(), inline, &name, &document)?,
                format!("$.account.roles[{index}].inlinePolicies.{name}"),
            ),
            None => (
                edit::push_member(
                    self.text(),
                    role_json,
                    "inlinePolicies",
                    &Node::Obj(vec![(name.clone(), document)]),
                )?,
                format!("$.account.roles[{index}].inlinePolicies"),
            ),
        };
        let after_root = edit::parse(&scenario)?;
        let after = edit::at_path(&after_root, &path)?
            .span
            .slice(&scenario)
            .to_owned();
        Some(Candidate {
            kind: FixKind::AddPolicy,
            title: format!(
                "add inline policy `{name}` to role `{role}`, allowing {}",
                request_label(&self.action, &self.resource)
            ),
            path,
            before: String::new(),
            after,
            scenario,
            claim: self.exact_claim(),
        })
    }

    /// Context values that would allow the request, as the request's own context.
    pub(super) fn of_discovery(&mut self) {
        let Some(discovery) = discover(*self.ground, self.index) else {
            return;
        };
        let path = format!("$.requests[{}]", self.index);
        for solution in discovery.solutions.iter().take(3) {
            let Some(request) = edit::at_path(&self.root, &path).cloned() else {
                return;
            };
            let mut text = self.text().to_owned();
            let mut ok = true;
            for value in &solution.values {
                let node = match &value.witness {
                    None => continue,
                    Some(values) => Node::list(values),
                };
                let Some(root) = edit::parse(&text) else {
                    return;
                };
                let Some(request_json) = edit::at_path(&root, &path) else {
                    return;
                };
                let next = match request_json.get("context") {
                    Some(context) => edit::push_member(&text, context, &value.key, &node),
                    None => edit::push_member(
                        &text,
                        request_json,
                        "context",
                        &Node::Obj(vec![(value.key.clone(), node)]),
                    ),
                };
                match next {
                    Some(next) => text = next,
                    None => ok = false,
                }
            }
            if solution.values.iter().any(|v| v.set_by_ec2) {
                // Values EC2 sets come from the instance, not from a request.
                let candidate = self.of_instance(solution);
                self.push(candidate);
                continue;
            }
            if !ok || solution.values.iter().any(|v| v.witness.is_none()) {
                // A key that must be absent cannot be written as a value.
                continue;
            }
            let Some(after_root) = edit::parse(&text) else {
                continue;
            };
            let Some(after) = edit::at_path(&after_root, &path) else {
                continue;
            };
            let described: Vec<String> = solution.values.iter().map(|v| v.describe()).collect();
            let candidate = Candidate {
                kind: FixKind::SetContext,
                title: format!("make the request with {}", described.join(" and ")),
                path: path.clone(),
                before: request.span.slice(self.text()).to_owned(),
                after: after.span.slice(&text).to_owned(),
                scenario: text,
                claim: Claim::Nothing,
            };
            self.push(Some(candidate));
        }
    }

    /// A solution whose only key EC2 sets is `ec2:RoleDelivery` = `2.0`: launch the instance
    /// with IMDSv2.
    pub(super) fn of_instance(&self, solution: &super::discover::Solution) -> Option<Candidate> {
        let [only] = &solution.values[..] else {
            return None;
        };
        let imds_v2 = only.key.eq_ignore_ascii_case("ec2:RoleDelivery")
            && only.witness.as_deref() == Some(&["2.0".to_owned()][..]);
        if !imds_v2 {
            return None;
        }
        let path = "$.instance";
        let instance = edit::at_path(&self.root, path)?;
        let scenario = match instance.get("imdsVersion") {
            Some(value) => edit::splice(self.text(), value.span, "\"v2\"")?,
            None => edit::push_member(self.text(), instance, "imdsVersion", &Node::str("v2"))?,
        };
        let after_root = edit::parse(&scenario)?;
        let after = edit::at_path(&after_root, path)?
            .span
            .slice(&scenario)
            .to_owned();
        Some(Candidate {
            kind: FixKind::Imds,
            title: "launch the instance with IMDSv2 only (its credentials then carry `ec2:RoleDelivery` = `2.0`)".to_owned(),
            path: path.to_owned(),
            before: instance.span.slice(self.text()).to_owned(),
            after,
            scenario,
            claim: Claim::Nothing,
        })
    }

    /// Edits that mend the chain's first broken link.
    pub(super) fn of_chain(&mut self, outcome: &ChainOutcome) {
        let Some(broken) = outcome.links.iter().find(|l| !l.ok) else {
            return;
        };
        match broken.name {
            "trust policy" => {
                let Some(role) = self.role_name() else { return };
                let Some(index) = role_index(&self.root, &role) else {
                    return;
                };
                let path = format!("$.account.roles[{index}].trustPolicy");
                let Some(piece) = Piece::at(&self.root, self.text(), &path) else {
                    return;
                };
                let node = Node::obj([
                    ("Effect", Node::str("Allow")),
                    (
                        "Principal",
                        Node::obj([("Service", Node::str(EC2_SERVICE))]),
                    ),
                    ("Action", Node::str("sts:AssumeRole")),
                ]);
                let Some(after) = edit::add_statement(&piece.text, &node) else {
                    return;
                };
                let title = format!("let {EC2_SERVICE} assume role `{role}` in its trust policy");
                let candidate =
                    piece.candidate(self.text(), FixKind::TrustEc2, title, after, Claim::Nothing);
                self.push(candidate);
            }
            "launch" => {
                let path = "$.launch.policies[0]";
                let Some(piece) = Piece::at(&self.root, self.text(), path) else {
                    return;
                };
                let mut after = piece.text.clone();
                let mut denied = Vec::new();
                for (action, evaluation) in &broken.evaluations {
                    if evaluation.decision == EvalDecision::Allowed {
                        continue;
                    }
                    let node = if action == "iam:PassRole" {
                        let Some(arn) = self.role_arn() else { continue };
                        Node::obj([
                            ("Effect", Node::str("Allow")),
                            ("Action", Node::str("iam:PassRole")),
                            ("Resource", Node::str(arn)),
                            (
                                "Condition",
                                Node::obj([(
                                    "StringEquals",
                                    Node::obj([("iam:PassedToService", Node::str(EC2_SERVICE))]),
                                )]),
                            ),
                        ])
                    } else {
                        let s = self.ground.scenario;
                        let arn = format!(
                            "arn:{}:ec2:{}:{}:instance/*",
                            s.account.partition, s.instance.region, s.account.id
                        );
                        allow(action, &arn, None)
                    };
                    let Some(next) = edit::add_statement(&after, &node) else {
                        return;
                    };
                    after = next;
                    denied.push(action.clone());
                }
                let title = format!("let the launching principal call {}", denied.join(" and "));
                let candidate =
                    piece.candidate(self.text(), FixKind::Launch, title, after, Claim::Nothing);
                self.push(candidate);
            }
            _ => {}
        }
    }
}
