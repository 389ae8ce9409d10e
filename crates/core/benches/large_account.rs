//! A large account for the import benchmarks: a `get-account-authorization-details` output of
//! thousands of roles, as the AWS CLI prints it. Included by the core's benchmarks and by the
//! page's benchmark in Chromium (`tests/e2e/benches/paint.rs`), so it needs only `serde_json`.

/// Roles in the large account an import is measured on: with its profiles and policies, its
/// `get-account-authorization-details` output is about 50 MB (issue budget: ≤ 3 s to import).
#[allow(
    dead_code,
    reason = "used by the import benchmarks, not by every file that includes the generator"
)]
pub const LARGE_ACCOUNT_ROLES: usize = 10_000;

/// A `get-account-authorization-details` output as the AWS CLI prints it (4-space indents) for
/// an account of `roles` roles, each in its own instance profile, with an EC2 trust policy, an
/// inline policy, tags, and two of `roles / 10` customer managed policies attached.
#[allow(
    dead_code,
    reason = "used by the import benchmarks, not by every file that includes the generator"
)]
pub fn large_account(roles: usize) -> String {
    let policies = (roles / 10).max(1);
    let mut policy_list = Vec::with_capacity(policies);
    for p in 0..policies {
        policy_list.push(serde_json::json!({
            "PolicyName": format!("shared-{p:05}"),
            "PolicyId": format!("ANPA{p:017}"),
            "Arn": format!("arn:aws:iam::123456789012:policy/shared/shared-{p:05}"),
            "Path": "/shared/",
            "DefaultVersionId": "v2",
            "AttachmentCount": 10,
            "PermissionsBoundaryUsageCount": 0,
            "IsAttachable": true,
            "CreateDate": "2026-01-01T00:00:00+00:00",
            "UpdateDate": "2026-02-01T00:00:00+00:00",
            "PolicyVersionList": [
                {"Document": statements(p, 2), "VersionId": "v2", "IsDefaultVersion": true, "CreateDate": "2026-02-01T00:00:00+00:00"},
                {"Document": statements(p + 1, 1), "VersionId": "v1", "IsDefaultVersion": false, "CreateDate": "2026-01-01T00:00:00+00:00"}
            ]
        }));
    }
    let trust = serde_json::json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    let mut role_list = Vec::with_capacity(roles);
    for r in 0..roles {
        let name = format!("app-{r:05}");
        let short = serde_json::json!({
            "Path": "/app/", "RoleName": name, "RoleId": format!("AROA{r:017}"),
            "Arn": format!("arn:aws:iam::123456789012:role/app/{name}"),
            "CreateDate": "2026-01-01T00:00:00+00:00", "AssumeRolePolicyDocument": trust,
        });
        let mut role = short.clone();
        let extra = serde_json::json!({
            "InstanceProfileList": [{
                "Path": "/app/", "InstanceProfileName": format!("{name}-profile"),
                "InstanceProfileId": format!("AIPA{r:017}"),
                "Arn": format!("arn:aws:iam::123456789012:instance-profile/app/{name}-profile"),
                "CreateDate": "2026-01-01T00:00:00+00:00", "Roles": [short]
            }],
            "RolePolicyList": [{"PolicyName": "data", "PolicyDocument": statements(r, 1)}],
            "AttachedManagedPolicies": [
                {"PolicyName": format!("shared-{:05}", r % policies), "PolicyArn": format!("arn:aws:iam::123456789012:policy/shared/shared-{:05}", r % policies)},
                {"PolicyName": format!("shared-{:05}", (r * 7 + 3) % policies), "PolicyArn": format!("arn:aws:iam::123456789012:policy/shared/shared-{:05}", (r * 7 + 3) % policies)}
            ],
            "Tags": [{"Key": "team", "Value": format!("team-{}", r % 40)}, {"Key": "env", "Value": "prod"}],
            "RoleLastUsed": {"LastUsedDate": "2026-11-30T08:00:00+00:00", "Region": "us-east-1"}
        });
        if let (Some(role), serde_json::Value::Object(extra)) = (role.as_object_mut(), extra) {
            role.extend(extra);
        }
        role_list.push(role);
    }
    let dump = serde_json::json!({
        "UserDetailList": [], "GroupDetailList": [],
        "RoleDetailList": role_list, "Policies": policy_list
    });
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b"    ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(&dump, &mut serializer).expect("the account serializes");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// A policy document of `n` statements over buckets, queues and tables numbered from `seed`.
#[allow(
    dead_code,
    reason = "used by the import benchmarks, not by every file that includes the generator"
)]
fn statements(seed: usize, n: usize) -> serde_json::Value {
    let statements: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let k = seed * 31 + i;
            serde_json::json!({
                "Sid": format!("Grant{i}"),
                "Effect": if i % 5 == 4 { "Deny" } else { "Allow" },
                "Action": ["s3:GetObject", "s3:PutObject", "sqs:SendMessage", "dynamodb:Query"],
                "Resource": [
                    format!("arn:aws:s3:::bucket-{k}/*"),
                    format!("arn:aws:sqs:us-east-1:123456789012:queue-{k}"),
                    format!("arn:aws:dynamodb:us-east-1:123456789012:table/table-{k}")
                ],
                "Condition": {"StringEquals": {"aws:ResourceTag/team": format!("team-{}", k % 40)}}
            })
        })
        .collect();
    serde_json::json!({"Version": "2012-10-17", "Statement": statements})
}
