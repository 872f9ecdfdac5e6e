//! The day as it happens: live re-planning, postponement, transport and
//! exports (iCalendar, run sheets, SVG timeline). The programme itself is
//! the plan's [`itinerary`](crate::plan::itinerary) and its layout the
//! plan's [`timetable`](crate::plan::timetable), both re-exported here.

use serde::Serialize;

use crate::plan::Plan;
use crate::plan::transport::allocate;

mod export;
mod postpone;
mod replan;

pub use export::{RunSheet, ical, run_sheets, timeline_svg};
pub use postpone::{Audience, ChangeRecord, PostponeError, Postponement, postpone};
pub use replan::{ActualTimes, Change, ReplanError, Replanned, replan};

pub use crate::plan::itinerary::{DurationSpec, GroupSplit, Segment, SegmentKind, TravelTime};
pub use crate::plan::timetable::{ScheduledSegment, Timetable, Turn, group_sizes};
pub use crate::plan::transport::{FleetEntry, ReturnTrip, TransportPolicy, TravelMode};

/// Vehicles of one kind used for the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VehicleUse {
    /// The vehicle (e.g. 大巴).
    pub vehicle: String,
    /// Passenger seats each.
    pub seats: u32,
    /// How many.
    pub count: u32,
}

/// The vehicles the group needs and the legs that use them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransportNeed {
    /// People travelling: citizen seats and staff.
    pub group: u32,
    /// Vehicles to use, largest kinds first (empty when the fleet cannot
    /// carry the group: then `fits` is false).
    pub vehicles: Vec<VehicleUse>,
    /// How many vehicles in all.
    pub vehicle_count: u32,
    /// Seats in the vehicles used.
    pub seats: u32,
    /// Whether the fleet can carry the group.
    pub fits: bool,
    /// Legs by the group's vehicles (timetable ids), in order, including
    /// the return trip.
    pub legs: Vec<String>,
    /// Legs on foot or otherwise (timetable ids), in order.
    pub other_legs: Vec<String>,
}

/// Vehicles the plan needs for its seats and staff, from its fleet (largest
/// kinds first, each up to its count), and the legs that use them. `None`
/// when the plan has no transport section.
///
/// ```
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let need = openday::itinerary::transport(&plan).unwrap();
/// assert_eq!((need.group, need.vehicle_count, need.fits), (36, 1, true));
/// ```
pub fn transport(plan: &Plan) -> Option<TransportNeed> {
    let doc = plan.document();
    let t = doc.transport.as_ref()?;
    let group = doc.seats.saturating_add(t.staff);
    let used = allocate(&t.vehicles(), group);
    let vehicles: Vec<VehicleUse> = used
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|(vehicle, seats, count)| VehicleUse {
            vehicle,
            seats,
            count,
        })
        .collect();
    let (mut legs, mut other_legs) = (Vec::new(), Vec::new());
    for s in &plan.timetable().segments {
        match s.mode {
            Some(m) if m.needs_vehicles() => legs.push(s.id.clone()),
            Some(_) => other_legs.push(s.id.clone()),
            None => {}
        }
    }
    Some(TransportNeed {
        group,
        vehicle_count: vehicles.iter().map(|v| v.count).sum(),
        seats: vehicles
            .iter()
            .map(|v| v.seats.saturating_mul(v.count))
            .fold(0, u32::saturating_add),
        fits: used.is_some(),
        vehicles,
        legs,
        other_legs,
    })
}
