//! `check`, `screen`, `draw` and `verify`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;
use serde_json::json;

use super::Input;
use super::output::{Failure, Out, problem_json, read, write, write_table};
use crate::mask::Masking;
use crate::screening::{ScreenedRecord, ScreeningOptions, ScreeningReport};
use crate::selection::{self, DrawRecord, Pool, PseudonymKey, Targets};
use crate::{Plan, Stage};

/// Load a plan, printing its warnings.
pub(super) fn load_plan(out: &Out, path: &Path) -> Result<Plan, Failure> {
    let plan = Plan::from_path(path)?;
    for w in plan.warnings() {
        out.note(&out.problem_line(w));
    }
    Ok(plan)
}

pub(super) fn check(out: &mut Out, path: &Path) -> Result<(), Failure> {
    let plan = Plan::from_path(path)?;
    let problems = plan.problems();
    let blocked: BTreeMap<&str, usize> = [Stage::Draw, Stage::Confirmation, Stage::FollowUp]
        .into_iter()
        .map(|s| (s.as_str(), plan.blocking(s).len()))
        .filter(|(_, n)| *n > 0)
        .collect();
    out.document(&json!({
        "plan": plan.document().id,
        "title": plan.document().title,
        "starts_at": plan.starts_at().to_rfc3339(),
        "ends_at": plan.ends_at().to_rfc3339(),
        "registration_deadline": plan.registration_deadline().to_rfc3339(),
        "problems": problems.iter().map(problem_json).collect::<Vec<_>>(),
        "blocked_stages": blocked,
    }));
    out.text(&plan.summary().to_string());
    for p in problems {
        out.text(&out.problem_line(p));
    }
    if blocked.is_empty() {
        out.text(
            out.lang
                .pick_text("The plan is ready for every stage.", "方案可用于各个阶段。"),
        );
        Ok(())
    } else {
        let stages: Vec<_> = blocked.keys().copied().collect();
        Err(Failure::CannotProceed(format!(
            "{}: {}",
            out.lang.pick_text(
                "the plan loads, but these stages are blocked",
                "方案可加载，但以下阶段受阻"
            ),
            stages.join(", ")
        )))
    }
}

/// Screen the registrations of `input` with `key` for the pseudonyms.
pub(super) fn screen_input(
    out: &Out,
    input: &Input,
    key: Option<PseudonymKey>,
) -> Result<(Plan, ScreeningReport), Failure> {
    let plan = load_plan(out, &input.plan)?;
    let bytes = read(&input.registrations, "registrations")?;
    let history = match &input.history {
        Some(path) => {
            let text = read(path, "attendance history")?;
            Some(serde_json::from_slice(&text).map_err(|e| {
                Failure::Input(format!(
                    "{}: line {}, column {}: not an attendance history ({e}); write a JSON list of {{\"open_day\", \"date\", \"id_number\" or \"name\" with \"phone\" or \"email\"}}",
                    path.display(),
                    e.line(),
                    e.column()
                ))
            })?)
        }
        None => None,
    };
    let mut opts = ScreeningOptions {
        history,
        pseudonym_key: key,
        ..ScreeningOptions::default()
    };
    opts.intake.columns.extend(input.columns.iter().cloned());
    opts.intake.default_channel = input.default_channel;
    let source = input.registrations.display().to_string();
    let report = match &input.sheet {
        Some(sheet) => crate::xlsx::screen_xlsx(&plan, &bytes, &source, Some(sheet), &opts),
        None => crate::screening::screen_csv(&plan, &bytes, &source, &opts),
    }
    .map_err(|e| match &e {
        // The header came from `--column`: say so in the command's words,
        // keeping the error (its code and facts) for `--json`.
        crate::intake::IntakeError::UnknownColumn {
            source_name,
            field,
            header,
            found,
        } => {
            let message = format!(
                "--column {field}={header}: {source_name} has no column \"{header}\" (found: {found}); give one of its headers after ="
            );
            Failure::Flag(e.into(), message)
        }
        _ => e.into(),
    })?;
    for w in &report.warnings {
        if !plan.warnings().contains(&w) {
            out.note(&out.problem_line(w));
        }
    }
    Ok((plan, report))
}

pub(super) fn screen(
    out: &mut Out,
    input: &Input,
    file: Option<&Path>,
    unmasked: bool,
) -> Result<(), Failure> {
    let (_, report) = screen_input(out, input, None)?;
    let masking = if unmasked {
        Masking::Unmasked
    } else {
        Masking::Masked
    };
    if let Some(path) = file {
        let table = crate::export::Table::of(report.records(masking))
            .map_err(crate::export::ExportError::from)?;
        write_table(path, &table, "筛选结果")?;
    }
    out.document(&json!({
        "source": report.source,
        "encoding": report.encoding,
        "counts": report.counts(),
        "data_lines": report.data_lines,
        "reasons": report.reasons(),
        "warnings": report.warnings.iter().map(problem_json).collect::<Vec<_>>(),
        "out": file.map(|p| p.display().to_string()),
    }));
    out.text(&report.to_string());
    Ok(())
}

fn key_from(path: &Path) -> Result<PseudonymKey, Failure> {
    let bytes = read(path, "pseudonym key")?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Failure::Input(format!(
            "{}: the pseudonym key file is empty; put the organiser's secret in it",
            path.display()
        )));
    }
    Ok(PseudonymKey::new(bytes))
}

