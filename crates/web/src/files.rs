//! Scenario files: saving the document as a `.json` download and reading one the user picked.
//! Both happen in the browser; nothing is sent anywhere.

use gloo_file::{Blob, File, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

/// A file name for a scenario titled `name`: `my-scenario.json`.
pub fn file_name(name: &str) -> String {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{}.json", if slug.is_empty() { "scenario" } else { &slug })
}

/// Offers `text` as a download named `name`.
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let url = ObjectUrl::from(Blob::new_with_options(text, Some("application/json")));
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot make a link")?
        .dyn_into()
        .map_err(|_| "cannot make a link")?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    Ok(())
}

/// The text of a file the user picked.
pub async fn read(file: web_sys::File) -> Result<String, String> {
    gloo_file::futures::read_as_text(&File::from(file))
        .await
        .map_err(|e| format!("the file could not be read ({e})"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn file_names_are_made_of_the_title() {
        assert_eq!(super::file_name("Common mistakes"), "common-mistakes.json");
        assert_eq!(
            super::file_name("  EC2AppServerRole walkthrough!"),
            "ec2approleserver-walkthrough.json".replace("approleserver", "appserverrole")
        );
        assert_eq!(super::file_name(""), "scenario.json");
    }
}
