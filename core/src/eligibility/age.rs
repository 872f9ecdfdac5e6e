//! Exact age arithmetic (周岁) with the policy's conventions.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use super::{AgeCountsFrom, LeapDayBirthday};

/// Full years and months of age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Age {
    /// Completed years.
    pub years: u32,
    /// Completed months since the last birthday (0–11).
    pub months: u32,
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} years {} months", self.years, self.months)
    }
}

impl Age {
    /// `17岁11个月`.
    pub fn to_zh(self) -> String {
        format!("{}岁{}个月", self.years, self.months)
    }
}

/// The `years`-th anniversary of `birth`.
fn anniversary(birth: NaiveDate, years: i32, leap: LeapDayBirthday) -> Option<NaiveDate> {
    let year = birth.year().checked_add(years)?;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day()).or_else(|| match leap {
        LeapDayBirthday::March1 => NaiveDate::from_ymd_opt(year, 3, 1),
        LeapDayBirthday::February28 => NaiveDate::from_ymd_opt(year, 2, 28),
    })
}

/// Age in completed years and months on `on` for someone born on `birth`,
/// or `None` when `on` is before the birth.
///
/// ```
/// use chrono::NaiveDate;
/// use openday::eligibility::{age_on, AgeCountsFrom, LeapDayBirthday};
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let (leap, from) = (LeapDayBirthday::February28, AgeCountsFrom::Birthday);
/// let age = age_on(d(2007, 10, 20), d(2025, 9, 24), leap, from).unwrap();
/// assert_eq!((age.years, age.months), (17, 11));
/// assert_eq!(age_on(d(2007, 9, 24), d(2025, 9, 24), leap, from).unwrap().years, 18);
/// // Born 29 February 2008: 18 on 28 February 2026 by default, on 1 March otherwise.
/// assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28), leap, from).unwrap().years, 18);
/// assert_eq!(age_on(d(2008, 2, 29), d(2026, 2, 28), LeapDayBirthday::March1, from).unwrap().years, 17);
/// ```
pub fn age_on(
    birth: NaiveDate,
    on: NaiveDate,
    leap: LeapDayBirthday,
    from: AgeCountsFrom,
) -> Option<Age> {
    if on < birth {
        return None;
    }
    if from == AgeCountsFrom::Birthday && (birth.month(), birth.day()) != (2, 29) {
        return Some(plain_age(birth, on));
    }
    general_age(birth, on, leap, from)
}

/// Days in month `m` of year `y`.
fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// [`age_on`] for the common case, by arithmetic on the calendar fields:
/// age counted from the birthday itself, a birthday other than 29 February
/// (so every anniversary exists), `on` not before `birth`. A proptest holds
/// it to the general path.
fn plain_age(birth: NaiveDate, on: NaiveDate) -> Age {
    let (bm, bd) = (birth.month(), birth.day());
    let (om, od) = (on.month(), on.day());
    let years = on.year() - birth.year() - i32::from((om, od) < (bm, bd));
    // Months from the last birthday to `on`'s month, less one while that
    // month's anniversary (its day clamped to the month's end) is ahead.
    let last_month = i64::from(birth.year() + years) * 12 + i64::from(bm);
    let span = i64::from(on.year()) * 12 + i64::from(om) - last_month;
    let months = if span >= 12 {
        11
    } else if span > 0 && bd.min(days_in_month(on.year(), om)) > od {
        span - 1
    } else {
        span.max(0)
    };
    Age {
        years: u32::try_from(years).unwrap_or(0),
        months: u32::try_from(months).unwrap_or(0),
    }
}

