//! Who makes a request, and how a policy's `Principal` values match it.
//!
//! Principal values never match part of an ARN and take no wildcards other than a whole `*`.
//! An account (`123456789012` or `arn:aws:iam::123456789012:root`) matches every principal of
//! that account; a role ARN matches the role and its sessions; a session ARN only that session.

use crate::arn::Arn;
use crate::policy::PrincipalType;

/// What kind of principal makes a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// A role session: `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`.
    RoleSession {
        /// The account.
        account: String,
        /// The role's name.
        role: String,
        /// The session's name (an instance id for EC2).
        session: String,
    },
    /// An IAM role itself: `arn:aws:iam::ACCOUNT:role/PATH/NAME`.
    Role {
        /// The account.
        account: String,
        /// The role's name (without path).
        role: String,
    },
    /// An IAM user: `arn:aws:iam::ACCOUNT:user/PATH/NAME`.
    User {
        /// The account.
        account: String,
        /// The user's name (without path).
        user: String,
    },
    /// The account's root user: `arn:aws:iam::ACCOUNT:root`.
    Root {
        /// The account.
        account: String,
    },
    /// An AWS service, e.g. `ec2.amazonaws.com`.
    Service(String),
    /// An unsigned request: no credentials at all. Only `*` names it, and only resource-based
    /// policies decide what it may do.
    Anonymous,
    /// Anything else (federated users), matched only by `*` or exact text.
    Other(String),
}

/// How requests without credentials are written as a principal.
pub const ANONYMOUS: &str = "anonymous";

impl Caller {
    /// Classify a principal ARN or service name.
    pub fn parse(text: &str) -> Caller {
        if let Some(arn) = Arn::parse(text) {
            let account = arn.account.to_owned();
            let mut segments = arn.resource.split('/');
            let kind = segments.next().unwrap_or("");
            let last = arn.resource.rsplit('/').next().unwrap_or("").to_owned();
            match (arn.service, kind) {
                ("sts", "assumed-role") => {
                    let role = segments.next().unwrap_or("").to_owned();
                    let session = segments.collect::<Vec<_>>().join("/");
                    return Caller::RoleSession {
                        account,
                        role,
                        session,
                    };
                }
                ("iam", "role") => {
                    return Caller::Role {
                        account,
                        role: last,
                    };
                }
                ("iam", "user") => {
                    return Caller::User {
                        account,
                        user: last,
                    };
                }
                ("iam", "root") if arn.resource == "root" => return Caller::Root { account },
                _ => {}
            }
        }
        if text.eq_ignore_ascii_case(ANONYMOUS) {
            return Caller::Anonymous;
        }
        if text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
            return Caller::Service(text.to_owned());
        }
        Caller::Other(text.to_owned())
    }

    /// The account the caller belongs to, if any.
    pub fn account(&self) -> Option<&str> {
        match self {
            Caller::RoleSession { account, .. }
            | Caller::Role { account, .. }
            | Caller::User { account, .. }
            | Caller::Root { account } => Some(account),
            Caller::Service(_) | Caller::Anonymous | Caller::Other(_) => None,
        }
    }
}

/// How a `Principal` value matched the caller; this decides how a same-account resource-based
/// policy's grant combines with the caller's other policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalMatch {
    /// The caller's account: the account's own policies must grant the access.
    Account,
    /// The IAM role (for a role session): limited by the boundary and session policy.
    Role,
    /// `*`: everyone.
    Wildcard,
    /// The IAM user, exactly.
    User,
    /// This very role session, or a service or other principal by name.
    Exact,
}

/// Whether one `Principal` value of a given type names the caller, and how.
pub fn match_principal(
    kind: PrincipalType,
    value: &str,
    caller: &Caller,
    raw: &str,
) -> Option<PrincipalMatch> {
    if value == "*" {
        return Some(PrincipalMatch::Wildcard);
    }
    match kind {
        PrincipalType::Aws => match_aws(value, caller),
        PrincipalType::Service => match caller {
            Caller::Service(name) if name.eq_ignore_ascii_case(value) => {
                Some(PrincipalMatch::Exact)
            }
            _ => None,
        },
        PrincipalType::Federated | PrincipalType::CanonicalUser => {
            (value == raw).then_some(PrincipalMatch::Exact)
        }
    }
}

