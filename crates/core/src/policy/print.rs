//! Printing a policy as read back to JSON text: compact, in IAM's element order, every value as
//! it was written (a condition's numbers and booleans were kept as text, and are printed as
//! strings, which IAM reads the same). Reading the printed text gives the same policy, which the
//! property tests check.

use super::{Condition, Policy, Principal, PrincipalElement, Statement, ValueList};
use std::fmt::Write as _;

/// `text` as a JSON string.
pub(crate) fn string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `"Key":` then the values: one string alone, several as an array.
fn list<'a>(out: &mut String, key: &str, values: impl ExactSizeIterator<Item = &'a str>) {
    string(out, key);
    out.push(':');
    let many = values.len() != 1;
    if many {
        out.push('[');
    }
    for (i, value) in values.enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, value);
    }
    if many {
        out.push(']');
    }
}

fn value_list(out: &mut String, name: &str, list_of: &ValueList) {
    let key = if list_of.negated {
        format!("Not{name}")
    } else {
        name.to_owned()
    };
    list(out, &key, list_of.values.iter().map(|v| v.value.as_str()));
}

fn principal(out: &mut String, element: &PrincipalElement) {
    let key = if element.negated {
        "NotPrincipal"
    } else {
        "Principal"
    };
    match &element.principal {
        Principal::Any => {
            string(out, key);
            out.push_str(":\"*\"");
        }
        Principal::Typed(types) => {
            string(out, key);
            out.push_str(":{");
            for (i, (kind, values)) in types.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                list(out, kind.as_str(), values.iter().map(|v| v.value.as_str()));
            }
            out.push('}');
        }
    }
}

fn conditions(out: &mut String, blocks: &[Condition]) {
    string(out, "Condition");
    out.push_str(":{");
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        string(out, &block.operator.value);
        out.push_str(":{");
        for (j, entry) in block.entries.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            list(
                out,
                &entry.key.value,
                entry.values.iter().map(|v| v.value.as_str()),
            );
        }
        out.push('}');
    }
    out.push('}');
}

fn statement(out: &mut String, statement: &Statement) {
    out.push('{');
    if let Some(sid) = &statement.sid {
        string(out, "Sid");
        out.push(':');
        string(out, &sid.value);
        out.push(',');
    }
    string(out, "Effect");
    out.push(':');
    string(out, &statement.effect.value.to_string());
    if let Some(element) = &statement.principal {
        out.push(',');
        principal(out, element);
    }
    if let Some(actions) = &statement.action {
        out.push(',');
        value_list(out, "Action", actions);
    }
    if let Some(resources) = &statement.resource {
        out.push(',');
        value_list(out, "Resource", resources);
    }
    if statement.condition_span.is_some() || !statement.conditions.is_empty() {
        out.push(',');
        conditions(out, &statement.conditions);
    }
    out.push('}');
}

impl Policy {
    /// The policy as compact JSON text, in IAM's element order.
    pub fn print(&self) -> String {
        let mut out = String::from("{");
        let mut first = true;
        let mut comma = |out: &mut String| {
            if !std::mem::take(&mut first) {
                out.push(',');
            }
        };
        if let Some(version) = &self.version {
            comma(&mut out);
            string(&mut out, "Version");
            out.push(':');
            string(&mut out, version.value.as_str());
        }
        if let Some(id) = &self.id {
            comma(&mut out);
            string(&mut out, "Id");
            out.push(':');
            string(&mut out, &id.value);
        }
        comma(&mut out);
        string(&mut out, "Statement");
        out.push_str(":[");
        for (i, s) in self.statements.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            statement(&mut out, s);
        }
        out.push_str("]}");
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::read_policy;

    #[test]
    fn a_printed_policy_reads_back_the_same() {
        let text = r#"{
          "Version": "2012-10-17", "Id": "x",
          "Statement": [
            {"Sid": "A\"b", "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::1:root", "*"], "Service": "ec2.amazonaws.com"},
             "NotAction": "iam:*", "Resource": ["arn:aws:s3:::b/\u00e9\n"],
             "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": [true, "false"]}}},
            {"Effect": "Deny", "Principal": "*", "Action": [], "NotResource": "*", "Condition": {}}
          ]}"#;
        let read = read_policy(text);
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        let printed = read.policy.as_ref().map(|p| p.print()).unwrap_or_default();
        assert!(
            printed.starts_with(
                r#"{"Version":"2012-10-17","Id":"x","Statement":[{"Sid":"A\"b","Effect":"Allow","#
            ),
            "{printed}"
        );
        assert!(
            printed.contains(r#""NumericLessThan":{"s3:max-keys":"10"}"#),
            "{printed}"
        );
        let again = read_policy(&printed);
        assert!(
            again.diagnostics.is_empty(),
            "{printed}: {:?}",
            again.diagnostics
        );
        assert_eq!(again.policy.map(|p| p.print()), Some(printed));
    }
}
