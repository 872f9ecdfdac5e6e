//! Preparation before the day: each duty of the plan
//! ([`crate::plan::preparation`]) moves open → in progress → done (with the
//! evidence its `done_when` asks for) → verified, by events kept in the
//! journal; a readiness report as of any instant says what is overdue, due
//! soon and done, by unit and by person, and gives the verdict: ready, or
//! what blocks it.
//!
//! ```
//! use openday::Plan;
//! use openday::calendar::WorkCalendar;
//! use openday::preparation::{Preparation, PrepAction, PrepEvent, Evidence};
//!
//! let plan = Plan::from_json(openday::examples::GUYUAN_2025_PLAN)?;
//! let mut prep = Preparation::new(&plan, &WorkCalendar::china())?;
//! assert!(prep.duties().iter().any(|d| d.duty.id == "safety-site-1"));
//! let at = "2025-09-15T10:00:00+08:00".parse()?;
//! prep.apply(PrepEvent {
//!     at,
//!     actor: "市政管理二科".into(),
//!     action: PrepAction::Done {
//!         duty: "safety-site-1".into(),
//!         evidence: Evidence { document: Some("安全预案（第2版）".into()), ..Evidence::default() },
//!     },
//! })?;
//! let report = prep.readiness(at, 2);
//! assert!(!report.ready, "the other duties are still open");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use chrono::{DateTime, FixedOffset};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::Plan;
use crate::calendar::{CalendarError, WorkCalendar};
use crate::plan::preparation::{DoneWhen, DueSpec, Duty, PreparationPolicy};

/// What was shown for a duty being done.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The document filed (its name or reference).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    /// The count reached (vehicles, copies, people).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// A note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A step on a duty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum PrepAction {
    /// Work has begun.
    Started {
        /// The duty id.
        duty: String,
    },
    /// Done, with the evidence the duty asks for.
    Done {
        /// The duty id.
        duty: String,
        /// What shows it.
        evidence: Evidence,
    },
    /// Checked by someone other than who did it.
    Verified {
        /// The duty id.
        duty: String,
    },
    /// Found wanting: open again.
    Reopened {
        /// The duty id.
        duty: String,
        /// Why.
        reason: String,
    },
}

impl PrepAction {
    /// The duty the step is on.
    pub fn duty(&self) -> &str {
        match self {
            Self::Started { duty }
            | Self::Done { duty, .. }
            | Self::Verified { duty }
            | Self::Reopened { duty, .. } => duty,
        }
    }
}

/// One preparation step, as kept in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrepEvent {
    /// When.
    pub at: DateTime<FixedOffset>,
    /// Who (a unit or a post; no personal data of citizens).
    pub actor: String,
    /// What.
    pub action: PrepAction,
}

/// Where a duty stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DutyStatus {
    /// Not begun.
    Open,
    /// Begun.
    InProgress,
    /// Done, not yet verified.
    Done,
    /// Done and verified.
    Verified,
}

impl DutyStatus {
    /// The snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::InProgress => "in_progress",
            Self::Done => "done",
            Self::Verified => "verified",
        }
    }
}

/// A duty with its due instant and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyState {
    /// The duty as the plan gives it.
    pub duty: Duty,
    /// When it is due.
    pub due: DateTime<Tz>,
    /// Where it stands.
    pub status: DutyStatus,
    /// When it was (last) done.
    pub done_at: Option<DateTime<FixedOffset>>,
    /// Who did it.
    pub done_by: Option<String>,
    /// What showed it.
    pub evidence: Option<Evidence>,
    /// When it was verified.
    pub verified_at: Option<DateTime<FixedOffset>>,
}

