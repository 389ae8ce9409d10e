//! Terraform's JSON: `terraform show -json PLANFILE` (a plan) or `terraform show -json` (a
//! state). The IAM resources (`aws_iam_role`, `aws_iam_role_policy`, `aws_iam_policy`,
//! `aws_iam_role_policy_attachment`, `aws_iam_instance_profile`), the `aws_iam_policy_document`
//! data sources' rendered JSON, and the `iam_instance_profile` of `aws_instance` and
//! `aws_launch_template` are read from the planned (or current) values, root module and child
//! modules alike. A value known only after apply is taken from what the configuration says it
//! refers to (`role = aws_iam_role.app.id` is that role's name) and otherwise reported at its
//! place, never guessed.

use super::inventory::{
    Document, ImportedInstance, ImportedPolicy, ImportedProfile, ImportedRole, Inventory, Place,
};
use super::{ImportFile, ImportProblem};
use crate::json::{Json, JsonValue};
use crate::origin::{Origin, Source};
use std::collections::HashMap;

/// The account a plan's ARNs are made in when nothing in the plan names one.
pub(super) const STAND_IN_ACCOUNT: &str = "123456789012";

/// Whether `json` is Terraform's JSON output.
pub(super) fn is_terraform(json: &Json) -> bool {
    json.get("format_version").is_some()
        && (json.get("planned_values").is_some()
            || json.get("values").is_some()
            || json.get("configuration").is_some())
}

/// One resource instance: where it is, its known values, what is unknown, its configuration.
struct Resource<'j> {
    /// The full address, e.g. `module.app.aws_iam_role.app[0]`.
    address: String,
    /// The module's address (`module.app`), empty for the root module.
    module: String,
    kind: String,
    data: bool,
    /// The JSON path of the resource in the file.
    path: String,
    json: &'j Json,
    values: Option<&'j Json>,
    unknown: Option<&'j Json>,
    config: Option<&'j Json>,
}

/// What an attribute is.
enum Attr<'j> {
    Known(&'j Json),
    /// It refers to the attribute of another resource: (resource index, attribute).
    Refers(usize, String),
    /// Known only after apply, and the configuration says nothing that settles it.
    Unknown,
    Absent,
}

struct Reader<'f, 'j, 'i> {
    file: ImportFile<'f>,
    inventory: &'i mut Inventory,
    resources: Vec<Resource<'j>>,
    /// Resource index by address without instance key (`aws_iam_role.app`), for references.
    by_address: HashMap<String, Vec<usize>>,
    partition: String,
    account: String,
    /// How many references deep the value being read is.
    depth: usize,
}

/// References followed for one value at most: a reference to a reference (and a loop in a
/// hand-made file) ends there.
const MAX_REFERENCES: usize = 8;

