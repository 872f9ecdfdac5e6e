//! Problems found in a plan: where (a path into the plan), what (a stable
//! code), how much it matters (a [`Severity`]) and how to fix it, in
//! Chinese and English.

use std::fmt;

use serde::Serialize;

/// How much a problem matters.
///
/// An [`Error`](Severity::Error) makes the plan unusable: [`Plan`](crate::Plan)
/// refuses it. A [`Warning`](Severity::Warning) is shown wherever the plan is
/// used and blocks nothing: the plan loads and [`Plan::warnings`](crate::Plan::warnings)
/// lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks use of the plan until fixed.
    Error,
    /// Shown, but blocks nothing.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The stage a plan error blocks. An error in the `selection` section
/// blocks the draw but not screening; an error in the day itself (its
/// window, itinerary, registration) blocks everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Every stage: the plan is refused.
    Plan,
    /// The draw (`selection`).
    Draw,
    /// Confirmation and check-in (`confirmation`).
    Confirmation,
    /// The follow-up ledger (`feedback`, `calendar`).
    FollowUp,
}

impl Stage {
    /// `plan`, `draw`, `confirmation` or `follow_up`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Plan => "plan",
            Self::Draw => "draw",
            Self::Confirmation => "confirmation",
            Self::FollowUp => "follow_up",
        }
    }
}

/// One thing wrong with (or worth knowing about) a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Where: a path into the plan, e.g. `itinerary[2].duration`.
    pub path: String,
    /// What, as a stable code.
    pub code: ProblemCode,
    /// Whether it blocks the plan (error) or is only shown (warning).
    pub severity: Severity,
    /// What and how to fix it, in English.
    pub message_en: String,
    /// What and how to fix it, in Chinese.
    pub message_zh: String,
}

impl Problem {
    /// An error at `path`.
    pub fn new(
        path: impl Into<String>,
        code: ProblemCode,
        message_en: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            code,
            severity: Severity::Error,
            message_en: message_en.into(),
            message_zh: message_zh.into(),
        }
    }

    /// A warning at `path`: shown, blocking nothing.
    pub fn warning(
        path: impl Into<String>,
        code: ProblemCode,
        message_en: impl Into<String>,
        message_zh: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::new(path, code, message_en, message_zh)
        }
    }

    /// Whether this is an error (it blocks [its stage](Problem::stage)).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The stage an error here blocks, from the section of its path.
    pub fn stage(&self) -> Stage {
        let section = self.path.split(['.', '[']).next().unwrap_or_default();
        match section {
            "selection" => Stage::Draw,
            "confirmation" => Stage::Confirmation,
            "feedback" | "calendar" => Stage::FollowUp,
            _ => Stage::Plan,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} [{}] {} | {}",
            self.path,
            self.severity,
            self.code.as_str(),
            self.message_en,
            self.message_zh
        )
    }
}

