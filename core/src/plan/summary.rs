//! A plan summary: one value with a `Display` form, the same in every binding.

use std::fmt;

use serde::Serialize;

use crate::plan::Plan;
use crate::plan::registration::Channel;
use crate::time::format_minutes;

/// One timetable line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimetableLine {
    /// Local start, `HH:MM`.
    pub start: String,
    /// Local end, `HH:MM`.
    pub end: String,
    /// Whether the duration is approximate.
    pub approximate: bool,
    /// Segment kind code.
    pub kind: &'static str,
    /// Title.
    pub title: String,
    /// Venue name.
    pub venue: Option<String>,
    /// Responsible unit names.
    pub units: Vec<String>,
}

/// What a plan says, ready to print or to return to a binding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    /// Plan id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Theme.
    pub theme: Option<String>,
    /// Organiser's name.
    pub organiser: String,
    /// IANA zone.
    pub time_zone: String,
    /// `2025-09-24 (Wed) 14:20–18:00`.
    pub when: String,
    /// UTC offset on the day, `+08:00`.
    pub utc_offset: String,
    /// Seats for citizens.
    pub seats: u32,
    /// Registration opening, local `YYYY-MM-DD HH:MM`.
    pub registration_opens: Option<String>,
    /// Registration deadline, local `YYYY-MM-DD HH:MM:SS`.
    pub registration_deadline: String,
    /// Channel descriptions.
    pub channels: Vec<String>,
    /// Required fields.
    pub required_fields: Vec<String>,
    /// Eligibility rules, described.
    pub eligibility: Vec<String>,
    /// Timetable lines.
    pub timetable: Vec<TimetableLine>,
    /// Minutes left in the window after the last segment.
    pub slack_minutes: i64,
    /// Hours of notice a postponement needs.
    pub postponement_notice_hours: u32,
    /// Latest local time to announce a postponement.
    pub postponement_announce_by: String,
    /// Feedback category names.
    pub feedback_categories: Vec<String>,
}

impl PlanSummary {
    /// Summarise a validated plan.
    pub fn of(plan: &Plan) -> Self {
        let doc = plan.document();
        let local = "%Y-%m-%d %H:%M";
        let timetable = plan.timetable();
        Self {
            id: doc.id.clone(),
            title: doc.title.clone(),
            theme: doc.theme.clone(),
            organiser: doc.organiser.name.clone(),
            time_zone: doc.time_zone.clone(),
            when: format!(
                "{} ({}) {}–{}",
                doc.day.date,
                doc.day.date.format("%a"),
                plan.starts_at().format("%H:%M"),
                plan.ends_at().format("%H:%M")
            ),
            utc_offset: plan.starts_at().format("%:z").to_string(),
            seats: doc.seats,
            registration_opens: plan
                .registration_opens_at()
                .map(|t| t.format(local).to_string()),
            registration_deadline: plan
                .registration_deadline()
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            channels: doc
                .registration
                .channels
                .iter()
                .map(describe_channel)
                .collect(),
            required_fields: doc
                .registration
                .required_fields
                .iter()
                .map(ToString::to_string)
                .collect(),
            eligibility: doc
                .eligibility
                .rules
                .iter()
                .map(super::eligibility::EligibilityRule::describe)
                .collect(),
            timetable: timetable
                .segments
                .iter()
                .map(|s| TimetableLine {
                    start: s.starts_at.format("%H:%M").to_string(),
                    end: s.ends_at.format("%H:%M").to_string(),
                    approximate: s.approximate,
                    kind: s.kind.code(),
                    title: s.title.clone(),
                    venue: s.venue.clone(),
                    units: s.units.clone(),
                })
                .collect(),
            slack_minutes: timetable.slack_minutes(),
            postponement_notice_hours: doc.postponement.min_notice_hours,
            postponement_announce_by: plan
                .postponement_notice_deadline()
                .format(local)
                .to_string(),
            feedback_categories: doc
                .feedback
                .categories
                .iter()
                .map(|c| c.name.clone())
                .collect(),
        }
    }
}

fn describe_channel(ch: &Channel) -> String {
    let hours = ch
        .hours()
        .iter()
        .map(|h| {
            let days: Vec<_> = h
                .days
                .iter()
                .map(|d| format!("{:?}", chrono::Weekday::from(*d)))
                .collect();
            format!(
                "{} {}–{}",
                days.join("/"),
                h.start.format("%H:%M"),
                h.end.format("%H:%M")
            )
        })
        .collect::<Vec<_>>();
    let hours = if hours.is_empty() {
        String::new()
    } else {
        format!(" ({})", hours.join("; "))
    };
    match ch {
        Channel::Phone { number, .. } => format!("phone {number}{hours}"),
        Channel::OnSite { address, .. } => format!("on site at {address}{hours}"),
        Channel::Online { url } => format!("online at {url}"),
        Channel::Email { address } => format!("by e-mail to {address}"),
    }
}

impl fmt::Display for PlanSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} ({})", self.title, self.id)?;
        if let Some(theme) = &self.theme {
            writeln!(f, "Theme:        {theme}")?;
        }
        writeln!(f, "Organiser:    {}", self.organiser)?;
        writeln!(
            f,
            "When:         {} {} (UTC{})",
            self.when, self.time_zone, self.utc_offset
        )?;
        writeln!(f, "Seats:        {} citizen representatives", self.seats)?;
        match &self.registration_opens {
            Some(o) => writeln!(
                f,
                "Registration: {o} to {} (deadline inclusive)",
                self.registration_deadline
            )?,
            None => writeln!(
                f,
                "Registration: until {} (deadline inclusive)",
                self.registration_deadline
            )?,
        }
        for ch in &self.channels {
            writeln!(f, "  - {ch}")?;
        }
        if !self.required_fields.is_empty() {
            writeln!(f, "  required: {}", self.required_fields.join(", "))?;
        }
        writeln!(f, "Eligibility:")?;
        for rule in &self.eligibility {
            writeln!(f, "  - {rule}")?;
        }
        writeln!(
            f,
            "Timetable ({} segments, slack {}):",
            self.timetable.len(),
            format_minutes(self.slack_minutes)
        )?;
        for line in &self.timetable {
            let approx = if line.approximate { "~" } else { " " };
            write!(f, "  {}–{} {approx} {}", line.start, line.end, line.title)?;
            if let Some(v) = &line.venue {
                write!(f, " @ {v}")?;
            }
            if !line.units.is_empty() {
                write!(f, " [{}]", line.units.join(", "))?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "Postponement: announce at least {} h ahead (by {})",
            self.postponement_notice_hours, self.postponement_announce_by
        )?;
        if !self.feedback_categories.is_empty() {
            writeln!(f, "Feedback:     {}", self.feedback_categories.join("、"))?;
        }
        Ok(())
    }
}

/// Row numbers compacted into ranges: `3, 7, 10–12`.
pub(crate) fn compact_rows(rows: &[u64]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}–{}", rows[i], rows[j])
        } else {
            rows[i].to_string()
        });
        i = j + 1;
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_are_compacted() {
        assert_eq!(super::compact_rows(&[3, 7, 10, 11, 12]), "3, 7, 10–12");
        assert_eq!(super::compact_rows(&[]), "");
    }
}
