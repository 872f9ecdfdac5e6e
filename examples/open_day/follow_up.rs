//! The discussion's opinion forms into the ledger, and the follow-up.

use openday::Plan;

/// The discussion's opinion forms into the ledger, and 30 days of follow-up.
#[allow(clippy::too_many_lines)] // a scripted scenario, one step per line
pub(crate) fn follow_up(plan: &Plan, out: &str) -> Result<Option<openday::ledger::Ledger>, String> {
    use openday::ledger::{
        Action, ContactPreference, Ledger, LedgerEvent, LedgerReport, OpinionForm, PointInput,
    };
    openday_examples::say!("== Follow-up: the opinion ledger (台账) ==");
    let end = plan.ends_at();
    let at = |days: i64, hours: i64| {
        (end + chrono::Duration::days(days) + chrono::Duration::hours(hours)).fixed_offset()
    };
    let categories = &plan.document().feedback.categories;
    let zh = plan.document().region.language.starts_with("zh");
    let say = |zh_text: &str, en_text: &str| {
        if zh {
            zh_text.to_owned()
        } else {
            en_text.to_owned()
        }
    };
    if categories.is_empty() {
        openday_examples::say!("The plan has no feedback categories: no ledger to keep.");
        return Ok(None);
    }
    let office = plan
        .document()
        .units
        .first()
        .map_or_else(|| "office".to_owned(), |u| u.name.clone());
    let ev = |t, action| LedgerEvent {
        at: t,
        actor: office.clone(),
        action,
    };
    // One form per category, each with one point about it; the forms whose
    // point stays open are anonymous.
    let mut events = Vec::new();
    for (i, c) in categories.iter().enumerate() {
        let form = OpinionForm {
            id: format!("F{:02}", i + 1),
            participant: (i == 0 || i % 4 != 0).then(|| format!("row-{}", 3 + 5 * i)),
            contact_name: None,
            contact_phone: None,
            contact: ContactPreference::Phone,
            // A spread of answers: 5, 4, 3, 5, 2, ... (and one form left blank).
            satisfaction: [Some(5), Some(4), Some(3), Some(5), Some(2), None][i % 6],
            points: vec![PointInput {
                category: c.id.clone(),
                text: if zh {
                    format!("关于{}的意见（示例）", c.name)
                } else {
                    format!("A point about {} (example)", c.name)
                },
                place: None,
            }],
        };
        events.push(ev(at(0, 0), Action::FormReceived { form }));
    }
    let point = |i: usize| format!("F{:02}-1", i + 1);
    let unit_of = |i: usize| {
        categories[i]
            .unit
            .clone()
            .or_else(|| plan.document().units.first().map(|u| u.id.clone()))
            .unwrap_or_default()
    };
    // The first point is answered at the discussion; the rest are filed
    // with their category's unit and time limit, then followed up in turn:
    // done and the citizen told; returned to the office and reassigned;
    // shelved with an explanation; left open (it may become overdue).
    events.push(ev(
        at(0, 0),
        Action::AnsweredOnSpot {
            point: point(0),
            answer: say("现场答复（示例）", "answered at the discussion (example)"),
            unit: unit_of(0),
        },
    ));
    for i in 1..categories.len() {
        events.push(ev(
            at(0, 0),
            Action::Filed {
                point: point(i),
                unit: None,
            },
        ));
        let p = point(i);
        let day = i64::try_from(i).unwrap_or(0);
        let steps: Vec<Action> = match i % 4 {
            1 => vec![
                Action::Started { point: p.clone() },
                Action::Resolved {
                    point: p.clone(),
                    result: say("已办结（示例）", "done (example)"),
                },
                Action::Verified {
                    point: p.clone(),
                    ok: true,
                    note: None,
                },
                Action::CitizenInformed {
                    point: p,
                    via: ContactPreference::Phone,
                    note: None,
                },
            ],
            2 => {
                let other = plan
                    .document()
                    .units
                    .iter()
                    .map(|u| u.id.clone())
                    .find(|u| *u != unit_of(i))
                    .unwrap_or_else(|| unit_of(i));
                vec![
                    Action::Returned {
                        point: p.clone(),
                        reason: say("不属本单位职责（示例）", "not this unit's task (example)"),
                    },
                    Action::Assigned {
                        point: p,
                        unit: other,
                        assignee: None,
                    },
                ]
            }
            3 => vec![
                Action::Started { point: p.clone() },
                Action::Shelved {
                    point: p,
                    explanation: say("已列入明年计划（示例）", "planned for next year (example)"),
                },
            ],
            _ => Vec::new(),
        };
        for (k, action) in steps.into_iter().enumerate() {
            let k = i64::try_from(k).unwrap_or(0);
            events.push(ev(at(day + k + 1, 16), action));
        }
    }
    let mut ledger = Ledger::for_plan(plan).map_err(|e| e.to_string())?;
    for e in events {
        ledger.apply(e).map_err(|e| e.to_string())?;
    }
    let report = LedgerReport::as_of(&ledger, at(30, 0), 2);
    // The reply each citizen is owed (names masked in these files).
    let dir = format!("{out}/replies");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{dir}: {e}"))?;
    let mut replies = 0;
    for c in ledger.cases() {
        if let Some(reply) =
            openday::notices::ledger_reply(&ledger, &c.form, openday::mask::Masking::Masked)
        {
            let path = format!("{dir}/{}.md", c.form);
            std::fs::write(
                &path,
                format!("{}\n---\n\n{}", reply.markdown_zh, reply.markdown_en),
            )
            .map_err(|e| format!("{path}: {e}"))?;
            replies += 1;
        }
    }
    openday_examples::say!("Wrote {replies} replies to citizens in {dir}/");
    openday_examples::say_part!("{report}");
    Ok(Some(ledger))
}
