#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod calendar;
#[cfg(feature = "cli")]
pub mod cli;
pub mod confirmation;
pub mod eligibility;
pub mod error;
mod error_zh;
pub mod examples;
pub mod export;
pub mod guide;
pub mod intake;
pub mod itinerary;
pub mod journal;
pub mod ledger;
pub mod mask;
pub mod normalize;
pub mod notices;
pub mod plan;
pub mod preparation;
pub mod registrant;
pub mod registration;
pub mod resident_id;
pub mod review;
pub mod schema;
pub mod screening;
pub mod selection;
pub mod synthetic;
pub mod time;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use error::{Error, ErrorFacts, ErrorKind};
pub use plan::{FORMAT_VERSION, OpenDayPlan, Plan, PlanError};
pub use plan::{Problem, ProblemCode, Severity, Stage};

/// The project README's Rust blocks, run as doctests from the repository
/// (the README lives outside the crate's package).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
