//! Where the tool's words go: text or one JSON document on stdout, errors
//! on stderr (or in the JSON), progress bars on stderr when it is a
//! terminal.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::Problem;

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `--lang`, or Chinese when `LC_ALL`, `LC_MESSAGES` or `LANG` starts
    /// with `zh`, else English.
    pub fn pick(flag: Option<&str>) -> Self {
        let from_env = || {
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
                .unwrap_or_default()
        };
        let tag = flag.map_or_else(from_env, str::to_owned);
        if tag.starts_with("zh") {
            Self::Zh
        } else {
            Self::En
        }
    }

    /// `zh` or `en`.
    pub fn pick_text<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Wrong usage the parser could not see (exit 2).
    Usage(String),
    /// Refused input (exit 1).
    Input(String),
    /// Readable input, but the step cannot be taken (exit 3).
    CannotProceed(String),
    /// A record or journal that does not verify (exit 4).
    Verification(String),
    /// An openday error; its kind decides the exit code.
    Openday(crate::Error),
    /// An openday error caused by a flag's value, said in the command's
    /// words (exit 2): JSON keeps the error's kind, code and facts.
    Flag(crate::Error, String),
}

impl<E: Into<crate::Error>> From<E> for Failure {
    fn from(e: E) -> Self {
        Self::Openday(e.into())
    }
}

/// The tool's output.
pub(crate) struct Out {
    pub(crate) json: bool,
    pub(crate) lang: Lang,
    pub(crate) quiet: bool,
}

impl Out {
    pub(crate) fn new(json: bool, lang: Lang, quiet: bool) -> Self {
        Self { json, lang, quiet }
    }

    /// Text for people (nothing in JSON mode).
    pub(crate) fn text(&self, text: &str) {
        if !self.json {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout.write_all(text.as_bytes());
            if !text.ends_with('\n') {
                let _ = stdout.write_all(b"\n");
            }
        }
    }

    /// The JSON document (JSON mode only).
    pub(crate) fn document(&self, value: &Value) {
        if self.json {
            let mut stdout = std::io::stdout().lock();
            let _ = serde_json::to_writer_pretty(&mut stdout, value);
            let _ = stdout.write_all(b"\n");
        }
    }

    /// A note on stderr (not in JSON mode, where it belongs in the document).
    pub(crate) fn note(&self, text: &str) {
        if !self.json {
            let _ = writeln!(std::io::stderr().lock(), "{text}");
        }
    }

    /// A problem as a line in the chosen language.
    pub(crate) fn problem_line(&self, p: &Problem) -> String {
        let label = match (p.is_error(), self.lang) {
            (true, Lang::En) => "ERROR",
            (false, Lang::En) => "WARNING",
            (true, Lang::Zh) => "错误",
            (false, Lang::Zh) => "警告",
        };
        let sep = self.lang.pick_text(": ", "：");
        format!(
            "{label} {}{sep}{}",
            p.path,
            self.lang.pick_text(&p.message_en, &p.message_zh)
        )
    }

    /// A bar for `total` steps on stderr (hidden with `--quiet`, `--json` or
    /// when stderr is not a terminal).
    pub(crate) fn bar(&self, total: u64, what: &str) -> indicatif::ProgressBar {
        if self.quiet || self.json {
            return indicatif::ProgressBar::hidden();
        }
        let bar = indicatif::ProgressBar::new(total);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_owned());
        bar
    }

    /// Report the failure and give the exit code.
    pub(crate) fn fail(&self, failure: &Failure) -> u8 {
        let code = failure.exit_code();
        let (kind, err_code, message, facts) = match failure {
            Failure::Usage(m) => ("UsageError", "usage", m.clone(), Value::Null),
            Failure::Input(m) => ("InputError", "input", m.clone(), Value::Null),
            Failure::CannotProceed(m) => {
                ("CannotProceed", "cannot_proceed", m.clone(), Value::Null)
            }
            Failure::Verification(m) => {
                ("VerificationError", "verification", m.clone(), Value::Null)
            }
            Failure::Openday(e) | Failure::Flag(e, _) => {
                let f = e.facts();
                let facts = json!({
                    "file": f.file, "line": f.line, "column": f.column, "path": f.path,
                    "row": f.row, "segment": f.segment, "point": f.point, "duty": f.duty,
                    "problems": f.problems.iter().map(problem_json).collect::<Vec<_>>(),
                    "conflicts": f.conflicts, "relaxation": f.relaxation,
                });
                let message = match failure {
                    Failure::Flag(_, m) => m.clone(),
                    _ => e.to_string(),
                };
                (e.kind().name(), e.code(), message, facts)
            }
        };
        if self.json {
            let mut error =
                json!({ "kind": kind, "code": err_code, "message": message, "exit_code": code });
            if let (Some(obj), Value::Object(facts)) = (error.as_object_mut(), facts) {
                obj.extend(facts);
            }
            self.document(&json!({ "error": error }));
        } else {
            let mut stderr = std::io::stderr().lock();
            let problems = match failure {
                Failure::Openday(e) | Failure::Flag(e, _) => e.facts().problems,
                _ => &[],
            };
            if problems.is_empty() {
                let _ = writeln!(stderr, "openday: {message}");
            } else {
                // The message lists the problems in both languages; show
                // its first line, then each problem in the chosen one.
                let head = message.lines().next().unwrap_or_default();
                let _ = writeln!(stderr, "openday: {head}");
                for p in problems {
                    let _ = writeln!(stderr, "  {}", self.problem_line(p));
                }
            }
        }
        code
    }
}

/// A problem as JSON, both languages.
pub(crate) fn problem_json(p: &Problem) -> Value {
    json!({
        "path": p.path,
        "code": p.code.as_str(),
        "severity": if p.is_error() { "error" } else { "warning" },
        "stage": p.stage().as_str(),
        "message_en": p.message_en,
        "message_zh": p.message_zh,
    })
}

/// A file's bytes, or a message naming it.
pub(crate) fn read(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| {
        Failure::Input(format!(
            "{}: cannot read the {what} ({e}); check the path",
            path.display()
        ))
    })
}

/// Write `bytes` to `path`, or a message naming it.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| {
        Failure::Input(format!(
            "{}: cannot write ({e}); check the folder exists and is writable",
            path.display()
        ))
    })
}

/// What an export file's extension asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Xlsx,
    Other,
}

pub(crate) fn format_of(path: &Path) -> Format {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        _ => Format::Other,
    }
}

/// Write a table export as `.csv` or `.xlsx` by the file's extension.
pub(crate) fn write_table(
    path: &Path,
    table: &crate::export::Table,
    sheet: &str,
) -> Result<(), Failure> {
    let bytes = match format_of(path) {
        Format::Csv => {
            let mut out = Vec::new();
            crate::export::write_table_csv(table, &mut out)
                .map_err(crate::export::ExportError::from)?;
            out
        }
        Format::Xlsx => crate::xlsx::write_table_xlsx(table, sheet)?,
        Format::Other => {
            return Err(Failure::Usage(format!(
                "{}: give the export a .csv or .xlsx name",
                path.display()
            )));
        }
    };
    write(path, &bytes)
}
