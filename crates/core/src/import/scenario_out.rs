//! From an inventory to an ordinary scenario for one instance profile: the profile, its role
//! with its trust policy, inline policies, attached managed policies and boundary, and the
//! customer managed policies they name. AWS managed policies come by ARN (the scenario's reader
//! takes their documents from AWS's managed-policy files). The scenario's description says
//! where each part came from. The scenario is read back before it is given: anything its reader
//! refuses is reported at the imported part it came from, and no scenario is given.

use super::ImportProblem;
use super::inventory::{Document, ImportedRole, Inventory, Place};
use crate::diagnostic::{Diagnostic, Severity, Stage};
use crate::managed::{ManagedPolicies, is_aws_managed};
use crate::span::Span;
use serde_json::{Map, Value, json};

/// The instance an imported scenario launches: imports carry no instance, so one in the
/// account's default region; edit it in the scenario.
const INSTANCE_ID: &str = "i-0123456789abcdef0";
const REGION: &str = "us-east-1";

/// A scenario made from an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedScenario {
    /// The instance profile it launches the instance with.
    pub profile: String,
    /// The scenario document, pretty-printed JSON.
    pub text: String,
    /// Warnings: what the import may not have held (e.g. a role from `get-role` alone, whose
    /// attached policies were not listed).
    pub warnings: Vec<ImportProblem>,
}

/// An import problem that is not at a place in one file.
fn unplaced(code: &'static str, message: String, help: &str) -> ImportProblem {
    ImportProblem {
        file: String::new(),
        path: String::new(),
        diagnostic: Diagnostic::new(
            Stage::Import,
            Severity::Error,
            code,
            message,
            Span::new(0, 0),
        )
        .with_help(help),
    }
}

fn placed(place: &Place, code: &'static str, message: String) -> ImportProblem {
    ImportProblem::error(&place.file, &place.path, place.span, code, message)
}

/// `(path, name)` of a customer managed policy's ARN: `arn:aws:iam::1:policy/a/b/N` →
/// (`/a/b/`, `N`).
fn path_and_name(arn: &str) -> (String, String) {
    let rest = arn.split_once(":policy").map_or("/", |(_, rest)| rest);
    match rest.rsplit_once('/') {
        Some((path, name)) => (format!("{path}/"), name.to_owned()),
        None => ("/".to_owned(), rest.to_owned()),
    }
}

fn tags(tags: &[(String, String)]) -> Value {
    Value::Object(
        tags.iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect(),
    )
}

/// Builds the scenario's JSON, collecting problems and, for each part, the scenario path it is
/// written at and the place it came from.
struct Writer<'i> {
    inventory: &'i Inventory,
    managed: &'i dyn ManagedPolicies,
    problems: Vec<ImportProblem>,
    warnings: Vec<ImportProblem>,
    places: Vec<(String, Place)>,
    sources: Vec<String>,
}