/// [`age_on`] by searching the anniversaries: every convention.
fn general_age(
    birth: NaiveDate,
    on: NaiveDate,
    leap: LeapDayBirthday,
    from: AgeCountsFrom,
) -> Option<Age> {
    if on < birth {
        return None;
    }
    let lag = i32::from(from == AgeCountsFrom::DayAfterBirthday);
    let complete =
        |date: NaiveDate| date.checked_add_days(chrono::Days::new(u64::try_from(lag).unwrap_or(0)));
    let mut years = on.year() - birth.year();
    while years > 0
        && anniversary(birth, years, leap)
            .and_then(complete)
            .is_none_or(|c| c > on)
    {
        years -= 1;
    }
    let last = anniversary(birth, years, leap).unwrap_or(birth);
    // Whole months from the last birthday: the calendar difference, less one
    // while that month-anniversary (end-of-month clamped) is still ahead.
    let span = (on.year() - last.year()) * 12 + i32::try_from(on.month()).unwrap_or(0)
        - i32::try_from(last.month()).unwrap_or(0);
    let mut months = u32::try_from(span.clamp(0, 11)).unwrap_or(0);
    while months > 0
        && last
            .checked_add_months(Months::new(months))
            .and_then(complete)
            .is_none_or(|c| c > on)
    {
        months -= 1;
    }
    Some(Age {
        years: u32::try_from(years).unwrap_or(0),
        months,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn day_after_convention_delays_by_one_day() {
        let from = AgeCountsFrom::DayAfterBirthday;
        let leap = LeapDayBirthday::March1;
        assert_eq!(
            age_on(d(2007, 9, 24), d(2025, 9, 24), leap, from)
                .unwrap()
                .years,
            17
        );
        assert_eq!(
            age_on(d(2007, 9, 24), d(2025, 9, 25), leap, from)
                .unwrap()
                .years,
            18
        );
        assert_eq!(
            age_on(d(2008, 2, 29), d(2026, 3, 1), leap, from)
                .unwrap()
                .years,
            17
        );
        assert_eq!(
            age_on(d(2008, 2, 29), d(2026, 3, 2), leap, from)
                .unwrap()
                .years,
            18
        );
        // In a leap year the real birthday counts.
        assert_eq!(
            age_on(
                d(2008, 2, 29),
                d(2028, 2, 29),
                leap,
                AgeCountsFrom::Birthday
            )
            .unwrap()
            .years,
            20
        );
    }

    #[test]
    fn months_count_from_the_last_birthday() {
        let c = (LeapDayBirthday::February28, AgeCountsFrom::Birthday);
        // 民法典 art. 202: no 31 February, so the month ends on its last day.
        assert_eq!(
            age_on(d(1990, 1, 31), d(2025, 2, 27), c.0, c.1).unwrap(),
            Age {
                years: 35,
                months: 0
            }
        );
        assert_eq!(
            age_on(d(1990, 1, 31), d(2025, 2, 28), c.0, c.1).unwrap(),
            Age {
                years: 35,
                months: 1
            }
        );
        assert_eq!(
            age_on(d(1990, 1, 31), d(2026, 1, 30), c.0, c.1).unwrap(),
            Age {
                years: 35,
                months: 11
            }
        );
        assert_eq!(age_on(d(2025, 1, 1), d(2024, 1, 1), c.0, c.1), None);
    }

    proptest! {
        #[test]
        fn age_is_monotone_in_the_reference_date(
            birth_days in 0i64..40_000, a in 0i64..40_000, b in 0i64..40_000,
            leap in prop::sample::select(vec![LeapDayBirthday::March1, LeapDayBirthday::February28]),
            from in prop::sample::select(vec![AgeCountsFrom::Birthday, AgeCountsFrom::DayAfterBirthday]),
        ) {
            let base = d(1920, 1, 1);
            let birth = base + chrono::Duration::days(birth_days);
            let (early, late) = (base + chrono::Duration::days(a.min(b)), base + chrono::Duration::days(a.max(b)));
            match (age_on(birth, early, leap, from), age_on(birth, late, leap, from)) {
                (Some(x), Some(y)) => prop_assert!(x <= y),
                (Some(_), None) => prop_assert!(false, "older date has no age"),
                _ => {}
            }
        }

        #[test]
        fn the_plain_path_agrees_with_the_general_one(
            birth_days in 0i64..60_000, later in 0i64..40_000,
            leap in prop::sample::select(vec![LeapDayBirthday::March1, LeapDayBirthday::February28]),
        ) {
            let birth = d(1900, 1, 1) + chrono::Duration::days(birth_days);
            let on = birth + chrono::Duration::days(later);
            prop_assume!((birth.month(), birth.day()) != (2, 29));
            prop_assert_eq!(Some(plain_age(birth, on)), general_age(birth, on, leap, AgeCountsFrom::Birthday));
        }

        #[test]
        fn age_matches_the_anniversary_definition(birth_days in 0i64..40_000, years in 0i32..100) {
            let birth = d(1920, 1, 1) + chrono::Duration::days(birth_days);
            let (leap, from) = (LeapDayBirthday::March1, AgeCountsFrom::Birthday);
            let anniv = anniversary(birth, years, leap).unwrap();
            prop_assert_eq!(age_on(birth, anniv, leap, from).unwrap().years, u32::try_from(years).unwrap());
            if years > 0 {
                let before = anniv.pred_opt().unwrap();
                prop_assert_eq!(age_on(birth, before, leap, from).unwrap().years, u32::try_from(years - 1).unwrap());
            }
        }
    }
}
