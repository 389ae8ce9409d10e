//! Keeping what the user typed in the browser's local storage, so a reload never loses it.
//!
//! Storage can be missing or full (private windows, quotas): every failure is returned as a
//! message for the page to show, never a panic.

use web_sys::Storage;

const POLICY_KEY: &str = "iamplay.policy.v1";

fn local_storage() -> Result<Storage, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) => Err("local storage is not available".to_owned()),
        Err(_) => Err("local storage is blocked".to_owned()),
    }
}

/// The policy text saved by an earlier visit, if any.
pub fn load_policy() -> Result<Option<String>, String> {
    local_storage()?
        .get_item(POLICY_KEY)
        .map_err(|_| "local storage could not be read".to_owned())
}

/// Save the policy text.
pub fn save_policy(text: &str) -> Result<(), String> {
    local_storage()?
        .set_item(POLICY_KEY, text)
        .map_err(|_| "local storage is full or blocked".to_owned())
}

/// Forget the saved text (used by tests to start from a clean page).
pub fn clear_policy() -> Result<(), String> {
    local_storage()?
        .remove_item(POLICY_KEY)
        .map_err(|_| "local storage could not be written".to_owned())
}
