// wasm-bindgen extracts arguments as owned values.
#![allow(clippy::needless_pass_by_value)]

//! Balanced selection for JavaScript: the organiser's draw runs in the
//! browser, without the registrations leaving it.

use js_sys::{Array, Function, Object, Reflect};
use openday::selection::{self, Pool as CorePool, Progress, Targets as CoreTargets};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::errors::value_error;
use crate::plan::{Plan, to_js};
use crate::screening::{ScreeningReport, camel_js};

pub(crate) fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let json = js_sys::JSON::stringify(value)
        .map_err(|_| value_error(&format!("{what} must be plain JSON data")))?;
    serde_json::from_str(&String::from(json)).map_err(|e| value_error(&format!("{what}: {e}")))
}

/// The people a draw chooses from, sorted by id.
#[wasm_bindgen]
pub struct Pool(CorePool);

impl From<CorePool> for Pool {
    fn from(p: CorePool) -> Self {
        Self(p)
    }
}

impl From<Pool> for CorePool {
    fn from(p: Pool) -> Self {
        p.0
    }
}

impl Pool {
    pub(crate) fn inner(&self) -> &CorePool {
        &self.0
    }
}

#[wasm_bindgen]
impl Pool {
    /// A pool of candidates `{ id, values, household? }` (one value per
    /// feature, in order). Throws a `PoolError`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        features: Vec<String>,
        #[wasm_bindgen(unchecked_param_type = "Candidate[]")] candidates: &JsValue,
    ) -> Result<Pool, JsValue> {
        CorePool::new(features, from_js(candidates, "candidates")?)
            .map(Self)
            .map_err(crate::errors::error)
    }

    /// The eligible registrants of a screening report, with pseudonymous
    /// ids and the targets' features.
    #[wasm_bindgen(js_name = fromScreening)]
    pub fn from_screening(
        report: &ScreeningReport,
        plan: &Plan,
        targets: &Targets,
    ) -> Result<Pool, JsValue> {
        CorePool::from_screening(report.inner(), plan.inner(), &targets.0.policy)
            .map(Self)
            .map_err(crate::errors::error)
    }

    /// Feature names.
    #[wasm_bindgen(getter)]
    pub fn features(&self) -> Vec<String> {
        self.0.features().to_vec()
    }

    /// Number of candidates.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.0.len()
    }

    /// Candidates `{ id, values, household }`.
    #[wasm_bindgen(unchecked_return_type = "Candidate[]")]
    pub fn candidates(&self) -> JsValue {
        to_js(self.0.candidates())
    }

    /// Data row and masked name of a candidate built from registrations.
    #[wasm_bindgen(unchecked_return_type = "Origin | null")]
    pub fn origin(&self, id: &str) -> JsValue {
        to_js(&self.0.origin(id))
    }

    /// SHA-256 of the pool's canonical form (in the draw record).
    pub fn digest(&self) -> String {
        self.0.digest()
    }
}

/// What to draw: seats, features and quotas (the plan's `selection` form),
/// reserved and excluded ids.
#[wasm_bindgen]
pub struct Targets(CoreTargets);

impl From<CoreTargets> for Targets {
    fn from(t: CoreTargets) -> Self {
        Self(t)
    }
}

impl From<Targets> for CoreTargets {
    fn from(t: Targets) -> Self {
        t.0
    }
}

impl Targets {
    pub(crate) fn inner(&self) -> &CoreTargets {
        &self.0
    }
}

#[wasm_bindgen]
impl Targets {
    /// Targets for `seats` from a policy object in the plan file's form
    /// (`{ features: [...], household, reserves, algorithm }`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        seats: u32,
        #[wasm_bindgen(unchecked_param_type = "SelectionPolicy")] policy: &JsValue,
        reserved: Option<Vec<String>>,
        excluded: Option<Vec<String>>,
    ) -> Result<Targets, JsValue> {
        let mut targets = CoreTargets::new(seats, from_js(policy, "policy")?);
        targets.reserved = reserved.unwrap_or_default();
        targets.excluded = excluded.unwrap_or_default();
        Ok(Self(targets))
    }

    /// The plan's `selection` with its seats. Throws a `SelectionError`
    /// when the plan has none.
    #[wasm_bindgen(js_name = fromPlan)]
    pub fn from_plan(plan: &Plan) -> Result<Targets, JsValue> {
        CoreTargets::from_plan(plan.inner())
            .map(Self)
            .map_err(crate::errors::error)
    }

    /// Seats to fill.
    #[wasm_bindgen(getter)]
    pub fn seats(&self) -> u32 {
        self.0.seats
    }

    /// The targets in their JSON form.
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "TargetsJson")]
    pub fn to_json(&self) -> JsValue {
        to_js(&self.0)
    }

    /// SHA-256 of the targets' canonical form (in the draw record).
    pub fn digest(&self) -> String {
        self.0.digest()
    }
}

