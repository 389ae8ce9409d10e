//! CloudFormation templates, JSON or YAML: `AWS::IAM::Role` (inline `Policies`,
//! `ManagedPolicyArns`, `PermissionsBoundary`, `Tags`), `AWS::IAM::ManagedPolicy` (and the
//! roles it names), `AWS::IAM::Policy` and `AWS::IAM::RolePolicy`, `AWS::IAM::InstanceProfile`,
//! and the `IamInstanceProfile` of `AWS::EC2::Instance`, `AWS::EC2::LaunchTemplate` and
//! `AWS::AutoScaling::LaunchConfiguration`. Intrinsic functions are resolved against the
//! template and the parameters given (`cfn_resolve`); a resource whose `Condition` is false is
//! left out.

use super::cfn_resolve::{R, scalar_text};
use super::inventory::{
    Document, ImportedInstance, ImportedPolicy, ImportedProfile, ImportedRole, Inventory, Place,
};
use super::{ImportFile, ImportProblem};
use crate::json::{Json, JsonValue, Member};
use crate::origin::{Origin, Source};
use serde_json::Value;
use std::collections::HashMap;

/// Whether `json` is a CloudFormation template.
pub(super) fn is_cloudformation(json: &Json) -> bool {
    json.get("AWSTemplateFormatVersion").is_some()
        || json
            .get("Resources")
            .is_some_and(|resources| match &resources.value {
                JsonValue::Object(members) => members.iter().any(|m| {
                    m.value
                        .get("Type")
                        .and_then(Json::as_str)
                        .is_some_and(|t| t.starts_with("AWS::"))
                }),
                _ => false,
            })
}

/// A template being read: its sections, the parameters' values, and where problems go.
pub(super) struct Template<'f, 'j, 'i> {
    file: ImportFile<'f>,
    inventory: &'i mut Inventory,
    resources: &'j [Member],
    parameters: HashMap<String, Value>,
    declared: Vec<String>,
    conditions: Option<&'j Json>,
    mappings: Option<&'j Json>,
    condition_values: HashMap<String, Option<bool>>,
    partition: String,
    account: String,
    region: String,
    pub(super) depth: usize,
    /// Logical ids already given a stand-in name (warned once each).
    stand_ins: Vec<String>,
}