/// A refused preparation step.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PreparationError {
    /// No such duty.
    #[error("no duty \"{duty}\" in the plan's preparation (known: {known})")]
    UnknownDuty {
        /// The id given.
        duty: String,
        /// The plan's duty ids.
        known: String,
    },
    /// The step does not follow from where the duty stands.
    #[error("duty \"{duty}\" is {status}; cannot {step}")]
    Illegal {
        /// The duty.
        duty: String,
        /// Its status.
        status: &'static str,
        /// The step refused.
        step: &'static str,
    },
    /// The evidence does not meet `done_when`.
    #[error("duty \"{duty}\" needs {needs} to be done; give it in the evidence")]
    Evidence {
        /// The duty.
        duty: String,
        /// What it needs.
        needs: String,
    },
    /// Verified by the one who did it.
    #[error("duty \"{duty}\" was done by {actor}; someone else verifies it")]
    SelfVerified {
        /// The duty.
        duty: String,
        /// Who did both.
        actor: String,
    },
    /// A step earlier than the one before.
    #[error("a step at {at} is earlier than the previous one at {previous}")]
    OutOfOrder {
        /// The step's time.
        at: DateTime<FixedOffset>,
        /// The previous step's time.
        previous: DateTime<FixedOffset>,
    },
    /// A due date the calendar cannot place.
    #[error("duty \"{duty}\": {source}")]
    Calendar {
        /// The duty.
        duty: String,
        /// What the calendar said.
        source: CalendarError,
    },
}

impl PreparationError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownDuty { .. } => "unknown_duty",
            Self::Illegal { .. } => "illegal_step",
            Self::Evidence { .. } => "evidence",
            Self::SelfVerified { .. } => "self_verified",
            Self::OutOfOrder { .. } => "out_of_order",
            Self::Calendar { .. } => "calendar",
        }
    }

    /// The duty concerned, when there is one.
    pub fn duty(&self) -> Option<&str> {
        match self {
            Self::UnknownDuty { duty, .. }
            | Self::Illegal { duty, .. }
            | Self::Evidence { duty, .. }
            | Self::SelfVerified { duty, .. }
            | Self::Calendar { duty, .. } => Some(duty),
            Self::OutOfOrder { .. } => None,
        }
    }
}

/// The plan's duties and where each stands.
#[derive(Debug, Clone)]
pub struct Preparation {
    tz: Tz,
    units: BTreeMap<String, String>,
    /// Every duty open, as the plan gives them (for readiness as of an
    /// earlier instant).
    initial: Vec<DutyState>,
    duties: Vec<DutyState>,
    events: Vec<PrepEvent>,
}

fn due_of(
    plan: &Plan,
    calendar: &WorkCalendar,
    duty: &Duty,
) -> Result<DateTime<Tz>, PreparationError> {
    let tz = plan.time_zone();
    let err = |source| PreparationError::Calendar {
        duty: duty.id.clone(),
        source,
    };
    let before = |anchor: DateTime<Tz>, n: u32| -> Result<DateTime<Tz>, PreparationError> {
        let day = calendar
            .sub_working_days(anchor.date_naive(), n)
            .map_err(err)?;
        Ok(calendar.close_of_business(tz, day).unwrap_or(anchor))
    };
    match duty.due {
        DueSpec::At(at) => Ok(at.with_timezone(&tz)),
        DueSpec::WorkingDaysBefore(n) => before(plan.starts_at(), n),
        DueSpec::WorkingDaysBeforeRegistration(n) => before(
            plan.registration_opens_at()
                .unwrap_or_else(|| plan.registration_deadline()),
            n,
        ),
    }
}

impl Preparation {
    /// The plan's duties (derived and listed), each open, with its due
    /// instant on `calendar`.
    pub fn new(plan: &Plan, calendar: &WorkCalendar) -> Result<Self, PreparationError> {
        let doc = plan.document();
        let duties = PreparationPolicy::duties(doc)
            .into_iter()
            .map(|duty| {
                Ok(DutyState {
                    due: due_of(plan, calendar, &duty)?,
                    duty,
                    status: DutyStatus::Open,
                    done_at: None,
                    done_by: None,
                    evidence: None,
                    verified_at: None,
                })
            })
            .collect::<Result<Vec<_>, PreparationError>>()?;
        Ok(Self {
            tz: plan.time_zone(),
            units: doc
                .units
                .iter()
                .map(|u| (u.id.clone(), u.name.clone()))
                .collect(),
            initial: duties.clone(),
            duties,
            events: Vec::new(),
        })
    }

