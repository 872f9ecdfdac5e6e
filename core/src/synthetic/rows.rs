//! One synthetic person and the row written for them, with the problem
//! (if any) the row is made to carry.

use chrono::{DateTime, Datelike, Duration, NaiveDate};
use chrono_tz::Tz;
use rand::Rng;
use rand_chacha::ChaCha20Rng;

use super::names::{
    EMPLOYERS, EMPLOYERS_INTL, GIVEN_FEMALE, GIVEN_FEMALE_INTL, GIVEN_MALE, GIVEN_MALE_INTL,
    MAIL_DOMAINS, OTHER_OCCUPATIONS, OTHER_OCCUPATIONS_INTL, STREETS, STREETS_INTL, STUDIES,
    STUDIES_INTL, SURNAMES, SURNAMES_INTL,
};
use super::{RowProblem, SyntheticOptions};
use crate::registration::ChannelKind;
use crate::resident_id::check_character;

struct Person {
    name: String,
    male: bool,
    birth: NaiveDate,
    district: usize,
    seq: u32,
    address: String,
    employer: String,
    work_district: String,
    occupation: String,
}

pub(super) struct Generator<'a> {
    pub(super) opts: &'a SyntheticOptions,
    pub(super) rng: ChaCha20Rng,
    pub(super) weight_total: u32,
}

