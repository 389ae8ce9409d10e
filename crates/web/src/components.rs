//! The playground's components, one per file; each renders props and reports events.

pub mod policy_editor;
pub mod problems;
pub mod statements;

pub use policy_editor::PolicyEditor;
pub use problems::Problems;
pub use statements::Statements;
