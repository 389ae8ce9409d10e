//! Building the scenario's parts from its JSON tree: the IAM account (through the IAM model's
//! own operations, so IAM's errors point at their place), the instance, the launcher, resource
//! and organisation policies, the context and the requests.

use super::read::{field, join};
use super::{Builder, MAX_ITEMS};
use crate::chain::{
    ChainRequest, ImdsVersion, Instance, Launcher, Organization, ResourcePolicy, VpcEndpoint,
};
use crate::compile::{PolicyDocument, PolicyType};
use crate::decision::{EvalDecision, OrgLevel};
use crate::iam::{Account, CreateRole, Tag};
use crate::json::{Json, JsonValue};
use crate::origin::{Origin, Source};
use crate::request::{Context, ContextKeyType, ContextValue};
use std::sync::Arc;

impl Builder<'_, '_> {
    /// Makes an AWS managed policy the account does not know yet available from the source, so
    /// attaching it (or using it as a boundary) works; IAM's errors come from the attachment.
    fn resolve_aws_managed(&mut self, path: &str, json: &Json, arn: &str, account: &mut Account) {
        if account.policy(arn).is_ok() || !crate::managed::is_aws_managed(arn) {
            return;
        }
        let Some(text) = self.managed.document(arn) else {
            if !self.unresolved.iter().any(|a| a == arn) {
                self.unresolved.push(arn.to_owned());
            }
            return;
        };
        let name = arn.rsplit('/').next().unwrap_or_default();
        let origin = Origin::whole(Source::Managed(arn.to_owned()));
        let document = PolicyDocument::compile(name, PolicyType::Identity, text, origin);
        if let Err(error) = account.add_aws_managed_policy(arn, document) {
            self.iam(path, json.span, &error);
        }
    }

    pub(super) fn tags(&mut self, path: &str, json: Option<&Json>) -> Vec<Tag> {
        let Some(json) = json else { return Vec::new() };
        let JsonValue::Object(members) = &json.value else {
            self.walker.problem(
                path,
                json.span,
                "wrong-type",
                format!("`{path}` must be an object of tag keys and values"),
            );
            return Vec::new();
        };
        members
            .iter()
            .filter_map(|m| {
                self.walker
                    .string(&join(path, &m.key), &m.value)
                    .map(|value| Tag::new(m.key.clone(), value))
            })
            .collect()
    }

    pub(super) fn account(&mut self, json: &Json) -> Option<Account> {
        let path = "$.account";
        let members = self.walker.object(
            path,
            json,
            &[
                "id",
                "partition",
                "roles",
                "managedPolicies",
                "instanceProfiles",
            ],
        )?;
        let id_json = self.walker.required(path, json, members, "id")?;
        let id = self.walker.string("$.account.id", id_json)?;
        let mut account = match Account::new(&id) {
            Ok(account) => account,
            Err(error) => {
                self.iam("$.account.id", id_json.span, &error);
                return None;
            }
        };
        if let Some(partition) =
            field(members, "partition").and_then(|j| self.walker.string("$.account.partition", j))
        {
            account.partition = partition;
        }
        // Managed policies first: roles attach them.
        if let Some(list) = field(members, "managedPolicies") {
            for (p, item) in self
                .walker
                .array("$.account.managedPolicies", list, MAX_ITEMS)
            {
                self.managed_policy(&p, item, &mut account);
            }
        }
        if let Some(list) = field(members, "roles") {
            for (p, item) in self.walker.array("$.account.roles", list, MAX_ITEMS) {
                self.role(&p, item, &mut account);
            }
        }
        if let Some(list) = field(members, "instanceProfiles") {
            for (p, item) in self
                .walker
                .array("$.account.instanceProfiles", list, MAX_ITEMS)
            {
                self.instance_profile(&p, item, &mut account);
            }
        }
        Some(account)
    }

