use super::dates::{iso_date, iso_local};
use super::id_number::{id_number_read, plain_id_number};
use super::phone::{phone_read, plain_mobile};
use super::text::{ascii_or_ideographs, settled};
use super::*;
use proptest::prelude::*;

use chrono::{DateTime, Duration, NaiveDate};
use chrono_tz::Tz;

use crate::resident_id::check_character;

#[test]
fn phone_variants_normalise_to_one_form() {
    for raw in [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 13812345678",
        "008613812345678",
        "8613812345678",
        "（138）12345678",
    ] {
        assert_eq!(phone(raw).unwrap().as_str(), "13812345678", "{raw}");
    }
    assert_eq!(phone("0954-2031234").unwrap().as_str(), "0954-2031234");
    assert_eq!(phone("09542031234").unwrap().as_str(), "0954-2031234");
    assert_eq!(phone("021 87654321").unwrap().as_str(), "021-87654321");
    assert_eq!(phone("").unwrap_err().code, "missing");
    assert_eq!(phone("1381234567").unwrap_err().code, "phone_format");
    assert_eq!(phone("0954-0123456").unwrap_err().code, "phone_format");
    assert_eq!(phone("138x1234567").unwrap_err().code, "phone_characters");
    // The apostrophe that marks a cell as text, straight or curly.
    for raw in ["'13812345678", " '138 1234 5678", "\u{2018}13812345678"] {
        assert_eq!(phone(raw).unwrap().as_str(), "13812345678", "{raw}");
    }
    assert_eq!(phone("''13812345678").unwrap_err().code, "phone_characters");
    // What offices write that is not one number, named for what it is.
    for raw in [
        "13812345678/13987654321",
        "13812345678、0954-2031234",
        "138 1234 5678；139 8765 4321",
    ] {
        let p = phone(raw).unwrap_err();
        assert_eq!(p.code, "several_phones", "{raw}");
        assert!(p.message_en.contains("2 phone numbers"), "{}", p.message_en);
    }
    for raw in [
        "0954-2031234转8001",
        "0954-2031234 分机 8001",
        "0954-2031234 ext. 8001",
    ] {
        assert_eq!(phone(raw).unwrap_err().code, "phone_extension", "{raw}");
    }
    assert_eq!(phone("call 138").unwrap_err().code, "phone_characters");
}

#[test]
fn id_numbers_marked_as_text_read_as_the_number() {
    let id = "640402198001010017";
    for raw in [format!("'{id}"), format!(" \u{2019}{id}")] {
        assert_eq!(id_number(&raw).unwrap().number(), id, "{raw}");
    }
    assert_eq!(id_number(&format!("'{id}'")).unwrap_err().code, "id_format");
}

#[test]
fn numbers_excel_put_in_scientific_notation_are_named_as_such() {
    for raw in [
        "1.38123E+10",
        "1.38123e+10",
        " 6.40423E+17 ",
        "６.４０４２３Ｅ＋１７",
        "1E+10",
        "6.4E17",
    ] {
        let p = phone(raw).unwrap_err();
        assert_eq!(p.code, "excel_scientific", "{raw}");
        assert!(
            p.message_en.contains("format the column as Text"),
            "{}",
            p.message_en
        );
        assert!(
            !p.message_en.contains(raw.trim()),
            "the cell is not repeated"
        );
        assert_eq!(
            id_number(raw).unwrap_err().code,
            "excel_scientific",
            "{raw}"
        );
    }
    // Not scientific notation: read or refused as before.
    assert_eq!(phone("138E1234567").unwrap_err().code, "phone_characters");
    assert_eq!(phone("1.3E+100").unwrap_err().code, "phone_characters");
    assert_eq!(id_number("E+17").unwrap_err().code, "id_format");
    assert_eq!(id_number("6.E+17").unwrap_err().code, "id_format");
    assert_eq!(
        id_number("11010519491231002X").unwrap().number(),
        "11010519491231002X"
    );
}

#[test]
fn problems_never_repeat_the_value() {
    let raw = "13912345";
    let p = phone(raw).unwrap_err();
    assert!(!p.message_en.contains(raw) && !p.message_zh.contains(raw));
    let id = "640402198512130761";
    let p = id_number(id).unwrap_err();
    assert!(!p.message_en.contains("1985") && !p.message_en.contains(id));
}

#[test]
fn id_numbers_decode_birth_and_gender() {
    let id = id_number("640423198512130768").unwrap();
    assert_eq!(
        id.birth_date,
        NaiveDate::from_ymd_opt(1985, 12, 13).unwrap()
    );
    assert_eq!(id.gender, Gender::Female);
    assert_eq!(
        id_number("990423198512130768").unwrap_err().code,
        "id_region"
    );
    assert_eq!(
        id_number("640423198502300768").unwrap_err().code,
        "id_birth_date"
    );
    assert_eq!(id_number("6404231985").unwrap_err().code, "id_format");
    assert_eq!(
        id_number("６４０４２３１９８５１２１３０７６８")
            .unwrap()
            .number(),
        "640423198512130768"
    );
}