impl Writer<'_> {
    fn document(&mut self, scenario_path: String, doc: &Document) -> Value {
        self.places.push((scenario_path, doc.place.clone()));
        match serde_json::from_str::<Value>(&doc.text) {
            Ok(value) => value,
            Err(error) => {
                let message = format!(
                    "`{}` is not a JSON policy document: {error}",
                    doc.place.path
                );
                self.problems
                    .push(placed(&doc.place, "invalid-document", message));
                Value::Null
            }
        }
    }

    fn role(&mut self, role: &ImportedRole) -> Value {
        let mut out = Map::new();
        out.insert("name".into(), Value::String(role.name.clone()));
        if let Some(path) = &role.path {
            out.insert("path".into(), Value::String(path.clone()));
        }
        if let Some(description) = role.description.as_ref().filter(|d| !d.is_empty()) {
            out.insert("description".into(), Value::String(description.clone()));
        }
        let base = "$.account.roles[0]";
        match &role.trust {
            Some(trust) => {
                let value = self.document(format!("{base}.trustPolicy"), trust);
                out.insert("trustPolicy".into(), value);
            }
            None => {
                let message = format!(
                    "the import has no trust policy (`AssumeRolePolicyDocument`) for role `{}`",
                    role.name
                );
                self.problems.push(unplaced(
                    "missing-document",
                    message,
                    "add the role's `aws iam get-role` output",
                ));
            }
        }
        if !role.inline.is_empty() {
            let mut inline = Map::new();
            for (name, doc) in &role.inline {
                let value = self.document(format!("{base}.inlinePolicies.{name}"), doc);
                inline.insert(name.clone(), value);
            }
            out.insert("inlinePolicies".into(), Value::Object(inline));
        }
        if !role.attached.is_empty() {
            out.insert("managedPolicies".into(), json!(role.attached));
        }
        if let Some(boundary) = &role.boundary {
            out.insert(
                "permissionsBoundary".into(),
                Value::String(boundary.clone()),
            );
        }
        if !role.tags.is_empty() {
            out.insert("tags".into(), tags(&role.tags));
        }
        if let Some(place) = &role.place {
            self.places.push((base.to_owned(), place.clone()));
            self.sources
                .push(format!("role `{}` from {place}", role.name));
        }
        if !role.complete {
            let listed = if role.attached_known {
                "the managed policies `list-attached-role-policies` listed"
            } else {
                "no managed policies (no `list-attached-role-policies` output was imported)"
            };
            let message = format!(
                "role `{}` was not imported from `get-account-authorization-details`: the scenario has the inline policies of the `get-role-policy` outputs imported and {listed}",
                role.name
            );
            let place = role.place.clone().unwrap_or_else(|| Place {
                file: String::new(),
                path: String::new(),
                span: Span::new(0, 0),
            });
            let mut warning = placed(&place, "incomplete-role", message);
            warning.diagnostic.severity = Severity::Warning;
            self.warnings.push(warning);
        }
        Value::Object(out)
    }

    /// The managed policies the role attaches or uses as its boundary, as the scenario's
    /// `account.managedPolicies`: customer managed ones with their documents, and AWS managed
    /// ones only when AWS's managed-policy files do not have them but the import does.
    fn managed_policies(&mut self, role: &ImportedRole) -> Vec<Value> {
        let mut out = Vec::new();
        let mut seen: Vec<&String> = Vec::new();
        for arn in role.attached.iter().chain(&role.boundary) {
            if seen.contains(&arn) {
                continue;
            }
            seen.push(arn);
            let index = out.len();
            let imported = self.inventory.policy(arn);
            let document = imported.and_then(|p| p.document.as_ref());
            if is_aws_managed(arn) {
                match (self.managed.document(arn), document) {
                    (Some(_), _) => {}
                    (None, Some(doc)) => {
                        let path = format!("$.account.managedPolicies[{index}].document");
                        let value = self.document(path, doc);
                        out.push(json!({ "arn": arn, "document": value }));
                    }
                    (None, None) => self.problems.push(unplaced(
                        "missing-document",
                        format!("`{arn}` is not among AWS's managed policies iamplay has, and the import does not hold its document"),
                        "import `get-account-authorization-details` with `--filter AWSManagedPolicy` (and the other filters) to bring its document",
                    )),
                }
                continue;
            }
            let Some(doc) = document else {
                let message = format!(
                    "role `{}` attaches `{arn}`, and the import does not hold its document",
                    role.name
                );
                self.problems.push(unplaced(
                    "missing-document",
                    message,
                    &format!("add `aws iam get-policy --policy-arn {arn}` and `aws iam get-policy-version --policy-arn {arn} --version-id DEFAULT_VERSION` outputs, or import `get-account-authorization-details`"),
                ));
                continue;
            };
            let (derived_path, name) = path_and_name(arn);
            let path = imported
                .and_then(|p| p.path.clone())
                .unwrap_or(derived_path);
            if let Some(policy) = imported {
                self.sources
                    .push(format!("policy `{name}` from {}", policy.place));
            }
            let value = self.document(format!("$.account.managedPolicies[{index}].document"), doc);
            out.push(json!({ "name": name, "path": path, "document": value }));
        }
        out
    }

    /// The scenario's instance profile; a role imported without one gets one named after it.
    fn profile(
        &mut self,
        name: &str,
        profile: Option<&super::ImportedProfile>,
    ) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("name".into(), Value::String(name.to_owned()));
        match profile {
            Some(p) => {
                if let Some(path) = &p.path {
                    out.insert("path".into(), Value::String(path.clone()));
                }
                out.insert("roles".into(), json!(p.roles));
                if !p.tags.is_empty() {
                    out.insert("tags".into(), tags(&p.tags));
                }
                self.places
                    .push(("$.account.instanceProfiles[0]".to_owned(), p.place.clone()));
                self.sources
                    .insert(0, format!("instance profile `{name}` from {}", p.place));
            }
            None => {
                out.insert("roles".into(), json!([name]));
                self.sources.insert(
                    0,
                    format!("no instance profile was imported: profile `{name}` is named after its role, as the EC2 console names the profile it makes for a role"),
                );
            }
        }
        out
    }

    /// The scenario's instance, with the tags of an imported instance that names the profile,
    /// and what of it is a stand-in.
    fn instance(&mut self, name: &str) -> (Value, &'static str) {
        let mut instance = json!({
            "id": INSTANCE_ID,
            "region": REGION,
            "instanceProfile": name,
        });
        let launched = self
            .inventory
            .instances
            .iter()
            .find(|i| i.profile.eq_ignore_ascii_case(name));
        let stand_in = match launched {
            Some(launched) => {
                if let (false, Some(fields)) = (launched.tags.is_empty(), instance.as_object_mut())
                {
                    fields.insert("tags".into(), tags(&launched.tags));
                }
                self.sources.push(format!(
                    "instance `{}` from {}",
                    launched.name, launched.place
                ));
                "The instance's id, region and VPC are stand-ins"
            }
            None => "The instance is a stand-in: set its id, region, VPC and tags as yours are",
        };
        (instance, stand_in)
    }
}