    fn managed_policy(&mut self, path: &str, json: &Json, account: &mut Account) {
        let Some(members) = self
            .walker
            .object(path, json, &["arn", "name", "path", "document"])
        else {
            return;
        };
        let Some(document_json) = self.walker.required(path, json, members, "document") else {
            return;
        };
        let arn = field(members, "arn").and_then(|j| self.walker.string(&join(path, "arn"), j));
        let name = match &arn {
            Some(arn) => Some(arn.rsplit('/').next().unwrap_or_default().to_owned()),
            None => self
                .walker
                .required(path, json, members, "name")
                .and_then(|j| self.walker.string(&join(path, "name"), j)),
        };
        let name_or_path = name.clone().unwrap_or_else(|| path.to_owned());
        let document_path = join(path, "document");
        // The document's own problems are reported at their places; IAM's checks come after.
        let Some(document) = self.document(
            &document_path,
            document_json,
            &name_or_path,
            PolicyType::Identity,
        ) else {
            return;
        };
        if document.has_errors() {
            return;
        }
        let result = match (arn, name) {
            (Some(arn), _) => account.add_aws_managed_policy(&arn, document).map(|_| ()),
            (None, Some(name)) => {
                let policy_path =
                    field(members, "path").and_then(|j| self.walker.string(&join(path, "path"), j));
                account
                    .create_policy(&name, policy_path.as_deref(), document)
                    .map(|_| ())
            }
            (None, None) => return,
        };
        if let Err(error) = result {
            self.iam(path, json.span, &error);
        }
    }

    fn role(&mut self, path: &str, json: &Json, account: &mut Account) {
        let known = [
            "name",
            "path",
            "description",
            "trustPolicy",
            "inlinePolicies",
            "managedPolicies",
            "permissionsBoundary",
            "tags",
        ];
        let Some(members) = self.walker.object(path, json, &known) else {
            return;
        };
        let Some(name_json) = self.walker.required(path, json, members, "name") else {
            return;
        };
        let Some(name) = self.walker.string(&join(path, "name"), name_json) else {
            return;
        };
        let Some(trust_json) = self.walker.required(path, json, members, "trustPolicy") else {
            return;
        };
        let trust_path = join(path, "trustPolicy");
        let Some(trust) = self.document(&trust_path, trust_json, &name, PolicyType::Trust) else {
            return;
        };
        if trust.has_errors() {
            return;
        }
        let string = |b: &mut Self, key: &str| {
            field(members, key).and_then(|j| b.walker.string(&join(path, key), j))
        };
        let role_path = string(self, "path");
        let description = string(self, "description");
        let boundary = string(self, "permissionsBoundary");
        if let (Some(arn), Some(json)) = (&boundary, field(members, "permissionsBoundary")) {
            self.resolve_aws_managed(&join(path, "permissionsBoundary"), json, arn, account);
        }
        let tags = self.tags(&join(path, "tags"), field(members, "tags"));
        let created = account.create_role(CreateRole {
            name: name.clone(),
            path: role_path,
            trust_policy: trust,
            description,
            permissions_boundary: boundary,
            tags,
        });
        if let Err(error) = created {
            self.iam(path, name_json.span, &error);
            return;
        }
        if let Some(inline) = field(members, "inlinePolicies") {
            let inline_path = join(path, "inlinePolicies");
            match &inline.value {
                JsonValue::Object(policies) => {
                    for member in policies {
                        let p = join(&inline_path, &member.key);
                        let Some(document) =
                            self.document(&p, &member.value, &member.key, PolicyType::Identity)
                        else {
                            continue;
                        };
                        if document.has_errors() {
                            continue;
                        }
                        if let Err(error) = account.put_role_policy(&name, &member.key, document) {
                            self.iam(&p, member.key_span, &error);
                        }
                    }
                }
                _ => self.walker.problem(
                    &inline_path,
                    inline.span,
                    "wrong-type",
                    format!("`{inline_path}` must be an object of policy names and documents"),
                ),
            }
        }
        if let Some(list) = field(members, "managedPolicies") {
            for (p, item) in self
                .walker
                .array(&join(path, "managedPolicies"), list, MAX_ITEMS)
            {
                if let Some(arn) = self.walker.string(&p, item) {
                    self.resolve_aws_managed(&p, item, &arn, account);
                    if let Err(error) = account.attach_role_policy(&name, &arn) {
                        self.iam(&p, item.span, &error);
                    }
                }
            }
        }
    }

