//! Keeping what the user typed in the browser's local storage, so a reload never loses it.
//!
//! Storage can be missing or full (private windows, quotas): every failure is returned as a
//! message for the page to show, never a panic.

use web_sys::Storage;

/// Where the policy reader's text is kept.
pub const POLICY_KEY: &str = "iamplay.policy.v1";
/// Where the scenario text is kept.
pub const SCENARIO_KEY: &str = "iamplay.scenario.v1";
/// Where the shown part (`scenario` or `policy`) is kept.
pub const MODE_KEY: &str = "iamplay.mode.v1";

fn local_storage() -> Result<Storage, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("local storage is not available".to_owned()),
        Err(_) => Err("local storage is blocked".to_owned()),
    }
}

/// The value saved under `key` by an earlier visit, if any.
pub fn load(key: &str) -> Result<Option<String>, String> {
    local_storage()?
        .get_item(key)
        .map_err(|_| "local storage could not be read".to_owned())
}

/// Save a value.
pub fn save(key: &str, value: &str) -> Result<(), String> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_| "local storage is full or blocked".to_owned())
}

/// Forget everything saved (used by tests to start from a clean page).
pub fn clear() -> Result<(), String> {
    let storage = local_storage()?;
    for key in [POLICY_KEY, SCENARIO_KEY, MODE_KEY] {
        storage
            .remove_item(key)
            .map_err(|_| "local storage could not be written".to_owned())?;
    }
    Ok(())
}
