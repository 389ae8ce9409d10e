//! What this browser keeps of the user's work, as one versioned record, and how a page opens on
//! it: a shared scenario in the URL opens beside the user's own (which is kept, not replaced), a
//! record this version cannot read is reported and kept aside, never overwritten.

use serde::{Deserialize, Serialize};

/// The record's version.
pub const VERSION: u32 = 2;

/// The user's work.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Work {
    /// Always [`VERSION`].
    pub version: u32,
    /// `scenario` or `policy`: the part shown.
    pub mode: String,
    /// The user's own scenario.
    pub scenario: Option<String>,
    /// The policy reader's text.
    pub policy: Option<String>,
    /// A shared scenario being looked at, with the user's edits to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shared: Option<Shared>,
}

/// A shared scenario being looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shared {
    /// The URL fragment it was opened from.
    pub link: String,
    /// Its text, as edited since.
    pub text: String,
}

/// What was found where the work is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// Nothing: a first visit, or work kept by an earlier version under its own keys.
    Nothing,
    /// The work.
    Work(Work),
    /// Something this version cannot read: why.
    Unreadable(String),
}

/// Reads the record.
pub fn read(raw: Option<&str>) -> Found {
    let Some(raw) = raw else {
        return Found::Nothing;
    };
    match serde_json::from_str::<Work>(raw) {
        Ok(work) if work.version == VERSION => Found::Work(work),
        Ok(work) => Found::Unreadable(format!(
            "it was written by another version ({})",
            work.version
        )),
        Err(error) => Found::Unreadable(format!("it is not iamplay's ({error})")),
    }
}

/// Writes the record.
pub fn write(work: &Work) -> String {
    serde_json::to_string(work).unwrap_or_default()
}

/// How the page opens.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Opening {
    /// `scenario` or `policy`.
    pub mode: String,
    /// The scenario shown.
    pub scenario: Option<String>,
    /// The policy reader's text.
    pub policy: Option<String>,
    /// When a shared scenario is shown: the link it came from and the user's own scenario,
    /// kept to go back to.
    pub shared: Option<(String, Option<String>)>,
}

/// How the page opens on what was kept (`work`, or an earlier version's `legacy` scenario,
/// policy and mode) and on a shared scenario in the URL (`link` and its text).
pub fn opening(work: Option<Work>, legacy: Work, link: Option<(String, String)>) -> Opening {
    let work = work.unwrap_or(legacy);
    match link {
        // A link to the user's own scenario (they shared it, then reloaded) opens it as theirs.
        Some((_, text)) if work.scenario.as_ref() == Some(&text) && work.shared.is_none() => {
            Opening {
                mode: "scenario".to_owned(),
                scenario: work.scenario,
                policy: work.policy,
                shared: None,
            }
        }
        Some((link, text)) => {
            // Reopening the same link brings back the edits made to it.
            let text = match work.shared {
                Some(shared) if shared.link == link => shared.text,
                _ => text,
            };
            Opening {
                mode: "scenario".to_owned(),
                scenario: Some(text),
                policy: work.policy,
                shared: Some((link, work.scenario)),
            }
        }
        None => Opening {
            mode: work.mode,
            scenario: work.scenario,
            policy: work.policy,
            shared: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn work(scenario: &str) -> Work {
        Work {
            version: VERSION,
            mode: "policy".to_owned(),
            scenario: Some(scenario.to_owned()),
            policy: Some("{}".to_owned()),
            shared: None,
        }
    }

    #[test]
    fn the_record_round_trips_and_anything_else_is_unreadable() {
        let w = work("{ not json yet");
        assert_eq!(read(Some(&write(&w))), Found::Work(w));
        assert_eq!(read(None), Found::Nothing);
        assert!(matches!(read(Some("hello")), Found::Unreadable(_)));
        assert!(
            matches!(read(Some("{\"version\": 9, \"mode\": \"x\"}")), Found::Unreadable(r) if r.contains("another version"))
        );
    }

    #[test]
    fn a_shared_link_opens_beside_the_users_own_scenario() {
        let opened = opening(
            Some(work("mine")),
            Work::default(),
            Some(("#s=1".into(), "theirs".into())),
        );
        assert_eq!(opened.scenario.as_deref(), Some("theirs"));
        assert_eq!(opened.mode, "scenario");
        assert_eq!(
            opened.shared,
            Some(("#s=1".to_owned(), Some("mine".to_owned())))
        );
        // Without the link, the user's own scenario is there, untouched.
        let opened = opening(Some(work("mine")), Work::default(), None);
        assert_eq!(opened.scenario.as_deref(), Some("mine"));
        assert_eq!(opened.shared, None);
        // A link to the user's own scenario is just theirs.
        let opened = opening(
            Some(work("mine")),
            Work::default(),
            Some(("#s=0".into(), "mine".into())),
        );
        assert_eq!(opened.shared, None);
    }

    #[test]
    fn reopening_a_shared_link_keeps_the_edits_made_to_it() {
        let mut kept = work("mine");
        kept.shared = Some(Shared {
            link: "#s=1".into(),
            text: "theirs, edited".into(),
        });
        let opened = opening(
            Some(kept.clone()),
            Work::default(),
            Some(("#s=1".into(), "theirs".into())),
        );
        assert_eq!(opened.scenario.as_deref(), Some("theirs, edited"));
        let other = opening(
            Some(kept),
            Work::default(),
            Some(("#s=2".into(), "another".into())),
        );
        assert_eq!(other.scenario.as_deref(), Some("another"));
    }

    #[test]
    fn an_earlier_versions_keys_are_read_when_there_is_no_record() {
        let opened = opening(None, work("from v1"), None);
        assert_eq!(opened.scenario.as_deref(), Some("from v1"));
    }
}
