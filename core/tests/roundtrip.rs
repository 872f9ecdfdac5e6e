#![allow(clippy::unwrap_used, clippy::missing_panics_doc)]
//! Property: plan → JSON → plan is the identity, for any plan the types can hold.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use openday::OpenDayPlan;
use openday::eligibility::{
    AgeCountsFrom, AreaRelation, EligibilityPolicy, EligibilityRule, LeapDayBirthday,
};
use openday::itinerary::{
    DurationSpec, FleetEntry, GroupSplit, ReturnTrip, Segment, SegmentKind, TransportPolicy,
    TravelMode, TravelTime,
};
use openday::plan::calendar::{
    BaseCalendar, CalendarFile, CalendarPolicy, CalendarYear, HoursRange,
};
use openday::plan::feedback::{FeedbackCategory, FeedbackPolicy, TimeLimit};
use openday::plan::postponement::{WarningLevel, WeatherRule};
use openday::plan::region::{District, RegionPolicy};
use openday::plan::{DayWindow, GeoPoint, Organiser, PostponementPolicy, SourceNote, Unit, Venue};
use openday::registration::{
    Channel, FieldRequirement, OfficeHours, RegistrationField, RegistrationPolicy, Weekday,
};
use proptest::collection::vec;
use proptest::option::of;
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{0,12}",
        "[\\u{4e00}-\\u{9fa5}]{0,8}",
        "\\PC{0,16}"
    ]
}

fn time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60, 0u32..60).prop_map(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s).unwrap())
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (1900i32..2200, 1u32..=366).prop_map(|(y, d)| {
        NaiveDate::from_yo_opt(y, d).unwrap_or_else(|| NaiveDate::from_yo_opt(y, 365).unwrap())
    })
}

fn instant() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (-2_000_000_000i64..5_000_000_000, -14 * 60i32..=14 * 60).prop_map(|(secs, offset_min)| {
        FixedOffset::east_opt(offset_min * 60)
            .unwrap()
            .timestamp_opt(secs, 0)
            .unwrap()
    })
}

fn weekday() -> impl Strategy<Value = Weekday> {
    prop_oneof![
        Just(Weekday::Mon),
        Just(Weekday::Tue),
        Just(Weekday::Wed),
        Just(Weekday::Thu),
        Just(Weekday::Fri),
        Just(Weekday::Sat),
        Just(Weekday::Sun)
    ]
}

fn hours() -> impl Strategy<Value = Vec<OfficeHours>> {
    vec(
        (vec(weekday(), 0..3), time(), time()).prop_map(|(days, start, end)| OfficeHours {
            days,
            start,
            end,
        }),
        0..2,
    )
}

fn channel() -> impl Strategy<Value = Channel> {
    prop_oneof![
        (text(), hours()).prop_map(|(number, hours)| Channel::Phone { number, hours }),
        (text(), of(text()), hours()).prop_map(|(address, venue, hours)| Channel::OnSite {
            address,
            venue,
            hours
        }),
        text().prop_map(|url| Channel::Online { url }),
    ]
}

fn field() -> impl Strategy<Value = RegistrationField> {
    prop_oneof![
        Just(RegistrationField::Name),
        Just(RegistrationField::Phone),
        Just(RegistrationField::IdNumber),
        Just(RegistrationField::BirthDate),
        Just(RegistrationField::Gender),
        Just(RegistrationField::EmployerOrSchool),
        Just(RegistrationField::Address),
        Just(RegistrationField::District),
        Just(RegistrationField::Occupation)
    ]
}

fn requirement() -> impl Strategy<Value = FieldRequirement> {
    prop_oneof![
        field().prop_map(FieldRequirement::One),
        vec(field(), 0..3).prop_map(|any_of| FieldRequirement::AnyOf { any_of }),
    ]
}

fn rule() -> impl Strategy<Value = EligibilityRule> {
    let leaf = leaf_rule();
    prop_oneof![
        4 => leaf_rule(),
        1 => vec((text(), vec(leaf, 0..3)), 0..3).prop_map(|groups| EligibilityRule::AnyOf {
            any_of: groups
                .into_iter()
                .map(|(label, rules)| openday::eligibility::RuleGroup { label, rules })
                .collect(),
        }),
    ]
}

fn leaf_rule() -> impl Strategy<Value = EligibilityRule> {
    let relation = prop_oneof![
        Just(AreaRelation::Lives),
        Just(AreaRelation::Works),
        Just(AreaRelation::Studies)
    ];
    prop_oneof![
        (0u32..120, of(instant()))
            .prop_map(|(years, at)| EligibilityRule::MinimumAge { years, at }),
        (0u32..120, of(instant()))
            .prop_map(|(years, at)| EligibilityRule::MaximumAge { years, at }),
        (any::<bool>(), any::<bool>()).prop_map(|(accept_declared, require_declaration)| {
            EligibilityRule::CivilCapacity {
                accept_declared,
                require_declaration,
            }
        }),
        (vec(text(), 0..3), vec(relation, 0..3))
            .prop_map(|(areas, relations)| EligibilityRule::Area { areas, relations }),
        Just(EligibilityRule::RegistrationWindow),
        Just(EligibilityRule::RequiredFields),
        (0u32..10, of(text())).prop_map(|(open_days, history)| {
            EligibilityRule::NotRecentlyAttended { open_days, history }
        }),
        (text(), vec(text(), 0..3))
            .prop_map(|(name, one_of)| EligibilityRule::Attribute { name, one_of }),
    ]
}