    /// The state after `events`.
    pub fn replay(
        plan: &Plan,
        calendar: &WorkCalendar,
        events: &[PrepEvent],
    ) -> Result<Self, PreparationError> {
        let mut prep = Self::new(plan, calendar)?;
        for e in events {
            prep.apply(e.clone())?;
        }
        Ok(prep)
    }

    /// Every duty, in the plan's order.
    pub fn duties(&self) -> &[DutyState] {
        &self.duties
    }

    /// The steps applied so far.
    pub fn events(&self) -> &[PrepEvent] {
        &self.events
    }

    /// A unit's name by id (the id when unknown).
    pub fn unit_name(&self, id: &str) -> String {
        self.units.get(id).cloned().unwrap_or_else(|| id.to_owned())
    }

    /// The event's time zone.
    pub fn time_zone(&self) -> Tz {
        self.tz
    }

    /// Check and apply one step; a refused step changes nothing.
    pub fn apply(&mut self, event: PrepEvent) -> Result<(), PreparationError> {
        if let Some(previous) = self.events.last().map(|e| e.at)
            && event.at < previous
        {
            return Err(PreparationError::OutOfOrder {
                at: event.at,
                previous,
            });
        }
        let id = event.action.duty();
        let known = || {
            self.duties
                .iter()
                .map(|d| d.duty.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some(index) = self.duties.iter().position(|d| d.duty.id == id) else {
            return Err(PreparationError::UnknownDuty {
                duty: id.to_owned(),
                known: known(),
            });
        };
        let state = &self.duties[index];
        let illegal = |step| PreparationError::Illegal {
            duty: id.to_owned(),
            status: state.status.code(),
            step,
        };
        let mut next = state.clone();
        match &event.action {
            PrepAction::Started { .. } => {
                if state.status != DutyStatus::Open {
                    return Err(illegal("start it"));
                }
                next.status = DutyStatus::InProgress;
            }
            PrepAction::Done { evidence, .. } => {
                if !matches!(state.status, DutyStatus::Open | DutyStatus::InProgress) {
                    return Err(illegal("mark it done"));
                }
                check_evidence(&state.duty, evidence)?;
                next.status = DutyStatus::Done;
                next.done_at = Some(event.at);
                next.done_by = Some(event.actor.clone());
                next.evidence = Some(evidence.clone());
            }
            PrepAction::Verified { .. } => {
                if state.status != DutyStatus::Done {
                    return Err(illegal("verify it"));
                }
                if state.done_by.as_deref() == Some(event.actor.as_str()) {
                    return Err(PreparationError::SelfVerified {
                        duty: id.to_owned(),
                        actor: event.actor.clone(),
                    });
                }
                next.status = DutyStatus::Verified;
                next.verified_at = Some(event.at);
            }
            PrepAction::Reopened { .. } => {
                if !matches!(state.status, DutyStatus::Done | DutyStatus::Verified) {
                    return Err(illegal("reopen it"));
                }
                next.status = DutyStatus::Open;
                next.done_at = None;
                next.done_by = None;
                next.evidence = None;
                next.verified_at = None;
            }
        }
        self.duties[index] = next;
        self.events.push(event);
        Ok(())
    }
}

fn check_evidence(duty: &Duty, evidence: &Evidence) -> Result<(), PreparationError> {
    let needs = match duty.done_when {
        DoneWhen::Document
            if evidence
                .document
                .as_deref()
                .is_none_or(|d| d.trim().is_empty()) =>
        {
            Some("a document (its name or reference)".to_owned())
        }
        DoneWhen::Count(n) if evidence.count.is_none_or(|c| c < n) => {
            Some(format!("a count of at least {n}"))
        }
        _ => None,
    };
    match needs {
        Some(needs) => Err(PreparationError::Evidence {
            duty: duty.id.clone(),
            needs,
        }),
        None => Ok(()),
    }
}

/// One duty in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DutyLine {
    /// The duty id.
    pub id: String,
    /// Its kind's code.
    pub kind: &'static str,
    /// What to do.
    pub title: String,
    /// The responsible unit's name.
    pub unit: String,
    /// The named person, if the plan names one.
    pub person: Option<String>,
    /// When it is due (RFC 3339).
    pub due: String,
    /// Its status code.
    pub status: &'static str,
}

/// Duties of one unit (or one person) by state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Every duty.
    pub total: u32,
    /// Not done.
    pub open: u32,
    /// Not done and past due.
    pub overdue: u32,
    /// Done or verified.
    pub done: u32,
    /// Verified.
    pub verified: u32,
}