/// The result of a draw.
#[wasm_bindgen]
pub struct Draw(pub(crate) selection::Draw);

impl From<selection::Draw> for Draw {
    fn from(d: selection::Draw) -> Self {
        Self(d)
    }
}

impl From<Draw> for selection::Draw {
    fn from(d: Draw) -> Self {
        d.0
    }
}

#[wasm_bindgen]
impl Draw {
    /// `leximin`, `maximin` or `legacy`.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.0.algorithm.as_str().to_owned()
    }

    /// Ids on the panel, sorted.
    #[wasm_bindgen(getter)]
    pub fn panel(&self) -> Vec<String> {
        self.0.panel.clone()
    }

    /// Reserve ids in the order to offer seats.
    #[wasm_bindgen(getter)]
    pub fn reserves(&self) -> Vec<String> {
        self.0.reserves.clone()
    }

    /// Selection probability by id (`{ [id]: p }`).
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, number>")]
    pub fn probabilities(&self) -> JsValue {
        let out = Object::new();
        for (id, p) in &self.0.probabilities {
            let _ = Reflect::set(&out, &JsValue::from_str(id), &JsValue::from_f64(*p));
        }
        out.into()
    }

    /// Quota table rows (`feature`, `value`, `min`, `max`, `listed`, `pool`,
    /// `panel`, `expected`).
    #[wasm_bindgen(unchecked_return_type = "DrawQuota[]")]
    pub fn quotas(&self) -> JsValue {
        camel_js(&self.0.quotas)
    }

    /// The lottery's panels of groups with their probabilities.
    #[wasm_bindgen(unchecked_return_type = "SupportPanel[]")]
    pub fn support(&self) -> JsValue {
        camel_js(&self.0.support)
    }

    /// Figures (`pool`, `drawable`, `classes`, `panelsGenerated`, `support`,
    /// `stages`, `minProbability`, `maxProbability`).
    #[wasm_bindgen(unchecked_return_type = "DrawStats")]
    pub fn stats(&self) -> JsValue {
        camel_js(&self.0.stats)
    }

    /// The record to publish, in its canonical JSON form (the same keys in
    /// every language, so `verify` takes it back as is).
    #[wasm_bindgen(unchecked_return_type = "DrawRecord")]
    pub fn record(&self) -> JsValue {
        to_js(&self.0.record)
    }
}

/// Draw a panel with the public `seed`. `progress`, if given, is called
/// now and then with `{ stages, fixed, classes, panels, total, fraction }`
/// (`fixed` of `total` classes, `fraction` from 0 to 1); returning
/// `false` cancels (a `DrawCancelled` error), and an exception it throws is
/// rethrown.
///
/// With a `budget` (`{ maxSeconds, maxRounds }`) the draw runs within it:
/// when it runs out (or `progress` returns `false`) the draw stops and gives
/// the best lottery found so far, with `stats().complete` false and
/// `stats().minProbabilityBound` a certified bound on the best possible
/// minimum probability. The record keeps the rounds run, so `verify`
/// re-runs it exactly. The seconds are checked after every round and bound
/// each panel search (the clock is `performance.now()`).
#[wasm_bindgen]
pub fn draw(
    pool: &Pool,
    targets: &Targets,
    seed: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "(progress: DrawProgress) => boolean | void")]
    progress: Option<Function>,
    #[wasm_bindgen(unchecked_optional_param_type = "DrawBudget")] budget: Option<JsValue>,
) -> Result<Draw, JsValue> {
    let budget = budget.map(|b| read_budget(&b)).transpose()?;
    let mut thrown: Option<JsValue> = None;
    let mut report = |p: Progress| -> bool {
        let Some(callback) = &progress else {
            return true;
        };
        let info = Object::new();
        for (key, value) in [
            ("stages", p.stages),
            ("fixed", p.fixed),
            ("classes", p.classes),
            ("panels", p.panels),
            ("total", p.total()),
        ] {
            let _ = Reflect::set(&info, &JsValue::from_str(key), &JsValue::from(value));
        }
        let _ = Reflect::set(
            &info,
            &JsValue::from_str("fraction"),
            &JsValue::from(p.fraction()),
        );
        match callback.call1(&JsValue::NULL, &info) {
            Ok(answer) => answer != JsValue::FALSE,
            Err(e) => {
                thrown = Some(e);
                false
            }
        }
    };
    let result = match budget {
        None => selection::draw_with_progress(&pool.0, &targets.0, seed, &mut report),
        Some(budget) => selection::draw_within(&pool.0, &targets.0, seed, budget, &mut report),
    };
    if let Some(e) = thrown {
        return Err(e);
    }
    result.map(Draw).map_err(crate::errors::error)
}