/// Reads a plan or state into the inventory.
pub(super) fn read(inventory: &mut Inventory, file: &ImportFile<'_>, json: &Json) {
    let mut resources = Vec::new();
    let unknowns = after_unknown(json);
    let configs = configuration(json);
    for (root, path) in [
        (json.get("planned_values"), "$.planned_values"),
        (json.get("values"), "$.values"),
        (
            json.get("prior_state").and_then(|s| s.get("values")),
            "$.prior_state.values",
        ),
    ] {
        if let Some(module) = root.and_then(|r| r.get("root_module")) {
            collect(module, &format!("{path}.root_module"), &mut resources);
        }
    }
    // A plan lists managed resources in its planned values and data sources in its prior
    // state: keep the first of each address.
    let mut seen = std::collections::HashSet::new();
    resources.retain(|r: &Resource<'_>| seen.insert(r.address.clone()));
    for resource in &mut resources {
        resource.unknown = unknowns.get(resource.address.as_str()).copied();
        resource.config = configs.get(&without_key(&resource.address)).copied();
    }
    let mut by_address: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in resources.iter().enumerate() {
        by_address
            .entry(without_key(&r.address))
            .or_default()
            .push(i);
    }
    let (partition, account) = account_of(&resources);
    let mut reader = Reader {
        file: *file,
        inventory,
        resources,
        by_address,
        partition,
        account: account.clone(),
        depth: 0,
    };
    if reader.inventory.account.is_none() {
        reader.inventory.stand_in_account = account == STAND_IN_ACCOUNT;
        reader.inventory.account = Some((reader.partition.clone(), account));
    }
    reader.read_all();
}

/// The resources of a module and its child modules, with their JSON paths.
fn collect<'j>(module: &'j Json, path: &str, out: &mut Vec<Resource<'j>>) {
    let module_address = module
        .get("address")
        .and_then(Json::as_str)
        .unwrap_or_default();
    for (i, resource) in module
        .get("resources")
        .map_or(&[][..], Json::items)
        .iter()
        .enumerate()
    {
        let text = |key: &str| resource.get(key).and_then(Json::as_str).unwrap_or_default();
        let address = text("address");
        if address.is_empty() {
            continue;
        }
        out.push(Resource {
            address: address.to_owned(),
            module: module_address.to_owned(),
            kind: text("type").to_owned(),
            data: text("mode") == "data",
            path: format!("{path}.resources[{i}]"),
            json: resource,
            values: resource.get("values"),
            unknown: None,
            config: None,
        });
    }
    for (i, child) in module
        .get("child_modules")
        .map_or(&[][..], Json::items)
        .iter()
        .enumerate()
    {
        collect(child, &format!("{path}.child_modules[{i}]"), out);
    }
}

/// `after_unknown` of each resource change, by address.
fn after_unknown(json: &Json) -> HashMap<&str, &Json> {
    json.get("resource_changes")
        .map_or(&[][..], Json::items)
        .iter()
        .filter_map(|change| {
            let address = change.get("address")?.as_str()?;
            let unknown = change.get("change")?.get("after_unknown")?;
            Some((address, unknown))
        })
        .collect()
}

/// The configuration's resources (their `expressions`), by module-qualified address.
fn configuration(json: &Json) -> HashMap<String, &Json> {
    let mut out = HashMap::new();
    if let Some(root) = json.get("configuration").and_then(|c| c.get("root_module")) {
        config_module(root, "", &mut out);
    }
    out
}

fn config_module<'j>(module: &'j Json, prefix: &str, out: &mut HashMap<String, &'j Json>) {
    for resource in module.get("resources").map_or(&[][..], Json::items) {
        if let (Some(address), Some(expressions)) = (
            resource.get("address").and_then(Json::as_str),
            resource.get("expressions"),
        ) {
            out.insert(format!("{prefix}{address}"), expressions);
        }
    }
    if let Some(JsonValue::Object(calls)) = module.get("module_calls").map(|m| &m.value) {
        for call in calls {
            if let Some(child) = call.value.get("module") {
                config_module(child, &format!("{prefix}module.{}.", call.key), out);
            }
        }
    }
}