fn kind() -> impl Strategy<Value = SegmentKind> {
    prop_oneof![
        Just(SegmentKind::CheckIn),
        Just(SegmentKind::SiteVisit),
        Just(SegmentKind::Travel),
        Just(SegmentKind::EnRouteBriefing),
        Just(SegmentKind::Discussion),
        Just(SegmentKind::Briefing),
        Just(SegmentKind::Break),
        Just(SegmentKind::Other)
    ]
}

fn segment() -> impl Strategy<Value = Segment> {
    let duration = (0u32..600, any::<bool>(), of(0u32..600), of(0u32..600)).prop_map(
        |(minutes, approximate, min_minutes, max_minutes)| DurationSpec {
            minutes,
            approximate,
            min_minutes,
            max_minutes,
        },
    );
    (
        (text(), kind(), text(), of(text()), of(text()), duration),
        (
            of(time()),
            vec(text(), 0..3),
            of(text()),
            vec(text(), 0..2),
            of(text()),
            of(mode()),
            of((0u32..40).prop_map(|max_size| GroupSplit { max_size })),
        ),
    )
        .prop_map(
            |(
                (id, kind, title, part, venue, duration),
                (start, units, content, safety, transport, mode, groups),
            )| Segment {
                id,
                kind,
                title,
                part,
                venue,
                duration,
                start,
                units,
                content,
                safety,
                transport,
                mode,
                groups,
            },
        )
}

fn mode() -> impl Strategy<Value = TravelMode> {
    prop_oneof![
        Just(TravelMode::Bus),
        Just(TravelMode::Walk),
        Just(TravelMode::Other)
    ]
}

fn venue() -> impl Strategy<Value = Venue> {
    let point = (-90.0f64..=90.0, -180.0f64..=180.0).prop_map(|(latitude, longitude)| GeoPoint {
        latitude,
        longitude,
    });
    (
        text(),
        text(),
        of(text()),
        of(point),
        of(0u32..100_000),
        of(text()),
    )
        .prop_map(|(id, name, address, coordinates, capacity, notes)| Venue {
            id,
            name,
            address,
            coordinates,
            capacity,
            notes,
        })
}

