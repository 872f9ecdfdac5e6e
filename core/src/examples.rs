//! Example data embedded in the library, for demos, tests and docs.

/// The 2025 open day of 固原市城市管理局 (the seed plan), as a plan file.
pub const GUYUAN_2025_PLAN: &str = include_str!("../data/examples/guyuan-2025/plan.openday.json");

/// 500 synthetic registrations for the 2025 plan (UTF-8 CSV, Chinese headers),
/// made by [`crate::synthetic`] with seed 2025.
pub const GUYUAN_2025_REGISTRATIONS: &str =
    include_str!("../data/examples/guyuan-2025/registrations.csv");

/// The smallest valid plan, a starting point for new plans.
pub const MINIMAL_PLAN: &str = include_str!("../data/examples/minimal.openday.json");

/// A second, different open day (a water bureau's morning: online
/// registration only, ages 18–70 or 16–17 self-supporting, three districts,
/// a "not attended the last two open days" rule, one bus, a plant visit that
/// is shortened to meet a fixed-start lab visited in two groups, a walk, a
/// return trip after the window, weather rules, four feedback categories,
/// a regional calendar). Written for openday; not an office's real plan.
pub const YINCHUAN_WATER_2026_PLAN: &str =
    include_str!("../data/examples/yinchuan-water-2026/plan.openday.json");

/// An open day outside mainland China (Hamburg-Altona: Europe/Berlin,
/// German, no resident ID numbers, registration by e-mail, five stations, a
/// weekends-and-Hamburg-holidays calendar). Written for openday; not an
/// office's real plan.
pub const ALTONA_2026_PLAN: &str = include_str!("../data/examples/altona-2026/plan.openday.json");

/// Every example plan with a short name, for tools and tests that run them all.
pub const PLANS: [(&str, &str); 3] = [
    ("guyuan-2025", GUYUAN_2025_PLAN),
    ("yinchuan-water-2026", YINCHUAN_WATER_2026_PLAN),
    ("altona-2026", ALTONA_2026_PLAN),
];

/// The pseudonym key of the shared test vectors and the examples. A real
/// open day uses the organiser's own secret and never publishes it; this
/// one is public, so its pool ids are not pseudonymous.
pub const DEMO_PSEUDONYM_KEY: &str =
    "openday example key: public, never use it for a real open day";