impl Inventory {
    /// The names of the imported instance profiles, in order.
    pub fn profile_names(&self) -> Vec<&str> {
        self.profiles.iter().map(|p| p.name.as_str()).collect()
    }

    /// The scenario for the instance profile `profile` (or the only one imported), with
    /// AWS managed policies' documents from `managed`. Every problem when it cannot be made.
    pub fn scenario(
        &self,
        profile: Option<&str>,
        managed: &dyn ManagedPolicies,
    ) -> Result<ImportedScenario, Vec<ImportProblem>> {
        if self.has_errors() {
            return Err(self.problems.clone());
        }
        let (name, profile) = self.pick(profile)?;
        let Some((partition, account)) = self.account.clone() else {
            return Err(vec![unplaced(
                "no-account",
                "no ARN in the import names the account".to_owned(),
                "add the role's `aws iam get-role` output: its `Arn` names the account",
            )]);
        };
        let mut writer = Writer {
            inventory: self,
            managed,
            problems: Vec::new(),
            warnings: Vec::new(),
            places: Vec::new(),
            sources: Vec::new(),
        };
        let wanted = profile.map_or_else(
            || self.roles.first().map(|r| r.name.clone()),
            |p| p.roles.first().cloned(),
        );
        let role = match wanted {
            Some(wanted) => match self.role(&wanted) {
                Some(role) => Some(role),
                None => {
                    return Err(vec![unplaced(
                        "missing-role",
                        format!(
                            "instance profile `{name}` holds role `{wanted}`, and the import does not describe it"
                        ),
                        "add the role's `aws iam get-role` output, or import `get-account-authorization-details`",
                    )]);
                }
            },
            None => None,
        };
        let roles: Vec<Value> = role.iter().map(|r| writer.role(r)).collect();
        let managed_policies = role.map(|r| writer.managed_policies(r)).unwrap_or_default();
        let mut account_json = Map::new();
        account_json.insert("id".into(), Value::String(account));
        if partition != "aws" {
            account_json.insert("partition".into(), Value::String(partition));
        }
        if !managed_policies.is_empty() {
            account_json.insert("managedPolicies".into(), Value::Array(managed_policies));
        }
        account_json.insert("roles".into(), Value::Array(roles));
        let profile_json = writer.profile(&name, profile);
        account_json.insert("instanceProfiles".into(), json!([profile_json]));
        let (instance, stand_in) = writer.instance(&name);
        if self.stand_in_account {
            writer.sources.push(format!(
                "no ARN in the import names the account, so {} stands in",
                super::terraform::STAND_IN_ACCOUNT
            ));
        }
        if !writer.problems.is_empty() {
            return Err(writer.problems);
        }
        let description = format!("Imported: {}. {stand_in}.", writer.sources.join("; "));
        let scenario = json!({
            "scenarioVersion": crate::scenario::SCENARIO_VERSION,
            "name": format!("Instance profile {name} (imported)"),
            "description": description,
            "account": Value::Object(account_json),
            "instance": instance,
            "requests": [],
        });
        let text = serde_json::to_string_pretty(&scenario).unwrap_or_default();
        let read = crate::scenario::read_scenario_with(&text, managed);
        let refused: Vec<ImportProblem> = read
            .problems
            .iter()
            .filter(|p| p.diagnostic.severity == Severity::Error)
            .map(|p| refused(&writer.places, &p.path, &p.diagnostic))
            .collect();
        if !refused.is_empty() {
            return Err(refused);
        }
        let mut warnings: Vec<ImportProblem> = self
            .problems
            .iter()
            .filter(|p| p.diagnostic.severity == Severity::Warning)
            .cloned()
            .collect();
        warnings.extend(writer.warnings);
        Ok(ImportedScenario {
            profile: name,
            text,
            warnings,
        })
    }

