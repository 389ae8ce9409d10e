//! Wildcard patterns in the checks: whether one covers another (every text the second matches,
//! the first matches too), used to find redundant actions, resources and statements; and whether
//! a list has `*`.

use crate::arn::ARN_PARTS;
use crate::glob::suffix_table;
use crate::policy::ValueList;

/// Whether a list (not negated) has the value `*`.
pub(super) fn has_star(list: Option<&ValueList>) -> bool {
    list.is_some_and(|l| !l.negated && l.values.iter().any(|v| v.value == "*"))
}

/// Whether glob `a` matches every text glob `b` matches (`*` and `?` in both). Sound, not
/// complete: `b`'s wildcards are treated as symbols that only `a`'s wildcards can absorb, so a
/// `true` answer is always right, while a few exotic coverings (such as `?*` covering `*?`) are
/// missed. Case-sensitive: callers fold case where IAM ignores it.
pub(super) fn covers(a: &str, b: &str) -> bool {
    if a == "*" || a == b {
        return true;
    }
    if !a.contains(['*', '?']) {
        return false;
    }
    if let Some(prefix) = a.strip_suffix('*') {
        if !prefix.contains(['*', '?']) {
            return b.starts_with(prefix);
        }
    }
    if !a.contains('*') && a.chars().count() != b.chars().count() {
        return false;
    }
    // a[i..] covers b[j..].
    suffix_table(a, b, |ca, cb, at, i, j| match (ca, cb) {
        (None, None) => true,
        (Some('*'), next) => at(i + 1, j) || (next.is_some() && at(i, j + 1)),
        (Some('?'), Some(y)) => y != '*' && at(i + 1, j + 1),
        (Some(x), Some(y)) => x == y && x != '?' && at(i + 1, j + 1),
        _ => false,
    })
}

/// Whether `Resource` value `a` covers `b`, matching ARNs part by part as IAM does (a wildcard
/// never spans a colon except in the last part `a` has).
pub(super) fn covers_arn(a: &str, b: &str) -> bool {
    if a == "*" || a == b {
        return true;
    }
    // What `a` has before its first wildcard, `b` must have literally: a quick no for most
    // pairs the linter compares.
    let literal = a.find(['*', '?']).map_or(a, |i| a.get(..i).unwrap_or(a));
    if !b.starts_with(literal) {
        return false;
    }
    // Counted and compared without collecting.
    let parts = a.splitn(ARN_PARTS, ':').count();
    if b.splitn(parts, ':').count() != parts {
        return false;
    }
    // With fewer parts than `a`'s count, `b`'s last part could span colons `a` would split at.
    if parts < ARN_PARTS && b.splitn(ARN_PARTS, ':').count() < parts {
        return false;
    }
    a.splitn(ARN_PARTS, ':')
        .zip(b.splitn(parts, ':'))
        .all(|(pa, pb)| covers(pa, pb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_cover_what_they_match() {
        assert!(covers("*", "anything*"));
        assert!(covers("s3:get*", "s3:getobject"));
        assert!(covers("s3:get*", "s3:getobject*"));
        assert!(covers("s3:*object", "s3:get?object"));
        assert!(!covers("s3:get*", "s3:*"));
        assert!(!covers("s3:get?", "s3:get*"));
        assert!(!covers("s3:getobject", "s3:get*"));
        assert!(covers("a?c", "abc"));
        assert!(!covers("a?c", "abbc"));
    }

    #[test]
    fn arns_cover_part_by_part() {
        assert!(covers_arn("*", "arn:aws:s3:::b"));
        assert!(covers_arn("arn:aws:s3:::b/*", "arn:aws:s3:::b/x"));
        assert!(covers_arn("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y"));
        assert!(!covers_arn("arn:aws:s3:::b/*", "arn:aws:s3:::b"));
        assert!(covers_arn(
            "arn:*:iam::*:role/*",
            "arn:aws:iam::111122223333:role/r"
        ));
        assert!(!covers_arn(
            "arn:aws:iam::*:role/*",
            "arn:aws:iam:*:1:role/r"
        ));
        assert!(covers_arn("arn:aws:*", "arn:aws:s3:::b"));
    }
}
