//! The plan's `preparation` section: the duties the units take on before
//! the day (接待方案, 安全预案, vehicles, printed material, the room, the
//! public notice), each with a responsible unit, a named person (责任到人),
//! a due date and what "done" needs. The standard duties are derived from
//! the itinerary unless the plan says otherwise; duties the plan lists add
//! to them or, with the same id, replace one. Tracking them is
//! [`crate::preparation`].

use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::OpenDayPlan;
use super::check::Checker;
use super::itinerary::SegmentKind;
use super::problem::ProblemCode;

/// Preparation duties (`preparation` in the plan). The office is the plan's
/// first unit: it publishes the notice, prints the material and sets up the
/// discussion room; each site's first unit writes its reception plan (and,
/// for a site visit, its safety plan); the transport's unit books the
/// vehicles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PreparationPolicy {
    /// Derive the standard duties from the itinerary (default `true`): a
    /// reception plan and a safety plan for every site visit, vehicles for
    /// the transport, printed material for check-in, the room for the
    /// discussion, and the registration notice.
    #[serde(default = "yes")]
    pub derive: bool,
    /// Working days before the day that derived duties are due (default 5;
    /// the notice is due before registration opens).
    #[serde(default = "default_lead")]
    pub lead_working_days: u32,
    /// Duties the office lists: added to the derived ones, or replacing the
    /// derived duty with the same id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duties: Vec<Duty>,
}

fn yes() -> bool {
    true
}

fn default_lead() -> u32 {
    5
}

impl Default for PreparationPolicy {
    fn default() -> Self {
        Self {
            derive: true,
            lead_working_days: default_lead(),
            duties: Vec::new(),
        }
    }
}

impl PreparationPolicy {
    /// Whether the section is as a plan without it would have it.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// One duty before the day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Duty {
    /// Identifier, e.g. `reception-site-1` (derived duties are named
    /// `reception-<segment>`, `safety-<segment>`, `vehicles`,
    /// `printed-material`, `room-<segment>`, `notice`).
    pub id: String,
    /// What kind of duty.
    pub kind: DutyKind,
    /// What to do, in the plan's language.
    pub title: String,
    /// The responsible unit's id.
    pub unit: String,
    /// The named person responsible (责任到人): a role holder's name or
    /// post, as the office publishes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// When it is due.
    pub due: DueSpec,
    /// What "done" needs.
    #[serde(default)]
    pub done_when: DoneWhen,
    /// The itinerary segment it serves, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segment: Option<String>,
}

/// Kinds of duty.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DutyKind {
    /// 接待方案: the explanation, the route and the interaction at a site.
    ReceptionPlan,
    /// 安全预案: the safety plan of a site or a leg.
    SafetyPlan,
    /// Vehicles booked for the group.
    Vehicles,
    /// 资料印制: printed material.
    PrintedMaterial,
    /// 会场布置: the room set up.
    RoomSetup,
    /// 活动预告: the public notice published.
    Notice,
    /// Order and guidance on the day (引导).
    Guidance,
    /// Press and recording of the day.
    Press,
    /// Anything else.
    Other,
}

impl DutyKind {
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ReceptionPlan => "reception_plan",
            Self::SafetyPlan => "safety_plan",
            Self::Vehicles => "vehicles",
            Self::PrintedMaterial => "printed_material",
            Self::RoomSetup => "room_setup",
            Self::Notice => "notice",
            Self::Guidance => "guidance",
            Self::Press => "press",
            Self::Other => "other",
        }
    }
}

/// When a duty is due: working days before the day starts, before
/// registration opens, or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DueSpec {
    /// This many working days before the day, at the start of office hours.
    WorkingDaysBefore(u32),
    /// This many working days before registration opens (or, without an
    /// opening time, before the deadline).
    WorkingDaysBeforeRegistration(u32),
    /// An instant.
    At(#[schemars(schema_with = "crate::time::schema::instant")] DateTime<FixedOffset>),
}

/// What "done" needs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum DoneWhen {
    /// A document (its name or reference) is filed.
    #[default]
    Document,
    /// Someone checks it (a yes).
    Check,
    /// A count reaches this number (vehicles, copies, people).
    Count(u32),
}

/// The most days a duty may be due before the day.
pub const MAX_LEAD_DAYS: u32 = 366;

impl PreparationPolicy {
    /// Every duty of `plan`: the derived ones (unless `derive` is off), with
    /// the listed ones added or replacing by id, in a stable order.
    pub fn duties(plan: &OpenDayPlan) -> Vec<Duty> {
        let policy = &plan.preparation;
        let mut out: Vec<Duty> = if policy.derive {
            derived(plan)
        } else {
            Vec::new()
        };
        for duty in &policy.duties {
            match out.iter_mut().find(|d| d.id == duty.id) {
                Some(slot) => *slot = duty.clone(),
                None => out.push(duty.clone()),
            }
        }
        out
    }
}