#[test]
fn instants_in_several_forms() {
    let tz: Tz = "Asia/Shanghai".parse().unwrap();
    let want = "2025-09-17T18:30:05+08:00";
    for raw in [
        "2025-09-17 18:30:05",
        "2025/9/17 18:30:05",
        "2025年9月17日 18:30:05",
        "2025-09-17T18:30:05+08:00",
        "2025-09-17T10:30:05Z",
        "2025-09-17 18:30:05+08:00",
        "2025年9月17日18时30分5秒",
        "2025年9月17日 18点30分05秒",
    ] {
        let got = instant(raw, tz).unwrap();
        assert_eq!(
            got.timestamp(),
            DateTime::parse_from_rfc3339(want).unwrap().timestamp(),
            "{raw}"
        );
    }
    // Excel serial 45917.771 = 2025-09-17 18:30:14 (rounded seconds)
    assert_eq!(
        instant("45917.5", tz).unwrap().to_rfc3339(),
        "2025-09-17T12:00:00+08:00"
    );
    assert_eq!(instant("soon", tz).unwrap_err().code, "time_format");
    for (raw, want) in [
        ("2025年9月17日18时30分", "2025-09-17T18:30:00+08:00"),
        ("2025年9月17日18时", "2025-09-17T18:00:00+08:00"),
        ("2025年9月17日 18点30", "2025-09-17T18:30:00+08:00"),
        ("2025/9/17 8时05分", "2025-09-17T08:05:00+08:00"),
    ] {
        assert_eq!(instant(raw, tz).unwrap().to_rfc3339(), want, "{raw}");
    }
    for raw in [
        "2025年9月17日25时",
        "2025年9月17日18时30秒",
        "2025年9月17日18时61分",
        "2025年9月17日时",
    ] {
        assert_eq!(instant(raw, tz).unwrap_err().code, "time_format", "{raw}");
    }
    assert_eq!(
        instant("2025年9月17日", tz).unwrap_err().code,
        "time_missing"
    );
    let ny: Tz = "America/New_York".parse().unwrap();
    assert_eq!(
        instant("2025-03-09 02:30", ny).unwrap_err().code,
        "time_nonexistent"
    );
}

#[test]
fn small_fields() {
    assert_eq!(gender(" 女 ").unwrap(), Gender::Female);
    assert_eq!(
        civil_capacity("完全民事行为能力").unwrap(),
        CapacityStatus::Full
    );
    assert_eq!(civil_capacity("限制").unwrap(), CapacityStatus::Limited);
    assert_eq!(civil_capacity("").unwrap(), CapacityStatus::Unknown);
    assert!(civil_capacity("maybe").is_err());
    assert!(yes_no("同意").unwrap());
    assert!(!yes_no("否").unwrap());
    assert_eq!(text("  \u{3000}"), None.or(text("")));
    assert_eq!(text(" e\u{301} ").unwrap(), "é");
}

