//! Fetching AWS managed policies from the site's own static files (same origin; the page's
//! Content-Security-Policy allows nothing else). Nothing the user typed is sent: a request names
//! a file of AWS's public policies.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The folder the site serves the files from, relative to the page.
pub const FOLDER: &str = "managed-policies";

/// A file of the folder as text, or `None` when the site has no such file.
async fn file(path: &str) -> Option<String> {
    let window = web_sys::window()?;
    let response = JsFuture::from(window.fetch_with_str(&format!("{FOLDER}/{path}")))
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

/// The document of an AWS managed policy, or `None` when the site has no file for it.
pub async fn managed_policy(arn: &str) -> Option<String> {
    file(&iamplay_core::managed::file_of(arn)?).await
}

/// Every AWS managed policy's name and ARN, from the folder's index (empty if it has none).
pub async fn managed_index() -> Vec<(String, String)> {
    file("index.json")
        .await
        .map(|text| {
            iamplay_core::managed::read_index(&text)
                .into_iter()
                .map(|e| (e.name, e.arn))
                .collect()
        })
        .unwrap_or_default()
}
