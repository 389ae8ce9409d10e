//! A team's scenarios, checked by the tests in `tests/`: each request's `expect` must be what
//! the instance-profile chain decides.

/// The scenarios, by file name.
pub const SCENARIOS: &[(&str, &str)] =
    &[("uploader.json", include_str!("../scenarios/uploader.json"))];

/// Every request of `scenario` whose decision is not the expected one, as
/// `ACTION on RESOURCE: expected X, got Y`; the scenario's problems when it cannot be read.
pub fn unexpected(scenario: &str, now: &str) -> Vec<String> {
    let result =
        iamplay_core::report::simulate_result(scenario, now, &std::collections::BTreeMap::new());
    let mut found: Vec<String> = result
        .problems
        .iter()
        .filter(|p| p.severity == "error")
        .map(|p| format!("{} at {}:{}: {}", p.code, p.line, p.column, p.message))
        .collect();
    for request in result.requests.unwrap_or_default() {
        if let Some(expected) = request.expected.filter(|e| *e != request.decision) {
            found.push(format!(
                "{} on {}: expected {expected}, got {} ({})",
                request.action,
                request.resource,
                request.decision,
                request.summary.unwrap_or_default()
            ));
        }
    }
    found
}
