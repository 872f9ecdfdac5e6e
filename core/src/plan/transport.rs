//! The plan's `transport` section: the vehicles available for the group,
//! the staff travelling with it and the return trip after the programme;
//! with the travel legs' [`TravelMode`] it says which legs need vehicles.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::OpenDayPlan;
use super::check::Checker;
use super::itinerary::SegmentKind;
use super::problem::{Problem, ProblemCode};

/// How the group travels between places.
///
/// ```
/// let t: openday::plan::transport::TransportPolicy = serde_json::from_str(r#"{
///   "fleet": [{"vehicle": "大巴", "seats": 22, "count": 1}],
///   "staff": 3,
///   "return_trip": {"to": "gate", "minutes": 25}
/// }"#).unwrap();
/// assert_eq!(t.fleet[0].count, Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TransportPolicy {
    /// The vehicles available. A kind without `count` is booked as needed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fleet: Vec<FleetEntry>,
    /// Shorthand (format 1) for a fleet of one kind booked as needed: the
    /// vehicle's name; use `fleet` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<String>,
    /// Shorthand (format 1): passenger seats per vehicle; use `fleet` instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seats_per_vehicle: Option<u32>,
    /// Staff travelling with the group (guides, organisers).
    #[serde(default)]
    pub staff: u32,
    /// The unit responsible for vehicles (a unit id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The trip back after the programme (to the gathering point, a
    /// station), laid out after the last segment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_trip: Option<ReturnTrip>,
}

/// Vehicles of one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FleetEntry {
    /// The vehicle (e.g. 大巴, 中巴, minibus).
    pub vehicle: String,
    /// Passenger seats per vehicle.
    pub seats: u32,
    /// How many are available; absent when they are booked as needed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// How a travel leg is made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TravelMode {
    /// By the group's vehicles (the default): needs the fleet.
    #[default]
    Bus,
    /// On foot: no vehicle.
    Walk,
    /// Any other way that needs no vehicle of the plan (metro, boat).
    Other,
}

impl TravelMode {
    /// `bus`, `walk` or `other`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Bus => "bus",
            Self::Walk => "walk",
            Self::Other => "other",
        }
    }

    /// Whether the leg uses the plan's vehicles.
    pub fn needs_vehicles(self) -> bool {
        self == Self::Bus
    }
}

/// The trip back after the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnTrip {
    /// Where the group is taken (a venue id).
    pub to: String,
    /// Minutes it takes.
    pub minutes: u32,
    /// How (default: by the group's vehicles).
    #[serde(default)]
    pub mode: TravelMode,
    /// Whether the day's window covers it (default: no, it runs after the
    /// window's end).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub within_window: bool,
}

impl TransportPolicy {
    /// The fleet, with the format-1 shorthand read as one kind booked as needed.
    pub fn vehicles(&self) -> Vec<FleetEntry> {
        let mut fleet = self.fleet.clone();
        if let (Some(vehicle), Some(seats)) = (&self.vehicle, self.seats_per_vehicle) {
            fleet.push(FleetEntry {
                vehicle: vehicle.clone(),
                seats,
                count: None,
            });
        }
        fleet
    }

    /// Seats the fleet has at most: `None` when a kind is booked as needed.
    pub fn capacity(&self) -> Option<u64> {
        self.vehicles().iter().try_fold(0u64, |sum, v| {
            v.count
                .map(|c| sum.saturating_add(u64::from(c).saturating_mul(u64::from(v.seats))))
        })
    }
}

/// Vehicles to use for a group: the largest kinds first, each up to its
/// count, the last kind as many as needed. `None` when the fleet cannot
/// carry the group.
pub(crate) fn allocate(fleet: &[FleetEntry], group: u32) -> Option<Vec<(String, u32, u32)>> {
    let mut kinds: Vec<&FleetEntry> = fleet.iter().filter(|v| v.seats > 0).collect();
    kinds.sort_by(|a, b| b.seats.cmp(&a.seats).then(a.vehicle.cmp(&b.vehicle)));
    let mut left = group;
    let mut used = Vec::new();
    for v in kinds {
        if left == 0 {
            break;
        }
        let want = left.div_ceil(v.seats);
        let n = v.count.map_or(want, |c| c.min(want));
        if n > 0 {
            used.push((v.vehicle.clone(), v.seats, n));
            left = left.saturating_sub(n.saturating_mul(v.seats));
        }
    }
    (left == 0).then_some(used)
}

/// Whether a plan segment travels by the group's vehicles.
pub(crate) fn segment_uses_vehicles(seg: &super::itinerary::Segment) -> bool {
    match seg.mode {
        Some(mode) => mode.needs_vehicles(),
        None => seg.transport.is_some() || seg.kind == SegmentKind::Travel,
    }
}

