//! Keeping what the user typed in the browser's local storage, so a reload never loses it.
//!
//! Storage can be missing, blocked or full (private windows, quotas): every failure is returned
//! as a message for the page to show, never a panic. (`gloo-storage` is not used for this: its
//! `LocalStorage` throws when the browser blocks storage, which would stop the page.)

use web_sys::Storage;

/// Where the user's work is kept, as one record (see [`crate::saved`]).
pub const WORK_KEY: &str = "iamplay.work.v2";
/// Where an unreadable record is kept aside, followed by the time it was found.
pub const KEPT_ASIDE_PREFIX: &str = "iamplay.kept-aside.";

/// Where an earlier version kept the policy reader's text.
pub const POLICY_KEY: &str = "iamplay.policy.v1";
/// Where an earlier version kept the scenario text.
pub const SCENARIO_KEY: &str = "iamplay.scenario.v1";
/// Where an earlier version kept the shown part (`scenario` or `policy`).
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
    for key in [WORK_KEY, POLICY_KEY, SCENARIO_KEY, MODE_KEY] {
        storage
            .remove_item(key)
            .map_err(|_| "local storage could not be written".to_owned())?;
    }
    Ok(())
}

/// Keeps a value this version cannot read under a key of its own, so it is never overwritten;
/// returns that key.
pub fn keep_aside(value: &str, now: &str) -> Result<String, String> {
    let key = format!("{KEPT_ASIDE_PREFIX}{now}");
    save(&key, value)?;
    Ok(key)
}
