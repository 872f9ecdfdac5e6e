//! One row's cells read into a registrant: each field normalised, the
//! birth date and gender cross-checked with the ID number.

use chrono_tz::Tz;

use super::columns::{Column, header_of};
use super::table::Cells;
use super::{FieldError, IntakeOptions};
use crate::normalize::{self, FieldProblem};
use crate::registrant::{CapacityBasis, CivilCapacity, Registrant};
use crate::registration::{ChannelKind, RegistrationField};

/// Values read from a row that are cross-checked once the row is complete.
#[derive(Default)]
struct Declared {
    birth: Option<chrono::NaiveDate>,
    gender: Option<crate::registrant::Gender>,
    channel_seen: bool,
}

/// Whether every cell of the record is empty or space (of any kind).
pub(super) fn is_blank(record: &Cells<'_>) -> bool {
    record.iter().all(|c| normalize::trim(c).is_empty())
}

/// A row with nothing in it (whatever its number of cells: a line of
/// spaces is one empty cell, a line of separators many).
pub(super) fn blank_row_error() -> FieldError {
    FieldError {
        field: None,
        column: None,
        code: "blank_row",
        message_en: "the row is blank; delete it or fill it in".into(),
        message_zh: "该行为空行，请删除或补全".into(),
    }
}

pub(super) fn build(
    record: &Cells<'_>,
    headers: &csv::StringRecord,
    columns: &[Column],
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<Registrant, Vec<FieldError>> {
    let channel = opts.default_channel.unwrap_or(ChannelKind::Other);
    let mut r = Registrant::new(String::new(), channel);
    build_into(record, headers, columns, opts, tz, &mut r)?;
    Ok(r)
}

/// [`build`] into `r`, whatever it held before (its buffers are reused).
pub(super) fn build_into(
    record: &Cells<'_>,
    headers: &csv::StringRecord,
    columns: &[Column],
    opts: &IntakeOptions,
    tz: Tz,
    r: &mut Registrant,
) -> Result<(), Vec<FieldError>> {
    if is_blank(record) {
        return Err(vec![blank_row_error()]);
    }
    let mut errors = Vec::new();
    r.recycle(opts.default_channel.unwrap_or(ChannelKind::Other));
    let mut declared = Declared::default();
    let mut verified = false;
    for (i, cell) in record.iter().enumerate() {
        let cell = crate::export::unneutralise(normalize::trim(cell));
        match &columns[i] {
            Column::Ignored => {}
            Column::CapacityVerified => {
                verified = !cell.is_empty() && normalize::yes_no(cell).unwrap_or(false);
            }
            Column::Attribute(a) => {
                if let Some(v) = normalize::text(cell) {
                    r.attributes.insert(a.clone(), v);
                }
            }
            Column::Field(f) => {
                if let Err(p) = read_field(*f, cell, r, &mut declared, opts, tz) {
                    errors.push(FieldError {
                        field: Some(*f),
                        column: headers.get(i).map(str::to_owned),
                        code: p.code,
                        message_en: p.message_en,
                        message_zh: p.message_zh,
                    });
                }
            }
        }
    }
    if !declared.channel_seen && opts.default_channel.is_none() {
        r.channel = ChannelKind::Other;
    }
    if verified {
        r.civil_capacity = CivilCapacity {
            basis: CapacityBasis::Verified,
            ..r.civil_capacity
        };
    }
    r.settle();
    cross_check(
        r,
        declared.birth,
        declared.gender,
        &mut errors,
        columns,
        headers,
    );
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A birth date: a date as offices write it, or an instant with its offset
/// (a JavaScript `Date` arrives as `1989-12-31T16:00:00.000Z`), read as
/// the calendar date in the event's zone; a year before 1900 is refused.
fn birth_date(cell: &str, tz: Tz) -> Result<chrono::NaiveDate, FieldProblem> {
    let date = normalize::date(cell).or_else(|problem| {
        chrono::DateTime::parse_from_rfc3339(cell.trim())
            .map(|t| t.with_timezone(&tz).date_naive())
            .map_err(|_| problem)
    })?;
    if chrono::Datelike::year(&date) < 1900 {
        return Err(FieldProblem::new(
            "birth_date_range",
            format!("the birth date {date} is before 1900; check it with the registrant"),
            format!("出生日期 {date} 早于 1900 年，请与报名人核实"),
        ));
    }
    Ok(date)
}

/// Read one field's cell into the registrant.
fn read_field(
    f: RegistrationField,
    cell: &str,
    r: &mut Registrant,
    declared: &mut Declared,
    opts: &IntakeOptions,
    tz: Tz,
) -> Result<(), FieldProblem> {
    use RegistrationField as F;
    if cell.is_empty() && f != F::Name && f != F::Channel {
        return Ok(());
    }
    match f {
        F::Name => normalize::name_into(cell, &mut r.name)?,
        F::Phone => r.phone = Some(normalize::phone(cell)?),
        F::IdNumber => r.id_number = Some(normalize::id_number(cell)?),
        F::BirthDate => declared.birth = Some(birth_date(cell, tz)?),
        F::Gender => declared.gender = Some(normalize::gender(cell)?),
        F::EmployerOrSchool => normalize::text_into(cell, &mut r.employer_or_school),
        F::Address => normalize::text_into(cell, &mut r.address),
        F::District => normalize::text_into(cell, &mut r.district),
        F::WorkDistrict => normalize::text_into(cell, &mut r.work_district),
        F::Occupation => normalize::text_into(cell, &mut r.occupation),
        F::CivilCapacity => r.civil_capacity.status = normalize::civil_capacity(cell)?,
        F::Channel => {
            declared.channel_seen = true;
            r.channel = match (
                ChannelKind::parse(cell),
                cell.is_empty(),
                opts.default_channel,
            ) {
                (Some(k), _, _) | (None, true, Some(k)) => k,
                (None, true, None) => {
                    return Err(FieldProblem {
                        code: "missing",
                        message_en: "the registration channel is empty; write 电话, 现场 or 网上 (or set a default channel)".into(),
                        message_zh: "报名方式为空，请填写“电话”“现场”或“网上”（或设置默认报名方式）".into(),
                    });
                }
                (None, false, _) => {
                    return Err(FieldProblem {
                        code: "channel_value",
                        message_en: "the registration channel is not one of 电话, 现场, 网上, 其他 (phone, on_site, online, other)".into(),
                        message_zh: "报名方式应为“电话”“现场”“网上”或“其他”".into(),
                    });
                }
            };
        }
        F::SubmittedAt => r.submitted_at = Some(normalize::instant(cell, tz)?),
        F::Consent => r.consent = Some(normalize::yes_no(cell)?),
        F::Email => r.email = Some(normalize::email(cell)?),
    }
    Ok(())
}

fn cross_check(
    r: &mut Registrant,
    birth: Option<chrono::NaiveDate>,
    gender: Option<crate::registrant::Gender>,
    errors: &mut Vec<FieldError>,
    columns: &[Column],
    headers: &csv::StringRecord,
) {
    r.birth_date = birth;
    r.gender = gender;
    let Some(id) = &r.id_number else { return };
    if birth.is_some_and(|b| b != id.birth_date) {
        errors.push(FieldError {
            field: Some(RegistrationField::BirthDate),
            column: header_of(RegistrationField::BirthDate, columns, headers),
            code: "birth_date_mismatch",
            message_en: "the birth date differs from the one in the ID number; check both with the registrant".into(),
            message_zh: "出生日期与身份证号中的出生日期不一致，请与报名人核实".into(),
        });
    }
    if gender.is_some_and(|g| g != id.gender) {
        errors.push(FieldError {
            field: Some(RegistrationField::Gender),
            column: header_of(RegistrationField::Gender, columns, headers),
            code: "gender_mismatch",
            message_en: "the gender differs from the one encoded in the ID number; check both with the registrant".into(),
            message_zh: "性别与身份证号所示性别不一致，请与报名人核实".into(),
        });
    }
    r.birth_date = Some(id.birth_date);
    r.gender = Some(id.gender);
}