impl Generator<'_> {
    pub(super) fn pick<'s, T>(&mut self, items: &'s [T]) -> &'s T {
        &items[self.rng.random_range(0..items.len())]
    }

    fn weighted<'s, T>(&mut self, items: &'s [(T, u32)]) -> &'s T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.rng.random_range(0..total);
        for (item, w) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].0
    }

    fn district(&mut self) -> usize {
        let mut r = self.rng.random_range(0..self.weight_total);
        for (i, d) in self.opts.districts.iter().enumerate() {
            if r < d.weight {
                return i;
            }
            r -= d.weight;
        }
        self.opts.districts.len() - 1
    }

    /// A birth date making the person `age` full years old on the event date.
    fn birth_for_age(&mut self, age: i32) -> NaiveDate {
        let event = self.opts.event_date;
        let latest = shift_years(event, -age);
        let days = self.rng.random_range(0..365);
        latest - Duration::days(days)
    }

    fn age(&mut self) -> i32 {
        // Adults bunched in working age, with a long tail to 90.
        match self.rng.random_range(0..100) {
            0..=14 => self.rng.random_range(18..=24),
            15..=69 => self.rng.random_range(25..=59),
            70..=92 => self.rng.random_range(60..=74),
            _ => self.rng.random_range(75..=90),
        }
    }

    fn name(&mut self, male: bool) -> String {
        if self.opts.chinese {
            let surname = *self.weighted(SURNAMES);
            let given = if male {
                *self.pick(GIVEN_MALE)
            } else {
                *self.pick(GIVEN_FEMALE)
            };
            format!("{surname}{given}")
        } else {
            let given = if male {
                *self.pick(GIVEN_MALE_INTL)
            } else {
                *self.pick(GIVEN_FEMALE_INTL)
            };
            format!("{given} {}", self.pick(SURNAMES_INTL))
        }
    }

    fn address(&mut self, district: usize) -> String {
        let name = &self.opts.districts[district].name;
        if self.opts.chinese {
            let street = *self.pick(STREETS);
            format!(
                "{name}{street}{}号{}单元{}室",
                self.rng.random_range(1..300),
                self.rng.random_range(1..7),
                self.rng.random_range(101..1803)
            )
        } else {
            let street = *self.pick(STREETS_INTL);
            format!("{street} {}, {name}", self.rng.random_range(1..200))
        }
    }

    /// Employer or school, occupation and the district they are in.
    fn work(&mut self, age: i32, home: usize) -> (String, String, String) {
        let zh = self.opts.chinese;
        if age < 23 && self.rng.random_bool(0.7) {
            let d = self.district();
            let school = *self.pick(if zh { STUDIES } else { STUDIES_INTL });
            let name = self.opts.districts[d].name.clone();
            let occupation = if zh { "学生" } else { "student" };
            return (school.replace("{}", &name), occupation.to_owned(), name);
        }
        if age >= 62 {
            let retired = if zh { "退休人员" } else { "retired" };
            return (String::new(), retired.to_owned(), String::new());
        }
        if self.rng.random_bool(0.08) {
            let o = *self.pick(if zh {
                OTHER_OCCUPATIONS
            } else {
                OTHER_OCCUPATIONS_INTL
            });
            return (String::new(), o.to_owned(), String::new());
        }
        // Most work where they live; some commute.
        let d = if self.rng.random_bool(0.7) {
            home
        } else {
            self.district()
        };
        let (e, o) = *self.pick(if zh { EMPLOYERS } else { EMPLOYERS_INTL });
        let name = self.opts.districts[d].name.clone();
        if e.contains("{}") {
            (e.replace("{}", &name), o.to_owned(), name)
        } else {
            (
                e.to_owned(),
                o.to_owned(),
                self.opts.districts[home].name.clone(),
            )
        }
    }

    fn person(&mut self, age: i32) -> Person {
        let male = self.rng.random_bool(0.5);
        let name = self.name(male);
        let birth = self.birth_for_age(age);
        let district = self.district();
        let address = self.address(district);
        let (employer, occupation, work_district) = self.work(age, district);
        let seq = self.rng.random_range(0..500) * 2 + u32::from(male);
        Person {
            name,
            male,
            birth,
            district,
            seq,
            address,
            employer,
            work_district,
            occupation,
        }
    }

    /// The resident ID number, when the district has a region code.
    fn id_number(&self, p: &Person) -> Option<String> {
        let code = self.opts.districts[p.district].code.as_deref()?;
        let first = format!("{code}{}{:03}", p.birth.format("%Y%m%d"), p.seq % 1000);
        let check = check_character(&first).unwrap_or('0');
        Some(format!("{first}{check}"))
    }

    fn phone(&mut self) -> String {
        let landline = self.rng.random_bool(0.1);
        if let Some(area) = self.opts.phone_area_code.as_deref().filter(|_| landline) {
            return format!("{area}-{}", self.rng.random_range(2_000_000..2_999_999));
        }
        let prefix = *self.pick(&[
            "139", "138", "137", "136", "135", "150", "151", "152", "158", "159", "180", "181",
            "187", "188", "189", "133", "153", "177", "199",
        ]);
        let (a, b) = (
            self.rng.random_range(0..10_000),
            self.rng.random_range(0..10_000),
        );
        match self.rng.random_range(0..20) {
            0 => format!("{prefix} {a:04} {b:04}"),
            1 => format!("{prefix}-{a:04}-{b:04}"),
            2 => format!("+86 {prefix}{a:04}{b:04}"),
            3 => fullwidth(&format!("{prefix}{a:04}{b:04}")),
            _ => format!("{prefix}{a:04}{b:04}"),
        }
    }

    fn email(&mut self, name: &str) -> String {
        let local: String = name
            .chars()
            .map(|c| match c {
                'ü' => 'u',
                'ö' => 'o',
                'ä' => 'a',
                'ı' => 'i',
                'ş' => 's',
                ' ' => '.',
                c => c.to_ascii_lowercase(),
            })
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        let n = self.rng.random_range(1..100);
        let domain = *self.pick(MAIL_DOMAINS);
        match self.rng.random_range(0..10) {
            0 => format!(" {local}{n}@{} ", domain.to_uppercase()),
            1 => format!("{}{n}@{domain}", capitalise(&local)),
            _ => format!("{local}{n}@{domain}"),
        }
    }

    fn channel(&mut self) -> ChannelKind {
        let channels = &self.opts.channels;
        // Two channels: most people phone (as offices see it); otherwise even.
        if channels.len() == 2 {
            return if self.rng.random_bool(0.62) {
                channels[0]
            } else {
                channels[1]
            };
        }
        channels[self.rng.random_range(0..channels.len())]
    }

    pub(super) fn submitted(&mut self, late: bool) -> DateTime<Tz> {
        let (opens, deadline) = (self.opts.opens_at, self.opts.deadline);
        if late {
            return deadline + Duration::seconds(self.rng.random_range(1..=3 * 86_400));
        }
        let span = (deadline - opens).num_seconds().max(1);
        let back = if self.rng.random_bool(0.35) {
            self.rng.random_range(0..span.min(2 * 86_400))
        } else {
            self.rng.random_range(0..span)
        };
        deadline - Duration::seconds(back)
    }

    /// The same phone typed differently (or the same), as a repeat registrant would.
    pub(super) fn phone_like(&mut self, phone: &str) -> String {
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 11 && self.rng.random_bool(0.5) {
            format!("{} {} {}", &digits[..3], &digits[3..7], &digits[7..])
        } else {
            phone.to_owned()
        }
    }
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

