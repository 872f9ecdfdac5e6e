//! The plan's `transport` section: the vehicles for the group.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How the group travels between places.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransportPolicy {
    /// The vehicle (e.g. 大巴).
    pub vehicle: String,
    /// Passenger seats per vehicle.
    pub seats_per_vehicle: u32,
    /// Staff travelling with the group (guides, organisers).
    #[serde(default)]
    pub staff: u32,
    /// The unit responsible for vehicles (a unit id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
}
