//! The playground's components, one per file; each renders props and reports events.

pub mod access_panel;
pub mod chain_diagram;
pub mod fields;
pub mod folded;
pub mod json_editor;
pub mod masthead;
pub mod policy_editor;
pub mod policy_report;
pub mod policy_toolbar;
pub mod problems;
pub mod requests_table;
pub mod role_section;
pub mod scenario_report;
pub mod scenario_results;
pub mod scenario_toolbar;
pub mod share_link;
pub mod statements;
pub mod structured;
pub mod tabs;

pub use access_panel::AccessPanel;
pub use chain_diagram::ChainDiagram;
pub use json_editor::JsonEditor;
pub use masthead::Masthead;
pub use policy_editor::PolicyEditor;
pub use policy_report::PolicyReport;
pub use policy_toolbar::PolicyToolbar;
pub use problems::Problems;
pub use requests_table::RequestsTable;
pub use scenario_report::ScenarioReport;
pub use scenario_results::ScenarioResults;
pub use scenario_toolbar::ScenarioToolbar;
pub use share_link::ShareLink;
pub use statements::Statements;
pub use structured::Structured;
pub use tabs::Tabs;