/// Reads a template into the inventory, with `parameters` (`Key=Value`, pseudo parameters
/// such as `AWS::AccountId` too) overriding the template's defaults.
pub(super) fn read(
    inventory: &mut Inventory,
    file: &ImportFile<'_>,
    json: &Json,
    parameters: &[(String, String)],
) {
    let Some(JsonValue::Object(resources)) = json.get("Resources").map(|r| &r.value) else {
        let problem = ImportProblem::error(
            file.name,
            "$.Resources",
            json.span,
            "missing-field",
            "the template has no `Resources` object",
        );
        inventory.problems.push(problem);
        return;
    };
    let given = |key: &str| {
        parameters
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let mut template = Template {
        file: *file,
        inventory,
        resources,
        parameters: HashMap::new(),
        declared: Vec::new(),
        conditions: json.get("Conditions"),
        mappings: json.get("Mappings"),
        condition_values: HashMap::new(),
        partition: given("AWS::Partition").unwrap_or_else(|| "aws".to_owned()),
        account: given("AWS::AccountId")
            .unwrap_or_else(|| super::terraform::STAND_IN_ACCOUNT.to_owned()),
        region: given("AWS::Region").unwrap_or_else(|| "us-east-1".to_owned()),
        depth: 0,
        stand_ins: Vec::new(),
    };
    if let Some(JsonValue::Object(declared)) = json.get("Parameters").map(|p| &p.value) {
        for p in declared {
            template.declared.push(p.key.clone());
            let value = match given(&p.key) {
                Some(v) => Some(Value::String(v)),
                None => p.value.get("Default").and_then(|d| match &d.value {
                    JsonValue::String(s) => Some(Value::String(s.clone())),
                    JsonValue::Number(n) => Some(Value::String(n.clone())),
                    JsonValue::Array(items) => Some(Value::Array(
                        items
                            .iter()
                            .filter_map(|i| i.as_str().map(|s| Value::String(s.to_owned())))
                            .collect(),
                    )),
                    _ => None,
                }),
            };
            let comma_list = p
                .value
                .get("Type")
                .and_then(Json::as_str)
                .is_some_and(|t| t.starts_with("List<") || t == "CommaDelimitedList");
            let value = match value {
                Some(Value::String(s)) if comma_list => Some(Value::Array(
                    s.split(',')
                        .map(|x| Value::String(x.trim().to_owned()))
                        .collect(),
                )),
                other => other,
            };
            if let Some(value) = value {
                template.parameters.insert(p.key.clone(), value);
            }
        }
    }
    for (key, value) in parameters {
        if !key.starts_with("AWS::") && !template.declared.contains(key) {
            let message = format!("parameter `{key}` is not one the template declares");
            let span = json
                .get("Parameters")
                .map_or(crate::span::Span::new(0, 0), |p| p.span);
            let problem = ImportProblem::error(
                file.name,
                "$.Parameters",
                span,
                "unknown-parameter",
                message,
            );
            template.inventory.problems.push(problem);
        }
        let _ = value;
    }
    if template.inventory.account.is_none() {
        template.inventory.stand_in_account = given("AWS::AccountId").is_none();
        template.inventory.account = Some((template.partition.clone(), template.account.clone()));
    }
    template.read_all();
}

impl<'j> Template<'_, 'j, '_> {
    pub(super) fn wrong(&mut self, path: &str, json: &Json, message: String) {
        let problem = ImportProblem::error(self.file.name, path, json.span, "wrong-type", message);
        self.inventory.problems.push(problem);
    }

    pub(super) fn unresolved(&mut self, path: &str, json: &Json, message: String) {
        let problem = ImportProblem::error(self.file.name, path, json.span, "unresolved", message)
            .with_help("give the value with `--parameter NAME=VALUE`, or write it in the template");
        self.inventory.problems.push(problem);
    }

    pub(super) fn is_parameter(&self, name: &str) -> bool {
        self.declared.iter().any(|d| d == name)
    }

    fn resource(&self, logical: &str) -> Option<(usize, &'j Json)> {
        self.resources
            .iter()
            .enumerate()
            .find(|(_, m)| m.key == logical)
            .map(|(i, m)| (i, &m.value))
    }

    fn kind(resource: &Json) -> &str {
        resource
            .get("Type")
            .and_then(Json::as_str)
            .unwrap_or_default()
    }

    /// The value of `Ref: name`.
    pub(super) fn reference(&mut self, path: &str, json: &Json, name: &str) -> R {
        let pseudo = match name {
            "AWS::AccountId" => Some(self.account.clone()),
            "AWS::Region" => Some(self.region.clone()),
            "AWS::Partition" => Some(self.partition.clone()),
            "AWS::URLSuffix" => Some("amazonaws.com".to_owned()),
            "AWS::StackName" => Some("stack".to_owned()),
            "AWS::NoValue" => return R::NoValue,
            _ => None,
        };
        if let Some(value) = pseudo {
            return R::V(Value::String(value));
        }
        if let Some(value) = self.parameters.get(name) {
            return R::V(value.clone());
        }
        if self.is_parameter(name) {
            let message =
                format!("parameter `{name}` has no value: the template gives no `Default`");
            self.unresolved(path, json, message);
            return R::Unresolved;
        }
        match self.resource(name) {
            Some((_, resource)) => {
                let kind = Self::kind(resource).to_owned();
                match kind.as_str() {
                    "AWS::IAM::ManagedPolicy" | "AWS::SNS::Topic" => {
                        self.attribute(path, json, name, "Arn")
                    }
                    "AWS::SQS::Queue" => match self.name_of(name) {
                        Some(n) => R::V(Value::String(format!(
                            "https://sqs.{}.amazonaws.com/{}/{n}",
                            self.region, self.account
                        ))),
                        None => R::Unresolved,
                    },
                    _ => match self.name_of(name) {
                        Some(n) => R::V(Value::String(n)),
                        None => {
                            let message = format!(
                                "`Ref` to `{name}` ({kind}): its value is known only once the stack is created"
                            );
                            self.unresolved(path, json, message);
                            R::Unresolved
                        }
                    },
                }
            }
            None => {
                let message = format!(
                    "`Ref` to `{name}`, which is neither a parameter nor a resource of the template"
                );
                self.unresolved(path, json, message);
                R::Unresolved
            }
        }
    }

    /// The property that names a resource of this type.
    fn name_property(kind: &str) -> Option<&'static str> {
        Some(match kind {
            "AWS::IAM::Role" => "RoleName",
            "AWS::IAM::InstanceProfile" => "InstanceProfileName",
            "AWS::IAM::ManagedPolicy" => "ManagedPolicyName",
            "AWS::IAM::Policy" | "AWS::IAM::RolePolicy" => "PolicyName",
            "AWS::S3::Bucket" => "BucketName",
            "AWS::SQS::Queue" => "QueueName",
            "AWS::SNS::Topic" => "TopicName",
            "AWS::DynamoDB::Table" => "TableName",
            _ => return None,
        })
    }

    /// A resource's physical name: the property that sets it, or, where the template leaves it
    /// to CloudFormation, its logical id (with a warning, once).
    pub(super) fn name_of(&mut self, logical: &str) -> Option<String> {
        let (i, resource) = self.resource(logical)?;
        let property = Self::name_property(Self::kind(resource))?;
        let path = format!("$.Resources.{logical}.Properties.{property}");
        if let Some(value) = resource.get("Properties").and_then(|p| p.get(property)) {
            return self.string(&path, value);
        }
        if !self.stand_ins.iter().any(|s| s == logical) {
            self.stand_ins.push(logical.to_owned());
            let message = format!(
                "`{logical}` has no `{property}`: CloudFormation names it `STACK-{logical}-…` when the stack is made; the scenario calls it `{logical}`"
            );
            let span = self.resources.get(i).map_or(resource.span, |m| m.key_span);
            let mut problem = ImportProblem::error(
                self.file.name,
                &format!("$.Resources.{logical}"),
                span,
                "stand-in-name",
                message,
            );
            problem.diagnostic.severity = crate::diagnostic::Severity::Warning;
            self.inventory.problems.push(problem);
        }
        Some(match Self::kind(resource) {
            "AWS::S3::Bucket" => logical.to_ascii_lowercase(),
            _ => logical.to_owned(),
        })
    }

    fn path_of(&mut self, logical: &str) -> String {
        let Some((_, resource)) = self.resource(logical) else {
            return "/".to_owned();
        };
        let value = resource.get("Properties").and_then(|p| p.get("Path"));
        let path = format!("$.Resources.{logical}.Properties.Path");
        value
            .and_then(|v| self.string(&path, v))
            .unwrap_or_else(|| "/".to_owned())
    }

    /// The value of `Fn::GetAtt: [logical, attribute]`.
    pub(super) fn attribute(
        &mut self,
        path: &str,
        json: &Json,
        logical: &str,
        attribute: &str,
    ) -> R {
        let Some((_, resource)) = self.resource(logical) else {
            let message =
                format!("`Fn::GetAtt` of `{logical}`, which is not a resource of the template");
            self.unresolved(path, json, message);
            return R::Unresolved;
        };
        let kind = Self::kind(resource).to_owned();
        let (p, a, r) = (
            self.partition.clone(),
            self.account.clone(),
            self.region.clone(),
        );
        let value = match (kind.as_str(), attribute) {
            ("AWS::IAM::Role", "Arn") => self
                .name_of(logical)
                .map(|n| format!("arn:{p}:iam::{a}:role{}{n}", self.path_of(logical))),
            ("AWS::IAM::InstanceProfile", "Arn") => self.name_of(logical).map(|n| {
                format!(
                    "arn:{p}:iam::{a}:instance-profile{}{n}",
                    self.path_of(logical)
                )
            }),
            ("AWS::IAM::ManagedPolicy", "Arn" | "PolicyArn") => self
                .name_of(logical)
                .map(|n| format!("arn:{p}:iam::{a}:policy{}{n}", self.path_of(logical))),
            ("AWS::S3::Bucket", "Arn") => {
                self.name_of(logical).map(|n| format!("arn:{p}:s3:::{n}"))
            }
            ("AWS::SQS::Queue", "Arn") => self
                .name_of(logical)
                .map(|n| format!("arn:{p}:sqs:{r}:{a}:{n}")),
            ("AWS::SQS::Queue", "QueueName")
            | ("AWS::DynamoDB::Table" | "AWS::SNS::Topic", "TopicName") => self.name_of(logical),
            ("AWS::SNS::Topic", "TopicArn" | "Arn") => self
                .name_of(logical)
                .map(|n| format!("arn:{p}:sns:{r}:{a}:{n}")),
            ("AWS::DynamoDB::Table", "Arn") => self
                .name_of(logical)
                .map(|n| format!("arn:{p}:dynamodb:{r}:{a}:table/{n}")),
            _ => {
                let message = format!(
                    "`{logical}.{attribute}` ({kind}) is known only once the stack is created"
                );
                self.unresolved(path, json, message);
                return R::Unresolved;
            }
        };
        value.map_or(R::Unresolved, |v| R::V(Value::String(v)))
    }

    /// A condition of the template's `Conditions`, worked out once.
    pub(super) fn condition(&mut self, path: &str, json: &Json, name: &str) -> Option<bool> {
        if let Some(known) = self.condition_values.get(name) {
            return *known;
        }
        // Marked first, so a condition that refers to itself ends here.
        self.condition_values.insert(name.to_owned(), None);
        let Some(definition) = self.conditions.and_then(|c| c.get(name)) else {
            let message = format!("condition `{name}` is not in the template's `Conditions`");
            self.unresolved(path, json, message);
            return None;
        };
        let value = match self.resolve(&format!("$.Conditions.{name}"), definition) {
            R::V(Value::Bool(b)) => Some(b),
            R::V(_) => {
                let message = format!("condition `{name}` is not true or false");
                self.wrong(&format!("$.Conditions.{name}"), definition, message);
                None
            }
            _ => None,
        };
        self.condition_values.insert(name.to_owned(), value);
        value
    }

    pub(super) fn mapping(&mut self, map: &str, first: &str, second: &str) -> Option<Value> {
        let node = self.mappings?.get(map)?.get(first)?.get(second)?;
        match self.resolve(&format!("$.Mappings.{map}.{first}.{second}"), node) {
            R::V(v) => Some(v),
            _ => None,
        }
    }

    fn read_all(&mut self) {
        let resources = self.resources;
        // Policies first, so roles and attachments find them, then roles, their policies,
        // profiles and what names a profile.
        for order in 0..3 {
            for member in resources {
                let logical = member.key.as_str();
                let kind = Self::kind(&member.value);
                let wanted = match kind {
                    "AWS::IAM::ManagedPolicy" => 0,
                    "AWS::IAM::Role" => 1,
                    _ => 2,
                };
                if wanted != order || !self.included(logical, &member.value) {
                    continue;
                }
                let base = format!("$.Resources.{logical}");
                match kind {
                    "AWS::IAM::ManagedPolicy" => self.managed_policy(&base, logical, &member.value),
                    "AWS::IAM::Role" => self.role(&base, logical, &member.value),
                    "AWS::IAM::Policy" | "AWS::IAM::RolePolicy" => {
                        self.policy(&base, &member.value)
                    }
                    "AWS::IAM::InstanceProfile" => self.profile(&base, logical, &member.value),
                    "AWS::EC2::Instance"
                    | "AWS::EC2::LaunchTemplate"
                    | "AWS::AutoScaling::LaunchConfiguration" => {
                        self.instance(&base, logical, &member.value);
                    }
                    _ => {}
                }
            }
        }
    }

    /// Whether a resource is created: no `Condition`, or a true one.
    fn included(&mut self, logical: &str, resource: &Json) -> bool {
        match resource.get("Condition") {
            None => true,
            Some(c) => match c.as_str() {
                Some(name) => {
                    self.condition(&format!("$.Resources.{logical}.Condition"), c, name)
                        == Some(true)
                }
                None => false,
            },
        }
    }

    fn property(&self, resource: &'j Json, key: &str) -> Option<&'j Json> {
        resource.get("Properties").and_then(|p| p.get(key))
    }

    /// A policy document property, resolved and written as JSON. In a JSON template a document
    /// without functions is its own text, so statements are placed exactly; otherwise places
    /// are the document's.
    fn document(&mut self, path: &str, json: &Json) -> Option<Document> {
        let value = match self.resolve(path, json) {
            R::V(v @ Value::Object(_)) => v,
            R::V(Value::String(text)) => serde_json::from_str(&text)
                .ok()
                .unwrap_or(Value::String(text)),
            R::V(other) => {
                let message = format!("`{path}` must be a policy document, found {other}");
                self.wrong(path, json, message);
                return None;
            }
            _ => return None,
        };
        let source = Source::Input {
            file: self.file.name.to_owned(),
            path: path.to_owned(),
        };
        let slice = self
            .file
            .text
            .get(json.span.start..json.span.end)
            .unwrap_or_default();
        let verbatim = slice.starts_with('{')
            && serde_json::from_str::<Value>(slice).is_ok_and(|v| v == value);
        let (text, origin) = if verbatim {
            (slice.to_owned(), Origin::at(source, json.span.start))
        } else {
            let text = serde_json::to_string_pretty(&value).unwrap_or_default();
            (text, Origin::encoded(source, json.span.start))
        };
        Some(Document {
            text,
            place: Place {
                file: self.file.name.to_owned(),
                path: path.to_owned(),
                span: json.span,
            },
            origin,
        })
    }

    fn strings(&mut self, path: &str, json: Option<&Json>) -> Vec<String> {
        let Some(json) = json else { return Vec::new() };
        match self.resolve(path, json) {
            R::V(Value::Array(items)) => items.iter().filter_map(scalar_text).collect(),
            R::V(other) => {
                let message = format!("`{path}` must be a list, found {other}");
                self.wrong(path, json, message);
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    fn tags(&mut self, path: &str, json: Option<&Json>) -> Vec<(String, String)> {
        let Some(json) = json else { return Vec::new() };
        match self.resolve(path, json) {
            R::V(Value::Array(items)) => items
                .iter()
                .filter_map(|t| Some((scalar_text(t.get("Key")?)?, scalar_text(t.get("Value")?)?)))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn place(&self, path: &str, json: &Json) -> Place {
        Place {
            file: self.file.name.to_owned(),
            path: path.to_owned(),
            span: json.span,
        }
    }

    fn managed_policy(&mut self, base: &str, logical: &str, resource: &'j Json) {
        let Some(name) = self.name_of(logical) else {
            return;
        };
        let path = self.path_of(logical);
        let arn = format!(
            "arn:{}:iam::{}:policy{path}{name}",
            self.partition, self.account
        );
        let document = match self.property(resource, "PolicyDocument") {
            Some(doc) => self.document(&format!("{base}.Properties.PolicyDocument"), doc),
            None => None,
        };
        let roles = self.strings(
            &format!("{base}.Properties.Roles"),
            self.property(resource, "Roles"),
        );
        let place = self.place(base, resource);
        self.inventory.add_policy(ImportedPolicy {
            name,
            path: Some(path),
            arn: arn.clone(),
            default_version: None,
            document,
            place,
        });
        for role in roles {
            let arn = arn.clone();
            self.inventory.with_role(&role, |r| {
                if !r.attached.contains(&arn) {
                    r.attached.push(arn);
                }
            });
        }
    }

    fn role(&mut self, base: &str, logical: &str, resource: &'j Json) {
        let Some(name) = self.name_of(logical) else {
            return;
        };
        let props = format!("{base}.Properties");
        let path = self
            .property(resource, "Path")
            .and_then(|p| self.string(&format!("{props}.Path"), p));
        let description = self
            .property(resource, "Description")
            .and_then(|d| self.string(&format!("{props}.Description"), d));
        let trust = match self.property(resource, "AssumeRolePolicyDocument") {
            Some(doc) => self.document(&format!("{props}.AssumeRolePolicyDocument"), doc),
            None => {
                let message = format!("role `{logical}` has no `AssumeRolePolicyDocument`");
                let problem = ImportProblem::error(
                    self.file.name,
                    &props,
                    resource.span,
                    "missing-field",
                    message,
                );
                self.inventory.problems.push(problem);
                None
            }
        };
        let mut inline = Vec::new();
        if let Some(JsonValue::Array(items)) = self.property(resource, "Policies").map(|p| &p.value)
        {
            for (i, item) in items.iter().enumerate() {
                let ipath = format!("{props}.Policies[{i}]");
                let name = item
                    .get("PolicyName")
                    .and_then(|n| self.string(&format!("{ipath}.PolicyName"), n));
                let doc = item
                    .get("PolicyDocument")
                    .and_then(|d| self.document(&format!("{ipath}.PolicyDocument"), d));
                if let (Some(name), Some(doc)) = (name, doc) {
                    inline.push((name, doc));
                }
            }
        }
        let attached = self.strings(
            &format!("{props}.ManagedPolicyArns"),
            self.property(resource, "ManagedPolicyArns"),
        );
        let boundary = self
            .property(resource, "PermissionsBoundary")
            .and_then(|b| self.string(&format!("{props}.PermissionsBoundary"), b));
        let tags = self.tags(&format!("{props}.Tags"), self.property(resource, "Tags"));
        let place = self.place(base, resource);
        self.inventory.merge_role(ImportedRole {
            name,
            path,
            description,
            trust,
            inline,
            attached,
            attached_known: true,
            complete: true,
            boundary,
            tags,
            place: Some(place),
            ..ImportedRole::default()
        });
    }

    /// `AWS::IAM::Policy` (on the roles it names) and `AWS::IAM::RolePolicy` (on its role).
    fn policy(&mut self, base: &str, resource: &'j Json) {
        let props = format!("{base}.Properties");
        let name = self
            .property(resource, "PolicyName")
            .and_then(|n| self.string(&format!("{props}.PolicyName"), n));
        let document = self
            .property(resource, "PolicyDocument")
            .and_then(|d| self.document(&format!("{props}.PolicyDocument"), d));
        let mut roles = self.strings(&format!("{props}.Roles"), self.property(resource, "Roles"));
        if let Some(role) = self
            .property(resource, "RoleName")
            .and_then(|r| self.string(&format!("{props}.RoleName"), r))
        {
            roles.push(role);
        }
        let (Some(name), Some(document)) = (name, document) else {
            return;
        };
        for role in roles {
            let (name, document) = (name.clone(), document.clone());
            self.inventory
                .with_role(&role, |r| r.inline.push((name, document)));
        }
    }

    fn profile(&mut self, base: &str, logical: &str, resource: &'j Json) {
        let Some(name) = self.name_of(logical) else {
            return;
        };
        let path = self
            .property(resource, "Path")
            .and_then(|p| self.string(&format!("{base}.Properties.Path"), p));
        let roles = self.strings(
            &format!("{base}.Properties.Roles"),
            self.property(resource, "Roles"),
        );
        let place = self.place(base, resource);
        self.inventory.add_profile(ImportedProfile {
            name,
            path,
            arn: None,
            roles,
            tags: Vec::new(),
            place,
        });
    }

    /// The instance profile an instance, launch template or launch configuration names (by
    /// name or by ARN).
    fn instance(&mut self, base: &str, logical: &str, resource: &'j Json) {
        let props = format!("{base}.Properties");
        let (json, path) = match Self::kind(resource) {
            "AWS::EC2::LaunchTemplate" => {
                let block = self
                    .property(resource, "LaunchTemplateData")
                    .and_then(|d| d.get("IamInstanceProfile"));
                let by = block.and_then(|b| {
                    b.get("Name")
                        .map(|n| (n, "Name"))
                        .or_else(|| b.get("Arn").map(|a| (a, "Arn")))
                });
                match by {
                    Some((json, key)) => (
                        json,
                        format!("{props}.LaunchTemplateData.IamInstanceProfile.{key}"),
                    ),
                    None => return,
                }
            }
            _ => match self.property(resource, "IamInstanceProfile") {
                Some(json) => (json, format!("{props}.IamInstanceProfile")),
                None => return,
            },
        };
        let Some(value) = self.string(&path, json) else {
            return;
        };
        let profile = if value.starts_with("arn:") {
            value.rsplit('/').next().unwrap_or_default().to_owned()
        } else {
            value
        };
        let tags = self.tags(&format!("{props}.Tags"), self.property(resource, "Tags"));
        let place = self.place(base, resource);
        self.inventory.instances.push(ImportedInstance {
            name: logical.to_owned(),
            profile,
            tags,
            place,
        });
    }
}