fn derived(plan: &OpenDayPlan) -> Vec<Duty> {
    let lead = DueSpec::WorkingDaysBefore(plan.preparation.lead_working_days);
    let first_unit = |units: &[String]| {
        units
            .first()
            .cloned()
            .or_else(|| plan.units.first().map(|u| u.id.clone()))
            .unwrap_or_default()
    };
    let office = plan.units.first().map(|u| u.id.clone()).unwrap_or_default();
    let duty =
        |id: String, kind, title: String, unit: String, done_when, segment: Option<&str>| Duty {
            id,
            kind,
            title,
            unit,
            person: None,
            due: lead,
            done_when,
            segment: segment.map(str::to_owned),
        };
    let mut out = Vec::new();
    out.push(Duty {
        due: DueSpec::WorkingDaysBeforeRegistration(1),
        ..duty(
            "notice".into(),
            DutyKind::Notice,
            format!("发布活动预告和报名公告：{}", plan.title),
            office.clone(),
            DoneWhen::Document,
            None,
        )
    });
    for seg in &plan.itinerary {
        let unit = first_unit(&seg.units);
        if matches!(
            seg.kind,
            SegmentKind::SiteVisit | SegmentKind::EnRouteBriefing
        ) {
            out.push(duty(
                format!("reception-{}", seg.id),
                DutyKind::ReceptionPlan,
                format!("接待方案（讲解、路线、互动）：{}", seg.title),
                unit.clone(),
                DoneWhen::Document,
                Some(&seg.id),
            ));
        }
        match seg.kind {
            SegmentKind::SiteVisit => out.push(duty(
                format!("safety-{}", seg.id),
                DutyKind::SafetyPlan,
                format!("安全预案：{}", seg.title),
                unit,
                DoneWhen::Document,
                Some(&seg.id),
            )),
            // The office prints the material and sets up the room.
            SegmentKind::CheckIn => out.push(duty(
                "printed-material".into(),
                DutyKind::PrintedMaterial,
                format!("资料印制（{} 份）：{}", plan.seats, seg.title),
                office.clone(),
                DoneWhen::Count(plan.seats),
                Some(&seg.id),
            )),
            SegmentKind::Discussion => out.push(duty(
                format!("room-{}", seg.id),
                DutyKind::RoomSetup,
                format!("会场布置：{}", seg.title),
                office.clone(),
                DoneWhen::Check,
                Some(&seg.id),
            )),
            _ => {}
        }
    }
    if let Some(t) = &plan.transport {
        let unit = t.unit.clone().unwrap_or_else(|| office.clone());
        out.push(duty(
            "vehicles".into(),
            DutyKind::Vehicles,
            "车辆保障：预订车辆".into(),
            unit,
            DoneWhen::Check,
            None,
        ));
    }
    out
}

impl Checker<'_> {
    pub(super) fn preparation(&mut self) {
        let doc = self.plan;
        let policy = &doc.preparation;
        if policy.lead_working_days > MAX_LEAD_DAYS {
            self.push(
                "preparation.lead_working_days",
                ProblemCode::OutOfRange,
                format!("{} working days is more than a year; give the working days before the day that duties are due", policy.lead_working_days),
                format!("提前 {} 个工作日超过一年，请填写实际天数", policy.lead_working_days),
            );
        }
        let mut seen = std::collections::HashSet::new();
        for (i, duty) in policy.duties.iter().enumerate() {
            let path = format!("preparation.duties[{i}]");
            if !seen.insert(duty.id.as_str()) {
                self.push(
                    format!("{path}.id"),
                    ProblemCode::DuplicateId,
                    format!(
                        "duty id \"{}\" is listed twice; give each duty its own id",
                        duty.id
                    ),
                    format!("事项编号“{}”重复，请使用不同的编号", duty.id),
                );
            }
            if !doc.units.iter().any(|u| u.id == duty.unit) {
                let known: Vec<&str> = doc.units.iter().map(|u| u.id.as_str()).collect();
                self.push(
                    format!("{path}.unit"),
                    ProblemCode::UnknownUnit,
                    format!(
                        "unit \"{}\" is not in `units` (known: {}); add it there or fix the id",
                        duty.unit,
                        known.join(", ")
                    ),
                    format!(
                        "单位“{}”未在 units 中定义（已有：{}），请补充或更正",
                        duty.unit,
                        known.join("、")
                    ),
                );
            }
            if let Some(seg) = &duty.segment
                && !doc.itinerary.iter().any(|s| &s.id == seg)
            {
                {
                    self.push(
                        format!("{path}.segment"),
                        ProblemCode::UnknownSegment,
                        format!(
                            "segment \"{seg}\" is not in the itinerary; fix the id or leave it out"
                        ),
                        format!("环节“{seg}”不在日程中，请更正或删除"),
                    );
                }
            }
            let days = match duty.due {
                DueSpec::WorkingDaysBefore(n) | DueSpec::WorkingDaysBeforeRegistration(n) => n,
                DueSpec::At(_) => 0,
            };
            if days > MAX_LEAD_DAYS {
                self.push(
                    format!("{path}.due"),
                    ProblemCode::OutOfRange,
                    format!("{days} working days is more than a year; give a nearer due date"),
                    format!("提前 {days} 个工作日超过一年，请填写较近的期限"),
                );
            }
        }
        let unnamed = PreparationPolicy::duties(doc)
            .iter()
            .filter(|d| d.person.is_none())
            .count();
        if unnamed > 0 && !policy.duties.is_empty() {
            self.problems.push(super::problem::Problem::warning(
                "preparation.duties",
                ProblemCode::NoPerson,
                format!("{unnamed} duties have no named person; 责任到人 asks for one each (list the duty with `person`)"),
                format!("{unnamed} 项准备工作未落实到人，请为每项填写 person（责任到人）"),
            ));
        }
    }
}
