//! The playground's effects and browser plumbing as `use_*` hooks, one per file: the state kept
//! in local storage, AWS managed policies fetched from the site, the share link, and selecting a
//! place in the editor.

pub mod use_catalog;
pub mod use_deferred_summaries;
pub mod use_editor_selection;
pub mod use_first_paint;
pub mod use_interchange;
pub mod use_managed_policies;
pub mod use_persisted_state;
pub mod use_share_link;
pub mod use_shortcuts;

pub use use_catalog::use_catalog;
pub use use_deferred_summaries::use_deferred_summaries;
pub use use_editor_selection::use_editor_selection;
pub use use_first_paint::use_first_paint;
pub use use_interchange::use_interchange;
pub use use_managed_policies::use_managed_policies;
pub use use_persisted_state::use_persisted_state;
pub use use_share_link::use_share_link;
pub use use_shortcuts::use_shortcuts;
