//! The self-check form, from the plan: the fields its eligibility rules
//! read and the fields its registration requires, each with the column
//! name the checks take (the Chinese header), labels in Chinese and
//! English, whether the plan requires it, and the accepted values when the
//! plan lists them. A page builds its form from this, so another office's
//! plan asks for what that office's rules need, and nothing more.
//!
//! ```
//! let plan = openday::Plan::from_json(openday::examples::GUYUAN_2025_PLAN)?;
//! let fields = openday::guide::form_fields(&plan);
//! let headers: Vec<&str> = fields.iter().map(|f| f.header.as_str()).collect();
//! assert_eq!(headers[..3], ["姓名", "出生日期", "身份证号"]);
//! assert!(headers.contains(&"民事行为能力") && headers.contains(&"单位所在区县"));
//! # Ok::<(), openday::PlanError>(())
//! ```

use serde::Serialize;

use crate::Plan;
use crate::plan::eligibility::{AreaRelation, EligibilityRule};
use crate::plan::registration::{FieldRequirement, RegistrationField};

/// One field of the self-check form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormField {
    /// The field's code (`birth_date`), or the attribute's name for a rule
    /// on a custom attribute.
    pub field: String,
    /// The column the checks read it from (`出生日期`): the form's input name.
    pub header: String,
    /// The label in Chinese.
    pub label_zh: String,
    /// The label in English.
    pub label_en: String,
    /// Whether the plan's registration requires it.
    pub required: bool,
    /// The accepted values when the plan lists them (a choice, not free text).
    pub choices: Vec<String>,
}

fn label_en(field: RegistrationField) -> &'static str {
    match field {
        RegistrationField::Name => "Name",
        RegistrationField::Phone => "Phone",
        RegistrationField::IdNumber => "ID card number",
        RegistrationField::BirthDate => "Date of birth",
        RegistrationField::Gender => "Gender",
        RegistrationField::EmployerOrSchool => "Employer or school",
        RegistrationField::Address => "Home address",
        RegistrationField::District => "District you live in",
        RegistrationField::Occupation => "Occupation",
        RegistrationField::WorkDistrict => "District of your work or school",
        RegistrationField::CivilCapacity => "Full civil capacity",
        RegistrationField::Channel => "How you register",
        RegistrationField::SubmittedAt => "Time of registration",
        RegistrationField::Consent => "Consent to the use of your details",
        RegistrationField::Email => "E-mail",
    }
}

struct Form {
    fields: Vec<FormField>,
    required: Vec<RegistrationField>,
}

impl Form {
    fn add(&mut self, field: RegistrationField) {
        if self.fields.iter().any(|f| f.field == field.code()) {
            return;
        }
        let choices = match field {
            RegistrationField::CivilCapacity => vec!["完全".to_owned(), "限制".to_owned()],
            _ => Vec::new(),
        };
        self.fields.push(FormField {
            field: field.code().to_owned(),
            header: field.label_zh().to_owned(),
            label_zh: field.label_zh().to_owned(),
            label_en: label_en(field).to_owned(),
            required: self.required.contains(&field),
            choices,
        });
    }

    fn rule(&mut self, rule: &EligibilityRule) {
        match rule {
            EligibilityRule::MinimumAge { .. } | EligibilityRule::MaximumAge { .. } => {
                // The age comes from the birth date or the ID number.
                self.add(RegistrationField::BirthDate);
                self.add(RegistrationField::IdNumber);
            }
            EligibilityRule::CivilCapacity { .. } => self.add(RegistrationField::CivilCapacity),
            EligibilityRule::Area { relations, .. } => {
                let all = relations.is_empty();
                if all || relations.contains(&AreaRelation::Lives) {
                    self.add(RegistrationField::District);
                }
                if all
                    || relations.contains(&AreaRelation::Works)
                    || relations.contains(&AreaRelation::Studies)
                {
                    self.add(RegistrationField::WorkDistrict);
                }
            }
            EligibilityRule::Attribute { name, one_of } => {
                if self.fields.iter().any(|f| &f.field == name) {
                    return;
                }
                let known: Option<RegistrationField> =
                    serde_json::from_value(serde_json::Value::String(name.clone())).ok();
                self.fields.push(FormField {
                    field: name.clone(),
                    header: known.map_or_else(|| name.clone(), |f| f.label_zh().to_owned()),
                    label_zh: known.map_or_else(|| name.clone(), |f| f.label_zh().to_owned()),
                    label_en: known.map_or_else(|| name.clone(), |f| label_en(f).to_owned()),
                    required: false,
                    choices: one_of.clone(),
                });
            }
            EligibilityRule::AnyOf { any_of } => {
                for group in any_of {
                    for r in &group.rules {
                        self.rule(r);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The self-check form's fields for `plan`: the name first, then what the
/// eligibility rules read (in their order), then the remaining fields the
/// registration requires. Fields only the office records (channel, time,
/// consent) are left out.
pub fn form_fields(plan: &Plan) -> Vec<FormField> {
    let doc = plan.document();
    let required: Vec<RegistrationField> = doc
        .registration
        .required_fields
        .iter()
        .filter_map(|r| match r {
            FieldRequirement::One(f) => Some(*f),
            FieldRequirement::AnyOf { .. } => None,
        })
        .collect();
    let mut form = Form {
        fields: Vec::new(),
        required,
    };
    form.add(RegistrationField::Name);
    for rule in &doc.eligibility.rules {
        form.rule(rule);
    }
    for r in &doc.registration.required_fields {
        let fields = match r {
            FieldRequirement::One(f) => std::slice::from_ref(f),
            FieldRequirement::AnyOf { any_of } => any_of.as_slice(),
        };
        for f in fields {
            if !matches!(
                f,
                RegistrationField::Channel
                    | RegistrationField::SubmittedAt
                    | RegistrationField::Consent
            ) {
                form.add(*f);
            }
        }
    }
    form.fields
}