    fn instance_profile(&mut self, path: &str, json: &Json, account: &mut Account) {
        let Some(members) = self
            .walker
            .object(path, json, &["name", "path", "roles", "tags"])
        else {
            return;
        };
        let Some(name_json) = self.walker.required(path, json, members, "name") else {
            return;
        };
        let Some(name) = self.walker.string(&join(path, "name"), name_json) else {
            return;
        };
        let profile_path =
            field(members, "path").and_then(|j| self.walker.string(&join(path, "path"), j));
        let tags = self.tags(&join(path, "tags"), field(members, "tags"));
        if let Err(error) = account.create_instance_profile(&name, profile_path.as_deref(), tags) {
            self.iam(path, name_json.span, &error);
            return;
        }
        if let Some(list) = field(members, "roles") {
            for (p, item) in self.walker.array(&join(path, "roles"), list, MAX_ITEMS) {
                if let Some(role) = self.walker.string(&p, item) {
                    if let Err(error) = account.add_role_to_instance_profile(&name, &role) {
                        self.iam(&p, item.span, &error);
                    }
                }
            }
        }
    }

    pub(super) fn instance(&mut self, json: &Json) -> Option<(Instance, String)> {
        let path = "$.instance";
        let known = [
            "id",
            "region",
            "vpcId",
            "privateIp",
            "imdsVersion",
            "tags",
            "instanceProfile",
        ];
        let members = self.walker.object(path, json, &known)?;
        let string = |b: &mut Self, key: &str| {
            field(members, key).and_then(|j| b.walker.string(&join(path, key), j))
        };
        let id = string(self, "id").unwrap_or_else(|| "i-0123456789abcdef0".to_owned());
        let id_ok = id
            .strip_prefix("i-")
            .is_some_and(|hex| !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()));
        if !id_ok {
            let span = field(members, "id").map_or(json.span, |j| j.span);
            self.walker.problem(
                "$.instance.id",
                span,
                "invalid-instance-id",
                format!("`{id}` is not an instance id (`i-` and hexadecimal digits)"),
            );
        }
        let region = string(self, "region").unwrap_or_else(|| "us-east-1".to_owned());
        let imds = match string(self, "imdsVersion").as_deref() {
            None | Some("v2") => ImdsVersion::V2,
            Some("v1") => ImdsVersion::V1,
            Some(other) => {
                let span = field(members, "imdsVersion").map_or(json.span, |j| j.span);
                self.walker.problem(
                    "$.instance.imdsVersion",
                    span,
                    "invalid-value",
                    format!("`{other}` is not an IMDS version: use `v1` or `v2`"),
                );
                ImdsVersion::V2
            }
        };
        let private_ip = string(self, "privateIp");
        if let (Some(ip), Some(j)) = (&private_ip, field(members, "privateIp")) {
            if ip.parse::<std::net::Ipv4Addr>().is_err() {
                self.walker.problem(
                    "$.instance.privateIp",
                    j.span,
                    "invalid-value",
                    format!("`{ip}` is not an IPv4 address"),
                );
            }
        }
        let profile_json = self
            .walker
            .required(path, json, members, "instanceProfile")?;
        // A profile missing from the account is not an error of the document: the chain reports
        // it as the first broken link.
        let profile = self
            .walker
            .string("$.instance.instanceProfile", profile_json)?;
        let instance = Instance {
            id,
            region,
            vpc_id: string(self, "vpcId"),
            private_ip,
            imds,
            tags: self.tags("$.instance.tags", field(members, "tags")),
        };
        Some((instance, profile))
    }

    pub(super) fn launcher(&mut self, json: &Json) -> Option<Launcher> {
        let path = "$.launch";
        let members = self.walker.object(
            path,
            json,
            &["principal", "policies", "permissionsBoundary", "actions"],
        )?;
        let principal_json = self.walker.required(path, json, members, "principal")?;
        let principal = self.walker.string("$.launch.principal", principal_json)?;
        let mut policies = Vec::new();
        if let Some(list) = field(members, "policies") {
            for (p, item) in self.walker.array("$.launch.policies", list, MAX_ITEMS) {
                policies.extend(self.policy(&p, item, &p, PolicyType::Identity));
            }
        }
        let boundary = field(members, "permissionsBoundary").and_then(|j| {
            self.policy(
                "$.launch.permissionsBoundary",
                j,
                "$.launch.permissionsBoundary",
                PolicyType::PermissionsBoundary,
            )
        });
        let actions = field(members, "actions")
            .map(|j| self.walker.strings("$.launch.actions", j, MAX_ITEMS))
            .unwrap_or_default();
        Some(Launcher {
            principal,
            policies,
            boundary,
            actions,
        })
    }

    pub(super) fn resource_policies(
        &mut self,
        json: &Json,
        account_id: &str,
    ) -> Vec<ResourcePolicy> {
        let mut out = Vec::new();
        for (path, item) in self.walker.array("$.resourcePolicies", json, MAX_ITEMS) {
            let Some(members) = self
                .walker
                .object(&path, item, &["resource", "account", "policy"])
            else {
                continue;
            };
            let Some(resource_json) = self.walker.required(&path, item, members, "resource") else {
                continue;
            };
            let Some(resource) = self.walker.string(&join(&path, "resource"), resource_json) else {
                continue;
            };
            let owner = field(members, "account")
                .and_then(|j| self.walker.string(&join(&path, "account"), j))
                .unwrap_or_else(|| account_id.to_owned());
            let Some(policy_json) = self.walker.required(&path, item, members, "policy") else {
                continue;
            };
            let name = format!("resource policy of {resource}");
            if let Some(policy) = self.policy(
                &join(&path, "policy"),
                policy_json,
                &name,
                PolicyType::Resource,
            ) {
                out.push(ResourcePolicy {
                    resource,
                    account: owner,
                    policy,
                });
            }
        }
        out
    }

    fn levels(&mut self, path: &str, json: &Json, kind: PolicyType) -> Vec<OrgLevel> {
        let mut levels = Vec::new();
        for (p, item) in self
            .walker
            .array(path, json, crate::decision::MAX_ORG_LEVELS)
        {
            let Some(members) = self.walker.object(&p, item, &["name", "policies"]) else {
                continue;
            };
            let name = field(members, "name")
                .and_then(|j| self.walker.string(&join(&p, "name"), j))
                .unwrap_or_else(|| p.clone());
            let mut policies = Vec::new();
            if let Some(list) = field(members, "policies") {
                for (pp, doc) in self.walker.array(&join(&p, "policies"), list, MAX_ITEMS) {
                    policies.extend(self.policy(&pp, doc, &format!("{name} {pp}"), kind));
                }
            }
            levels.push(OrgLevel { name, policies });
        }
        levels
    }

    pub(super) fn organization(&mut self, json: &Json) -> Organization {
        let path = "$.organization";
        let Some(members) = self.walker.object(
            path,
            json,
            &[
                "serviceControlPolicies",
                "resourceControlPolicies",
                "managementAccount",
            ],
        ) else {
            return Organization::default();
        };
        Organization {
            scp_levels: field(members, "serviceControlPolicies")
                .map(|j| {
                    self.levels(
                        "$.organization.serviceControlPolicies",
                        j,
                        PolicyType::ServiceControl,
                    )
                })
                .unwrap_or_default(),
            rcp_levels: field(members, "resourceControlPolicies")
                .map(|j| {
                    self.levels(
                        "$.organization.resourceControlPolicies",
                        j,
                        PolicyType::ResourceControl,
                    )
                })
                .unwrap_or_default(),
            management_account: field(members, "managementAccount")
                .and_then(|j| self.walker.boolean("$.organization.managementAccount", j))
                .unwrap_or(false),
        }
    }

    /// `{"key": "value" | ["v1", "v2"] | {"type": "ip", "values": [...]}}`.
    pub(super) fn context(&mut self, path: &str, json: &Json) -> Context {
        let mut context = Context::default();
        let JsonValue::Object(members) = &json.value else {
            self.walker.problem(
                path,
                json.span,
                "wrong-type",
                format!("`{path}` must be an object of context keys"),
            );
            return context;
        };
        for member in members {
            let p = join(path, &member.key);
            let scalar = |v: &Json| match &v.value {
                JsonValue::String(s) | JsonValue::Number(s) => Some(s.clone()),
                JsonValue::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            let value = match &member.value.value {
                JsonValue::Array(items) => items
                    .iter()
                    .map(scalar)
                    .collect::<Option<Vec<_>>>()
                    .map(|values| ContextValue {
                        values,
                        multivalued: true,
                        kind: ContextKeyType::String,
                    }),
                JsonValue::Object(fields) => {
                    let kind = field(fields, "type").and_then(|j| match &j.value {
                        JsonValue::String(s) => ContextKeyType::parse(s),
                        _ => None,
                    });
                    let values = field(fields, "values").and_then(|j| match &j.value {
                        JsonValue::Array(items) => {
                            items.iter().map(scalar).collect::<Option<Vec<_>>>()
                        }
                        _ => None,
                    });
                    match (kind, values) {
                        (Some((kind, multivalued)), Some(values)) => Some(ContextValue {
                            values,
                            multivalued,
                            kind,
                        }),
                        _ => None,
                    }
                }
                _ => scalar(&member.value).map(ContextValue::string),
            };
            match value {
                Some(value) => context.insert(&member.key, value),
                None => self.walker.problem_with_help(
                    &p,
                    member.value.span,
                    "invalid-context",
                    format!("`{p}` is not a context value"),
                    "write a string, an array of strings (a multivalued key), or {\"type\": \"ip\", \"values\": [\"10.0.0.1\"]} with an AWS CLI ContextKeyType",
                ),
            }
        }
        context
    }

    pub(super) fn request(
        &mut self,
        path: &str,
        json: &Json,
    ) -> Option<(ChainRequest, Option<EvalDecision>)> {
        let members = self.walker.object(
            path,
            json,
            &["action", "resource", "context", "expect", "vpcEndpoint"],
        )?;
        let action_json = self.walker.required(path, json, members, "action")?;
        let action = self.walker.string(&join(path, "action"), action_json)?;
        if !action.contains(':') {
            self.walker.problem(
                &join(path, "action"),
                action_json.span,
                "invalid-action",
                format!("`{action}` is not an action: write `service:Action`"),
            );
        }
        let resource = field(members, "resource")
            .and_then(|j| self.walker.string(&join(path, "resource"), j))
            .unwrap_or_else(|| "*".to_owned());
        let context = field(members, "context")
            .map(|j| self.context(&join(path, "context"), j))
            .unwrap_or_default();
        let expect = match field(members, "expect") {
            None => None,
            Some(j) => match self.walker.string(&join(path, "expect"), j).as_deref() {
                Some("allowed") => Some(EvalDecision::Allowed),
                Some("explicitDeny") => Some(EvalDecision::ExplicitDeny),
                Some("implicitDeny") => Some(EvalDecision::ImplicitDeny),
                Some(other) => {
                    self.walker.problem(&join(path, "expect"), j.span, "invalid-value", format!("`{other}` is not a decision: use `allowed`, `explicitDeny` or `implicitDeny`"));
                    None
                }
                None => None,
            },
        };
        let endpoint = field(members, "vpcEndpoint").and_then(|j| {
            let id = self.walker.string(&join(path, "vpcEndpoint"), j)?;
            if !self.endpoint_ids.contains(&id) {
                self.walker.problem(
                    &join(path, "vpcEndpoint"),
                    j.span,
                    "invalid-value",
                    format!("`{id}` is not one of the scenario's `vpcEndpoints`"),
                );
            }
            Some(id)
        });
        Some((
            ChainRequest {
                action,
                resource,
                context,
                endpoint,
            },
            expect,
        ))
    }

    /// `vpcEndpoints`: each endpoint's id and policy (AWS's default, allowing everything, when
    /// it has none).
    pub(super) fn endpoints(&mut self, json: &Json) -> Vec<VpcEndpoint> {
        let mut out = Vec::new();
        for (path, item) in self.walker.array("$.vpcEndpoints", json, MAX_ITEMS) {
            let Some(members) = self.walker.object(&path, item, &["id", "policy"]) else {
                continue;
            };
            let Some(id) = self
                .walker
                .required(&path, item, members, "id")
                .and_then(|j| self.walker.string(&join(&path, "id"), j))
            else {
                continue;
            };
            let name = id.clone();
            let policy = match field(members, "policy") {
                Some(policy_json) => self.policy(
                    &join(&path, "policy"),
                    policy_json,
                    &name,
                    PolicyType::Resource,
                ),
                None => {
                    let full = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}"#;
                    PolicyDocument::compile(&name, PolicyType::Resource, full, Origin::text())
                        .usable()
                        .map(Arc::new)
                }
            };
            self.endpoint_ids.push(id.clone());
            if let Some(policy) = policy {
                out.push(VpcEndpoint { id, policy });
            }
        }
        out
    }
}
