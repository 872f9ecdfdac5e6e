//! The plan's `region` section: the place the office serves, as its
//! registrations will show it: districts (with their GB/T 2260 codes where
//! resident ID numbers apply), the landline area code, and whether people
//! register with a resident ID number at all. Tools that make or check data
//! for the plan (the registration generator) take these from here, never
//! from an example.
//!
//! ```
//! let r: openday::plan::region::RegionPolicy = serde_json::from_str(r#"{
//!   "districts": [{"name": "兴庆区", "code": "640104", "weight": 40},
//!                 {"name": "金凤区", "code": "640106", "weight": 35}],
//!   "phone_area_code": "0951"
//! }"#).unwrap();
//! assert!(r.resident_ids);
//! ```

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::check::Checker;
use super::problem::ProblemCode;

/// The place the office serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionPolicy {
    /// Districts (区县, boroughs) with their share of the population.
    #[serde(default)]
    pub districts: Vec<District>,
    /// Area code of landlines (e.g. `0951`), without the country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_area_code: Option<String>,
    /// Whether people register with a mainland China resident ID number
    /// (居民身份证); `false` elsewhere (default `true`).
    #[serde(default = "yes")]
    pub resident_ids: bool,
    /// The language registrations are written in (BCP 47: `zh`, `de`,
    /// `en`); default `zh`.
    #[serde(default = "zh")]
    pub language: String,
}

/// A district of the region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct District {
    /// Its name as people write it (原州区, Altona).
    pub name: String,
    /// GB/T 2260 six-digit code, where resident ID numbers apply (640402).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Relative share of the population (default 1).
    #[serde(default = "one")]
    pub weight: u32,
}

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

fn zh() -> String {
    "zh".to_owned()
}

impl Default for RegionPolicy {
    fn default() -> Self {
        Self {
            districts: Vec::new(),
            phone_area_code: None,
            resident_ids: true,
            language: zh(),
        }
    }
}

impl RegionPolicy {
    /// Whether nothing is set.
    pub fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Checker<'_> {
    pub(super) fn region(&mut self) {
        let r = &self.plan.region;
        self.unique_ids(
            "region.districts",
            r.districts.iter().map(|d| d.name.as_str()),
        );
        for (i, d) in r.districts.iter().enumerate() {
            if let Some(code) = &d.code {
                if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
                    self.push(
                        format!("region.districts[{i}].code"),
                        ProblemCode::BadRegion,
                        format!("\"{code}\" is not a six-digit GB/T 2260 code; give the district's code (e.g. 640402) or leave it out"),
                        format!("“{code}”不是六位行政区划代码，请填写（如 640402）或删除"),
                    );
                }
            } else if r.resident_ids {
                self.push(
                    format!("region.districts[{i}].code"),
                    ProblemCode::BadRegion,
                    format!("district {} has no GB/T 2260 code, but people here register with resident ID numbers; give the code", d.name),
                    format!("{}缺少行政区划代码，本地报名使用居民身份证号，请填写代码", d.name),
                );
            }
        }
        if let Some(a) = &r.phone_area_code
            && (a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit()))
        {
            self.push(
                "region.phone_area_code",
                ProblemCode::BadRegion,
                format!("\"{a}\" is not an area code; give the digits (e.g. 0951)"),
                format!("“{a}”不是有效的区号，请填写数字（如 0951）"),
            );
        }
    }
}
