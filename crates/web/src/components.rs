//! The playground's components, one per file; each renders props and reports events.

pub mod access_panel;
pub mod json_editor;
pub mod masthead;
pub mod policy_report;
pub mod policy_toolbar;
pub mod problems;
pub mod scenario_report;
pub mod scenario_results;
pub mod scenario_toolbar;
pub mod share_link;
pub mod statements;
pub mod tabs;

pub use access_panel::AccessPanel;
pub use json_editor::JsonEditor;
pub use masthead::Masthead;
pub use policy_report::PolicyReport;
pub use policy_toolbar::PolicyToolbar;
pub use problems::Problems;
pub use scenario_report::ScenarioReport;
pub use scenario_results::ScenarioResults;
pub use scenario_toolbar::ScenarioToolbar;
pub use share_link::ShareLink;
pub use statements::Statements;
pub use tabs::Tabs;
