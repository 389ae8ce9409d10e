//! Suggestions for a request: actions from AWS's catalogue as they are typed, resources from the
//! action's resource types and from the ARNs the scenario's policies name.

use iamplay_core::catalog::catalog;

/// At most this many suggestions are offered at once.
pub const LIMIT: usize = 40;

/// Actions starting with what is typed (`s3:Put` → `s3:PutObject`, …; `s3` → `s3:…`), in
/// catalogue order.
pub fn actions(typed: &str) -> Vec<String> {
    let typed = typed.trim().to_ascii_lowercase();
    if typed.is_empty() {
        return Vec::new();
    }
    let (service, name) = typed.split_once(':').unwrap_or((typed.as_str(), ""));
    let exact = typed.contains(':');
    let mut found = Vec::new();
    for s in &catalog().services {
        let prefix = s.prefix.to_ascii_lowercase();
        if (exact && prefix != service) || (!exact && !prefix.starts_with(service)) {
            continue;
        }
        for a in &s.actions {
            if a.name.to_ascii_lowercase().starts_with(name) {
                found.push(format!("{}:{}", s.prefix, a.name));
                if found.len() == LIMIT {
                    return found;
                }
            }
        }
    }
    found
}

/// Why an action cannot be asked about as typed, if it cannot.
pub fn action_hint(action: &str) -> Option<String> {
    if action.contains(['*', '?']) {
        return Some(
            "a request names one action: wildcards belong in policies, not in requests".to_owned(),
        );
    }
    if !action.is_empty() && catalog().action(action).is_none() {
        return Some(format!("`{action}` is not an action in AWS's catalogue"));
    }
    None
}

/// ARNs for a request on `action`: the ARNs the scenario's policies name for its service, then
/// the action's resource types' ARN templates in the account and region.
pub fn resources(action: &str, account: &str, region: &str, named: &[String]) -> Vec<String> {
    let Some((service, found)) = catalog().action(action) else {
        return Vec::new();
    };
    let mut out: Vec<String> = named
        .iter()
        .filter(|arn| arn.split(':').nth(2) == Some(service.prefix))
        .cloned()
        .collect();
    for (name, _) in found.resource_types() {
        if let Some(kind) = service.resource_types.iter().find(|r| r.name == name) {
            let arn = kind
                .arn
                .replace("${Partition}", "aws")
                .replace("${Region}", region)
                .replace("${Account}", account);
            if !out.contains(&arn) {
                out.push(arn);
            }
        }
    }
    out.truncate(LIMIT);
    out
}

/// The ARNs written in some texts (policies), each once, without wildcards.
pub fn arns<'a>(texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::new();
    for text in texts {
        for piece in text.split('"') {
            if piece.starts_with("arn:")
                && !piece.contains(['*', '?', '$'])
                && !out.iter().any(|a| a == piece)
            {
                out.push(piece.to_owned());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_complete_from_the_catalogue() {
        let put = actions("s3:PutObj");
        assert!(put.contains(&"s3:PutObject".to_owned()), "{put:?}");
        assert!(
            put.iter()
                .all(|a| a.to_ascii_lowercase().starts_with("s3:putobj"))
        );
        assert!(actions("s3").iter().any(|a| a.starts_with("s3:")));
        assert!(actions("").is_empty());
        assert!(actions("s3:").len() <= LIMIT);
    }

    #[test]
    fn wildcards_and_unknown_actions_get_a_hint() {
        assert!(action_hint("s3:*").is_some_and(|h| h.contains("wildcards")));
        assert!(action_hint("s3:GetObjekt").is_some());
        assert_eq!(action_hint("s3:GetObject"), None);
    }

    #[test]
    fn resources_come_from_the_policies_then_the_resource_types() {
        let named = arns([
            "{\"Resource\": [\"arn:aws:s3:::my-bucket/*\", \"arn:aws:s3:::my-bucket/a.txt\", \"arn:aws:sqs:us-east-1:1:q\"]}",
        ]);
        assert_eq!(
            named,
            vec!["arn:aws:s3:::my-bucket/a.txt", "arn:aws:sqs:us-east-1:1:q"]
        );
        let got = resources("s3:PutObject", "111122223333", "us-east-1", &named);
        assert_eq!(got[0], "arn:aws:s3:::my-bucket/a.txt");
        assert!(got.iter().any(|a| a.contains("${BucketName}")), "{got:?}");
        let queue = resources("sqs:SendMessage", "111122223333", "us-east-1", &named);
        assert!(
            queue
                .iter()
                .any(|a| a.starts_with("arn:aws:sqs:us-east-1:111122223333:")),
            "{queue:?}"
        );
    }
}
