//! Fetching AWS's public data from the site's own static files (same origin; the page's
//! Content-Security-Policy allows nothing else): managed policies, and the catalogue of actions,
//! resource types and condition keys. Nothing the user typed is sent: a request names a file.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The folder the site serves the files from, relative to the page.
pub const FOLDER: &str = "managed-policies";

/// The catalogue's file, relative to the page.
pub const CATALOG: &str = "iam-catalog.tsv";

/// A file of the managed policies' folder as text, or `None` when the site has no such file.
async fn file(path: &str) -> Option<String> {
    text(&format!("{FOLDER}/{path}")).await
}

/// A file of the site as text, or `None` when the site has no such file.
pub async fn text(url: &str) -> Option<String> {
    response_text(web_sys::window()?.fetch_with_str(url)).await
}

/// The text of a fetch's response (the page's, or a worker's), or `None` when the fetch failed
/// or the site has no such file.
pub async fn response_text(fetched: js_sys::Promise) -> Option<String> {
    let response = JsFuture::from(fetched)
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

/// AWS's catalogue, or `None` when the site has no file for it.
pub async fn catalog() -> Option<String> {
    text(CATALOG).await
}