    /// The profile to import: the one named, or the only one; with no profile at all, the
    /// only role, in a profile named after it.
    fn pick(
        &self,
        wanted: Option<&str>,
    ) -> Result<(String, Option<&super::ImportedProfile>), Vec<ImportProblem>> {
        let names = || self.profile_names().join(", ");
        match (wanted, &self.profiles[..], &self.roles[..]) {
            (Some(wanted), _, _) => match self.profile(wanted) {
                Some(p) => Ok((p.name.clone(), Some(p))),
                None => Err(vec![unplaced(
                    "no-such-profile",
                    format!("the import has no instance profile named `{wanted}`"),
                    &format!(
                        "it has: {}",
                        if self.profiles.is_empty() {
                            "none".to_owned()
                        } else {
                            names()
                        }
                    ),
                )]),
            },
            (None, [one], _) => Ok((one.name.clone(), Some(one))),
            (None, [_, _, ..], _) if self.launched_profile().is_some() => {
                let profile = self.launched_profile();
                Ok((profile.map(|p| p.name.clone()).unwrap_or_default(), profile))
            }
            (None, [], [role]) => Ok((role.name.clone(), None)),
            (None, [], _) => Err(vec![unplaced(
                "no-profile",
                format!(
                    "the import has no instance profile, and {} roles",
                    self.roles.len()
                ),
                "add the profile's `aws iam get-instance-profile` output, or import `get-account-authorization-details`",
            )]),
            (None, _, _) => Err(vec![unplaced(
                "choose-profile",
                format!(
                    "the import has {} instance profiles: choose one",
                    self.profiles.len()
                ),
                &format!(
                    "name it with `--profile NAME`; the profiles are {}",
                    names()
                ),
            )]),
        }
    }
}

impl Inventory {
    /// The one imported profile that imported instances or launch templates name, if one.
    fn launched_profile(&self) -> Option<&super::ImportedProfile> {
        let mut named = self
            .instances
            .iter()
            .filter_map(|i| self.profile(&i.profile));
        let first = named.next()?;
        named.all(|p| p.name == first.name).then_some(first)
    }
}

/// A problem the scenario's reader found, placed at the imported part it came from.
fn refused(places: &[(String, Place)], path: &str, diagnostic: &Diagnostic) -> ImportProblem {
    let found = places
        .iter()
        .filter(|(prefix, _)| path.starts_with(prefix.as_str()))
        .max_by_key(|(prefix, _)| prefix.len());
    let message = format!("{} (the scenario's `{path}`)", diagnostic.message);
    match found {
        Some((_, place)) => ImportProblem::error(
            &place.file,
            &place.path,
            place.span,
            diagnostic.code,
            message,
        ),
        None => unplaced(
            diagnostic.code,
            message,
            "the import gives this part no place",
        ),
    }
}
