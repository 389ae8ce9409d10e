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

/// The playground's default, the first of [`PRESETS`].
pub const ELASTIC_BEANSTALK: Preset = Preset {
    id: "elastic-beanstalk",
    title: "Elastic Beanstalk",
    text: include_str!("../presets/elastic-beanstalk.json"),
};

/// Every preset, the first being the playground's default.
pub const PRESETS: [Preset; 4] = [
    ELASTIC_BEANSTALK,
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

/// Each preset's id and title, in [`PRESETS`]' order: for a menu that fetches a preset's
/// document when it is chosen (the playground keeps only the first in its first load, and
/// fetches the others from the site's `presets/ID.json`).
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, within bounds"
)]
pub const MENU: [(&str, &str); 4] = {
    let mut menu = [("", ""); 4];
    let mut i = 0;
    while i < PRESETS.len() {
        menu[i] = (PRESETS[i].id, PRESETS[i].title);
        i += 1;
    }
    menu
};

/// What "New scenario" starts from: an account with one role that EC2 may assume, held by one
/// instance profile, an instance launched with it, and one request to ask about.
pub const NEW_SCENARIO: &str = include_str!("../presets/new-scenario.json");

/// The preset with this id.
pub fn preset(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}