/// `{ maxSeconds?, maxRounds? }` as a [`selection::Budget`].
fn read_budget(value: &JsValue) -> Result<selection::Budget, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(selection::Budget::default());
    }
    if !value.is_object() {
        return Err(value_error(
            "budget: give an object such as { maxSeconds: 30 } or { maxRounds: 500 }",
        ));
    }
    let field = |name: &str| -> Result<Option<f64>, JsValue> {
        let v = Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        v.as_f64()
            .map(Some)
            .ok_or_else(|| value_error(&format!("budget.{name}: give a number, not {v:?}")))
    };
    let max_rounds = match field("maxRounds")? {
        None => None,
        Some(r) if r.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&r) =>
        {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            Some(r as u32)
        }
        Some(r) => {
            return Err(value_error(&format!(
                "budget.maxRounds is {r}; give a whole number of 0 or more"
            )));
        }
    };
    Ok(selection::Budget {
        max_seconds: field("maxSeconds")?,
        max_rounds,
    })
}

/// Re-run a published record (object or JSON text) against the pool and
/// targets; gives the re-run draw or throws a `DrawVerificationError`.
#[wasm_bindgen]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "DrawRecord | string")] record: &JsValue,
    pool: &Pool,
    targets: &Targets,
) -> Result<Draw, JsValue> {
    let record: selection::DrawRecord = match record.as_string() {
        Some(text) => {
            serde_json::from_str(&text).map_err(|e| value_error(&format!("record: {e}")))?
        }
        None => from_js(record, "record")?,
    };
    selection::verify(&record, &pool.0, &targets.0)
        .map(Draw)
        .map_err(crate::errors::error)
}

/// The SHA-256 commitment (hex) to publish before the draw.
#[wasm_bindgen(js_name = seedCommitment)]
pub fn seed_commitment(seed: &str) -> String {
    selection::SeedCommitment::of(seed).sha256
}

/// Who takes the seat of `leaving`: `{ id, rank, keepsQuotas, gaps }` or
/// `null` when no reserve can enter.
#[wasm_bindgen(unchecked_return_type = "Replacement | null")]
pub fn replacement(
    pool: &Pool,
    targets: &Targets,
    panel: Vec<String>,
    leaving: &str,
    reserves: Vec<String>,
) -> Result<JsValue, JsValue> {
    selection::replacement(&pool.0, &targets.0, &panel, leaving, &reserves)
        .map(|r| camel_js(&r))
        .map_err(crate::errors::error)
}

/// What a draw will involve, before it runs: `{ drawable, classes,
/// householdClasses, types, slow, features }` (`types`: classes with
/// households set aside; `slow`: likely to take minutes, so draw with a
/// budget; per feature `values`, `binding`, `alone`, `freeText`).
#[wasm_bindgen(unchecked_return_type = "DrawOutlook")]
pub fn outlook(pool: &Pool, targets: &Targets) -> Result<JsValue, JsValue> {
    selection::outlook(&pool.0, &targets.0)
        .map(|o| camel_js(&o))
        .map_err(crate::errors::error)
}

/// The quotas a panel (ids) misses.
#[wasm_bindgen(js_name = quotaGaps, unchecked_return_type = "QuotaGap[]")]
pub fn quota_gaps(pool: &Pool, targets: &Targets, panel: Vec<String>) -> Result<JsValue, JsValue> {
    selection::quota_gaps(&pool.0, &targets.0, &panel)
        .map(|g| camel_js(&g))
        .map_err(crate::errors::error)
}

/// A synthetic `[pool, targets]` for trials: `spec` is
/// `{ pool, seats, features, households, tolerance, seed, algorithm? }`.
#[wasm_bindgen(js_name = syntheticInstance, unchecked_return_type = "[Pool, Targets]")]
pub fn synthetic_instance(
    #[wasm_bindgen(unchecked_param_type = "SyntheticSpec")] spec: &JsValue,
) -> Result<Array, JsValue> {
    let spec = from_js(spec, "spec")?;
    let (pool, targets) = selection::synthetic::instance(&spec);
    Ok(Array::of2(&Pool(pool).into(), &Targets(targets).into()))
}
