//! Compiling a policy and evaluating a request against it, in every place a policy type takes:
//! the input is the policy's text, then lines giving the request's principal, action, resource
//! and `key=value` context entries. No panic.
#![no_main]

use iamplay_core::{
    ContextValue, PolicySet, PolicyType, PreparedRequest, Request, compile_policy, explain,
};
use libfuzzer_sys::fuzz_target;
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (policy, request) = text.split_once("\n---\n").unwrap_or((text, ""));
    let mut lines = request.lines();
    let principal = lines
        .next()
        .unwrap_or("arn:aws:sts::111122223333:assumed-role/r/i-0");
    let action = lines.next().unwrap_or("s3:GetObject");
    let resource = lines.next().unwrap_or("arn:aws:s3:::b/k");
    let request = lines
        .filter_map(|l| l.split_once('='))
        .fold(Request::new(principal, action, resource), |r, (k, v)| {
            r.with(k, ContextValue::string(v))
        });
    for kind in PolicyType::ALL {
        let (compiled, _) = compile_policy("p", kind, policy);
        let Some(compiled) = compiled.map(Arc::new) else {
            continue;
        };
        let set = PolicySet::alone(kind, compiled);
        let _ = explain(&set, &PreparedRequest::new(&request));
    }
});
