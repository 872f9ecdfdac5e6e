//! Reading plan files: JSON with a `format` version, unknown fields rejected,
//! errors with file, line, column and field path.

use serde::Deserialize;

use super::OpenDayPlan;
use super::problem::{Problem, ProblemCode};

/// The plan file format version this openday writes; it also reads every
/// earlier one ([`OLDEST_FORMAT`] on), migrating it in memory.
pub const FORMAT_VERSION: u32 = 2;

/// The oldest plan file format this openday still reads.
pub const OLDEST_FORMAT: u32 = 1;

/// Bring a document of an older format up to [`FORMAT_VERSION`] in memory,
/// returning the warning that says so (with what changed in meaning), or
/// `None` when it already is.
///
/// Format 2 (this openday) differs from format 1 in:
/// - `transport`: `vehicle` + `seats_per_vehicle` become a `fleet` of that
///   vehicle, booked as needed;
/// - eligibility: an adult who does not state civil capacity is presumed to
///   have it (`civil_capacity.require_declaration` restores the old
///   rejection), and registrations through a channel the plan does not
///   offer are refused;
/// - layout: approximate segments are shortened within their bounds to
///   meet a fixed start or the day's end (with a warning), where format 1
///   reported a conflict.
pub fn migrate(doc: &mut OpenDayPlan) -> Option<Problem> {
    if doc.format != 1 {
        return None;
    }
    doc.format = FORMAT_VERSION;
    if let Some(t) = doc.transport.as_mut()
        && let (Some(vehicle), Some(seats)) = (t.vehicle.take(), t.seats_per_vehicle.take())
    {
        t.fleet.push(super::transport::FleetEntry {
            vehicle,
            seats,
            count: None,
        });
    }
    Some(Problem::warning(
        "format",
        ProblemCode::MigratedFormat,
        "this is a format-1 plan, read as format 2: transport.vehicle/seats_per_vehicle became a fleet booked as needed; adults who do not state civil capacity are now presumed to have it (set civil_capacity.require_declaration to keep refusing them); registrations through a channel the plan does not offer are refused; approximate segments may be shortened within their bounds to meet a fixed start. Set \"format\": 2 once checked",
        "这是格式 1 的方案，已按格式 2 读取：transport 的 vehicle/seats_per_vehicle 改为按需预订的 fleet；未声明民事行为能力的成年人推定具有完全民事行为能力（如需继续要求声明，请设 civil_capacity.require_declaration）；未通过方案所列方式报名的不予受理；约数时长的环节可在范围内缩短以满足固定开始时间。核对后请将 \"format\" 改为 2",
    ))
}

/// Why a plan could not be loaded.
///
/// Every variant says where (file, line, column, field path) and how to fix it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PlanError {
    /// The plan file could not be read.
    #[error(
        "{path}: cannot read the plan file ({source}); check the path and the file's permissions"
    )]
    Io {
        /// The path that was tried.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not JSON.
    #[error(
        "{}line {line}, column {column}: the plan is not valid JSON: {message}; fix the JSON syntax there (a missing comma, quote or bracket is the usual cause)",
        prefix(file.as_deref())
    )]
    Syntax {
        /// The file, when loaded from one.
        file: Option<String>,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the JSON parser expected.
        message: String,
    },
    /// The JSON does not have the plan's shape: a missing field, an unknown
    /// field, a value of the wrong type or form.
    #[error(
        "{}line {line}, column {column}, at `{path}`: {message}; see the plan's JSON Schema (openday-plan.schema.json) for the expected fields and types",
        prefix(file.as_deref())
    )]
    Structure {
        /// The file, when loaded from one.
        file: Option<String>,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// Path of the field, e.g. `itinerary[2].duration.minutes`.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The file's `format` is not one this openday reads.
    #[error(
        "{}the plan says \"format\": {found}, but this openday reads format {supported}; {}",
        prefix(file.as_deref()),
        format_hint(found)
    )]
    UnsupportedFormat {
        /// The file, when loaded from one.
        file: Option<String>,
        /// The `format` value found.
        found: String,
        /// The version this openday reads.
        supported: u32,
    },
    /// The plan parsed but has errors; every problem (errors, then
    /// warnings) is listed.
    #[error(
        "{}the plan has {} error(s) and {} warning(s):\n{}",
        prefix(file.as_deref()),
        problems.iter().filter(|p| p.is_error()).count(),
        problems.iter().filter(|p| !p.is_error()).count(),
        list(problems)
    )]
    Invalid {
        /// The file, when loaded from one.
        file: Option<String>,
        /// Every problem found, errors first.
        problems: Vec<Problem>,
    },
}

impl PlanError {
    /// A stable machine-readable code: `io`, `syntax`, `structure`,
    /// `unsupported_format` or `invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Io { .. } => "io",
            Self::Syntax { .. } => "syntax",
            Self::Structure { .. } => "structure",
            Self::UnsupportedFormat { .. } => "unsupported_format",
            Self::Invalid { .. } => "invalid",
        }
    }

    /// The validation problems (empty unless [`PlanError::Invalid`]).
    pub fn problems(&self) -> &[Problem] {
        match self {
            Self::Invalid { problems, .. } => problems,
            _ => &[],
        }
    }

    /// The file the plan came from, when loaded from one.
    pub fn file(&self) -> Option<&str> {
        match self {
            Self::Io { path, .. } => Some(path),
            Self::Syntax { file, .. }
            | Self::Structure { file, .. }
            | Self::UnsupportedFormat { file, .. }
            | Self::Invalid { file, .. } => file.as_deref(),
        }
    }

    /// The path of the offending field of a structure error.
    pub fn field_path(&self) -> Option<&str> {
        match self {
            Self::Structure { path, .. } => Some(path),
            _ => None,
        }
    }

    /// Line and column of a syntax or structure error.
    pub fn location(&self) -> Option<(usize, usize)> {
        match self {
            Self::Syntax { line, column, .. } | Self::Structure { line, column, .. } => {
                Some((*line, *column))
            }
            _ => None,
        }
    }
}