#[allow(clippy::too_many_lines)] // one field list, kept in one place
fn plan() -> impl Strategy<Value = OpenDayPlan> {
    let unit =
        (text(), text(), of(text()), of(text())).prop_map(|(id, name, role, contact)| Unit {
            id,
            name,
            role,
            contact,
        });
    let organiser =
        (text(), of(text()), of(text()), of(text())).prop_map(|(name, address, phone, website)| {
            Organiser {
                name,
                address,
                phone,
                website,
            }
        });
    let registration = (
        vec(channel(), 0..3),
        of(instant()),
        instant(),
        vec(requirement(), 0..3),
    )
        .prop_map(
            |(channels, opens_at, deadline, required_fields)| RegistrationPolicy {
                channels,
                opens_at,
                deadline,
                required_fields,
            },
        );
    let leap = prop_oneof![
        Just(LeapDayBirthday::March1),
        Just(LeapDayBirthday::February28)
    ];
    let counts = prop_oneof![
        Just(AgeCountsFrom::Birthday),
        Just(AgeCountsFrom::DayAfterBirthday)
    ];
    let eligibility = (vec(rule(), 0..5), leap, counts).prop_map(
        |(rules, leap_day_birthday, age_counts_from)| EligibilityPolicy {
            rules,
            leap_day_birthday,
            age_counts_from,
        },
    );
    let limit = prop_oneof![
        (0u32..100).prop_map(TimeLimit::WorkingDays),
        (0u32..100).prop_map(TimeLimit::WorkingHours)
    ];
    let category =
        (text(), text(), of(text()), of(limit)).prop_map(|(id, name, unit, time_limit)| {
            FeedbackCategory {
                id,
                name,
                unit,
                time_limit,
            }
        });
    let feedback =
        (of(text()), vec(category, 0..3)).prop_map(|(form_name, categories)| FeedbackPolicy {
            form_name,
            categories,
        });
    let level = prop_oneof![
        Just(WarningLevel::Blue),
        Just(WarningLevel::Yellow),
        Just(WarningLevel::Orange),
        Just(WarningLevel::Red)
    ];
    let weather = vec(
        (text(), of(level), any::<bool>()).prop_map(|(warning, min_level, postpones)| {
            WeatherRule {
                warning,
                min_level,
                postpones,
            }
        }),
        0..3,
    );
    let postponement = (
        0u32..1000,
        vec(text(), 0..2),
        weather,
        vec(text(), 0..2),
        any::<bool>(),
    )
        .prop_map(
            |(min_notice_hours, triggers, weather, announce_via, shift_registration_deadline)| {
                PostponementPolicy {
                    min_notice_hours,
                    triggers,
                    weather,
                    announce_via,
                    shift_registration_deadline,
                }
            },
        );
    let travel = vec(
        (text(), text(), 0u32..300, mode()).prop_map(|(from, to, minutes, mode)| TravelTime {
            from,
            to,
            minutes,
            mode,
        }),
        0..3,
    );
    let fleet = vec(
        (text(), 0u32..80, of(0u32..5)).prop_map(|(vehicle, seats, count)| FleetEntry {
            vehicle,
            seats,
            count,
        }),
        0..3,
    );
    let return_trip = of((text(), 0u32..90, mode(), any::<bool>()).prop_map(
        |(to, minutes, mode, within_window)| ReturnTrip {
            to,
            minutes,
            mode,
            within_window,
        },
    ));
    let transport = of((
        fleet,
        of(text()),
        of(0u32..80),
        0u32..20,
        of(text()),
        return_trip,
    )
        .prop_map(
            |(fleet, vehicle, seats_per_vehicle, staff, unit, return_trip)| TransportPolicy {
                fleet,
                vehicle,
                seats_per_vehicle,
                staff,
                unit,
                return_trip,
            },
        ));
    let source = (text(), of(text()), of(date()), vec(text(), 0..3)).prop_map(
        |(title, url, published, stand_ins)| SourceNote {
            title,
            url,
            published,
            stand_ins,
        },
    );
    let day =
        (date(), time(), time()).prop_map(|(date, start, end)| DayWindow { date, start, end });
    (
        (
            of(text()),
            0u32..4,
            text(),
            text(),
            of(text()),
            organiser,
            text(),
            day,
        ),
        (
            vec(unit, 0..4),
            vec(venue(), 0..3),
            any::<u32>(),
            registration,
            eligibility,
        ),
        (
            vec(segment(), 0..6),
            postponement,
            feedback,
            of(source),
            travel,
            transport,
            calendar(),
            region(),
        ),
    )
        .prop_map(
            |(
                (schema, format, id, title, theme, organiser, time_zone, day),
                (units, venues, seats, registration, eligibility),
                (itinerary, postponement, feedback, source, travel, transport, calendar, region),
            )| OpenDayPlan {
                schema,
                format,
                id,
                title,
                theme,
                organiser,
                time_zone,
                day,
                units,
                venues,
                seats,
                registration,
                eligibility,
                itinerary,
                travel,
                transport,
                postponement,
                selection: None,
                confirmation: None,
                feedback,
                preparation: openday::plan::preparation::PreparationPolicy::default(),
                region,
                calendar,
                source,
            },
        )
}

fn region() -> impl Strategy<Value = RegionPolicy> {
    let district = (text(), of(text()), 0u32..100).prop_map(|(name, code, weight)| District {
        name,
        code,
        weight,
    });
    (vec(district, 0..3), of(text()), any::<bool>(), text()).prop_map(
        |(districts, phone_area_code, resident_ids, language)| RegionPolicy {
            districts,
            phone_area_code,
            resident_ids,
            language,
        },
    )
}

fn calendar() -> impl Strategy<Value = CalendarPolicy> {
    let base = prop_oneof![Just(BaseCalendar::Cn), Just(BaseCalendar::Weekends)];
    let year = (
        2000i32..2100,
        vec((date(), date(), text()), 0..3),
        vec(date(), 0..2),
    )
        .prop_map(|(y, holidays, working_days)| {
            (
                y,
                CalendarYear {
                    source: format!("notice {y}"),
                    holidays,
                    working_days,
                },
            )
        });
    let file = (text(), text(), vec(year, 0..2)).prop_map(|(region, name, years)| CalendarFile {
        region,
        name,
        years: years.into_iter().collect(),
    });
    let hours = (time(), time()).prop_map(|(start, end)| HoursRange { start, end });
    (
        base,
        of(text()),
        vec(file, 0..2),
        of(text()),
        vec(hours, 0..3),
    )
        .prop_map(|(base, region, extra, file, hours)| CalendarPolicy {
            base,
            region,
            extra,
            file,
            hours,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn plan_json_round_trip_is_identity(doc in plan()) {
        let json = serde_json::to_string(&doc).unwrap();
        let back: OpenDayPlan = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&back, &doc);
        // The pretty form is the same document too.
        let pretty: OpenDayPlan = serde_json::from_str(&doc.to_json_pretty()).unwrap();
        prop_assert_eq!(pretty, doc);
    }

    #[test]
    fn validation_never_panics_and_every_problem_has_a_path(doc in plan()) {
        for p in doc.validate() {
            prop_assert!(!p.path.is_empty());
            prop_assert!(!p.message_en.is_empty() && !p.message_zh.is_empty());
        }
    }
}
