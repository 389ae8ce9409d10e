//! `--policy-type`: any name the engine's [`PolicyType::parse`] accepts, with the kinds' ids
//! listed in the help.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use iamplay_core::PolicyType;
use std::ffi::OsStr;

/// Parses `--policy-type` with [`PolicyType::parse`]: the ids (`identity`, `resource`,
/// `trust`, `boundary`, `session`, `scp`, `rcp`), the kebab names (`identity-policy`,
/// `resource-policy`, `service-control-policy`, …) and Access Analyzer's `IDENTITY_POLICY`,
/// `RESOURCE_POLICY`, `SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`.
#[derive(Clone, Copy, Debug, Default)]
pub struct PolicyTypeParser;

impl TypedValueParser for PolicyTypeParser {
    type Value = PolicyType;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<PolicyType, clap::Error> {
        let name = value.to_string_lossy();
        name.parse::<PolicyType>().map_err(|e| {
            let at = arg.map_or_else(|| "--policy-type".to_owned(), ToString::to_string);
            let mut cmd = cmd.clone();
            cmd.error(
                ErrorKind::InvalidValue,
                format!("invalid value for {at}: {e}"),
            )
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(PolicyType::ALL.into_iter().map(|kind| {
            PossibleValue::new(kind.id())
                .help(kind.label())
                .aliases(kind.names().skip(1))
        })))
    }
}