fn prefix(file: Option<&str>) -> String {
    file.map(|f| format!("{f}: ")).unwrap_or_default()
}

fn format_hint(found: &str) -> String {
    match found.parse::<u64>() {
        Ok(v) if v > u64::from(FORMAT_VERSION) => {
            "the file was written for a newer openday: upgrade openday to read it".to_owned()
        }
        _ => format!("set \"format\": {FORMAT_VERSION}"),
    }
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[derive(Deserialize)]
struct FormatProbe {
    format: Option<serde_json::Value>,
}

/// Parse plan JSON into the document, mapping every failure to a located error.
pub(super) fn parse(json: &str, file: Option<String>) -> Result<OpenDayPlan, PlanError> {
    // Look at `format` first, so that a newer file is refused as such rather
    // than with a confusing complaint about a field it added.
    let probe: FormatProbe =
        serde_json::from_str(json).map_err(|e| json_error(&e, file.as_ref(), "."))?;
    if let Some(found) = probe.format {
        let readable = u64::from(OLDEST_FORMAT)..=u64::from(FORMAT_VERSION);
        if !found.as_u64().is_some_and(|f| readable.contains(&f)) {
            return Err(PlanError::UnsupportedFormat {
                file,
                found: found.to_string(),
                supported: FORMAT_VERSION,
            });
        }
    }
    let mut de = serde_json::Deserializer::from_str(json);
    let doc: OpenDayPlan = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        json_error(e.inner(), file.as_ref(), &path)
    })?;
    de.end().map_err(|e| json_error(&e, file.as_ref(), "."))?;
    Ok(doc)
}

fn json_error(e: &serde_json::Error, file: Option<&String>, path: &str) -> PlanError {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let message = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full)
        .to_owned();
    if e.is_data() {
        let path = if path == "." {
            "(top level)".to_owned()
        } else {
            path.to_owned()
        };
        PlanError::Structure {
            file: file.cloned(),
            line,
            column,
            path,
            message,
        }
    } else {
        PlanError::Syntax {
            file: file.cloned(),
            line,
            column,
            message,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = crate::examples::MINIMAL_PLAN;

    #[test]
    fn syntax_error_has_line_and_column() {
        let broken = MINIMAL
            .replacen("\"title\"", "\"title\" ", 1)
            .replacen(',', "", 1);
        let err = OpenDayPlan::from_json(&broken).unwrap_err();
        assert_eq!(err.code(), "syntax");
        let (line, column) = err.location().unwrap();
        assert!(line >= 2, "line {line}");
        assert!(column >= 1);
        assert!(
            err.to_string()
                .contains(&format!("line {line}, column {column}"))
        );
    }

    #[test]
    fn unknown_field_is_refused_with_its_path() {
        let json = MINIMAL.replacen("\"seats\"", "\"seets\": 3, \"seats\"", 1);
        let err = OpenDayPlan::from_json(&json).unwrap_err();
        let PlanError::Structure { path, message, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "seets");
        assert!(message.contains("unknown field `seets`"), "{message}");
    }

    #[test]
    fn nested_type_error_names_the_field_path() {
        let json = MINIMAL.replacen("\"minutes\": 30", "\"minutes\": \"thirty\"", 1);
        let err = OpenDayPlan::from_json(&json).unwrap_err();
        let PlanError::Structure { path, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(path, "itinerary[0].duration.minutes");
    }

    #[test]
    fn newer_format_is_refused_with_upgrade_hint() {
        let json = MINIMAL.replacen("\"format\": 2", "\"format\": 3", 1);
        let err = OpenDayPlan::from_json(&json).unwrap_err();
        assert_eq!(err.code(), "unsupported_format");
        assert!(err.to_string().contains("upgrade openday"), "{err}");
        let json = MINIMAL.replacen("\"format\": 2", "\"format\": \"v1\"", 1);
        let err = OpenDayPlan::from_json(&json).unwrap_err();
        assert!(err.to_string().contains("set \"format\": 2"), "{err}");
        let json = MINIMAL.replacen("\"format\": 2", "\"format\": 0", 1);
        assert_eq!(
            OpenDayPlan::from_json(&json).unwrap_err().code(),
            "unsupported_format"
        );
    }

    #[test]
    fn missing_file_names_the_path() {
        let err = crate::Plan::from_path("/nonexistent/x.openday.json").unwrap_err();
        assert_eq!(err.code(), "io");
        assert!(
            err.to_string()
                .starts_with("/nonexistent/x.openday.json: cannot read")
        );
    }

    #[test]
    fn trailing_garbage_is_a_syntax_error() {
        let err = OpenDayPlan::from_json(&format!("{MINIMAL} x")).unwrap_err();
        assert_eq!(err.code(), "syntax");
    }
}
