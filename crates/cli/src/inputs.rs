//! Several documents named on the command line: files, `-` for standard input, and glob
//! patterns (`policies/**/*.json`), which the command expands itself so that a CI job or a
//! hook can pass them quoted.

use std::path::PathBuf;

/// Whether `value` is a pattern rather than a file name.
fn is_pattern(value: &str) -> bool {
    value.contains(['*', '?', '['])
}

/// The files `values` name, in order, each once: a value naming an existing file (or `-`) is
/// taken as it is; a pattern is expanded in sorted order. A pattern that matches no file, or
/// is not a pattern, is an error naming it.
pub fn expand(values: &[PathBuf]) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = Vec::new();
    let mut push = |name: String| {
        if !files.contains(&name) {
            files.push(name);
        }
    };
    for value in values {
        let text = value.to_string_lossy().into_owned();
        if text == "-" || !is_pattern(&text) || value.exists() {
            push(text);
            continue;
        }
        let paths = glob::glob(&text).map_err(|e| format!("`{text}` is not a pattern: {e}"))?;
        let mut matched: Vec<String> = paths
            .filter_map(Result::ok)
            .filter(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        if matched.is_empty() {
            return Err(format!("`{text}` matches no file"));
        }
        matched.sort();
        matched.into_iter().for_each(&mut push);
    }
    Ok(files)
}

/// The text of `name`: a file, or standard input for `-`.
pub fn read(name: &str) -> Result<String, String> {
    let mut text = String::new();
    if name == "-" {
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut text)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(name).map_err(|e| format!("cannot read `{name}`: {e}"))
    }
}

/// A document by the name given on the command line (a file, `-`, or `preset:ID`): the name
/// to report it by, and its text.
pub fn read_document(value: &str) -> Result<(String, String), String> {
    if let Some(id) = value.strip_prefix("preset:") {
        return iamplay_core::presets::preset(id)
            .map(|p| (format!("preset {id}"), p.text.to_owned()))
            .ok_or_else(|| format!("no preset named `{id}`"));
    }
    read(value).map(|text| (value.to_owned(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_expand_sorted_and_once() {
        let dir = std::env::temp_dir().join(format!("iamplay-inputs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        for name in ["b.json", "a.json", "sub/c.json", "note.txt"] {
            std::fs::write(dir.join(name), "{}").unwrap();
        }
        let pattern = dir.join("**").join("*.json");
        let named = dir.join("b.json");
        let files = expand(&[named.clone(), pattern]).unwrap();
        let short: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(&*dir.to_string_lossy()).unwrap().to_owned())
            .collect();
        assert_eq!(short, ["/b.json", "/a.json", "/sub/c.json"]);
        let none = expand(&[dir.join("*.yaml")]).unwrap_err();
        assert!(none.ends_with("matches no file"), "{none}");
        // A name that is not a pattern is kept, so reading it reports it missing.
        assert_eq!(expand(&[dir.join("missing.json")]).unwrap().len(), 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
