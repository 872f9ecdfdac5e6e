//! Example data embedded in the library, for demos, tests and docs.

/// The 2025 open day of 固原市城市管理局 (the seed plan), as a plan file.
pub const GUYUAN_2025_PLAN: &str =
    include_str!("../../examples/data/guyuan-2025/plan.openday.json");

/// 500 synthetic registrations for the 2025 plan (UTF-8 CSV, Chinese headers),
/// made by [`crate::synthetic`] with seed 2025.
pub const GUYUAN_2025_REGISTRATIONS: &str =
    include_str!("../../examples/data/guyuan-2025/registrations.csv");

/// The smallest valid plan, a starting point for new plans.
pub const MINIMAL_PLAN: &str = include_str!("../../examples/data/minimal.openday.json");
