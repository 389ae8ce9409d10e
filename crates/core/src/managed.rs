//! AWS managed policies: their documents are not part of the engine. `cargo xtask codegen`
//! writes them as files (`index.json` and one file per policy at its ARN's path), which the web
//! site serves on demand and the CLI embeds; a scenario that attaches
//! `arn:aws:iam::aws:policy/…` resolves it through a [`ManagedPolicies`] source.

use std::collections::BTreeMap;

/// The folder of the generated files, relative to the repository.
pub const FOLDER: &str = "crates/core/data/managed-policies";

/// Where AWS managed policies' documents come from.
pub trait ManagedPolicies {
    /// The document of the default version of the AWS managed policy with this ARN.
    fn document(&self, arn: &str) -> Option<&str>;
}

/// No source: only documents a scenario embeds are known.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoManagedPolicies;

impl ManagedPolicies for NoManagedPolicies {
    fn document(&self, _: &str) -> Option<&str> {
        None
    }
}

/// Documents by ARN, e.g. fetched by the web site.
impl ManagedPolicies for BTreeMap<String, String> {
    fn document(&self, arn: &str) -> Option<&str> {
        self.get(arn).map(String::as_str)
    }
}

/// Whether an ARN names an AWS managed policy (`arn:PARTITION:iam::aws:policy/…`).
pub fn is_aws_managed(arn: &str) -> bool {
    file_of(arn).is_some()
}

/// The file an AWS managed policy's document is in, relative to the folder:
/// `arn:aws:iam::aws:policy/service-role/X` → `policy/service-role/X.json`. `None` for other
/// ARNs and for names IAM would not accept (so the result is safe as a URL or a path).
pub fn file_of(arn: &str) -> Option<String> {
    let rest = arn.strip_prefix("arn:")?;
    let (partition, rest) = rest.split_once(':')?;
    if !partition.starts_with("aws") {
        return None;
    }
    let relative = rest.strip_prefix("iam::aws:")?;
    let name = relative.strip_prefix("policy/")?;
    let valid = |segment: &str| {
        !segment.is_empty()
            && segment
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c))
            && segment != "."
            && segment != ".."
    };
    if !name.split('/').all(valid) {
        return None;
    }
    Some(format!("{relative}.json"))
}

/// Every AWS managed policy ARN a scenario document attaches to a role or uses as a boundary
/// without embedding its document (under `account.managedPolicies`), in order of first
/// appearance. A document that does not parse names none.
pub fn references(text: &str) -> Vec<String> {
    use crate::json::{Json, Limits, parse};
    fn list<'j>(json: &'j Json, key: &str) -> &'j [Json] {
        json.get(key).map_or(&[], Json::items)
    }
    let Some(root) = parse(text, Limits::default()).0 else {
        return Vec::new();
    };
    let Some(account) = root.get("account") else {
        return Vec::new();
    };
    let embedded: Vec<&str> = list(account, "managedPolicies")
        .iter()
        .filter_map(|p| p.get("arn").and_then(Json::as_str))
        .collect();
    let mut found: Vec<String> = Vec::new();
    for role in list(account, "roles") {
        let attached = list(role, "managedPolicies").iter();
        for arn in attached
            .chain(role.get("permissionsBoundary"))
            .filter_map(Json::as_str)
        {
            if is_aws_managed(arn) && !embedded.contains(&arn) && !found.iter().any(|f| f == arn) {
                found.push(arn.to_owned());
            }
        }
    }
    found
}

/// One entry of the generated `index.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// The policy's name.
    pub name: String,
    /// Its ARN.
    pub arn: String,
    /// Its default version, e.g. `v3`.
    pub version: String,
}

/// Reads the generated `index.json`: every AWS managed policy, by name. Entries it cannot read
/// are skipped.
pub fn read_index(text: &str) -> Vec<IndexEntry> {
    use crate::json::{Json, Limits, parse};
    let limits = Limits {
        max_bytes: 4 * 1024 * 1024,
        max_depth: 8,
    };
    let Some(root) = parse(text, limits).0 else {
        return Vec::new();
    };
    root.get("policies")
        .map_or(&[][..], Json::items)
        .iter()
        .filter_map(|entry| {
            let get = |key: &str| entry.get(key).and_then(Json::as_str).map(str::to_owned);
            Some(IndexEntry {
                name: get("name")?,
                arn: get("arn")?,
                version: get("version")?,
            })
        })
        .collect()
}

/// The documents of the AWS managed policies a scenario text names, read from a folder of the
/// generated files (for native tools and tests); policies without a file are left out.
pub fn read_folder(folder: &std::path::Path, text: &str) -> BTreeMap<String, String> {
    references(text)
        .into_iter()
        .filter_map(|arn| {
            let file = file_of(&arn)?;
            let document = std::fs::read_to_string(folder.join(file)).ok()?;
            Some((arn, document))
        })
        .collect()
}

/// The generated files in this repository, for tests.
#[cfg(test)]
pub(crate) fn repository_files(text: &str) -> BTreeMap<String, String> {
    read_folder(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/managed-policies"
        )),
        text,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_index_reads() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/managed-policies/index.json"
        ))
        .unwrap();
        let index = read_index(&text);
        assert_eq!(index.len(), 1594);
        let ssm = index
            .iter()
            .find(|e| e.name == "AmazonSSMManagedInstanceCore")
            .unwrap();
        assert_eq!(
            ssm.arn,
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
        );
        assert!(index.iter().all(|e| file_of(&e.arn).is_some()));
        assert!(read_index("{\"policies\": 1}").is_empty());
    }

    #[test]
    fn aws_managed_arns_map_to_files_at_their_paths() {
        assert_eq!(
            file_of("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess").as_deref(),
            Some("policy/AmazonS3ReadOnlyAccess.json")
        );
        assert_eq!(
            file_of("arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM").as_deref(),
            Some("policy/service-role/AmazonEC2RoleforSSM.json")
        );
        assert_eq!(file_of("arn:aws:iam::123456789012:policy/mine"), None);
        assert_eq!(file_of("arn:aws:iam::aws:policy/../index"), None);
        assert_eq!(file_of("arn:aws:iam::aws:policy/a%2F"), None);
        assert_eq!(file_of("arn:aws:iam::aws:policy/"), None);
    }

    #[test]
    fn references_are_the_attached_aws_managed_policies_not_embedded() {
        let text = r#"{"account": {
            "managedPolicies": [{"arn": "arn:aws:iam::aws:policy/Embedded", "document": {}}],
            "roles": [
              {"managedPolicies": ["arn:aws:iam::aws:policy/B", "arn:aws:iam::1:policy/x",
                "arn:aws:iam::aws:policy/Embedded"], "permissionsBoundary": "arn:aws:iam::aws:policy/job-function/A"},
              {"managedPolicies": ["arn:aws:iam::aws:policy/B"]}]}}"#;
        assert_eq!(
            references(text),
            [
                "arn:aws:iam::aws:policy/B",
                "arn:aws:iam::aws:policy/job-function/A"
            ]
        );
        assert!(references("{\"account\": ").is_empty());
    }
}
