//! AWS's managed policies, embedded from the files the web site serves.

use iamplay_core::managed::{ManagedPolicies, file_of};

include!(concat!(env!("OUT_DIR"), "/managed.rs"));

/// The embedded documents.
#[derive(Debug, Clone, Copy, Default)]
pub struct Embedded;

impl ManagedPolicies for Embedded {
    fn document(&self, arn: &str) -> Option<&str> {
        let file = file_of(arn)?;
        MANAGED_POLICIES
            .binary_search_by(|(name, _)| (*name).cmp(file.as_str()))
            .ok()
            .and_then(|i| MANAGED_POLICIES.get(i))
            .map(|(_, document)| *document)
    }
}
