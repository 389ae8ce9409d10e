//! The kinds of policy AWS evaluates, with their ids, labels and the names every face accepts.

use std::fmt;
use std::str::FromStr;

/// The kinds of policy AWS evaluates, in the vocabulary of its documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PolicyType {
    /// Attached to the principal (inline or managed).
    Identity,
    /// Attached to the resource (bucket policy, key policy; a role trust policy read without
    /// saying so).
    Resource,
    /// A role trust policy: a resource-based policy whose resource is the role, linted with
    /// the trust policy checks and quota whatever actions it names.
    Trust,
    /// The principal's permissions boundary.
    PermissionsBoundary,
    /// A session policy passed when the role was assumed.
    Session,
    /// An AWS Organizations service control policy.
    ServiceControl,
    /// An AWS Organizations resource control policy.
    ResourceControl,
}

/// Every name [`PolicyType::parse`] accepts, after folding case and `_`/space to `-`; each
/// kind's id first. The kebab names are the CLI's historical `--policy-type` values; with `_`
/// folded to `-` they cover Access Analyzer's `ValidatePolicy` names (`IDENTITY_POLICY`, …),
/// and `aws::iam::assumerolepolicydocument` is its resource type of role trust policies.
const NAMES: [(&str, PolicyType); 22] = [
    ("identity", PolicyType::Identity),
    ("identity-policy", PolicyType::Identity),
    ("identity-based", PolicyType::Identity),
    ("identity-based-policy", PolicyType::Identity),
    ("resource", PolicyType::Resource),
    ("resource-policy", PolicyType::Resource),
    ("resource-based", PolicyType::Resource),
    ("resource-based-policy", PolicyType::Resource),
    ("trust", PolicyType::Trust),
    ("trust-policy", PolicyType::Trust),
    ("role-trust-policy", PolicyType::Trust),
    ("assume-role-policy", PolicyType::Trust),
    ("aws::iam::assumerolepolicydocument", PolicyType::Trust),
    ("boundary", PolicyType::PermissionsBoundary),
    ("permissions-boundary", PolicyType::PermissionsBoundary),
    (
        "permissions-boundary-policy",
        PolicyType::PermissionsBoundary,
    ),
    ("session", PolicyType::Session),
    ("session-policy", PolicyType::Session),
    ("scp", PolicyType::ServiceControl),
    ("service-control-policy", PolicyType::ServiceControl),
    ("rcp", PolicyType::ResourceControl),
    ("resource-control-policy", PolicyType::ResourceControl),
];

impl PolicyType {
    /// Every kind, in the order the faces list them.
    pub const ALL: [PolicyType; 7] = [
        PolicyType::Identity,
        PolicyType::Resource,
        PolicyType::Trust,
        PolicyType::PermissionsBoundary,
        PolicyType::Session,
        PolicyType::ServiceControl,
        PolicyType::ResourceControl,
    ];

    /// The stable short id: `identity`, `resource`, `trust`, `boundary`, `session`, `scp`,
    /// `rcp`.
    pub fn id(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity",
            PolicyType::Resource => "resource",
            PolicyType::Trust => "trust",
            PolicyType::PermissionsBoundary => "boundary",
            PolicyType::Session => "session",
            PolicyType::ServiceControl => "scp",
            PolicyType::ResourceControl => "rcp",
        }
    }

    /// The name used in explanations.
    pub fn label(self) -> &'static str {
        match self {
            PolicyType::Identity => "identity-based policy",
            PolicyType::Resource => "resource-based policy",
            PolicyType::Trust => "role trust policy",
            PolicyType::PermissionsBoundary => "permissions boundary",
            PolicyType::Session => "session policy",
            PolicyType::ServiceControl => "service control policy (SCP)",
            PolicyType::ResourceControl => "resource control policy (RCP)",
        }
    }

    /// Whether statements of this type name principals (`Principal`/`NotPrincipal`).
    pub fn names_principals(self) -> bool {
        matches!(
            self,
            PolicyType::Resource | PolicyType::Trust | PolicyType::ResourceControl
        )
    }

    /// Every name accepted for this kind (lower case, words joined by `-`), its id first.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        NAMES
            .iter()
            .filter(move |(_, kind)| *kind == self)
            .map(|(name, _)| *name)
    }

    /// A kind by any of its names, ignoring case and whether words are joined by `-`, `_` or a
    /// space: the ids, the CLI's `identity-policy`, `resource-policy`, `service-control-policy`
    /// and `resource-control-policy`, Access Analyzer's `IDENTITY_POLICY`, `RESOURCE_POLICY`,
    /// `SERVICE_CONTROL_POLICY` and `RESOURCE_CONTROL_POLICY`, and a few spelled-out forms
    /// (`permissions-boundary`, `session-policy`, `trust-policy`, …).
    pub fn parse(name: &str) -> Option<PolicyType> {
        let folded: String = name
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        NAMES
            .iter()
            .find(|(accepted, _)| *accepted == folded)
            .map(|(_, kind)| *kind)
    }
}

