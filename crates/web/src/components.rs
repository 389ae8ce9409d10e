//! The playground's components, one per file; each renders props and reports events.

pub mod access_panel;
pub mod json_editor;
pub mod problems;
pub mod scenario_results;
pub mod statements;

pub use access_panel::AccessPanel;
pub use json_editor::JsonEditor;
pub use problems::Problems;
pub use scenario_results::ScenarioResults;
pub use statements::Statements;