/// Readiness as of an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Readiness {
    /// The report's instant (RFC 3339, the event's zone).
    pub as_of: String,
    /// Every duty done (verified or awaiting verification) and none reopened.
    pub ready: bool,
    /// The duties not done, the ones that block readiness, by due date.
    pub blocking: Vec<DutyLine>,
    /// Not done and past due.
    pub overdue: Vec<DutyLine>,
    /// Not done and due within the horizon.
    pub due_soon: Vec<DutyLine>,
    /// Done but not yet verified by a second person.
    pub unverified: Vec<DutyLine>,
    /// Per unit (by name).
    pub by_unit: BTreeMap<String, Tally>,
    /// Per named person (duties without one under `—`).
    pub by_person: BTreeMap<String, Tally>,
}

impl Preparation {
    fn line(&self, d: &DutyState) -> DutyLine {
        DutyLine {
            id: d.duty.id.clone(),
            kind: d.duty.kind.code(),
            title: d.duty.title.clone(),
            unit: self.unit_name(&d.duty.unit),
            person: d.duty.person.clone(),
            due: d.due.to_rfc3339(),
            status: d.status.code(),
        }
    }

    /// The duties as they stood at `at`: the steps up to it replayed.
    fn as_of(&self, at: DateTime<FixedOffset>) -> Self {
        let mut then = Self {
            tz: self.tz,
            units: self.units.clone(),
            initial: self.initial.clone(),
            duties: self.initial.clone(),
            events: Vec::new(),
        };
        for e in self.events.iter().take_while(|e| e.at <= at) {
            // A prefix of steps that applied applies again.
            let _ = then.apply(e.clone());
        }
        then
    }

    /// Readiness as of `now`, from the steps taken up to then; "due soon"
    /// means within `horizon_days` calendar days.
    pub fn readiness(&self, now: DateTime<FixedOffset>, horizon_days: u32) -> Readiness {
        if self.events.last().is_some_and(|e| e.at > now) {
            return self.as_of(now).readiness(now, horizon_days);
        }
        let now = now.with_timezone(&self.tz);
        let horizon = now
            .checked_add_signed(chrono::Duration::days(i64::from(horizon_days)))
            .unwrap_or(now);
        let mut sorted: Vec<&DutyState> = self.duties.iter().collect();
        sorted.sort_by_key(|d| (d.due, d.duty.id.clone()));
        let mut r = Readiness {
            as_of: now.to_rfc3339(),
            ready: true,
            blocking: Vec::new(),
            overdue: Vec::new(),
            due_soon: Vec::new(),
            unverified: Vec::new(),
            by_unit: BTreeMap::new(),
            by_person: BTreeMap::new(),
        };
        for d in sorted {
            let line = self.line(d);
            let done = matches!(d.status, DutyStatus::Done | DutyStatus::Verified);
            let overdue = !done && d.due < now;
            count(
                r.by_unit.entry(line.unit.clone()).or_default(),
                d.status,
                done,
                overdue,
            );
            let person = d.duty.person.clone().unwrap_or_else(|| "—".to_owned());
            count(
                r.by_person.entry(person).or_default(),
                d.status,
                done,
                overdue,
            );
            if !done {
                r.ready = false;
                if overdue {
                    r.overdue.push(line.clone());
                } else if d.due <= horizon {
                    r.due_soon.push(line.clone());
                }
                r.blocking.push(line);
            } else if d.status == DutyStatus::Done {
                r.unverified.push(line);
            }
        }
        r
    }
}