/// An address without its instance key: `aws_iam_role.app[0]` → `aws_iam_role.app`.
fn without_key(address: &str) -> String {
    let mut out = String::with_capacity(address.len());
    let mut depth = 0_usize;
    for c in address.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The partition and account the plan's ARNs name, or a stand-in.
fn account_of(resources: &[Resource<'_>]) -> (String, String) {
    for r in resources {
        let Some(values) = r.values else { continue };
        let candidates = ["arn", "account_id"]
            .iter()
            .filter_map(|key| values.get(key).and_then(Json::as_str));
        for text in candidates {
            let parts: Vec<&str> = text.split(':').collect();
            if let [_, partition, _, _, account, ..] = parts[..]
                && account.len() == 12
                && account.bytes().all(|b| b.is_ascii_digit())
            {
                return (partition.to_owned(), account.to_owned());
            }
            if text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit()) {
                return ("aws".to_owned(), text.to_owned());
            }
        }
    }
    ("aws".to_owned(), STAND_IN_ACCOUNT.to_owned())
}

impl<'j> Reader<'_, 'j, '_> {
    fn problem(&mut self, path: &str, json: &Json, code: &'static str, message: String) {
        let problem = ImportProblem::error(self.file.name, path, json.span, code, message);
        self.inventory.problems.push(problem);
    }

    fn place(&self, path: &str, json: &Json) -> Place {
        Place {
            file: self.file.name.to_owned(),
            path: path.to_owned(),
            span: json.span,
        }
    }

    /// What the attribute `name` of resource `i` is.
    fn attr(&self, i: usize, name: &str) -> Attr<'j> {
        let Some(r) = self.resources.get(i) else {
            return Attr::Absent;
        };
        if let Some(value) = r.values.and_then(|v| v.get(name))
            && value.value != JsonValue::Null
        {
            return Attr::Known(value);
        }
        let references = r
            .config
            .and_then(|c| c.get(name))
            .and_then(|e| e.get("references"))
            .map_or(&[][..], Json::items);
        for reference in references.iter().filter_map(Json::as_str) {
            let Some((address, attribute)) = reference.rsplit_once('.') else {
                continue;
            };
            let full = format!(
                "{}{}{address}",
                r.module,
                if r.module.is_empty() { "" } else { "." }
            );
            if let Some([target]) = self.by_address.get(&full).map(Vec::as_slice) {
                return Attr::Refers(*target, attribute.to_owned());
            }
        }
        let unknown = r.unknown.and_then(|u| u.get(name));
        if unknown.is_some_and(|u| u.value != JsonValue::Bool(false)) {
            Attr::Unknown
        } else {
            Attr::Absent
        }
    }

    /// A string attribute, following references to the names of roles, policies and profiles.
    fn string(&mut self, i: usize, name: &str, required: bool) -> Option<String> {
        let path = self.value_path(i, name);
        match self.attr(i, name) {
            Attr::Known(json) => match &json.value {
                JsonValue::String(s) => Some(s.clone()),
                _ => {
                    let message = format!(
                        "`{path}` must be a string, found {}",
                        json.value.type_name()
                    );
                    self.problem(&path, json, "wrong-type", message);
                    None
                }
            },
            Attr::Refers(target, attribute) => self.referred(i, name, target, &attribute),
            Attr::Unknown => {
                self.unknown(i, name);
                None
            }
            Attr::Absent => {
                if required {
                    let json = self.resources.get(i).map(|r| r.json)?;
                    let message = format!("`{}` has no `{name}`", self.address(i));
                    self.problem(&path, json, "missing-field", message);
                }
                None
            }
        }
    }

    /// The value a reference stands for: a name (`name`, `id` of a role or profile), an ARN
    /// (`arn` of a policy, made from its path and name), a rendered policy (`json`).
    fn referred(&mut self, i: usize, name: &str, target: usize, attribute: &str) -> Option<String> {
        let kind = self.resources.get(target).map(|r| r.kind.clone())?;
        if let Attr::Known(json) = self.attr(target, attribute)
            && let Some(s) = json.as_str()
        {
            return Some(s.to_owned());
        }
        if self.depth >= MAX_REFERENCES {
            self.unknown(i, name);
            return None;
        }
        self.depth += 1;
        let value = match (kind.as_str(), attribute) {
            ("aws_iam_role" | "aws_iam_instance_profile", "name" | "id")
            | ("aws_iam_policy", "name") => self.string(target, "name", true),
            ("aws_iam_policy", "arn" | "id") => self.policy_arn(target),
            _ => {
                self.unknown(i, name);
                None
            }
        };
        self.depth -= 1;
        value
    }

    fn policy_arn(&mut self, i: usize) -> Option<String> {
        let name = self.string(i, "name", true)?;
        let path = self
            .string(i, "path", false)
            .unwrap_or_else(|| "/".to_owned());
        Some(format!(
            "arn:{}:iam::{}:policy{path}{name}",
            self.partition, self.account
        ))
    }

    fn unknown(&mut self, i: usize, name: &str) {
        let path = self.value_path(i, name);
        let Some(json) = self.resources.get(i).map(|r| r.json) else {
            return;
        };
        let message = format!(
            "`{}`'s `{name}` is known only after apply, and the configuration does not say what it refers to",
            self.address(i)
        );
        let problem = ImportProblem::error(self.file.name, &path, json.span, "unknown-value", message)
            .with_help("import the state after apply (`terraform show -json`), or set the value in the configuration");
        self.inventory.problems.push(problem);
    }

    fn address(&self, i: usize) -> String {
        self.resources
            .get(i)
            .map(|r| r.address.clone())
            .unwrap_or_default()
    }

    fn value_path(&self, i: usize, name: &str) -> String {
        self.resources
            .get(i)
            .map(|r| format!("{}.values.{name}", r.path))
            .unwrap_or_default()
    }

    /// A policy document attribute: a JSON string, or a reference to an
    /// `aws_iam_policy_document`'s `json`.
    fn document(&mut self, i: usize, name: &str) -> Option<Document> {
        let (target, attribute) = match self.attr(i, name) {
            Attr::Refers(target, attribute) => (target, attribute),
            _ => (i, name.to_owned()),
        };
        let path = self.value_path(target, &attribute);
        match self.attr(target, &attribute) {
            Attr::Known(json) => {
                if !matches!(json.value, JsonValue::String(_)) {
                    let message = format!(
                        "`{path}` must be a JSON string, found {}",
                        json.value.type_name()
                    );
                    self.problem(&path, json, "wrong-type", message);
                    return None;
                }
                self.string_document(&path, json)
            }
            _ => {
                self.unknown(i, name);
                None
            }
        }
    }

    fn tags(&mut self, i: usize, name: &str) -> Vec<(String, String)> {
        match self.attr(i, name) {
            Attr::Known(json) => match &json.value {
                JsonValue::Object(members) => members
                    .iter()
                    .filter_map(|m| Some((m.key.clone(), m.value.as_str()?.to_owned())))
                    .collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    fn read_all(&mut self) {
        let kinds: Vec<(String, bool)> = self
            .resources
            .iter()
            .map(|r| (r.kind.clone(), r.data))
            .collect();
        // Policies first, so attachments find them; then roles, their policies, profiles and
        // the instances that name profiles.
        for order in 0..4 {
            for (i, (kind, data)) in kinds.iter().enumerate() {
                if *data {
                    continue;
                }
                match (order, kind.as_str()) {
                    (0, "aws_iam_policy") => self.policy(i),
                    (1, "aws_iam_role") => self.role(i),
                    (2, "aws_iam_role_policy") => self.role_policy(i),
                    (2, "aws_iam_role_policy_attachment") => self.attachment(i),
                    (3, "aws_iam_instance_profile") => self.profile(i),
                    (3, "aws_instance" | "aws_launch_template") => self.instance(i),
                    _ => {}
                }
            }
        }
    }

    fn policy(&mut self, i: usize) {
        let (Some(name), Some(arn)) = (self.string(i, "name", true), self.policy_arn(i)) else {
            return;
        };
        let arn = match self.attr(i, "arn") {
            Attr::Known(json) => json.as_str().map_or(arn, str::to_owned),
            _ => arn,
        };
        let path = self.string(i, "path", false);
        let document = self.document(i, "policy");
        let place = self.resource_place(i);
        self.inventory.add_policy(ImportedPolicy {
            name,
            path,
            arn,
            default_version: None,
            document,
            place,
        });
    }

    fn resource_place(&self, i: usize) -> Place {
        match self.resources.get(i) {
            Some(r) => self.place(&r.path, r.json),
            None => Place {
                file: self.file.name.to_owned(),
                path: "$".to_owned(),
                span: crate::span::Span::new(0, 0),
            },
        }
    }

    fn role(&mut self, i: usize) {
        let Some(name) = self.string(i, "name", true) else {
            return;
        };
        let path = self.string(i, "path", false);
        let description = self.string(i, "description", false);
        let trust = self.document(i, "assume_role_policy");
        let boundary = self.string(i, "permissions_boundary", false);
        let tags = self.tags(i, "tags");
        let mut inline = Vec::new();
        if let Attr::Known(blocks) = self.attr(i, "inline_policy") {
            for (b, block) in blocks.items().iter().enumerate() {
                let (Some(policy_name), Some(text)) = (
                    block.get("name").and_then(Json::as_str),
                    block.get("policy"),
                ) else {
                    continue;
                };
                if policy_name.is_empty() {
                    continue;
                }
                let path = format!("{}.inline_policy[{b}].policy", self.value_path(i, ""));
                if let Some(doc) = self.string_document(&path, text) {
                    inline.push((policy_name.to_owned(), doc));
                }
            }
        }
        let attached: Vec<String> = match self.attr(i, "managed_policy_arns") {
            Attr::Known(list) => list
                .items()
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let arn = match self.attr(i, "arn") {
            Attr::Known(json) => json.as_str().map(str::to_owned),
            _ => None,
        };
        let place = self.resource_place(i);
        self.inventory.merge_role(ImportedRole {
            name,
            path,
            arn,
            description,
            trust,
            inline,
            attached,
            attached_known: true,
            complete: true,
            boundary,
            tags,
            place: Some(place),
        });
    }

    fn string_document(&mut self, path: &str, json: &Json) -> Option<Document> {
        let text = json.as_str()?;
        let literal = self
            .file
            .text
            .get(json.span.start..json.span.end)
            .unwrap_or_default();
        let source = Source::Input {
            file: self.file.name.to_owned(),
            path: path.to_owned(),
        };
        Some(Document {
            text: text.to_owned(),
            place: self.place(path, json),
            origin: Origin::in_string(source, literal, json.span.start),
        })
    }

    fn role_policy(&mut self, i: usize) {
        let (Some(role), Some(name)) = (self.string(i, "role", true), self.string(i, "name", true))
        else {
            return;
        };
        let Some(doc) = self.document(i, "policy") else {
            return;
        };
        self.inventory
            .with_role(&role, |role| role.inline.push((name, doc)));
    }

    fn attachment(&mut self, i: usize) {
        let (Some(role), Some(arn)) = (
            self.string(i, "role", true),
            self.string(i, "policy_arn", true),
        ) else {
            return;
        };
        self.inventory.with_role(&role, |role| {
            if !role.attached.contains(&arn) {
                role.attached.push(arn);
            }
        });
    }

    fn profile(&mut self, i: usize) {
        let Some(name) = self.string(i, "name", true) else {
            return;
        };
        let path = self.string(i, "path", false);
        let roles: Vec<String> = self.string(i, "role", false).into_iter().collect();
        let tags = self.tags(i, "tags");
        let arn = match self.attr(i, "arn") {
            Attr::Known(json) => json.as_str().map(str::to_owned),
            _ => None,
        };
        let place = self.resource_place(i);
        self.inventory.add_profile(ImportedProfile {
            name,
            path,
            arn,
            roles,
            tags,
            place,
        });
    }

    /// The instance profile an instance or launch template names.
    fn instance(&mut self, i: usize) {
        let kind = self
            .resources
            .get(i)
            .map(|r| r.kind.clone())
            .unwrap_or_default();
        let profile = if kind == "aws_instance" {
            self.string(i, "iam_instance_profile", false)
        } else {
            match self.attr(i, "iam_instance_profile") {
                Attr::Known(blocks) => blocks.items().first().and_then(|b| {
                    let name = b
                        .get("name")
                        .and_then(Json::as_str)
                        .filter(|s| !s.is_empty());
                    let arn = b
                        .get("arn")
                        .and_then(Json::as_str)
                        .filter(|s| !s.is_empty());
                    name.or_else(|| arn.and_then(|a| a.rsplit('/').next()))
                        .map(str::to_owned)
                }),
                _ => None,
            }
        };
        let Some(profile) = profile else { return };
        let tags = self.tags(i, "tags");
        let place = self.resource_place(i);
        self.inventory.instances.push(ImportedInstance {
            name: self.address(i),
            profile,
            tags,
            place,
        });
    }
}
