//! The AWS CLI's IAM outputs, as `aws iam …` prints them: `get-account-authorization-details`,
//! `get-instance-profile`, `list-instance-profiles`, `get-role`, `list-roles`,
//! `get-role-policy`, `list-attached-role-policies`, `get-policy` and `get-policy-version`.
//! Which one a file is comes from its top-level keys. Fields iamplay does not use (dates, ids,
//! `RoleLastUsed`…) are skipped; a field it uses with the wrong type is an error at its place.
//! Policy documents are JSON objects as the CLI prints them, or strings (URL-encoded, as the
//! IAM API returns them, or not).

use super::inventory::{
    Document, ImportedPolicy, ImportedProfile, ImportedRole, Inventory, LooseAttachments,
    LooseVersion, Place,
};
use super::{ImportFile, ImportProblem};
use crate::json::{Json, JsonValue};
use crate::origin::{Origin, Source};

/// What each output is recognised by, for the message when a file is none of them.
const KNOWN: &str = "`get-account-authorization-details` (`RoleDetailList`, `Policies`), `get-instance-profile` (`InstanceProfile`), `list-instance-profiles` (`InstanceProfiles`), `get-role` (`Role`), `list-roles` (`Roles`), `get-role-policy` (`RoleName`, `PolicyName`, `PolicyDocument`), `list-attached-role-policies` (`AttachedPolicies`), `get-policy` (`Policy`) or `get-policy-version` (`PolicyVersion`)";

/// Reads one file's JSON into the inventory.
pub(super) fn read(inventory: &mut Inventory, file: &ImportFile<'_>, json: &Json) {
    let mut reader = Reader {
        file: *file,
        inventory,
    };
    reader.output(json);
}

struct Reader<'f, 'i> {
    file: ImportFile<'f>,
    inventory: &'i mut Inventory,
}

impl Reader<'_, '_> {
    fn place(&self, path: &str, json: &Json) -> Place {
        Place {
            file: self.file.name.to_owned(),
            path: path.to_owned(),
            span: json.span,
        }
    }

    fn problem(&mut self, path: &str, json: &Json, code: &'static str, message: String) {
        let problem = ImportProblem::error(self.file.name, path, json.span, code, message);
        self.inventory.problems.push(problem);
    }

    fn wrong_type(&mut self, path: &str, json: &Json, wanted: &str) {
        let message = format!(
            "`{path}` must be {wanted}, found {}",
            json.value.type_name()
        );
        self.problem(path, json, "wrong-type", message);
    }

    /// The string at `key` of `json`, if present; an error if it is not a string.
    fn text(&mut self, path: &str, json: &Json, key: &str) -> Option<String> {
        let value = json.get(key)?;
        match &value.value {
            JsonValue::String(s) => Some(s.clone()),
            _ => {
                self.wrong_type(&format!("{path}.{key}"), value, "a string");
                None
            }
        }
    }

    /// The string at `key`, which the output always has.
    fn required(&mut self, path: &str, json: &Json, key: &str) -> Option<String> {
        if json.get(key).is_none() {
            let message = format!("`{path}` has no `{key}`: it is not the AWS CLI's output");
            self.problem(path, json, "missing-field", message);
            return None;
        }
        self.text(path, json, key)
    }