/// The pool and targets of a screening, for a draw or its verification.
pub(super) fn pool_of(plan: &Plan, report: &ScreeningReport) -> Result<(Pool, Targets), Failure> {
    let blocking = plan.blocking(Stage::Draw);
    if !blocking.is_empty() {
        let lines: Vec<String> = blocking
            .iter()
            .map(|p| format!("{}: {}", p.path, p.message_en))
            .collect();
        return Err(Failure::CannotProceed(format!(
            "the plan's selection section blocks the draw: {}",
            lines.join("; ")
        )));
    }
    let targets = Targets::from_plan(plan)?;
    let pool = Pool::from_screening(report, plan, &targets.policy)?;
    Ok((pool, targets))
}

pub(super) struct DrawArgs<'a> {
    pub(super) seed: &'a str,
    pub(super) key_file: &'a Path,
    pub(super) record: Option<&'a Path>,
    pub(super) out: Option<&'a Path>,
    pub(super) unmasked: bool,
}

/// One line of the panel and reserve list.
#[derive(Debug, Serialize)]
struct ListRow<'a> {
    list: &'static str,
    order: usize,
    id: &'a str,
    row: Option<u64>,
    name: Option<String>,
    phone: Option<String>,
    district: Option<String>,
}

pub(super) fn draw(out: &mut Out, input: &Input, args: &DrawArgs<'_>) -> Result<(), Failure> {
    let key = key_from(args.key_file)?;
    let (plan, report) = screen_input(out, input, Some(key))?;
    let (pool, targets) = pool_of(&plan, &report)?;
    let eligible = report.counts().eligible;
    if eligible < u64::from(targets.seats) {
        return Err(Failure::CannotProceed(format!(
            "only {eligible} eligible registrants for {} seats; no draw is made | 仅 {eligible} 人符合条件，少于名额 {}，未进行抽选",
            targets.seats, targets.seats
        )));
    }
    let bar = out.bar(
        u64::try_from(pool.candidates().len()).unwrap_or(0),
        "LEXIMIN",
    );
    let result = selection::draw_with_progress(&pool, &targets, args.seed, &mut |p| {
        bar.set_length(u64::from(p.classes));
        bar.set_position(u64::from(p.fixed));
        true
    });
    bar.finish_and_clear();
    let drawn = result?;
    if let Some(path) = args.record {
        let text = serde_json::to_string_pretty(&drawn.record)
            .map_err(|e| Failure::Input(e.to_string()))?;
        write(path, text.as_bytes())?;
    }
    let masking = if args.unmasked {
        Masking::Unmasked
    } else {
        Masking::Masked
    };
    let records: BTreeMap<u64, ScreenedRecord> = report
        .records(masking)
        .into_iter()
        .map(|r| (r.row, r))
        .collect();
    let row_of = |id: &str| pool.origin(id).map(|o| o.row);
    let list: Vec<ListRow<'_>> = [("panel", &drawn.panel), ("reserve", &drawn.reserves)]
        .into_iter()
        .flat_map(|(list, ids)| {
            ids.iter()
                .enumerate()
                .map(move |(i, id)| (list, i + 1, id.as_str()))
        })
        .map(|(list, order, id)| {
            let rec = row_of(id).and_then(|r| records.get(&r));
            ListRow {
                list,
                order,
                id,
                row: row_of(id),
                name: rec.and_then(|r| r.name.clone()),
                phone: rec.and_then(|r| r.phone.clone()),
                district: rec.and_then(|r| r.district.clone()),
            }
        })
        .collect();
    if let Some(path) = args.out {
        let table = crate::export::Table::of(&list).map_err(crate::export::ExportError::from)?;
        write_table(path, &table, "抽选名单")?;
    }
    out.document(&json!({
        "record": drawn.record,
        "quotas": drawn.quotas,
        "list": list,
        "counts": report.counts(),
    }));
    out.text(&format!(
        "{} {} / {} {}",
        out.lang.pick_text("Panel:", "入选："),
        drawn.panel.len(),
        out.lang.pick_text("reserves:", "候补："),
        drawn.reserves.len()
    ));
    for row in &list {
        out.text(&format!(
            "{:<8} {:>3}  {}  {}  {}",
            row.list,
            row.order,
            row.name.as_deref().unwrap_or("?"),
            row.district.as_deref().unwrap_or(""),
            row.row.map(|r| format!("row {r}")).unwrap_or_default()
        ));
    }
    out.text(&format!("commitment {}", drawn.record.commitment));
    Ok(())
}

pub(super) fn verify(
    out: &mut Out,
    record_path: &Path,
    input: &Input,
    key_file: &Path,
) -> Result<(), Failure> {
    let text = read(record_path, "draw record")?;
    let record: DrawRecord = serde_json::from_slice(&text).map_err(|e| {
        Failure::Input(format!(
            "{}: line {}, column {}: not a draw record ({e}); give the JSON the draw wrote with --record",
            record_path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let key = key_from(key_file)?;
    let (plan, report) = screen_input(out, input, Some(key))?;
    let (pool, targets) = pool_of(&plan, &report)?;
    match selection::verify(&record, &pool, &targets) {
        Ok(_) => {
            out.document(&json!({ "verified": true, "panel": record.panel.len(), "reserves": record.reserves.len() }));
            out.text(out.lang.pick_text(
                "verified: the record gives the same panel and reserves",
                "复核通过：记录重新计算得到相同的入选和候补名单",
            ));
            Ok(())
        }
        Err(e) => Err(Failure::Verification(format!(
            "{}: {e}",
            record_path.display()
        ))),
    }
}
