//! The plan's `postponement` section: when and how the day may be moved.
//! Moving it is [`crate::itinerary::postpone`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// When and how the day may be moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PostponementPolicy {
    /// Minimum notice, in hours before the original start, for announcing a move.
    #[serde(default = "default_notice_hours")]
    pub min_notice_hours: u32,
    /// Reasons that allow moving the day (极端天气、重大活动、不可抗力).
    #[serde(default)]
    pub triggers: Vec<String>,
    /// Where a move is announced.
    #[serde(default)]
    pub announce_via: Vec<String>,
    /// Whether the registration deadline moves with the day.
    #[serde(default)]
    pub shift_registration_deadline: bool,
}

fn default_notice_hours() -> u32 {
    24
}

impl Default for PostponementPolicy {
    fn default() -> Self {
        Self {
            min_notice_hours: default_notice_hours(),
            triggers: Vec::new(),
            announce_via: Vec::new(),
            shift_registration_deadline: false,
        }
    }
}
