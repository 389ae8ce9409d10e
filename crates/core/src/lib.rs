//! The iamplay engine: IAM policy documents read with source positions, checked and explained.
//!
//! Pure Rust with no browser dependencies: the same code runs natively (the CLI, the tests) and
//! in `wasm32-unknown-unknown` (the web playground). Data flows one way:
//! read ([`json`], [`policy`]) → model → validate → evaluate → explain.

pub mod access;
pub mod arn;
pub mod catalog;
pub mod chain;
pub mod compile;
pub mod condition;
pub mod decision;
pub mod diagnostic;
pub mod evaluate;
pub mod glob;
pub mod iam;
pub mod json;
pub mod lint;
pub mod managed;
pub mod origin;
pub mod policy;
pub mod presets;
pub mod principal;
pub mod report;
pub mod request;
pub mod scenario;
pub mod span;
pub mod variables;

pub use compile::{CompiledPolicy, PolicyDocument, PolicyType, compile_policy};
pub use decision::{EvalDecision, Evaluation, OrgLevel, PolicySet, decide, explain};
pub use diagnostic::{Diagnostic, Severity};
pub use evaluate::PreparedRequest;
pub use origin::{Origin, Source};
pub use policy::{Policy, PolicyRead, UnknownPolicyType, read_policy};
pub use request::{Context, ContextKeyType, ContextValue, Request};
pub use span::{LineCol, LineIndex, Span, Spanned};
