//! Fetching AWS managed policies' documents from the site's own static files (same origin; the
//! page's Content-Security-Policy allows nothing else). Nothing the user typed is sent: the
//! request names a file of AWS's public policies.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The folder the site serves the files from, relative to the page.
pub const FOLDER: &str = "managed-policies";

/// The document of an AWS managed policy, or `None` when the site has no file for it.
pub async fn managed_policy(arn: &str) -> Option<String> {
    let file = iamplay_core::managed::file_of(arn)?;
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(&format!("{FOLDER}/{file}")))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()
}
