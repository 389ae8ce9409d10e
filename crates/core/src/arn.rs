//! Amazon Resource Names and ARN patterns, matched part by part as IAM does.
//!
//! An ARN has six colon-separated parts: `arn:partition:service:region:account:resource`; the
//! resource part may itself contain colons. A pattern is matched part by part with `*` and `?`
//! wildcards inside each part, so `arn:aws:s3:::*` cannot match an EC2 ARN. A pattern with fewer
//! than six parts (such as `arn:aws:s3:::bucket*` written short, or `*`) matches its last part
//! against the rest of the ARN, colons included: a trailing `*` spans colons.

use crate::glob::Glob;

/// The number of parts in a full ARN.
pub const ARN_PARTS: usize = 6;

/// A compiled ARN pattern (a `Resource` value or an `Arn…` condition value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnPattern {
    /// One glob per part; the last one is matched against the rest of the ARN.
    parts: Vec<Glob>,
    any: bool,
}

impl ArnPattern {
    /// Compile a pattern.
    pub fn new(pattern: &str) -> Self {
        let parts: Vec<Glob> = pattern.splitn(ARN_PARTS, ':').map(Glob::new).collect();
        let any = parts.len() == 1 && parts.first().is_some_and(Glob::is_any);
        Self { parts, any }
    }

    /// Whether the pattern is exactly `*`.
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// Whether `arn` matches the pattern.
    pub fn matches(&self, arn: &str) -> bool {
        if self.any {
            return true;
        }
        let mut rest = arn;
        let count = self.parts.len();
        for (i, part) in self.parts.iter().enumerate() {
            if i + 1 == count {
                return part.matches(rest);
            }
            let Some((head, tail)) = rest.split_once(':') else {
                return false;
            };
            if !part.matches(head) {
                return false;
            }
            rest = tail;
        }
        false
    }
}

/// Whether some ARN matches both patterns, each matched part by part as [`ArnPattern`] does: the
/// parts both patterns have must meet one by one, and the last part of the shorter pattern meets
/// the rest of the other, colons included. `arn:aws:s3:::b/*` and the access point format
/// `arn:*:s3:*:*:accesspoint/*` never meet, although as plain text `*` could run across parts.
pub fn arn_patterns_intersect(a: &str, b: &str) -> bool {
    let (a_parts, b_parts): (Vec<&str>, Vec<&str>) = (
        a.splitn(ARN_PARTS, ':').collect(),
        b.splitn(ARN_PARTS, ':').collect(),
    );
    let shared = a_parts.len().min(b_parts.len());
    let last = shared.saturating_sub(1);
    let rest = |text: &'_ str| -> String {
        text.splitn(last + 1, ':')
            .nth(last)
            .unwrap_or_default()
            .to_owned()
    };
    a_parts
        .iter()
        .zip(&b_parts)
        .take(last)
        .all(|(x, y)| crate::glob::patterns_intersect(x, y))
        && crate::glob::patterns_intersect(&rest(a), &rest(b))
}

/// The parts of an ARN, borrowed from its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, …
    pub partition: &'a str,
    /// The service namespace, e.g. `s3`.
    pub service: &'a str,
    /// The region, possibly empty.
    pub region: &'a str,
    /// The account id, possibly empty.
    pub account: &'a str,
    /// Everything after the fifth colon.
    pub resource: &'a str,
}

impl<'a> Arn<'a> {
    /// Split an ARN into its parts; `None` unless it starts with `arn:` and has six parts.
    pub fn parse(text: &'a str) -> Option<Self> {
        let mut parts = text.splitn(ARN_PARTS, ':');
        if parts.next()? != "arn" {
            return None;
        }
        Some(Self {
            partition: parts.next()?,
            service: parts.next()?,
            region: parts.next()?,
            account: parts.next()?,
            resource: parts.next()?,
        })
    }
}

/// Byte offset just after the fifth colon of `text`, where policy variables become allowed.
pub fn resource_part_offset(text: &str) -> Option<usize> {
    text.match_indices(':')
        .nth(ARN_PARTS - 2)
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(pattern: &str, arn: &str) -> bool {
        ArnPattern::new(pattern).matches(arn)
    }

    #[test]
    fn parts_match_separately() {
        assert!(m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/key"));
        assert!(m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a:b/c"));
        assert!(!m("arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket"));
        assert!(m(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:eu-west-1:111122223333:instance/i-1"
        ));
        assert!(!m(
            "arn:aws:ec2:*:*:instance/*",
            "arn:aws:ec2:eu-west-1:111122223333:volume/v-1"
        ));
        // A star inside one part does not run into the next.
        assert!(!m(
            "arn:aws:*:instance/*",
            "arn:aws:ec2:eu-west-1:1:instance/i-1"
        ));
        assert!(!m("arn:aws:s3*", "arn:aws:sqs:eu-west-1:1:queue"));
        assert!(!m("arn:aws:sqs:*:*:q", "arn:aws:s3:::q"));
    }

    #[test]
    fn a_short_pattern_spans_colons_with_its_last_part() {
        assert!(m("*", "arn:aws:s3:::b"));
        assert!(m("*", "*"));
        assert!(m("arn:aws:*", "arn:aws:sqs:eu-west-1:1:queue"));
        assert!(m(
            "arn:aws:logs:*:*:log-group:/aws/eb/*",
            "arn:aws:logs:us-east-1:1:log-group:/aws/eb/x:log-stream:y"
        ));
        assert!(!m("arn:aws:s3:::b", "*"));
    }

    #[test]
    fn patterns_intersect_part_by_part() {
        let bucket = "arn:*:s3:::*";
        let access_point = "arn:*:s3:*:*:accesspoint/*";
        assert!(arn_patterns_intersect("arn:aws:s3:::b", bucket));
        assert!(arn_patterns_intersect("arn:aws:s3:::b/*", bucket));
        assert!(!arn_patterns_intersect("arn:aws:s3:::b/*", access_point));
        assert!(arn_patterns_intersect(
            "arn:aws:s3:*:*:accesspoint/ap",
            access_point
        ));
        assert!(arn_patterns_intersect("*", access_point));
        assert!(arn_patterns_intersect("arn:aws:*", access_point));
        assert!(!arn_patterns_intersect("arn:aws:*:x", access_point));
        assert!(arn_patterns_intersect(
            "arn:aws:logs:*:*:log-group:/app/*",
            "arn:*:logs:*:*:log-group:*:log-stream:*"
        ));
    }

    #[test]
    fn arns_split_into_parts() {
        let arn = Arn::parse("arn:aws:iam::111122223333:role/path/R").unwrap();
        assert_eq!(arn.service, "iam");
        assert_eq!(arn.region, "");
        assert_eq!(arn.account, "111122223333");
        assert_eq!(arn.resource, "role/path/R");
        assert_eq!(Arn::parse("arn:aws:s3:::b:c").unwrap().resource, "b:c");
        assert!(Arn::parse("arn:aws:s3").is_none());
        assert!(Arn::parse("urn:aws:s3:::b").is_none());
        assert_eq!(resource_part_offset("arn:aws:s3:::b"), Some(13));
        assert_eq!(resource_part_offset("arn:aws"), None);
    }
}
