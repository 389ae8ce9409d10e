//! IAM's own rules for names, paths, tags and policy text, with the errors IAM returns.

use super::IamError;

pub use super::quotas::{
    MAX_DESCRIPTION, MAX_INSTANCE_PROFILE_NAME, MAX_PATH, MAX_POLICY_NAME, MAX_ROLE_NAME,
    MAX_TAG_KEY, MAX_TAG_VALUE, MAX_TAGS,
};

/// `[\w+=,.@-]+` of at most `max` characters.
pub fn check_name(what: &str, name: &str, max: usize) -> Result<(), IamError> {
    if name.is_empty() || name.chars().count() > max {
        return Err(IamError::InvalidInput(format!(
            "{what} `{name}` must be 1 to {max} characters long"
        )));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_+=,.@-".contains(*c)))
    {
        return Err(IamError::InvalidInput(format!(
            "{what} `{name}` contains `{bad}`; names may use letters, digits and _+=,.@-"
        )));
    }
    Ok(())
}

/// `/` or `/…/` of printable ASCII (U+0021–U+007E), at most [`MAX_PATH`] characters.
pub fn check_path(path: &str) -> Result<(), IamError> {
    let ok_chars = path.chars().all(|c| ('\u{21}'..='\u{7e}').contains(&c));
    if path.is_empty()
        || path.len() > MAX_PATH
        || !path.starts_with('/')
        || !path.ends_with('/')
        || !ok_chars
    {
        return Err(IamError::InvalidInput(format!(
            "path `{path}` must start and end with `/`, use printable ASCII without spaces, and be at most {MAX_PATH} characters"
        )));
    }
    Ok(())
}

/// Policy text may hold only tab, LF, CR and U+0020–U+00FF.
pub fn check_policy_characters(text: &str) -> Result<(), IamError> {
    match text
        .chars()
        .find(|&c| !(matches!(c, '\t' | '\n' | '\r') || ('\u{20}'..='\u{ff}').contains(&c)))
    {
        Some(bad) => Err(IamError::MalformedPolicyDocument(format!(
            "policy text contains U+{:04X}; IAM accepts only tab, line feed, carriage return and U+0020 to U+00FF",
            u32::from(bad)
        ))),
        None => Ok(()),
    }
}

/// The size IAM counts against its quotas: characters, whitespace not counted.
pub fn policy_size(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Tag keys and values: letters, digits, spaces and `_.:/=+-@`; keys may not start with `aws:`.
pub fn check_tag(key: &str, value: &str) -> Result<(), IamError> {
    let allowed = |c: char| c.is_alphanumeric() || c.is_whitespace() || "_.:/=+-@".contains(c);
    if key.is_empty() || key.chars().count() > MAX_TAG_KEY || !key.chars().all(allowed) {
        return Err(IamError::InvalidInput(format!(
            "tag key `{key}` must be 1 to {MAX_TAG_KEY} letters, digits, spaces or _.:/=+-@"
        )));
    }
    if key.to_ascii_lowercase().starts_with("aws:") {
        return Err(IamError::InvalidInput(format!(
            "tag key `{key}` uses the reserved prefix `aws:`"
        )));
    }
    if value.chars().count() > MAX_TAG_VALUE || !value.chars().all(allowed) {
        return Err(IamError::InvalidInput(format!(
            "tag value `{value}` must be at most {MAX_TAG_VALUE} letters, digits, spaces or _.:/=+-@"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_iam_rules() {
        assert!(check_name("role name", "aws-elasticbeanstalk-ec2-role", MAX_ROLE_NAME).is_ok());
        assert!(check_name("role name", "a+b=c,d.e@f_g-h", MAX_ROLE_NAME).is_ok());
        assert!(check_name("role name", "", MAX_ROLE_NAME).is_err());
        assert!(check_name("role name", &"r".repeat(65), MAX_ROLE_NAME).is_err());
        assert!(
            check_name(
                "instance profile name",
                &"p".repeat(128),
                MAX_INSTANCE_PROFILE_NAME
            )
            .is_ok()
        );
        let err = check_name("role name", "my role", MAX_ROLE_NAME).unwrap_err();
        assert_eq!(err.code(), "InvalidInput");
        assert!(err.to_string().contains("contains ` `"), "{err}");
    }

    #[test]
    fn paths_follow_iam_rules() {
        assert!(check_path("/").is_ok());
        assert!(check_path("/ec2/web/").is_ok());
        assert!(check_path("ec2/").is_err());
        assert!(check_path("/ec2").is_err());
        assert!(check_path("/with space/").is_err());
        assert!(check_path(&format!("/{}/", "a".repeat(511))).is_err());
    }

    #[test]
    fn policy_text_rules_and_sizes() {
        assert!(check_policy_characters("{\t\"a\": \"é\"}\r\n").is_ok());
        let err = check_policy_characters("{\"a\": \"€\"}").unwrap_err();
        assert_eq!(err.code(), "MalformedPolicyDocument");
        assert_eq!(policy_size("{ \"a\" :\n  1 }"), 7);
    }

    #[test]
    fn tags_follow_iam_rules() {
        assert!(check_tag("Environment", "Production").is_ok());
        assert!(check_tag("team", "").is_ok());
        assert!(check_tag("aws:cloudformation", "x").is_err());
        assert!(check_tag("a*b", "x").is_err());
        assert!(check_tag(&"k".repeat(129), "x").is_err());
    }
}