    /// The items at `key` (an array), with their paths; none when absent.
    fn list<'j>(&mut self, path: &str, json: &'j Json, key: &str) -> Vec<(String, &'j Json)> {
        let Some(value) = json.get(key) else {
            return Vec::new();
        };
        let path = format!("{path}.{key}");
        match &value.value {
            JsonValue::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{path}[{i}]"), item))
                .collect(),
            _ => {
                self.wrong_type(&path, value, "an array");
                Vec::new()
            }
        }
    }

    /// An object, or an error.
    fn object(&mut self, path: &str, json: &Json) -> bool {
        let ok = matches!(json.value, JsonValue::Object(_));
        if !ok {
            self.wrong_type(path, json, "an object");
        }
        ok
    }

    /// A policy document: a JSON object, or a string holding one (URL-encoded or not).
    fn document(&mut self, path: &str, json: &Json) -> Option<Document> {
        let place = self.place(path, json);
        let source = Source::Input {
            file: self.file.name.to_owned(),
            path: path.to_owned(),
        };
        match &json.value {
            JsonValue::Object(_) => {
                let text = self.file.text.get(json.span.start..json.span.end)?;
                Some(Document {
                    text: text.to_owned(),
                    place,
                    origin: Origin::at(source, json.span.start),
                })
            }
            JsonValue::String(s) => {
                let literal = self.file.text.get(json.span.start..json.span.end);
                let (text, origin) = if s.trim_start().starts_with('{') {
                    let literal = literal.unwrap_or_default();
                    (
                        s.clone(),
                        Origin::in_string(source, literal, json.span.start),
                    )
                } else {
                    match percent_encoding::percent_decode_str(s).decode_utf8() {
                        Ok(decoded) => (
                            decoded.into_owned(),
                            Origin::encoded(source, json.span.start),
                        ),
                        Err(_) => {
                            let message = format!("`{path}` is URL-encoded, but not as UTF-8");
                            self.problem(path, json, "invalid-document", message);
                            return None;
                        }
                    }
                };
                Some(Document {
                    text,
                    place,
                    origin,
                })
            }
            _ => {
                self.wrong_type(path, json, "a policy document (an object or a string)");
                None
            }
        }
    }

    /// `Tags`: a list of `{"Key", "Value"}`.
    fn tags(&mut self, path: &str, json: &Json) -> Vec<(String, String)> {
        self.list(path, json, "Tags")
            .into_iter()
            .filter_map(|(path, tag)| {
                let key = self.required(&path, tag, "Key")?;
                let value = self.text(&path, tag, "Value").unwrap_or_default();
                Some((key, value))
            })
            .collect()
    }

    /// Which output the file is, from its top-level keys.
    fn output(&mut self, json: &Json) {
        let path = "$";
        if !self.object(path, json) {
            return;
        }
        let has = |key: &str| json.get(key).is_some();
        if has("RoleDetailList") || has("Policies") || has("UserDetailList") {
            self.authorization_details(json);
        } else if let Some(profile) = json.get("InstanceProfile") {
            self.profile("$.InstanceProfile", profile);
        } else if has("InstanceProfiles") {
            for (path, profile) in self.list(path, json, "InstanceProfiles") {
                self.profile(&path, profile);
            }
        } else if let Some(role) = json.get("Role") {
            self.role("$.Role", role);
        } else if has("Roles") {
            for (path, role) in self.list(path, json, "Roles") {
                self.role(&path, role);
            }
        } else if has("PolicyDocument") && has("RoleName") {
            self.role_policy(json);
        } else if has("AttachedPolicies") {
            self.attached(json);
        } else if let Some(policy) = json.get("Policy") {
            self.policy("$.Policy", policy);
        } else if let Some(version) = json.get("PolicyVersion") {
            self.version(version);
        } else {
            let message = format!(
                "`{}` is not an AWS CLI output iamplay imports: it should be {KNOWN}",
                self.file.name
            );
            self.problem(path, json, "unknown-output", message);
        }
    }

    fn authorization_details(&mut self, json: &Json) {
        if let Some(truncated) = json.get("IsTruncated")
            && truncated.value == JsonValue::Bool(true)
        {
            let message = "this output is one page of several (`IsTruncated` is true): what the other pages hold would be missing".to_owned();
            self.problem("$.IsTruncated", truncated, "truncated-output", message);
            if let Some(problem) = self.inventory.problems.last_mut() {
                problem.diagnostic = problem.diagnostic.clone().with_help(
                    "run `aws iam get-account-authorization-details` without `--max-items` or `--no-paginate`: the CLI then gathers every page",
                );
            }
        }
        for (path, policy) in self.list("$", json, "Policies") {
            self.policy(&path, policy);
        }
        for (path, role) in self.list("$", json, "RoleDetailList") {
            self.role(&path, role);
        }
    }

    /// A role, from `get-role`, `list-roles`, an instance profile's `Roles` or
    /// `RoleDetailList` (which adds its profiles, inline and attached policies).
    fn role(&mut self, path: &str, json: &Json) -> Option<String> {
        if !self.object(path, json) {
            return None;
        }
        let name = self.required(path, json, "RoleName")?;
        let arn = self.text(path, json, "Arn");
        if let Some(arn) = &arn {
            self.inventory.note_arn(arn);
        }
        let role_path = self.text(path, json, "Path");
        let description = self.text(path, json, "Description");
        let trust = json
            .get("AssumeRolePolicyDocument")
            .and_then(|doc| self.document(&format!("{path}.AssumeRolePolicyDocument"), doc));
        let tags = self.tags(path, json);
        let boundary = json.get("PermissionsBoundary").and_then(|b| {
            let bpath = format!("{path}.PermissionsBoundary");
            self.object(&bpath, b)
                .then(|| self.required(&bpath, b, "PermissionsBoundaryArn"))
                .flatten()
        });
        let inline: Vec<(String, Document)> = self
            .list(path, json, "RolePolicyList")
            .into_iter()
            .filter_map(|(ipath, item)| {
                let name = self.required(&ipath, item, "PolicyName")?;
                let doc = self.required_document(&ipath, item, "PolicyDocument")?;
                Some((name, doc))
            })
            .collect();
        let attached = json.get("AttachedManagedPolicies").map(|_| {
            self.list(path, json, "AttachedManagedPolicies")
                .into_iter()
                .filter_map(|(apath, item)| self.required(&apath, item, "PolicyArn"))
                .collect::<Vec<_>>()
        });
        let complete =
            json.get("RolePolicyList").is_some() && json.get("AttachedManagedPolicies").is_some();
        let place = self.place(path, json);
        self.inventory.merge_role(ImportedRole {
            name: name.clone(),
            path: role_path,
            arn,
            description,
            trust,
            inline,
            attached_known: attached.is_some(),
            attached: attached.unwrap_or_default(),
            complete,
            boundary,
            tags,
            place: Some(place),
        });
        for (ppath, profile) in self.list(path, json, "InstanceProfileList") {
            self.profile(&ppath, profile);
        }
        Some(name)
    }

    fn required_document(&mut self, path: &str, json: &Json, key: &str) -> Option<Document> {
        let Some(doc) = json.get(key) else {
            let message = format!("`{path}` has no `{key}`");
            self.problem(path, json, "missing-field", message);
            return None;
        };
        self.document(&format!("{path}.{key}"), doc)
    }

    /// An instance profile with its roles.
    fn profile(&mut self, path: &str, json: &Json) {
        if !self.object(path, json) {
            return;
        }
        let Some(name) = self.required(path, json, "InstanceProfileName") else {
            return;
        };
        let arn = self.text(path, json, "Arn");
        if let Some(arn) = &arn {
            self.inventory.note_arn(arn);
        }
        let profile_path = self.text(path, json, "Path");
        let tags = self.tags(path, json);
        let roles: Vec<String> = self
            .list(path, json, "Roles")
            .into_iter()
            .filter_map(|(rpath, role)| self.role(&rpath, role))
            .collect();
        let place = self.place(path, json);
        self.inventory.add_profile(ImportedProfile {
            name,
            path: profile_path,
            arn,
            roles,
            tags,
            place,
        });
    }

    /// `get-role-policy`: one inline policy of a named role.
    fn role_policy(&mut self, json: &Json) {
        let (Some(role), Some(name)) = (
            self.required("$", json, "RoleName"),
            self.required("$", json, "PolicyName"),
        ) else {
            return;
        };
        let Some(doc) = self.required_document("$", json, "PolicyDocument") else {
            return;
        };
        let place = self.place("$", json);
        self.inventory.with_role(&role, |role| {
            role.place.get_or_insert(place);
            match role.inline.iter_mut().find(|(n, _)| *n == name) {
                Some((_, known)) => *known = doc,
                None => role.inline.push((name, doc)),
            }
        });
    }

    /// `list-attached-role-policies`: the role is not named, so it waits for the end.
    fn attached(&mut self, json: &Json) {
        let arns = self
            .list("$", json, "AttachedPolicies")
            .into_iter()
            .filter_map(|(path, item)| self.required(&path, item, "PolicyArn"))
            .collect();
        let place = self.place("$.AttachedPolicies", json);
        self.inventory
            .loose_attachments
            .push(LooseAttachments { arns, place });
    }

    /// A managed policy: `get-policy`, or an item of `Policies` with its versions.
    fn policy(&mut self, path: &str, json: &Json) {
        if !self.object(path, json) {
            return;
        }
        let (Some(name), Some(arn)) = (
            self.required(path, json, "PolicyName"),
            self.required(path, json, "Arn"),
        ) else {
            return;
        };
        self.inventory.note_arn(&arn);
        let default_version = self.text(path, json, "DefaultVersionId");
        let mut document = None;
        for (vpath, version) in self.list(path, json, "PolicyVersionList") {
            let default = version.get("IsDefaultVersion");
            let is_default = match default.map(|d| &d.value) {
                Some(JsonValue::Bool(b)) => *b,
                _ => self.text(&vpath, version, "VersionId") == default_version,
            };
            if is_default {
                document = self.required_document(&vpath, version, "Document");
            }
        }
        let policy_path = self.text(path, json, "Path");
        let place = self.place(path, json);
        self.inventory.add_policy(ImportedPolicy {
            name,
            path: policy_path,
            arn,
            default_version,
            document,
            place,
        });
    }

    /// `get-policy-version`: the policy is not named, so it waits for the end.
    fn version(&mut self, json: &Json) {
        let path = "$.PolicyVersion";
        if !self.object(path, json) {
            return;
        }
        let Some(document) = self.required_document(path, json, "Document") else {
            return;
        };
        let version = self.text(path, json, "VersionId");
        let default = !matches!(
            json.get("IsDefaultVersion").map(|d| &d.value),
            Some(JsonValue::Bool(false))
        );
        self.inventory.loose_versions.push(LooseVersion {
            version,
            default,
            document,
        });
    }
}
