//! Ready scenarios from the source documents, shipped with every face of iamplay.

/// A ready scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// A stable id, e.g. `elastic-beanstalk`.
    pub id: &'static str,
    /// A short title for buttons and menus.
    pub title: &'static str,
    /// The scenario document.
    pub text: &'static str,
}

/// Every preset, the first being the playground's default.
pub const PRESETS: [Preset; 4] = [
    Preset {
        id: "elastic-beanstalk",
        title: "Elastic Beanstalk",
        text: include_str!("../presets/elastic-beanstalk.json"),
    },
    Preset {
        id: "ec2-app-server",
        title: "EC2 app server walkthrough",
        text: include_str!("../presets/ec2-app-server.json"),
    },
    Preset {
        id: "auto-scaling-qateam",
        title: "Auto Scaling + PassRole",
        text: include_str!("../presets/auto-scaling-qateam.json"),
    },
    Preset {
        id: "common-mistakes",
        title: "Common mistakes",
        text: include_str!("../presets/common-mistakes.json"),
    },
];

/// What "New scenario" starts from: an account with one role that EC2 may assume, held by one
/// instance profile, an instance launched with it, and one request to ask about.
pub const NEW_SCENARIO: &str = include_str!("../presets/new-scenario.json");

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