fn match_aws(value: &str, caller: &Caller) -> Option<PrincipalMatch> {
    let account = caller.account()?;
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return (value == account).then_some(PrincipalMatch::Account);
    }
    let named = Caller::parse(value);
    match (&named, caller) {
        (Caller::Root { account: a }, _) => (a == account).then_some(PrincipalMatch::Account),
        (
            Caller::Role {
                account: a,
                role: r,
            },
            Caller::RoleSession { role, .. } | Caller::Role { role, .. },
        ) => (a == account && r == role).then_some(PrincipalMatch::Role),
        (Caller::RoleSession { .. }, Caller::RoleSession { .. }) => {
            (named == *caller).then_some(PrincipalMatch::Exact)
        }
        (
            Caller::User {
                account: a,
                user: u,
            },
            Caller::User { user, .. },
        ) => (a == account && u == user).then_some(PrincipalMatch::User),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/AppRole/i-0123456789abcdef0";

    fn m(kind: PrincipalType, value: &str, caller: &str) -> Option<PrincipalMatch> {
        match_principal(kind, value, &Caller::parse(caller), caller)
    }

    #[test]
    fn callers_are_classified() {
        assert_eq!(
            Caller::parse(SESSION),
            Caller::RoleSession {
                account: "111122223333".into(),
                role: "AppRole".into(),
                session: "i-0123456789abcdef0".into()
            }
        );
        assert_eq!(
            Caller::parse("arn:aws:iam::1:role/path/to/R"),
            Caller::Role {
                account: "1".into(),
                role: "R".into()
            }
        );
        assert_eq!(
            Caller::parse("arn:aws:iam::1:root"),
            Caller::Root {
                account: "1".into()
            }
        );
        assert_eq!(
            Caller::parse("ec2.amazonaws.com"),
            Caller::Service("ec2.amazonaws.com".into())
        );
    }

    #[test]
    fn aws_principals_match_as_documented() {
        use PrincipalMatch::*;
        use PrincipalType::Aws;
        assert_eq!(m(Aws, "111122223333", SESSION), Some(Account));
        assert_eq!(
            m(Aws, "arn:aws:iam::111122223333:root", SESSION),
            Some(Account)
        );
        assert_eq!(m(Aws, "444455556666", SESSION), None);
        assert_eq!(
            m(Aws, "arn:aws:iam::111122223333:role/AppRole", SESSION),
            Some(Role)
        );
        assert_eq!(
            m(Aws, "arn:aws:iam::111122223333:role/team/AppRole", SESSION),
            Some(Role)
        );
        assert_eq!(
            m(Aws, "arn:aws:iam::111122223333:role/Other", SESSION),
            None
        );
        assert_eq!(m(Aws, SESSION, SESSION), Some(Exact));
        assert_eq!(
            m(
                Aws,
                "arn:aws:sts::111122223333:assumed-role/AppRole/other",
                SESSION
            ),
            None
        );
        assert_eq!(m(Aws, "*", SESSION), Some(Wildcard));
        // No partial matches or wildcards inside a value.
        assert_eq!(m(Aws, "arn:aws:iam::111122223333:role/App*", SESSION), None);
        assert_eq!(
            m(
                Aws,
                "arn:aws:iam::111122223333:user/bob",
                "arn:aws:iam::111122223333:user/bob"
            ),
            Some(User)
        );
    }

    #[test]
    fn service_principals_match_by_name() {
        assert_eq!(
            m(
                PrincipalType::Service,
                "ec2.amazonaws.com",
                "ec2.amazonaws.com"
            ),
            Some(PrincipalMatch::Exact)
        );
        assert_eq!(
            m(
                PrincipalType::Service,
                "lambda.amazonaws.com",
                "ec2.amazonaws.com"
            ),
            None
        );
        assert_eq!(
            m(PrincipalType::Aws, "111122223333", "ec2.amazonaws.com"),
            None
        );
    }
}