impl Checker<'_> {
    pub(super) fn travel_and_transport(&mut self) {
        let p = self.plan;
        for (i, t) in p.travel.iter().enumerate() {
            self.venue_ref(format!("travel[{i}].from"), &t.from);
            self.venue_ref(format!("travel[{i}].to"), &t.to);
            self.minutes_in_a_day(format!("travel[{i}].minutes"), t.minutes);
            if t.minutes == 0 {
                self.push(
                    format!("travel[{i}].minutes"),
                    ProblemCode::ZeroDuration,
                    "a travel time of 0 minutes; give the real minutes or remove the entry".into(),
                    "路程时间为 0 分钟，请填写实际分钟数或删除此项".into(),
                );
            }
        }
        let Some(t) = &p.transport else {
            if let Some(path) = first_vehicle_leg(p) {
                self.problems.push(Problem::warning(
                    path,
                    ProblemCode::NoFleet,
                    "this leg goes by the group's vehicles, but the plan has no `transport` section; add the fleet (vehicles and seats) so it can be checked",
                    "此段路程需乘车，但方案未填写 transport（车辆及座位），无法核对运力，请补充",
                ));
            }
            return;
        };
        if let Some(u) = &t.unit {
            self.unit_ref("transport.unit".into(), u);
        }
        if t.vehicle.is_some() != t.seats_per_vehicle.is_some() {
            self.push(
                "transport",
                ProblemCode::NoFleet,
                "`vehicle` and `seats_per_vehicle` go together; better, list the vehicles in `fleet`".into(),
                "vehicle 与 seats_per_vehicle 须同时填写；建议改用 fleet 列出车辆".into(),
            );
        }
        let fleet = t.vehicles();
        if fleet.is_empty() && t.vehicle.is_none() {
            self.push(
                "transport.fleet",
                ProblemCode::NoFleet,
                "no vehicle is listed; list the fleet, e.g. [{\"vehicle\": \"大巴\", \"seats\": 45, \"count\": 1}]".into(),
                "未列出车辆，请在 fleet 中填写，例如 [{\"vehicle\": \"大巴\", \"seats\": 45, \"count\": 1}]".into(),
            );
        }
        for (i, v) in t.fleet.iter().enumerate() {
            self.not_empty(
                &format!("transport.fleet[{i}].vehicle"),
                &v.vehicle,
                "the vehicle",
                "车辆名称",
            );
            if v.seats == 0 || v.count == Some(0) {
                self.push(
                    format!("transport.fleet[{i}]"),
                    ProblemCode::ZeroCapacity,
                    "vehicles with 0 seats, or a count of 0, carry nobody; give the real numbers or remove the entry".into(),
                    "车辆座位数或数量为 0，请填写实际数字或删除此项".into(),
                );
            }
        }
        if t.seats_per_vehicle == Some(0) {
            self.push(
                "transport.seats_per_vehicle",
                ProblemCode::ZeroCapacity,
                "vehicles with 0 seats carry nobody; give the seats per vehicle".into(),
                "车辆座位数为 0，请填写每辆车的座位数".into(),
            );
        }
        self.fleet_capacity(t);
        if let Some(r) = &t.return_trip {
            self.venue_ref("transport.return_trip.to".into(), &r.to);
            self.minutes_in_a_day("transport.return_trip.minutes".into(), r.minutes);
            if r.minutes == 0 {
                self.push(
                    "transport.return_trip.minutes",
                    ProblemCode::ZeroDuration,
                    "a return trip of 0 minutes; give the real minutes or remove it".into(),
                    "返程时间为 0 分钟，请填写实际分钟数或删除".into(),
                );
            }
        }
    }
}

impl Checker<'_> {
    /// The fleet against the group: an error naming the vehicles needed.
    fn fleet_capacity(&mut self, t: &TransportPolicy) {
        let p = self.plan;
        let fleet = t.vehicles();
        let group = u64::from(p.seats) + u64::from(t.staff);
        if let Some(cap) = t.capacity().filter(|c| *c < group && *c > 0) {
            let need = allocate(
                &fleet
                    .iter()
                    .map(|v| FleetEntry {
                        count: None,
                        ..v.clone()
                    })
                    .collect::<Vec<_>>(),
                u32::try_from(group).unwrap_or(u32::MAX),
            )
            .unwrap_or_default();
            let need_en = need
                .iter()
                .map(|(v, s, n)| format!("{n} × {v} ({s} seats)"))
                .collect::<Vec<_>>()
                .join(" + ");
            let need_zh = need
                .iter()
                .map(|(v, s, n)| format!("{v} {n} 辆（每辆 {s} 座）"))
                .collect::<Vec<_>>()
                .join("、");
            self.push(
                "transport.fleet",
                ProblemCode::FleetTooSmall,
                format!(
                    "the fleet seats {cap}, but the group is {group} ({} citizens and {} staff); the group needs {need_en}: add vehicles or reduce seats",
                    p.seats, t.staff
                ),
                format!(
                    "车辆共 {cap} 座，但乘车人数为 {group} 人（市民 {} 人、工作人员 {} 人），需要{need_zh}；请增加车辆或减少名额",
                    p.seats, t.staff
                ),
            );
        }
    }
}

/// The path of the first leg that needs vehicles, if any.
fn first_vehicle_leg(p: &OpenDayPlan) -> Option<String> {
    if let Some(i) = p.itinerary.iter().position(segment_uses_vehicles) {
        return Some(format!("itinerary[{i}]"));
    }
    p.travel
        .iter()
        .position(|t| t.mode.needs_vehicles() && used_leg(p, t))
        .map(|i| format!("travel[{i}]"))
}

/// Whether the itinerary goes along this travel-table entry.
fn used_leg(p: &OpenDayPlan, t: &super::itinerary::TravelTime) -> bool {
    let venues: Vec<&str> = p
        .itinerary
        .iter()
        .filter_map(|s| s.venue.as_deref())
        .collect();
    venues.windows(2).any(|w| {
        w[0] != w[1] && ((w[0] == t.from && w[1] == t.to) || (w[0] == t.to && w[1] == t.from))
    })
}
