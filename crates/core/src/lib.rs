//! The iamplay engine: IAM policy documents read with source positions, checked and explained.
//!
//! Pure Rust with no browser dependencies: the same code runs natively (the CLI, the tests) and
//! in `wasm32-unknown-unknown` (the web playground). Data flows one way, and the modules below
//! are declared in that order:
//!
//! read ([`span`], [`diagnostic`], [`json`]) → model ([`policy`]) → compile ([`origin`],
//! [`compile`], with `glob`, [`arn`], `variables`, [`condition`]) → evaluate (`request`,
//! `principal`, `evaluate`) → decide and explain ([`decision`]) → check ([`catalog`],
//! [`lint`]) → IAM model ([`iam`], [`managed`]) → scenario ([`scenario`], [`presets`]) → chain
//! ([`chain`]) → access ([`access`]) → report ([`report`]); importers (`import`, with the
//! `import` feature) make scenarios from what users already have, and `export` (with the
//! `export` feature) writes what creates a scenario's account.
//!
//! Each policy is compiled once, where its document is read, and keeps its [`Origin`]: every
//! statement, diagnostic and near miss can be placed in the document it was written in.

// read
pub mod diagnostic;
pub mod json;
pub mod span;
// model
pub mod policy;
// compile
pub mod arn;
pub mod compile;
pub mod condition;
mod glob;
pub mod origin;
mod variables;
// evaluate
mod evaluate;
mod principal;
mod request;
// decide and explain
pub mod decision;
// check against AWS's catalogue
pub mod catalog;
pub mod lint;
// the IAM model
pub mod iam;
pub mod managed;
// scenarios and the instance-profile chain
pub mod chain;
pub mod presets;
pub mod scenario;
// what a principal may do, and what an edit changed
pub mod access;
// answers beyond allowed or denied: fixes, conditions, who can get the credentials, exfiltration
pub mod answers;
// one report for every face
#[cfg(feature = "json-report")]
pub mod aws;
pub mod report;
pub mod sort;
// what users already have, as scenarios
#[cfg(feature = "import")]
pub mod import;
// what creates a scenario's account
#[cfg(feature = "export")]
pub mod export;

pub use compile::{CompiledPolicy, PolicyDocument, PolicyType, compile_policy};
pub use decision::{EvalDecision, Evaluation, OrgLevel, PolicySet, decide, explain};
pub use diagnostic::{Diagnostic, Severity, Stage};
pub use evaluate::PreparedRequest;
pub use origin::{Origin, Source};
pub use policy::{Policy, PolicyRead, UnknownPolicyType, read_policy};
pub use principal::ANONYMOUS;
pub use request::{Context, ContextKeyType, ContextValue, Request};
pub use span::{LineCol, LineIndex, Span, Spanned};
