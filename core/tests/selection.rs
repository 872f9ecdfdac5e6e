#![allow(clippy::unwrap_used, clippy::missing_panics_doc, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use openday::selection::{
    self, Algorithm, Budget, Candidate, Pool, Quota, SelectionError, SelectionPolicy, Targets,
    VerifyError,
    synthetic::{InstanceSpec, instance},
};
use proptest::prelude::*;

/// (value, min, max).
type Bounds<'a> = &'a [(&'a str, u32, u32)];

fn policy(features: &[(&str, Bounds<'_>)], household: bool) -> SelectionPolicy {
    let json = serde_json::json!({
        "features": features.iter().map(|(name, values)| serde_json::json!({
            "name": name,
            "from": {"attribute": name},
            "quotas": values.iter().map(|(v, lo, hi)| ((*v).to_owned(), serde_json::json!({"min": lo, "max": hi}))).collect::<BTreeMap<_, _>>(),
        })).collect::<Vec<_>>(),
        "household": if household { Some("household") } else { None },
    });
    serde_json::from_value(json).unwrap()
}

fn person(id: &str, values: &[&str], household: Option<&str>) -> Candidate {
    Candidate {
        id: id.to_owned(),
        values: values.iter().map(|v| (*v).to_owned()).collect(),
        household: household.map(str::to_owned),
    }
}

/// Checks every promise a successful draw makes.
fn check_draw(pool: &Pool, targets: &Targets, draw: &selection::Draw) {
    assert_eq!(draw.panel.len(), targets.seats as usize);
    assert!(
        selection::quota_gaps(pool, targets, &draw.panel)
            .unwrap()
            .is_empty()
    );
    let households: Vec<&str> = draw
        .panel
        .iter()
        .filter_map(|id| {
            pool.candidates()[pool.position(id).unwrap()]
                .household
                .as_deref()
        })
        .collect();
    let distinct: BTreeSet<&str> = households.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        households.len(),
        "two people of one household"
    );
    let total: f64 = draw.probabilities.iter().map(|(_, p)| p).sum();
    assert!(
        (total - f64::from(targets.seats)).abs() < 1e-6,
        "probabilities sum to {total}"
    );
    assert!(draw.reserves.iter().all(|r| !draw.panel.contains(r)));
    for line in &draw.quotas {
        assert!((line.min..=line.max).contains(&line.panel), "{line:?}");
    }
}

#[test]
fn infeasible_quota_is_named_with_its_relaxation() {
    let mut people = Vec::new();
    for i in 0..20 {
        let district = if i < 2 { "彭阳县" } else { "原州区" };
        people.push(person(&format!("p{i:02}"), &[district], None));
    }
    let pool = Pool::new(vec!["district".into()], people).unwrap();
    let targets = Targets::new(
        10,
        policy(
            &[("district", &[("彭阳县", 4, 10), ("原州区", 0, 10)])],
            false,
        ),
    );
    let err = selection::draw(&pool, &targets, "seed").unwrap_err();
    let SelectionError::Infeasible {
        conflicts,
        relaxation,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(conflicts[0].code, "min_above_available");
    assert!(
        err.to_string()
            .contains("district 彭阳县 needs ≥ 4 but only 2 eligible registrants"),
        "{err}"
    );
    assert_eq!(relaxation.len(), 1);
    assert_eq!(
        (
            relaxation[0].bound.as_str(),
            relaxation[0].from,
            relaxation[0].to
        ),
        ("min", 4, 2)
    );
    assert_eq!(err.code(), "infeasible");
}

#[test]
fn cross_feature_conflict_is_found_by_the_solver() {
    // Every woman is young, but the quotas want 3 women and at most 1 young.
    let mut people = Vec::new();
    for i in 0..12 {
        let (g, a) = if i < 4 { ("F", "young") } else { ("M", "old") };
        people.push(person(&format!("p{i:02}"), &[g, a], None));
    }
    let pool = Pool::new(vec!["gender".into(), "age".into()], people).unwrap();
    let targets = Targets::new(
        6,
        policy(
            &[
                ("gender", &[("F", 3, 6), ("M", 0, 6)]),
                ("age", &[("young", 0, 1), ("old", 0, 6)]),
            ],
            false,
        ),
    );
    let err = selection::draw(&pool, &targets, "seed").unwrap_err();
    let SelectionError::Infeasible {
        relaxation,
        conflicts,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(
        relaxation
            .iter()
            .map(|r| r.from.abs_diff(r.to))
            .sum::<u32>(),
        2,
        "{relaxation:?}"
    );
    assert!(conflicts.iter().all(|c| c.code == "combination"));
}

#[test]
fn leximin_meets_maximin_and_beats_legacy() {
    let spec = InstanceSpec {
        pool: 300,
        seats: 20,
        features: 3,
        households: 0.0,
        tolerance: 0.05,
        seed: 3,
        algorithm: Algorithm::Leximin,
    };
    let (pool, mut targets) = instance(&spec);
    let lex = selection::draw(&pool, &targets, "s").unwrap();
    check_draw(&pool, &targets, &lex);
    targets.policy.algorithm = Algorithm::Maximin;
    let max = selection::draw(&pool, &targets, "s").unwrap();
    check_draw(&pool, &targets, &max);
    assert!((lex.stats.min_probability - max.stats.min_probability).abs() < 1e-6);
    // LEXIMIN's second level is at least MAXIMIN's: sorted probabilities dominate.
    let sorted = |d: &selection::Draw| {
        let mut p: Vec<f64> = d.probabilities.iter().map(|x| x.1).collect();
        p.sort_by(f64::total_cmp);
        p
    };
    let (l, m) = (sorted(&lex), sorted(&max));
    let first_diff = l.iter().zip(&m).find(|(a, b)| (*a - *b).abs() > 1e-6);
    if let Some((a, b)) = first_diff {
        assert!(a > b, "leximin {a} below maximin {b}");
    }
    targets.policy.algorithm = Algorithm::Legacy;
    let legacy = selection::draw(&pool, &targets, "s").unwrap();
    check_draw(&pool, &targets, &legacy);
    assert!(legacy.stats.min_probability < lex.stats.min_probability);
}

#[test]
fn first_suitable_reserve_keeps_quotas() {
    let spec = InstanceSpec {
        pool: 200,
        seats: 15,
        features: 3,
        households: 0.2,
        tolerance: 0.0,
        seed: 11,
        algorithm: Algorithm::Leximin,
    };
    let (pool, targets) = instance(&spec);
    let draw = selection::draw(&pool, &targets, "reserve").unwrap();
    check_draw(&pool, &targets, &draw);
    let person = |id: &str| &pool.candidates()[pool.position(id).unwrap()];
    let mut like_for_like = 0;
    for leaving in &draw.panel {
        let me = person(leaving);
        let staying_households: BTreeSet<&str> = draw
            .panel
            .iter()
            .filter(|p| *p != leaving)
            .filter_map(|p| person(p).household.as_deref())
            .collect();
        // Someone outside the panel with the same values who could enter.
        let twin_exists = pool.candidates().iter().any(|c| {
            !draw.panel.contains(&c.id)
                && c.values == me.values
                && c.household
                    .as_deref()
                    .is_none_or(|h| !staying_households.contains(h))
        });
        let r = selection::replacement(&pool, &targets, &draw.panel, leaving, &draw.reserves)
            .unwrap()
            .unwrap();
        if twin_exists {
            like_for_like += 1;
            assert!(r.keeps_quotas, "{leaving}: {r:?}");
        }
        if !r.keeps_quotas {
            assert!(!r.gaps.is_empty());
            continue;
        }
        let mut next: Vec<String> = draw
            .panel
            .iter()
            .filter(|p| *p != leaving)
            .cloned()
            .collect();
        next.push(r.id.clone());
        assert!(
            selection::quota_gaps(&pool, &targets, &next)
                .unwrap()
                .is_empty()
        );
    }
    assert!(
        like_for_like >= 10,
        "only {like_for_like} members have a twin"
    );
}

#[test]
fn verify_accepts_the_record_and_rejects_tampering() {
    let spec = InstanceSpec {
        pool: 120,
        seats: 12,
        features: 2,
        households: 0.1,
        tolerance: 0.05,
        seed: 5,
        algorithm: Algorithm::Leximin,
    };
    let (pool, targets) = instance(&spec);
    let draw = selection::draw(&pool, &targets, "2025-09-01 福彩3D 317").unwrap();
    selection::verify(&draw.record, &pool, &targets).unwrap();

    let mut swapped = draw.record.clone();
    let outsider = pool
        .candidates()
        .iter()
        .find(|c| !draw.panel.contains(&c.id))
        .unwrap()
        .id
        .clone();
    swapped.panel[0] = outsider;
    swapped.panel.sort();
    assert!(matches!(
        selection::verify(&swapped, &pool, &targets),
        Err(VerifyError::Differs { what: "panel", .. })
    ));
    let mut reseeded = draw.record.clone();
    reseeded.seed.push('8');
    assert_eq!(
        selection::verify(&reseeded, &pool, &targets)
            .unwrap_err()
            .code(),
        "commitment"
    );
    let mut other_targets = targets.clone();
    other_targets.policy.features[0]
        .quotas
        .insert("新值".into(), Quota::default());
    assert_eq!(
        selection::verify(&draw.record, &pool, &other_targets)
            .unwrap_err()
            .code(),
        "targets"
    );
}

#[test]
fn reserved_people_sit_and_excluded_never_do() {
    let spec = InstanceSpec {
        pool: 100,
        seats: 10,
        features: 2,
        households: 0.0,
        tolerance: 0.1,
        seed: 9,
        algorithm: Algorithm::Leximin,
    };
    let (pool, mut targets) = instance(&spec);
    let ids: Vec<String> = pool.candidates().iter().map(|c| c.id.clone()).collect();
    targets.reserved = vec![ids[3].clone()];
    targets.excluded = vec![ids[4].clone(), ids[5].clone()];
    let draw = selection::draw(&pool, &targets, "x").unwrap();
    check_draw(&pool, &targets, &draw);
    assert!(draw.panel.contains(&ids[3]));
    assert_eq!(draw.probability(&ids[3]), Some(1.0));
    assert_eq!(draw.probability(&ids[4]), Some(0.0));
    assert!(!draw.panel.contains(&ids[4]) && !draw.reserves.contains(&ids[5]));
    targets.excluded.push("nobody".into());
    assert_eq!(
        selection::draw(&pool, &targets, "x").unwrap_err().code(),
        "unknown_candidate"
    );
}

prop_compose! {
    fn small_instance()(
        n in 12usize..40,
        seats in 3u32..8,
        values in prop::collection::vec((0u8..3, 0u8..2, prop::option::of(0u8..6)), 40),
        lo in prop::collection::vec(0u32..3, 5),
        seed in "[a-z0-9]{1,12}",
    ) -> (Pool, Targets, String) {
        let people: Vec<Candidate> = values[..n]
            .iter()
            .enumerate()
            .map(|(i, (d, g, h))| Candidate {
                id: format!("id{i:03}"),
                values: vec![format!("d{d}"), format!("g{g}")],
                household: h.map(|h| format!("h{h}")),
            })
            .collect();
        let pool = Pool::new(vec!["district".into(), "gender".into()], people).unwrap();
        let targets = Targets::new(
            seats,
            policy(
                &[
                    ("district", &[("d0", lo[0], seats), ("d1", lo[1], seats), ("d2", lo[2], seats)]),
                    ("gender", &[("g0", lo[3], seats), ("g1", lo[4], seats)]),
                ],
                true,
            ),
        );
        (pool, targets, seed)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn draws_meet_quotas_and_do_not_depend_on_order((pool, targets, seed) in small_instance()) {
        match selection::draw(&pool, &targets, &seed) {
            Ok(draw) => {
                check_draw(&pool, &targets, &draw);
                let mut reversed: Vec<Candidate> = pool.candidates().to_vec();
                reversed.reverse();
                let again = Pool::new(pool.features().to_vec(), reversed).unwrap();
                let other = selection::draw(&again, &targets, &seed).unwrap();
                prop_assert_eq!(&other.panel, &draw.panel);
                prop_assert_eq!(&other.reserves, &draw.reserves);
                prop_assert!(selection::verify(&draw.record, &pool, &targets).is_ok());
            }
            Err(e) => prop_assert!(
                matches!(e, SelectionError::Infeasible { .. } | SelectionError::PoolTooSmall { .. }),
                "unexpected {e:?}"
            ),
        }
    }
}

fn spec(pool: u32, households: f64, seed: u64, algorithm: Algorithm) -> InstanceSpec {
    InstanceSpec {
        pool,
        seats: 20,
        features: 4,
        households,
        tolerance: 0.05,
        seed,
        algorithm,
    }
}

#[test]
fn a_budget_gives_a_valid_verifiable_draw_with_a_certified_bound() {
    for (households, algorithm) in [
        (0.1, Algorithm::Leximin),
        (0.0, Algorithm::Maximin),
        (0.3, Algorithm::Leximin),
    ] {
        let (pool, targets) = instance(&spec(400, households, 11, algorithm));
        let full = selection::draw(&pool, &targets, "seed").unwrap();
        assert!(full.stats.complete);
        assert_eq!(full.record.stopped_after_rounds, None);
        // A finished draw's bound is the optimum it reached.
        assert!(
            (full.stats.min_probability_bound - full.stats.min_probability).abs() < 1e-6,
            "{:?}",
            full.stats
        );
        let rounds = full.stats.rounds;
        assert!(rounds > 4, "{:?}", full.stats);
        for max_rounds in [0, 1, 2, rounds / 3, rounds - 1] {
            let budget = Budget {
                max_rounds: Some(max_rounds),
                ..Budget::default()
            };
            let cut =
                selection::draw_within(&pool, &targets, "seed", budget, &mut |_| true).unwrap();
            check_draw(&pool, &targets, &cut);
            assert!(!cut.stats.complete, "{max_rounds}: {:?}", cut.stats);
            assert_eq!(cut.record.stopped_after_rounds, Some(max_rounds.max(1)));
            // A stop while the classes are being covered takes one master
            // solve more (the lottery comes from it); later, none.
            assert!(cut.stats.rounds >= max_rounds.max(1));
            assert!(cut.stats.rounds <= max_rounds.max(1) + 1);
            // The bound is certified: no lottery (the finished one included)
            // has a larger minimum, and the stopped one has no larger either.
            assert!(
                full.stats.min_probability <= cut.stats.min_probability_bound + 1e-7,
                "{max_rounds}: optimum {} above the bound {}",
                full.stats.min_probability,
                cut.stats.min_probability_bound
            );
            assert!(cut.stats.min_probability <= cut.stats.min_probability_bound + 1e-7);
            // Every support panel is a real panel and the weights sum to 1.
            let mass: f64 = cut.support.iter().map(|p| p.probability).sum();
            assert!((mass - 1.0).abs() < 1e-9);
            for panel in &cut.support {
                assert_eq!(
                    panel.groups.iter().map(|g| g.count).sum::<u32>(),
                    targets.seats
                );
            }
            // Anyone can re-run it, on any machine: the rounds are recorded.
            let again = selection::verify(&cut.record, &pool, &targets).unwrap();
            assert_eq!(again.panel, cut.panel);
            let mut forged = cut.record.clone();
            forged.stopped_after_rounds = None;
            if forged.panel != full.panel {
                assert!(selection::verify(&forged, &pool, &targets).is_err());
            }
        }
    }
}

#[test]
fn the_bound_tightens_and_a_stopped_draw_improves_with_more_rounds() {
    let (pool, targets) = instance(&spec(500, 0.1, 5, Algorithm::Maximin));
    let full = selection::draw(&pool, &targets, "s").unwrap();
    let mut last_bound = f64::INFINITY;
    for max_rounds in (1..full.stats.rounds).step_by(7) {
        let budget = Budget {
            max_rounds: Some(max_rounds),
            ..Budget::default()
        };
        let cut = selection::draw_within(&pool, &targets, "s", budget, &mut |_| true).unwrap();
        // The bound is the smallest seen so far: it never rises.
        assert!(cut.stats.min_probability_bound <= last_bound + 1e-12);
        last_bound = cut.stats.min_probability_bound;
    }
    assert!(last_bound >= full.stats.min_probability - 1e-7);
    assert!(last_bound < 1.0);
    // A budget of one round more than the full solve ran: it finishes, and
    // is the same draw (at exactly its rounds it stops after the last master
    // solve, before the final pricing that proves it optimal).
    let budget = Budget {
        max_rounds: Some(full.stats.rounds + 1),
        ..Budget::default()
    };
    let same = selection::draw_within(&pool, &targets, "s", budget, &mut |_| true).unwrap();
    assert!(same.stats.complete);
    assert_eq!(same.panel, full.panel);
    assert_eq!(same.record, full.record);
}

#[test]
fn a_zero_time_budget_or_a_stop_gives_the_best_so_far() {
    let (pool, targets) = instance(&spec(400, 0.1, 2, Algorithm::Leximin));
    let budget = Budget {
        max_seconds: Some(0.0),
        ..Budget::default()
    };
    let cut = selection::draw_within(&pool, &targets, "t", budget, &mut |_| true).unwrap();
    check_draw(&pool, &targets, &cut);
    assert!(!cut.stats.complete);
    assert_eq!(cut.record.stopped_after_rounds, Some(1));
    selection::verify(&cut.record, &pool, &targets).unwrap();

    // A stop from the callback once panels are being priced: best so far.
    let mut calls = 0;
    let stopped = selection::draw_within(&pool, &targets, "t", Budget::default(), &mut |p| {
        calls += 1;
        p.panels == 0 || calls < 3
    })
    .unwrap();
    check_draw(&pool, &targets, &stopped);
    assert!(!stopped.stats.complete);
    selection::verify(&stopped.record, &pool, &targets).unwrap();
    // The same callback through draw_with_progress cancels.
    let mut calls = 0;
    let err = selection::draw_with_progress(&pool, &targets, "t", &mut |p| {
        calls += 1;
        p.panels == 0 || calls < 3
    })
    .unwrap_err();
    assert_eq!(err.code(), "cancelled");

    for bad in [f64::NAN, -1.0, f64::INFINITY] {
        let budget = Budget {
            max_seconds: Some(bad),
            ..Budget::default()
        };
        let err = selection::draw_within(&pool, &targets, "t", budget, &mut |_| true).unwrap_err();
        assert_eq!(err.code(), "bad_budget");
        assert!(err.to_string().contains("max_seconds"), "{err}");
    }
}

#[test]
fn a_free_text_feature_without_quotas_changes_no_probability_and_no_class() {
    for (households, algorithm) in [(0.0, Algorithm::Leximin), (0.2, Algorithm::Maximin)] {
        let (pool, targets) = instance(&spec(300, households, 4, algorithm));
        let base = selection::draw(&pool, &targets, "free").unwrap();
        // The same people with a free-text answer each (all distinct), a
        // feature the plan lists no value of.
        let noted = with_note(&pool, |i| format!("意见{i}"));
        let mut policy = targets.policy.clone();
        policy.features.push(
            serde_json::from_value(serde_json::json!({
                "name": "note", "from": {"attribute": "note"}, "quotas": {"意见0": {"min": 0, "max": 20}}
            }))
            .unwrap(),
        );
        let noted_targets = Targets::new(targets.seats, policy);
        let draw = selection::draw(&noted, &noted_targets, "free").unwrap();
        check_draw(&noted, &noted_targets, &draw);
        assert_eq!(draw.stats.classes, base.stats.classes, "{:?}", draw.stats);
        for ((id, p), (id0, p0)) in draw.probabilities.iter().zip(&base.probabilities) {
            assert_eq!(id, id0);
            assert!((p - p0).abs() < 1e-6, "{id}: {p} vs {p0}");
        }
        assert!(
            draw.support.iter().flat_map(|p| &p.groups).all(|g| g
                .values
                .last()
                .map(String::as_str)
                == Some(selection::ANY_VALUE))
        );
        // A binding quota on one answer makes that answer count again.
        let mut policy = noted_targets.policy.clone();
        policy.features.last_mut().unwrap().quotas =
            serde_json::from_value(serde_json::json!({"意见0": {"min": 0, "max": 0}})).unwrap();
        let bound = Targets::new(targets.seats, policy);
        let draw = selection::draw(&noted, &bound, "free").unwrap();
        assert!(!draw.panel.contains(&noted.candidates()[0].id));
        assert_eq!(draw.probability(&noted.candidates()[0].id), Some(0.0));
    }
}

#[test]
fn the_outlook_counts_classes_and_names_free_text_up_front() {
    let (pool, targets) = instance(&spec(600, 0.2, 8, Algorithm::Leximin));
    let o = selection::outlook(&pool, &targets).unwrap();
    // The classes do not depend on the algorithm; MAXIMIN draws quicker.
    let mut quick = targets.clone();
    quick.policy.algorithm = Algorithm::Maximin;
    let draw = selection::draw(&pool, &quick, "o").unwrap();
    assert_eq!(o.classes, draw.stats.classes);
    assert_eq!(o.drawable, draw.stats.drawable);
    assert!(o.household_classes > 0 && o.household_classes < o.classes);
    assert_eq!(o.slow, o.classes > selection::SLOW_LEXIMIN_CLASSES);
    assert!(o.features.iter().all(|f| !f.free_text && f.binding > 0));

    // The same pool with a free-text answer per person.
    let noted = with_note(&pool, |i| format!("answer {}", i % 590));
    let mut policy = targets.policy.clone();
    policy.features.push(
        serde_json::from_value(serde_json::json!({"name": "note", "from": {"attribute": "note"}}))
            .unwrap(),
    );
    let noted_targets = Targets::new(targets.seats, policy);
    let o2 = selection::outlook(&noted, &noted_targets).unwrap();
    let note = o2.features.last().unwrap();
    assert_eq!((note.values, note.alone, note.binding), (590, 580, 0));
    assert!(note.free_text);
    assert_eq!(o2.classes, o.classes, "unbound answers add no class");
    // Under the limit of "half the people alone", it is not free text.
    let few = with_note(&pool, |i| format!("answer {}", if i < 200 { i } else { 0 }));
    let o3 = selection::outlook(&few, &noted_targets).unwrap();
    assert!(!o3.features.last().unwrap().free_text);
}

/// Where households split types into classes in a pool of 1,000 people
/// or more, the solver works on types and realises the result under the
/// households (BENCHMARKS.md: 4.1 s for the 20,000 pool, 1.8 s for the
/// 2,000 pool with 20 % in households, 1.5 s for the 5,000 pool with
/// 2 %): the outlook judges such a draw on its types. In a smaller pool
/// the household model is solved directly, and the outlook judges it on
/// its classes.
#[test]
fn the_outlook_judges_a_draw_by_the_classes_the_solver_will_carry() {
    let measured = |pool, households| InstanceSpec {
        pool,
        seats: 30,
        features: 4,
        households,
        tolerance: 0.05,
        seed: 1,
        algorithm: Algorithm::Leximin,
    };
    let slow = selection::SLOW_LEXIMIN_CLASSES;
    for (pool, households) in [(20_000, 0.05), (2_000, 0.2), (5_000, 0.02)] {
        let (pool, targets) = instance(&measured(pool, households));
        let o = selection::outlook(&pool, &targets).unwrap();
        assert!(o.classes > slow && o.household_classes > 0, "{o:?}");
        assert!(o.types <= slow, "{o:?}");
        assert!(!o.slow, "judged on its types: {o:?}");
    }
    // Below 1,000 people.
    let (pool, targets) = instance(&measured(900, 0.4));
    let o = selection::outlook(&pool, &targets).unwrap();
    assert!(o.classes > slow && o.types <= slow, "{o:?}");
    assert!(o.slow, "judged on its classes: {o:?}");
}

/// `pool` with one more feature, `note`, whose value for person `i` is
/// `answer(i)`.
fn with_note(pool: &Pool, answer: impl Fn(usize) -> String) -> Pool {
    let mut features = pool.features().to_vec();
    features.push("note".into());
    let people: Vec<Candidate> = pool
        .candidates()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut c = c.clone();
            c.values.push(answer(i));
            c
        })
        .collect();
    Pool::new(features, people).unwrap()
}

/// Many household classes: the LEXIMIN on types, realised under the
/// households (its support then has more panels than were generated, each
/// coarse panel spread over several household panels). Every promise of a
/// draw holds, everyone of a type has the same probability, and the record
/// verifies.
#[test]
fn households_realised_from_types_keep_every_promise() {
    let (pool, targets) = instance(&InstanceSpec {
        pool: 3000,
        seats: 30,
        features: 4,
        households: 0.05,
        tolerance: 0.1,
        seed: 1,
        algorithm: Algorithm::Leximin,
    });
    let draw = selection::draw(&pool, &targets, "households").unwrap();
    check_draw(&pool, &targets, &draw);
    assert!(draw.stats.complete);
    assert!(
        draw.stats.support > draw.stats.panels_generated,
        "taken by types: support {} of {} generated",
        draw.stats.support,
        draw.stats.panels_generated
    );
    // People with the same feature values, in a household or not, have one
    // probability.
    let mut by_values: BTreeMap<&[String], Vec<f64>> = BTreeMap::new();
    for (id, p) in &draw.probabilities {
        let person = &pool.candidates()[pool.position(id).unwrap()];
        by_values.entry(&person.values).or_default().push(*p);
    }
    for ps in by_values.values() {
        let (lo, hi) = ps
            .iter()
            .fold((f64::INFINITY, 0.0f64), |(a, b), &p| (a.min(p), b.max(p)));
        assert!(hi - lo < 1e-9, "{lo} against {hi}");
    }
    let again = selection::verify(&draw.record, &pool, &targets).unwrap();
    assert_eq!(again.panel, draw.panel);
}
