use super::rows::fullwidth;
use super::*;

fn opts(rows: usize, seed: u64) -> SyntheticOptions {
    let plan = Plan::from_json(crate::examples::GUYUAN_2025_PLAN).unwrap();
    SyntheticOptions::for_plan(&plan, rows, seed)
}

fn generate(o: &SyntheticOptions) -> (String, SyntheticStats) {
    let mut out = Vec::new();
    let stats = write_registrations_csv(o, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), stats)
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, _) = generate(&opts(200, 1));
    let (b, _) = generate(&opts(200, 1));
    let (c, _) = generate(&opts(200, 2));
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn every_problem_kind_appears_near_its_share() {
    let (text, stats) = generate(&opts(5000, 3));
    assert_eq!(stats.rows, 5000);
    assert_eq!(text.lines().count(), 5001);
    for p in PROBLEMS {
        let n = stats.problems.get(&p).copied().unwrap_or(0);
        // 12% of 5000 spread over 6 kinds: about 100 each.
        assert!((50..=160).contains(&n), "{p:?}: {n}");
    }
}

#[test]
fn clean_rows_have_valid_ids_and_adult_ages() {
    let o = opts(300, 4);
    let (text, _) = generate(&o);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    for rec in reader.records() {
        let rec = rec.unwrap();
        let id = &rec[3];
        if !id.is_empty() && crate::resident_id::has_valid_check_character(id) {
            let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d").unwrap();
            let age = o.event_date.years_since(birth).unwrap();
            assert!((15..=90).contains(&age), "age {age}");
            let male = (id.as_bytes()[16] - b'0') % 2 == 1;
            assert_eq!(&rec[2], if male { "男" } else { "女" });
        }
    }
}

#[test]
fn fullwidth_digits_are_mapped() {
    assert_eq!(fullwidth("13a9"), "１３a９");
}