impl fmt::Display for PolicyType {
    /// The id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// A name [`PolicyType::parse`] does not know; its message lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownPolicyType(pub String);

impl fmt::Display for UnknownPolicyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown policy type `{}`: use identity, resource, trust, boundary, session, scp or rcp \
             (or identity-policy, resource-policy, service-control-policy, resource-control-policy, \
             or Access Analyzer's IDENTITY_POLICY, RESOURCE_POLICY, SERVICE_CONTROL_POLICY, \
             RESOURCE_CONTROL_POLICY)",
            self.0
        )
    }
}

impl std::error::Error for UnknownPolicyType {}

impl FromStr for PolicyType {
    type Err = UnknownPolicyType;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        PolicyType::parse(name).ok_or_else(|| UnknownPolicyType(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_face_name_parses() {
        let cases = [
            ("identity", PolicyType::Identity),
            ("identity-policy", PolicyType::Identity),
            ("IDENTITY_POLICY", PolicyType::Identity),
            ("resource", PolicyType::Resource),
            ("resource-policy", PolicyType::Resource),
            ("RESOURCE_POLICY", PolicyType::Resource),
            ("trust", PolicyType::Trust),
            ("Trust Policy", PolicyType::Trust),
            ("AWS::IAM::AssumeRolePolicyDocument", PolicyType::Trust),
            ("boundary", PolicyType::PermissionsBoundary),
            ("permissions-boundary", PolicyType::PermissionsBoundary),
            ("session", PolicyType::Session),
            ("SESSION", PolicyType::Session),
            ("scp", PolicyType::ServiceControl),
            ("service-control-policy", PolicyType::ServiceControl),
            ("SERVICE_CONTROL_POLICY", PolicyType::ServiceControl),
            ("rcp", PolicyType::ResourceControl),
            ("resource-control-policy", PolicyType::ResourceControl),
            ("RESOURCE_CONTROL_POLICY", PolicyType::ResourceControl),
            (" RCP ", PolicyType::ResourceControl),
        ];
        for (name, kind) in cases {
            assert_eq!(PolicyType::parse(name), Some(kind), "{name}");
            assert_eq!(name.parse::<PolicyType>(), Ok(kind), "{name}");
        }
        for name in ["", "policy", "identities", "resource--policy", "scp!"] {
            assert_eq!(PolicyType::parse(name), None, "{name}");
        }
        let err = "bucket".parse::<PolicyType>().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown policy type `bucket`: use identity, resource, trust"),
            "{err}"
        );
    }

    #[test]
    fn ids_round_trip_and_each_kind_lists_its_id_first() {
        for kind in PolicyType::ALL {
            assert_eq!(PolicyType::parse(kind.id()), Some(kind));
            assert_eq!(kind.names().next(), Some(kind.id()));
            assert_eq!(kind.to_string(), kind.id());
            for name in kind.names() {
                assert_eq!(PolicyType::parse(name), Some(kind), "{name}");
            }
        }
        assert_eq!(
            NAMES
                .iter()
                .filter(|(_, k)| PolicyType::ALL.contains(k))
                .count(),
            NAMES.len()
        );
    }

    #[test]
    fn labels_are_the_explanations_wording() {
        let labels: Vec<&str> = PolicyType::ALL.iter().map(|k| k.label()).collect();
        assert_eq!(
            labels,
            [
                "identity-based policy",
                "resource-based policy",
                "role trust policy",
                "permissions boundary",
                "session policy",
                "service control policy (SCP)",
                "resource control policy (RCP)",
            ]
        );
        assert!(PolicyType::Trust.names_principals());
        assert!(!PolicyType::ServiceControl.names_principals());
    }
}