proptest! {
    #[test]
    fn the_byte_check_for_ideographs_agrees_with_the_characters(s in "[a-z 0-9\u{80}-\u{4e10}\u{9ff0}-\u{a010}\u{10000}-\u{10010}\u{4e00}-\u{9fff}]{0,12}") {
        let by_chars = s.chars().all(|c| c.is_ascii() || ('\u{4e00}'..='\u{9fff}').contains(&c));
        prop_assert_eq!(ascii_or_ideographs(&s), by_chars);
    }

    /// An ID number reads the same whether it is ASCII (read byte by
    /// byte) or carries a no-break space (read character by
    /// character): the same number, or the same refusal.
    #[test]
    fn id_numbers_read_alike_on_both_paths(
        s in "[0-9xX \t\u{b}]{0,22}",
        at in any::<prop::sample::Index>(),
    ) {
        let cut = at.index(s.len() + 1);
        let wide = format!("{}\u{a0}{}", &s[..cut], &s[cut..]);
        let ascii = id_number(&s).map(|id| id.number().to_owned());
        let other = id_number(&wide).map(|id| id.number().to_owned());
        prop_assert_eq!(ascii, other);
    }

    /// The quick reading of a plain 18-character number gives what
    /// the full reading gives, and misses no cell the full reading
    /// accepts as it stands (18 characters, nothing to drop or fold).
    #[test]
    fn plain_id_numbers_read_as_the_full_reading_reads_them(
        region in prop::sample::select(vec!["640402", "110105", "440305", "990101", "000000", "710000"]),
        days in -3_000i64..60_000, seq in 0u32..1000,
        last in prop::sample::select(vec!["", "0", "5", "9", "X", "x", "Y", " ", "１"]),
        check in any::<bool>(), typo in proptest::option::of(0usize..18),
    ) {
        let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Duration::days(days);
        let first = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let mut s = match (check, check_character(&first)) {
            (true, Some(c)) => format!("{first}{c}"),
            _ => format!("{first}{last}"),
        };
        if let Some(at) = typo.filter(|&at| at < s.len() && s.is_char_boundary(at) && s.is_char_boundary(at + 1)) {
            s.replace_range(at..=at, "7");
        }
        let full = id_number_read(&s);
        match plain_id_number(&s) {
            Some(quick) => prop_assert_eq!(Ok(quick), full.clone()),
            None => prop_assert!(
                full.is_err() || s.len() != 18 || s.bytes().any(|b| b.is_ascii_whitespace() || b > 0x7f),
                "{s:?} was left to the full reading, which accepts it"
            ),
        }
        prop_assert_eq!(id_number(&s), full);
    }

    #[test]
    fn id_with_wrong_check_character_is_always_rejected(
        region in prop::sample::select(vec!["640402", "110105", "440305"]),
        days in 0i64..40_000, seq in 0u32..1000, wrong in 0usize..10,
    ) {
        let birth = NaiveDate::from_ymd_opt(1920, 1, 1).unwrap() + Duration::days(days);
        let first = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let good = check_character(&first).unwrap();
        let ok = id_number(&format!("{first}{good}")).unwrap();
        prop_assert_eq!(ok.birth_date, birth);
        let bad = "0123456789X".chars().filter(|c| *c != good).nth(wrong).unwrap();
        let err = id_number(&format!("{first}{bad}")).unwrap_err();
        prop_assert_eq!(err.code, "id_check_character");
    }

    /// `YYYY-MM-DD[ HH:MM[:SS]]` is read by a fast path; the same
    /// digits with `/` go the general way. Both give the same result,
    /// the same error code included, for any digits (impossible dates
    /// and times among them).
    #[test]
    fn iso_fast_paths_agree_with_the_general_path(
        y in 0u32..10_000, m in 0u32..14, d in 0u32..33,
        h in 0u32..26, mi in 0u32..62, sec in 0u32..62, form in 0usize..3,
        zone in prop::sample::select(vec![chrono_tz::Asia::Shanghai, chrono_tz::Europe::Berlin, chrono_tz::America::New_York]),
    ) {
        let iso = format!("{y:04}-{m:02}-{d:02}");
        let slashed = format!("{y:04}/{m:02}/{d:02}");
        prop_assert!(iso_date(iso.as_bytes()).is_some());
        prop_assert_eq!(date(&iso).map_err(|p| p.code), date(&slashed).map_err(|p| p.code));
        let tod = match form {
            0 => format!("{h:02}:{mi:02}"),
            1 => format!("{h:02}:{mi:02}:{sec:02}"),
            _ => format!("{h}:{mi:02}:{sec:02}"),
        };
        let fast = format!(" {iso} {tod}");
        prop_assert_eq!(iso_local(fast.trim().as_bytes()).is_some(), form < 2 || h >= 10);
        prop_assert_eq!(
            instant(&fast, zone).map_err(|p| p.code),
            instant(&format!("{slashed} {tod}"), zone).map_err(|p| p.code)
        );
    }

    /// The quick check that a cell needs no trimming never skips a
    /// trim that was needed.
    #[test]
    fn settled_cells_need_no_trimming(
        s in "[ \t\u{0b}\u{85}\u{a0}\u{1680}\u{2000}-\u{200b}\u{2028}\u{202f}\u{205f}\u{3000}\u{feff}a张é😀\u{10ffff}-]{0,6}",
    ) {
        prop_assert_eq!(trim(&s), s.trim());
        if settled(&s) {
            prop_assert_eq!(s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}'), s.as_str());
        }
    }

    /// The quick reading of a plain mobile number gives what the full
    /// reading gives, and misses no cell of 11 digits it accepts.
    #[test]
    fn plain_mobiles_read_as_the_full_reading_reads_them(
        s in prop_oneof!["1[0-9]{10}", "[0-9]{0,3}[0-9 +\\-]{0,10}", "(\\+86|0086|86)?1[3-9][0-9]{9}"],
    ) {
        let full = phone_read(&s);
        match plain_mobile(&s) {
            Some(quick) => prop_assert_eq!(Ok(quick), full.clone()),
            None => prop_assert!(
                full.is_err() || s.len() != 11 || !s.bytes().all(|b| b.is_ascii_digit()),
                "{s:?} was left to the full reading, which accepts it"
            ),
        }
        prop_assert_eq!(phone(&s), full);
    }

    #[test]
    fn mobile_numbers_survive_any_formatting(n in "1[3-9][0-9]{9}", sep in prop::sample::select(vec!["", " ", "-"]), plus in any::<bool>()) {
        let typed = format!("{}{}{sep}{}{sep}{}", if plus { "+86 " } else { "" }, &n[..3], &n[3..7], &n[7..]);
        let got = phone(&typed).unwrap();
        prop_assert_eq!(got.as_str(), n.as_str());
    }
}
