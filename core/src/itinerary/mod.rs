//! The day as it happens: live re-planning, postponement, transport and
//! exports (iCalendar, run sheets, SVG timeline). The programme itself is
//! the plan's [`itinerary`](crate::plan::itinerary) and its layout the
//! plan's [`timetable`](crate::plan::timetable), both re-exported here.

use serde::Serialize;

use crate::plan::OpenDayPlan;

mod export;
mod postpone;
mod replan;

pub use export::{RunSheet, ical, run_sheets, timeline_svg};
pub use postpone::{Audience, ChangeRecord, PostponeError, Postponement, postpone};
pub use replan::{ActualTimes, Change, ReplanError, Replanned, replan};

pub use crate::plan::itinerary::{DurationSpec, Segment, SegmentKind, TravelTime};
pub use crate::plan::timetable::{ScheduledSegment, Timetable};
pub use crate::plan::transport::TransportPolicy;

/// Vehicles needed for the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransportNeed {
    /// People travelling: citizen seats and staff.
    pub group: u32,
    /// Seats per vehicle.
    pub seats_per_vehicle: u32,
    /// Vehicles needed.
    pub vehicles: u32,
    /// The vehicle kind.
    pub vehicle: String,
    /// Segments that use the vehicles (ids), in order.
    pub legs: Vec<String>,
}

/// Vehicles the plan needs: `ceil((seats + staff) / seats_per_vehicle)`, and
/// the segments that travel. `None` when the plan has no transport policy.
///
/// ```
/// let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN).unwrap();
/// let need = openday::itinerary::transport(plan.document()).unwrap();
/// assert_eq!((need.group, need.vehicles), (36, 1));
/// ```
pub fn transport(plan: &OpenDayPlan) -> Option<TransportNeed> {
    let t = plan.transport.as_ref()?;
    let group = plan.seats.saturating_add(t.staff);
    let per = t.seats_per_vehicle.max(1);
    Some(TransportNeed {
        group,
        seats_per_vehicle: t.seats_per_vehicle,
        vehicles: group.div_ceil(per),
        vehicle: t.vehicle.clone(),
        legs: plan
            .itinerary
            .iter()
            .filter(|s| s.transport.is_some() || s.kind == SegmentKind::Travel)
            .map(|s| s.id.clone())
            .collect(),
    })
}