/// Stable codes of plan problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProblemCode {
    /// The `format` is not the one this openday writes.
    UnsupportedFormat,
    /// A required text is empty.
    Empty,
    /// Two entries share an id.
    DuplicateId,
    /// The time zone is not an IANA name.
    UnknownTimeZone,
    /// An end is not after its start.
    EndBeforeStart,
    /// A local time does not exist in the zone (daylight-saving gap).
    NonexistentLocalTime,
    /// No seats for citizens.
    NoSeats,
    /// Registration closes after the event starts.
    DeadlineAfterStart,
    /// Registration opens after it closes.
    OpensAfterDeadline,
    /// No way to register.
    NoChannels,
    /// A unit id that no unit has.
    UnknownUnit,
    /// A venue id that no venue has.
    UnknownVenue,
    /// A list that must not be empty is.
    EmptyList,
    /// A duration of zero minutes.
    ZeroDuration,
    /// Duration bounds that do not contain the planned duration.
    BadDurationRange,
    /// The programme has no segments.
    NoSegments,
    /// A segment lies outside the day's window.
    SegmentOutsideDay,
    /// A fixed start earlier than the end of what comes before.
    FixedStartConflict,
    /// Coordinates out of range.
    BadCoordinates,
    /// A capacity of zero.
    ZeroCapacity,
    /// Minimum age above maximum age.
    AgeRange,
    /// The same rule twice.
    DuplicateRule,
    /// A count or time limit of zero.
    ZeroAmount,
    /// Check-in is not the first segment.
    CheckInNotFirst,
    /// A segment with nobody responsible.
    NoResponsibleUnit,
    /// A venue smaller than the group.
    CapacityBelowGroup,
    /// Approximate segments shortened within their bounds to meet a fixed
    /// start or the window's end (a warning).
    ShortenedToFit,
    /// A history rule but no attendance history to check it against (a
    /// warning: the rule excludes nobody).
    HistoryMissing,
    /// Registrations without a channel, so the plan's channels were not
    /// checked (a warning).
    ChannelUnchecked,
    /// Legs by vehicle but no fleet, or a fleet with no vehicle.
    NoFleet,
    /// The fleet has fewer seats than the group.
    FleetTooSmall,
    /// A selection quota or feature that cannot work.
    BadQuota,
    /// A number too large to mean anything (hours of notice beyond a year).
    OutOfRange,
    /// A calendar that cannot be used as written, or that misses the day's year.
    BadCalendar,
    /// An older plan format, read and migrated in memory (a warning).
    MigratedFormat,
    /// A region (districts, codes, area code) that cannot be used as written.
    BadRegion,
    /// An `any_of` group nested in another, or with no rules.
    BadAlternative,
    /// A segment id that no itinerary segment has.
    UnknownSegment,
    /// Duties without a named person (责任到人).
    NoPerson,
    /// Rows of a registrations file not read as registrations: title rows
    /// above a workbook's header, blank rows (a warning that accounts for
    /// them).
    SkippedRows,
    /// A registrations table without a column for a field the plan
    /// requires (a warning: every row will lack it).
    MissingColumn,
    /// Cells of a sheet to the right of its header's last column, which
    /// no header names (a warning: they are not read).
    UnreadCells,
    /// Areas of a sheet merged over cells below its header, whose value
    /// every cell of the area was given, or whose merged areas could not
    /// be read (a warning, to check).
    MergedCells,
}

impl ProblemCode {
    /// The snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnsupportedFormat => "unsupported_format",
            Self::Empty => "empty",
            Self::DuplicateId => "duplicate_id",
            Self::UnknownTimeZone => "unknown_time_zone",
            Self::EndBeforeStart => "end_before_start",
            Self::NonexistentLocalTime => "nonexistent_local_time",
            Self::NoSeats => "no_seats",
            Self::DeadlineAfterStart => "deadline_after_start",
            Self::OpensAfterDeadline => "opens_after_deadline",
            Self::NoChannels => "no_channels",
            Self::UnknownUnit => "unknown_unit",
            Self::UnknownVenue => "unknown_venue",
            Self::EmptyList => "empty_list",
            Self::ZeroDuration => "zero_duration",
            Self::BadDurationRange => "bad_duration_range",
            Self::NoSegments => "no_segments",
            Self::SegmentOutsideDay => "segment_outside_day",
            Self::FixedStartConflict => "fixed_start_conflict",
            Self::BadCoordinates => "bad_coordinates",
            Self::ZeroCapacity => "zero_capacity",
            Self::AgeRange => "age_range",
            Self::DuplicateRule => "duplicate_rule",
            Self::ZeroAmount => "zero_amount",
            Self::CheckInNotFirst => "check_in_not_first",
            Self::NoResponsibleUnit => "no_responsible_unit",
            Self::CapacityBelowGroup => "capacity_below_group",
            Self::ShortenedToFit => "shortened_to_fit",
            Self::HistoryMissing => "history_missing",
            Self::ChannelUnchecked => "channel_unchecked",
            Self::NoFleet => "no_fleet",
            Self::FleetTooSmall => "fleet_too_small",
            Self::BadQuota => "bad_quota",
            Self::OutOfRange => "out_of_range",
            Self::BadCalendar => "bad_calendar",
            Self::MigratedFormat => "migrated_format",
            Self::BadRegion => "bad_region",
            Self::BadAlternative => "bad_alternative",
            Self::UnknownSegment => "unknown_segment",
            Self::NoPerson => "no_person",
            Self::SkippedRows => "skipped_rows",
            Self::MissingColumn => "missing_column",
            Self::UnreadCells => "unread_cells",
            Self::MergedCells => "merged_cells",
        }
    }
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
