//! Requests AWS never sends: an action on a resource none of its resource types can be (the
//! console's "resource type not applicable", e.g. `s3:PutObject` on a bucket rather than an
//! object). The engine still decides such a request as written, and says so.

use crate::catalog::{
    catalog, is_loaded, placeholders_to_wildcards, resource_types_complete, slashes_in_resource,
};

/// Why AWS never sends `action` on `resource`, when AWS's catalogue says so.
pub fn not_applicable(action: &str, resource: &str) -> Option<String> {
    if !is_loaded() || resource == "*" || !resource.starts_with("arn:") {
        return None;
    }
    let (service, found) = catalog().action(action)?;
    if !resource_types_complete(service.prefix) {
        return None;
    }
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

/// Whether `arn` can be a resource of the type whose ARN template is `template`: the template
/// with each `${…}` as a wildcard matches it, and its resource part has as many `/` as the type's
/// ARNs have, where that is fixed (a bucket has none).
fn could_be(template: &str, arn: &str) -> bool {
    crate::arn::ArnPattern::new(&placeholders_to_wildcards(template)).matches(arn)
        && slashes_in_resource(template).is_none_or(|slashes| {
            arn.splitn(6, ':')
                .nth(5)
                .unwrap_or_default()
                .matches('/')
                .count()
                == slashes
        })
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
        // A log group's name holds `/`; a DynamoDB table's does not.
        assert_eq!(
            super::not_applicable(
                "logs:CreateLogGroup",
                "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/app"
            ),
            None
        );
        let index = "arn:aws:dynamodb:us-east-1:111122223333:table/Books/index/ByAuthor";
        assert!(super::not_applicable("dynamodb:GetItem", index).is_some());
        assert_eq!(super::not_applicable("dynamodb:Query", index), None);
        // The catalogue lists only the classic load balancer for ELB's AddTags.
        let group = "arn:aws:elasticloadbalancing:us-east-1:111122223333:targetgroup/web/0123";
        assert_eq!(
            super::not_applicable("elasticloadbalancing:AddTags", group),
            None
        );
    }
}