fn count(t: &mut Tally, status: DutyStatus, done: bool, overdue: bool) {
    t.total += 1;
    if done {
        t.done += 1;
    } else {
        t.open += 1;
    }
    if overdue {
        t.overdue += 1;
    }
    if status == DutyStatus::Verified {
        t.verified += 1;
    }
}

impl fmt::Display for Readiness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self
            .as_of
            .get(..16)
            .unwrap_or(&self.as_of)
            .replace('T', " ");
        if self.ready {
            writeln!(f, "Readiness as of {at}: READY · 准备就绪")?;
        } else {
            writeln!(
                f,
                "Readiness as of {at}: NOT READY, {} duties open · 尚未就绪，{} 项未完成",
                self.blocking.len(),
                self.blocking.len()
            )?;
        }
        for (label, list) in [
            ("Overdue · 逾期", &self.overdue),
            ("Due soon · 临期", &self.due_soon),
            ("Done, awaiting verification · 待核验", &self.unverified),
        ] {
            writeln!(f, "{label} ({}):", list.len())?;
            for d in list {
                writeln!(
                    f,
                    "  {:<22} {:<12} {:<10} due {}  {}",
                    d.id,
                    d.unit,
                    d.person.as_deref().unwrap_or("—"),
                    d.due.get(..16).unwrap_or(&d.due).replace('T', " "),
                    d.title
                )?;
            }
        }
        writeln!(
            f,
            "Per unit (total / open / overdue / done / verified) · 各单位:"
        )?;
        for (unit, t) in &self.by_unit {
            writeln!(
                f,
                "  {unit:<20} {:>3} / {:>3} / {:>3} / {:>3} / {:>3}",
                t.total, t.open, t.overdue, t.done, t.verified
            )?;
        }
        Ok(())
    }
}

/// One unit's task sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskSheet {
    /// The unit's id.
    pub unit: String,
    /// Its name.
    pub name: String,
    /// The sheet as Markdown.
    pub markdown: String,
    /// Its duties.
    pub duties: Vec<DutyLine>,
}

impl Preparation {
    /// One task sheet per unit with duties, in the plan's unit order.
    pub fn task_sheets(&self) -> Vec<TaskSheet> {
        let mut by_unit: BTreeMap<&str, Vec<&DutyState>> = BTreeMap::new();
        for d in &self.duties {
            by_unit.entry(d.duty.unit.as_str()).or_default().push(d);
        }
        let mut out = Vec::new();
        for (unit, duties) in by_unit {
            let name = self.unit_name(unit);
            let lines: Vec<DutyLine> = duties.iter().map(|d| self.line(d)).collect();
            let mut md = format!(
                "# {name} · 准备工作任务单 Preparation tasks\n\n| 事项 Duty | 责任人 Person | 期限 Due | 完成标准 Done when | 状态 Status |\n|---|---|---|---|---|\n"
            );
            for (d, line) in duties.iter().zip(&lines) {
                let done_when = match d.duty.done_when {
                    DoneWhen::Document => "文件 document".to_owned(),
                    DoneWhen::Check => "核查 check".to_owned(),
                    DoneWhen::Count(n) => format!("数量 count ≥ {n}"),
                };
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} |",
                    line.title.replace('|', "\\|"),
                    line.person.as_deref().unwrap_or("—"),
                    line.due.get(..16).unwrap_or(&line.due).replace('T', " "),
                    done_when,
                    line.status
                );
            }
            out.push(TaskSheet {
                unit: unit.to_owned(),
                name,
                markdown: md,
                duties: lines,
            });
        }
        out
    }
}