pub(super) fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

pub(super) fn shift_years(d: NaiveDate, years: i32) -> NaiveDate {
    let y = d.year() + years;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 2, 28))
        .unwrap_or(d)
}

pub(super) fn channel_label(kind: ChannelKind, chinese: bool) -> &'static str {
    match (kind, chinese) {
        (ChannelKind::Phone, true) => "电话报名",
        (ChannelKind::OnSite, true) => "现场报名",
        (ChannelKind::Online, true) => "网上报名",
        (ChannelKind::Email, true) => "邮件报名",
        (ChannelKind::Other, true) => "其他",
        (ChannelKind::Phone, false) => "phone",
        (ChannelKind::OnSite, false) => "on site",
        (ChannelKind::Online, false) => "online",
        (ChannelKind::Email, false) => "e-mail",
        (ChannelKind::Other, false) => "other",
    }
}

/// A new person's row, with `problem` built in.
pub(super) fn fresh_row(g: &mut Generator<'_>, problem: Option<RowProblem>) -> Vec<String> {
    let zh = g.opts.chinese;
    let age = if problem == Some(RowProblem::UnderAge) {
        g.rng.random_range(15..=17)
    } else {
        g.age()
    };
    let p = g.person(age);
    let district = g.opts.districts[p.district].name.clone();
    if !zh {
        let email = if problem == Some(RowProblem::MissingPhone) {
            String::new()
        } else {
            g.email(&p.name)
        };
        let channel = channel_label(g.channel(), false);
        return vec![
            String::new(),
            p.name,
            (if p.male { "male" } else { "female" }).to_owned(),
            p.birth.to_string(),
            email,
            p.employer,
            p.work_district,
            p.address,
            district,
            p.occupation,
            channel.to_owned(),
            String::new(),
        ];
    }
    let mut id = g.id_number(&p);
    if let (Some(id), Some(RowProblem::BadIdNumber)) = (id.as_mut(), problem) {
        let good = id.pop().unwrap_or('0');
        id.push(if good == '0' { '1' } else { '0' });
    }
    let id_given =
        id.is_some() && (problem == Some(RowProblem::BadIdNumber) || g.rng.random_bool(0.9));
    let birth_given = !id_given || g.rng.random_bool(0.4);
    let phone = if problem == Some(RowProblem::MissingPhone) {
        String::new()
    } else {
        g.phone()
    };
    let capacity = if problem == Some(RowProblem::LimitedCapacity) {
        "限制"
    } else {
        "完全"
    };
    let channel = channel_label(g.channel(), true);
    vec![
        String::new(),
        p.name,
        (if p.male { "男" } else { "女" }).to_owned(),
        if id_given {
            id.unwrap_or_default()
        } else {
            String::new()
        },
        if birth_given {
            p.birth.to_string()
        } else {
            String::new()
        },
        phone,
        p.employer,
        p.work_district,
        p.address,
        district,
        p.occupation,
        capacity.to_owned(),
        channel.to_owned(),
        String::new(),
        (if g.rng.random_bool(0.97) {
            "是"
        } else {
            "否"
        })
        .to_owned(),
    ]
}
