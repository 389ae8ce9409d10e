//! Requests AWS never sends: an action on a resource none of its resource types can be (the
//! console's "resource type not applicable", e.g. `s3:PutObject` on a bucket rather than an
//! object). The engine still decides such a request as written, and says so.

use crate::catalog::{catalog, is_loaded};

/// Why AWS never sends `action` on `resource`, when AWS's catalogue says so.
pub fn not_applicable(action: &str, resource: &str) -> Option<String> {
    if !is_loaded() || resource == "*" || !resource.starts_with("arn:") {
        return None;
    }
    let (service, found) = catalog().action(action)?;
    let types: Vec<_> = found
        .resource_types()
        .filter_map(|(name, _)| service.resource_types.iter().find(|t| t.name == name))
        .collect();
    if types.is_empty() || types.iter().any(|t| could_be(t.arn, resource)) {
        return None;
    }
    let names: Vec<String> = types
        .iter()
        .map(|t| format!("{} (`{}`)", t.name, t.arn))
        .collect();
    Some(format!(
        "AWS never sends this request: `{}:{}` acts on {}, and `{resource}` is none of them (resource type not applicable)",
        service.prefix,
        found.name,
        names.join(" or ")
    ))
}

/// The resource part of an ARN: what follows its fifth `:`.
fn resource_part(arn: &str) -> &str {
    arn.splitn(6, ':').nth(5).unwrap_or_default()
}

/// Whether `arn` can be a resource of the type whose ARN template is `template`: the template
/// with each `${…}` as a wildcard matches it, and a `/` in the resource part is only where the
/// template has one, or a placeholder that can hold one (a path, an object name, a key).
fn could_be(template: &str, arn: &str) -> bool {
    if !crate::arn::ArnPattern::new(&crate::catalog::placeholders_to_wildcards(template))
        .matches(arn)
    {
        return false;
    }
    let part = resource_part(template);
    let pathlike = ["Path", "ObjectName", "Key", "Prefix"]
        .iter()
        .any(|name| part.contains(name));
    part.contains('/') || pathlike || !resource_part(arn).contains('/')
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_object_action_on_a_bucket_is_not_applicable() {
        let why = super::not_applicable("s3:PutObject", "arn:aws:s3:::my-bucket");
        assert!(
            why.is_some_and(|w| w.contains("resource type not applicable") && w.contains("object"))
        );
        assert_eq!(
            super::not_applicable("s3:PutObject", "arn:aws:s3:::my-bucket/key"),
            None
        );
        assert_eq!(
            super::not_applicable("s3:ListBucket", "arn:aws:s3:::my-bucket"),
            None
        );
        assert!(super::not_applicable("s3:ListBucket", "arn:aws:s3:::my-bucket/key").is_some());
        assert_eq!(
            super::not_applicable("s3:ListAllMyBuckets", "arn:aws:s3:::b"),
            None
        );
        assert_eq!(super::not_applicable("s3:PutObject", "*"), None);
    }
}
