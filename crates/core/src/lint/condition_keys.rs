//! Condition keys in AWS's catalogue: which documented keys a key is an instance of, their
//! types, and which actions support them.

use crate::catalog::Catalog;
use crate::glob::Glob;
use crate::policy::Statement;

/// Whether condition key `key` is an instance of the catalogue's key `known`. Keys with a
/// placeholder (`kms:EncryptionContext:${EncryptionContextKey}`, `aws:RequestTag/tag-key`,
/// `…/<key>`) match any key that shares the part before it.
pub(super) fn key_matches(known: &str, key: &str) -> bool {
    let fixed = key_fixed_part(known);
    known.eq_ignore_ascii_case(key)
        || fixed.is_some_and(|prefix| {
            key.len() > prefix.len()
                && key
                    .get(..prefix.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
        })
}

/// The part of a catalogue key before its placeholder (`aws:RequestTag/`), if it has one.
pub(super) fn key_fixed_part(known: &str) -> Option<&str> {
    match known.find("${") {
        Some(at) => known.get(..at),
        None => known.find('/').and_then(|at| known.get(..=at)),
    }
}

/// The catalogue's keys `key` is an instance of, with their types: global keys first, then the
/// service's own.
pub(super) fn known_keys(
    catalog: &Catalog,
    key: &str,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    let service = key
        .split_once(':')
        .and_then(|(prefix, _)| catalog.service(prefix));
    let key = key.to_owned();
    let key2 = key.clone();
    catalog
        .global_keys
        .iter()
        .filter(move |(k, _)| key_matches(k, &key))
        .chain(
            service
                .into_iter()
                .flat_map(|s| s.condition_keys.iter())
                .filter(move |(k, _)| key_matches(k, &key2)),
        )
        .copied()
}

/// The catalogue's type of a condition key, if it knows it.
pub(super) fn key_type(catalog: &Catalog, key: &str) -> Option<&'static str> {
    known_keys(catalog, key).next().map(|(_, t)| t)
}

/// Whether the key has another finding that explains why the catalogue does not know it, so
/// `unknown-condition-key` would only repeat it.
pub(super) fn explained_key(catalog: &Catalog, key: &str) -> bool {
    missing_tag_key(catalog, key) || key.eq_ignore_ascii_case("aws:ARN")
}

/// `aws:ResourceTag` or `aws:RequestTag/`: a tag key form without the tag key.
pub(super) fn missing_tag_key(catalog: &Catalog, key: &str) -> bool {
    let base = key.strip_suffix('/').unwrap_or(key);
    let wanted = format!("{base}/");
    wanted.to_ascii_lowercase().ends_with("tag/")
        && known_keys(catalog, &format!("{wanted}x"))
            .any(|(k, _)| key_fixed_part(k).is_some_and(|f| f.eq_ignore_ascii_case(&wanted)))
        && !key.contains(['*', '$'])
        && (key.ends_with('/') || !key.contains('/'))
}

/// Whether some action of the statement supports the service key `key` (directly or through
/// one of its resource types); `None` when that cannot be told.
pub(super) fn key_supported(catalog: &Catalog, statement: &Statement, key: &str) -> Option<bool> {
    let (prefix, _) = key.split_once(':')?;
    let service = catalog.service(prefix)?;
    // Keys the catalogue lists as global (`ec2:SourceInstanceArn`) go with every action.
    if catalog.global_keys.iter().any(|(k, _)| key_matches(k, key)) {
        return None;
    }
    let actions = statement.action.as_ref().filter(|a| !a.negated)?;
    for value in &actions.values {
        let lower = value.value.to_ascii_lowercase();
        let service_part = lower.split_once(':').map_or(lower.as_str(), |(p, _)| p);
        if !Glob::new(service_part).matches(&service.prefix.to_ascii_lowercase()) {
            continue;
        }
        let found: Vec<_> = catalog
            .expand(&value.value)
            .into_iter()
            .filter(|(s, _)| s.prefix == service.prefix)
            .collect();
        if found.is_empty() {
            return None;
        }
        let supports = found.iter().any(|(s, action)| {
            action.condition_keys().any(|k| key_matches(k, key))
                || action.resource_types().any(|(name, _)| {
                    s.resource_types.iter().any(|r| {
                        r.name == name
                            && r.condition_keys
                                .split(',')
                                .any(|k| !k.is_empty() && key_matches(k, key))
                    })
                })
        });
        if supports {
            return Some(true);
        }
    }
    Some(false)
}
