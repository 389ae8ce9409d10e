//! Answers beyond allowed or denied, each worked out from the whole scenario and checked by
//! simulating it again before it is given:
//!
//! - [`fixes`]: the smallest edits that allow a denied request, each a diff on the scenario
//!   that is simulated again and reviewed (it must grant no more than it says); [`tightenings`]
//!   the reverse, for over-broad grants;
//! - [`discover`]: the context values under which a request denied by conditions is allowed,
//!   across every policy layer at once, each set of values simulated before it is given;
//! - [`who_can_get`]: which principals can get the instance profile's credentials, by each of
//!   the documented EC2 paths, with the statements that decide every step;
//! - [`exfiltration`]: what the role session's credentials can still do when used from outside
//!   the instance, and which documented guard stops it.

mod candidates;
mod discover;
pub mod edit;
mod exfiltration;
mod fix;
mod tighten;
mod who_can_get;

pub use discover::{Bound, Discovery, KeyValues, Solution, TruthRow, discover};
pub use exfiltration::{Exfiltration, Guard, GuardKind, Vantage, exfiltration};
pub use fix::{Fix, FixAnswer, FixKind, fixes};
pub use tighten::tightenings;
pub use who_can_get::{PathKind, PathStep, Principal, ReachPath, WhoCanGet, who_can_get};

use crate::chain::ChainOutcome;
use crate::managed::ManagedPolicies;
use crate::scenario::{Scenario, read_scenario_with, run_scenario};

/// What every answer starts from: the scenario document, the scenario it builds, the time of
/// its requests, and where AWS managed policies' documents come from.
#[derive(Clone, Copy)]
pub struct Ground<'a> {
    /// The scenario document.
    pub text: &'a str,
    /// The scenario it builds.
    pub scenario: &'a Scenario,
    /// The time of the requests when the scenario does not fix it (ISO 8601).
    pub now: &'a str,
    /// AWS managed policies' documents.
    pub managed: &'a dyn ManagedPolicies,
}

impl Ground<'_> {
    /// The scenario's simulation.
    pub fn run(&self) -> ChainOutcome {
        run_scenario(self.scenario, self.now)
    }

    /// Another version of the document, read and simulated; `None` when it has errors.
    fn again(&self, text: &str) -> Option<(Scenario, ChainOutcome)> {
        let read = read_scenario_with(text, self.managed);
        let scenario = read.scenario?;
        let outcome = run_scenario(&scenario, self.now);
        Some((scenario, outcome))
    }
}

/// `service:Action on resource` for messages.
fn request_label(action: &str, resource: &str) -> String {
    format!("{action} on {resource}")
}

#[cfg(test)]
mod tests;
