//! The plan's `transport` section: the vehicles for the group.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::ProblemCode;

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

impl Checker<'_> {
    pub(super) fn travel_and_transport(&mut self) {
        let p = self.plan;
        for (i, t) in p.travel.iter().enumerate() {
            self.venue_ref(format!("travel[{i}].from"), &t.from);
            self.venue_ref(format!("travel[{i}].to"), &t.to);
            if t.minutes == 0 {
                self.push(
                    format!("travel[{i}].minutes"),
                    ProblemCode::ZeroDuration,
                    "a travel time of 0 minutes; give the real minutes or remove the entry".into(),
                    "路程时间为 0 分钟，请填写实际分钟数或删除此项".into(),
                );
            }
        }
        if let Some(t) = &p.transport {
            if t.seats_per_vehicle == 0 {
                self.push(
                    "transport.seats_per_vehicle",
                    ProblemCode::ZeroCapacity,
                    "vehicles with 0 seats carry nobody; give the seats per vehicle".into(),
                    "车辆座位数为 0，请填写每辆车的座位数".into(),
                );
            }
            if let Some(u) = &t.unit {
                self.unit_ref("transport.unit".into(), u);
            }
        }
    }
}
