//! The iamplay engine: IAM policy documents read with source positions, checked and explained.
//!
//! Pure Rust with no browser dependencies: the same code runs natively (the CLI, the tests) and
//! in `wasm32-unknown-unknown` (the web playground). Data flows one way:
//! read ([`json`], [`policy`]) → model → validate → evaluate → explain.

pub mod arn;
pub mod condition;
pub mod diagnostic;
pub mod glob;
pub mod json;
pub mod policy;
pub mod principal;
pub mod request;
pub mod span;
pub mod variables;

pub use diagnostic::{Diagnostic, Severity};
pub use policy::{Policy, PolicyRead, read_policy};
pub use span::{LineCol, LineIndex, Span, Spanned};
