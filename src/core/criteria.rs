//! Criteria answers: the overview, a unit's "6/16", its list, what is left, one criterion,
//! status changes by heads and admins, and a unit's facts.

use std::sync::Arc;

use super::payload;
use super::request::{Request, Status};
use super::{Core, Ctx};
use crate::content::model::{CriteriaSet, StatusEntry, Unit};
use crate::i18n::Locale;
use crate::message::{Button, OutMessage};
use crate::store::StoreError;
use crate::text::format;

/// Criterion number buttons on one row of a list (thumb-sized on a small phone).
const CRITERIA_PER_ROW: usize = 4;

/// A unit with its set and statuses, loaded together.
struct UnitView<'a> {
    unit: &'a Unit,
    set: Option<&'a CriteriaSet>,
    statuses: Arc<[StatusEntry]>,
}

impl UnitView<'_> {
    /// A criterion's recorded status (a set has a score of criteria: a look along them is
    /// cheaper than building a map for every answer).
    fn entry(&self, code: &str) -> Option<&StatusEntry> {
        self.statuses.iter().find(|s| s.criterion == code)
    }

    fn status_of(&self, code: &str) -> Status {
        self.entry(code).map(|s| s.status).unwrap_or(Status::NotMet)
    }

    fn count(&self, status: Status) -> usize {
        self.set.as_ref().map_or(0, |set| {
            set.criteria
                .iter()
                .filter(|c| self.status_of(&c.code) == status)
                .count()
        })
    }

    fn total(&self) -> usize {
        self.set.as_ref().map_or(0, |s| s.criteria.len())
    }
}

pub(super) fn mark(status: Status) -> &'static str {
    match status {
        Status::Met => "✅",
        Status::InProgress => "🔄",
        Status::NotMet => "❌",
    }
}

impl Core {
    fn unit_view(&self, unit: &str) -> Result<Option<UnitView<'_>>, StoreError> {
        let Some(u) = self.unit(unit) else {
            return Ok(None);
        };
        let set = u
            .criteria_set
            .as_deref()
            .and_then(|id| self.criteria_set(id));
        let statuses = self.store.statuses(unit)?;
        Ok(Some(UnitView {
            unit: u,
            set,
            statuses,
        }))
    }

    /// "ℹ️ Illustrative figures as of 2023 · check: …".
    fn footer(&self, ctx: &Ctx, unit: &Unit) -> String {
        let check = match ctx.locale {
            Locale::Vi => &unit.check_vi,
            Locale::En => &unit.check_en,
        };
        let key = if unit.illustrative {
            "footer-illustrative"
        } else {
            "footer-as-of"
        };
        self.t(
            ctx,
            key,
            &[
                ("as_of", format::as_of(&unit.as_of).into()),
                ("check", check.into()),
            ],
        )
    }

    fn set_name(&self, ctx: &Ctx, set: &CriteriaSet) -> String {
        match ctx.locale {
            Locale::Vi => set.name_vi.clone(),
            Locale::En => set.name_en.clone(),
        }
    }

    pub(super) fn criterion_name(&self, ctx: &Ctx, unit: &str, code: &str) -> Option<String> {
        let u = self.unit(unit)?;
        let set = self.criteria_set(u.criteria_set.as_deref()?)?;
        let c = set.criteria.iter().find(|c| c.code == code)?;
        Some(match ctx.locale {
            Locale::Vi => c.vi.clone(),
            Locale::En => c.en.clone(),
        })
    }

    /// When a unit is unknown to content: a hamlet in config without data, or nothing.
    fn no_data(&self, ctx: &Ctx, unit: &str) -> OutMessage {
        if self.config.hamlet(unit).is_some() || self.commune.as_deref() == Some(unit) {
            let mut m = self.with_menu(
                ctx,
                self.t(
                    ctx,
                    "criteria-no-data",
                    &[("unit", self.unit_name(unit).into())],
                ),
            );
            if self.config.hamlet(unit).is_some() {
                m.buttons.insert(
                    0,
                    vec![self.button(
                        ctx,
                        &Request::Subscribe {
                            hamlets: vec![unit.to_string()],
                        },
                    )],
                );
            }
            m
        } else {
            self.unknown_hamlet(ctx, unit)
        }
    }

    pub(super) fn criteria_overview(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        let mut lines = vec![self.t(ctx, "criteria-overview-title", &[])];
        let mut buttons = Vec::new();
        let mut units: Vec<String> = self.commune.iter().cloned().collect();
        units.extend(self.config.hamlets.iter().map(|h| h.id.clone()));
        let mut as_of_footer = None;
        for id in units {
            let name = self.unit_name(&id);
            let line = match self.unit_view(&id)? {
                Some(v) if v.total() > 0 => {
                    if as_of_footer.is_none() {
                        as_of_footer = Some(self.footer(ctx, v.unit));
                    }
                    self.t(
                        ctx,
                        "criteria-overview-line",
                        &[
                            ("unit", format::capitalized(&name).into()),
                            ("met", v.count(Status::Met).into()),
                            ("total", v.total().into()),
                        ],
                    )
                }
                _ => self.t(
                    ctx,
                    "criteria-overview-line-no-data",
                    &[("unit", format::capitalized(&name).into())],
                ),
            };
            lines.push(line);
            buttons.push(vec![
                self.button(ctx, &Request::CriteriaSummary { unit: id }),
            ]);
        }
        lines.extend(as_of_footer);
        buttons.push(vec![self.button(ctx, &Request::Menu)]);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons,
        })
    }

    pub(super) fn criteria_summary(&self, ctx: &Ctx, unit: &str) -> Result<OutMessage, StoreError> {
        let Some(v) = self.unit_view(unit)? else {
            return Ok(self.no_data(ctx, unit));
        };
        let name = self.unit_name(unit);
        let Some(set) = &v.set else {
            return self.unit_facts_or_no_data(ctx, unit, v.unit);
        };
        let mut text = self.t(
            ctx,
            "criteria-summary",
            &[
                ("unit", format::capitalized(&name).into()),
                ("met", v.count(Status::Met).into()),
                ("total", v.total().into()),
                ("set", self.set_name(ctx, set).into()),
                ("in_progress", v.count(Status::InProgress).into()),
                ("not_met", v.count(Status::NotMet).into()),
            ],
        );
        if !set.confirmed {
            text.push('\n');
            text.push_str(&self.t(ctx, "criteria-set-unconfirmed", &[]));
        }
        text.push('\n');
        text.push_str(&self.footer(ctx, v.unit));
        let mut reqs = vec![
            Request::CriteriaRemaining {
                unit: unit.to_string(),
            },
            Request::CriteriaList {
                unit: unit.to_string(),
            },
        ];
        if !v.unit.facts.is_empty() {
            reqs.push(Request::UnitFacts {
                unit: unit.to_string(),
            });
        }
        if self.config.hamlet(unit).is_some() {
            reqs.push(Request::Subscribe {
                hamlets: vec![unit.to_string()],
            });
        }
        Ok(OutMessage {
            text,
            buttons: self.rows(ctx, &reqs),
        })
    }

    fn unit_facts_or_no_data(
        &self,
        ctx: &Ctx,
        unit: &str,
        u: &Unit,
    ) -> Result<OutMessage, StoreError> {
        if u.facts.is_empty() {
            return Ok(self.no_data(ctx, unit));
        }
        let mut m = self.unit_facts(ctx, unit)?;
        m.text = format!(
            "{}\n\n{}",
            self.t(
                ctx,
                "criteria-no-data",
                &[("unit", self.unit_name(unit).into())]
            ),
            m.text
        );
        Ok(m)
    }

    /// Every criterion with its mark, or (`remaining_only`) those not met yet.
    pub(super) fn criteria_list(
        &self,
        ctx: &Ctx,
        unit: &str,
        remaining_only: bool,
    ) -> Result<OutMessage, StoreError> {
        let Some(v) = self.unit_view(unit)? else {
            return Ok(self.no_data(ctx, unit));
        };
        let Some(set) = &v.set else {
            return self.unit_facts_or_no_data(ctx, unit, v.unit);
        };
        let name = self.unit_name(unit);
        let title_key = if remaining_only {
            "criteria-remaining-title"
        } else {
            "criteria-list-title"
        };
        let mut lines = vec![self.t(
            ctx,
            title_key,
            &[
                ("unit", format::capitalized(&name).into()),
                ("met", v.count(Status::Met).into()),
                ("total", v.total().into()),
            ],
        )];
        // Each listed criterion is chosen by the number shown beside it: typing "4" opens
        // criterion 4, whatever else the list leaves out.
        let mut numbered = Vec::new();
        for c in &set.criteria {
            let status = v.status_of(&c.code);
            if remaining_only && status == Status::Met {
                continue;
            }
            let cname = match ctx.locale {
                Locale::Vi => &c.vi,
                Locale::En => &c.en,
            };
            lines.push(format!("{} {}. {}", mark(status), c.number, cname));
            let detail = Request::CriterionDetail {
                unit: unit.to_string(),
                criterion: c.code.clone(),
            };
            numbered.push(Button {
                label: format!("{} {}", mark(status), c.number),
                payload: payload::encode(&detail).expect("criterion buttons have payloads"),
                number: Some(c.number),
            });
        }
        if remaining_only && numbered.is_empty() {
            lines.push(self.t(ctx, "criteria-all-met", &[]));
        }
        lines.push(self.t(ctx, "criteria-legend", &[]));
        let source = match ctx.locale {
            Locale::Vi => &v.unit.source_vi,
            Locale::En => &v.unit.source_en,
        };
        lines.push(self.t(ctx, "source-line", &[("source", source.into())]));
        lines.push(self.footer(ctx, v.unit));
        // Small number buttons, a few to a row, then the ways on.
        let mut buttons: Vec<Vec<Button>> = numbered
            .chunks(CRITERIA_PER_ROW)
            .map(<[Button]>::to_vec)
            .collect();
        let mut nav = Vec::new();
        if !remaining_only {
            nav.push(Request::CriteriaRemaining {
                unit: unit.to_string(),
            });
        }
        nav.push(Request::CriteriaOverview);
        buttons.extend(self.rows(ctx, &nav));
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons,
        })
    }

    pub(super) fn criterion_detail(
        &self,
        ctx: &Ctx,
        unit: &str,
        code: &str,
    ) -> Result<OutMessage, StoreError> {
        let Some(v) = self.unit_view(unit)? else {
            return Ok(self.no_data(ctx, unit));
        };
        let Some(set) = &v.set else {
            return self.unit_facts_or_no_data(ctx, unit, v.unit);
        };
        let Some(c) = set.criteria.iter().find(|c| c.code == code) else {
            let mut m = self.criteria_list(ctx, unit, false)?;
            m.text = format!(
                "{}\n\n{}",
                self.t(
                    ctx,
                    "criterion-not-in-set",
                    &[("unit", self.unit_name(unit).into())]
                ),
                m.text
            );
            return Ok(m);
        };
        let status = v.status_of(code);
        let cname = match ctx.locale {
            Locale::Vi => &c.vi,
            Locale::En => &c.en,
        };
        let mut lines = vec![
            self.t(
                ctx,
                "criterion-detail",
                &[
                    ("unit", format::capitalized(&self.unit_name(unit)).into()),
                    ("number", c.number.into()),
                    ("criterion", cname.into()),
                    ("mark", mark(status).into()),
                    (
                        "status",
                        self.t(ctx, &format!("status-{}", status.code()), &[])
                            .into(),
                    ),
                ],
            ),
        ];
        if let Some(entry) = v.entry(code) {
            if let Some(note) = &entry.note {
                lines.push(self.t(ctx, "criterion-note", &[("note", note.into())]));
            }
            if let Some(at) = entry
                .changed_at
                .as_deref()
                .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            {
                lines.push(self.t(
                    ctx,
                    "criterion-changed",
                    &[(
                        "date",
                        format::date(at.to_utc(), self.offset, ctx.locale).into(),
                    )],
                ));
            }
        }
        lines.push(self.footer(ctx, v.unit));
        let editor = ctx.private && self.may_edit(&ctx.user, unit);
        if editor {
            // Heads type this code after /capnhat; shown to them only.
            lines.push(self.t(
                ctx,
                "criterion-code",
                &[("unit", unit.into()), ("code", code.into())],
            ));
        }
        let mut buttons = Vec::new();
        if editor {
            buttons.push(
                // The status it has is not offered again.
                [Status::Met, Status::InProgress, Status::NotMet]
                    .into_iter()
                    .filter(|s| *s != status)
                    .map(|s| {
                        self.button(
                            ctx,
                            &Request::SetStatus {
                                unit: unit.to_string(),
                                criterion: code.to_string(),
                                status: Some(s),
                                note: None,
                            },
                        )
                    })
                    .collect(),
            );
        }
        buttons.push(vec![self.button(
            ctx,
            &Request::CriteriaRemaining {
                unit: unit.to_string(),
            },
        )]);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons,
        })
    }

    pub(super) fn set_status(
        &self,
        ctx: &Ctx,
        unit: &str,
        code: &str,
        status: Option<Status>,
        note: Option<String>,
    ) -> Result<OutMessage, StoreError> {
        if !self.may_edit(&ctx.user, unit) {
            log::info!("status change refused for {} on unit {unit}", ctx.user);
            self.store.audit_args(
                &ctx.user,
                "status_refused",
                &[("unit", self.unit_name(unit)), ("code", code.to_string())],
            )?;
            return Ok(self.with_menu(ctx, self.t(ctx, "status-not-allowed", &[])));
        }
        let Some(status) = status else {
            return self.criterion_detail(ctx, unit, code);
        };
        let Some(v) = self.unit_view(unit)? else {
            return Ok(self.no_data(ctx, unit));
        };
        if !v
            .set
            .as_ref()
            .is_some_and(|s| s.criteria.iter().any(|c| c.code == code))
        {
            return self.criterion_detail(ctx, unit, code);
        }
        let previous = v.entry(code);
        let note = note.map(|n| format::truncate(&n, 500));
        let previous_status = previous.map_or(Status::NotMet, |p| p.status);
        if previous_status == status
            && (note.is_none() || note == previous.and_then(|p| p.note.clone()))
        {
            // Nothing changes: say so, write nothing, audit nothing.
            let mut m = self.criterion_detail(ctx, unit, code)?;
            m.text = format!(
                "{}\n\n{}",
                self.t(
                    ctx,
                    "status-unchanged",
                    &[(
                        "status",
                        self.t(ctx, &format!("status-{}", status.code()), &[])
                            .into()
                    )],
                ),
                m.text
            );
            return Ok(m);
        }
        // A note belongs to the status it was written for: a new status without a new note
        // drops the old one, so "still working on it" never stands beside "met".
        let entry = StatusEntry {
            criterion: code.to_string(),
            status,
            note,
            changed_at: Some(ctx.now.to_rfc3339()),
            changed_by: Some(ctx.user.to_string()),
        };
        self.store.set_status(unit, &entry)?;
        log::info!(
            "status of {unit}/{code} set to {} by {}",
            status.code(),
            ctx.user
        );
        self.store.audit_args(
            &ctx.user,
            "status",
            &[
                ("unit", self.unit_name(unit)),
                ("code", code.to_string()),
                ("from", previous_status.code().to_string()),
                ("to", status.code().to_string()),
            ],
        )?;
        let after = self.unit_view(unit)?.expect("unit exists");
        let mut m = self.criterion_detail(ctx, unit, code)?;
        m.text = format!(
            "{}\n\n{}",
            self.t(
                ctx,
                "status-changed",
                &[
                    ("unit", format::capitalized(&self.unit_name(unit)).into()),
                    ("met", after.count(Status::Met).into()),
                    ("total", after.total().into()),
                ],
            ),
            m.text
        );
        Ok(m)
    }

    /// `/capnhat` typed wrong: what could not be read, the right form, and the codes of the
    /// unit's criteria (or the units this person may update).
    pub(super) fn status_usage(
        &self,
        ctx: &Ctx,
        unit: Option<&str>,
        wrong: Option<String>,
    ) -> Result<OutMessage, StoreError> {
        let editable: Vec<String> = self
            .commune
            .iter()
            .cloned()
            .chain(self.config.hamlets.iter().map(|h| h.id.clone()))
            .filter(|u| self.may_edit(&ctx.user, u))
            .collect();
        if editable.is_empty() || unit.is_some_and(|u| !self.may_edit(&ctx.user, u)) {
            return Ok(self.with_menu(ctx, self.t(ctx, "status-not-allowed", &[])));
        }
        let mut lines = Vec::new();
        if let Some(w) = wrong {
            lines.push(self.t(
                ctx,
                "status-wrong-word",
                &[("word", format::truncate(&w, 40).into())],
            ));
        }
        let example_unit = unit.unwrap_or(&editable[0]).to_string();
        let view = self.unit_view(&example_unit)?;
        let example_code = view
            .as_ref()
            .and_then(|v| v.set.as_ref())
            .and_then(|s| s.criteria.first())
            .map_or_else(|| "giao_thong".to_string(), |c| c.code.clone());
        lines.push(self.t(
            ctx,
            "status-usage",
            &[
                ("unit", (&example_unit).into()),
                ("code", example_code.into()),
            ],
        ));
        match (unit, view.as_ref().and_then(|v| v.set.as_ref())) {
            (Some(u), Some(set)) => {
                lines.push(self.t(
                    ctx,
                    "status-codes-title",
                    &[("unit", self.unit_name(u).into())],
                ));
                for c in &set.criteria {
                    let name = match ctx.locale {
                        Locale::Vi => &c.vi,
                        Locale::En => &c.en,
                    };
                    lines.push(format!("{}. {} — {name}", c.number, c.code));
                }
            }
            _ => {
                lines.push(self.t(ctx, "status-units-title", &[]));
                for u in &editable {
                    lines.push(format!("• {u} — {}", self.unit_name(u)));
                }
            }
        }
        let reqs: Vec<Request> = match unit {
            Some(u) => vec![
                Request::CriteriaRemaining {
                    unit: u.to_string(),
                },
                Request::Menu,
            ],
            None => vec![Request::Menu],
        };
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &reqs),
        })
    }

    pub(super) fn unit_facts(&self, ctx: &Ctx, unit: &str) -> Result<OutMessage, StoreError> {
        let Some(u) = self.unit(unit) else {
            return Ok(self.no_data(ctx, unit));
        };
        if u.facts.is_empty() {
            return self.criteria_summary(ctx, unit);
        }
        let mut lines = vec![self.t(ctx, "facts-title", &[("unit", self.unit_name(unit).into())])];
        for f in &u.facts {
            let (label, measure) = match ctx.locale {
                Locale::Vi => (&f.label_vi, &f.unit_vi),
                Locale::En => (&f.label_en, &f.unit_en),
            };
            let value = format::number(f.value, 2, ctx.locale);
            lines.push(if measure.is_empty() {
                format!("• {label}: {value}")
            } else {
                format!("• {label}: {value} {measure}")
            });
        }
        lines.push(self.footer(ctx, u));
        let mut reqs = Vec::new();
        if u.criteria_set.is_some() {
            reqs.push(Request::CriteriaSummary {
                unit: unit.to_string(),
            });
        }
        reqs.push(Request::Menu);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &reqs),
        })
    }

    /// One figure of one unit, with its date and where to check it; the unit's other figures
    /// are a button away.
    pub(super) fn fact(&self, ctx: &Ctx, unit: &str, key: &str) -> Result<OutMessage, StoreError> {
        let Some(u) = self.unit(unit) else {
            return Ok(self.no_data(ctx, unit));
        };
        let Some(f) = u.facts.iter().find(|f| f.key == key) else {
            return self.unit_facts(ctx, unit);
        };
        let (label, measure) = match ctx.locale {
            Locale::Vi => (&f.label_vi, &f.unit_vi),
            Locale::En => (&f.label_en, &f.unit_en),
        };
        let value = format::number(f.value, 2, ctx.locale);
        let figure = if measure.is_empty() {
            value
        } else {
            format!("{value} {measure}")
        };
        let text = format!(
            "{}\n{}",
            self.t(
                ctx,
                "fact-line",
                &[
                    ("unit", self.unit_name(unit).into()),
                    ("label", label.into()),
                    ("value", figure.into()),
                ],
            ),
            self.footer(ctx, u)
        );
        let reqs = [
            Request::UnitFacts {
                unit: unit.to_string(),
            },
            Request::Menu,
        ];
        Ok(OutMessage {
            text,
            buttons: self.rows(ctx, &reqs),
        })
    }

    /// "📈 Số hộ — Bản He", for a suggestion button.
    pub(super) fn fact_label(&self, ctx: &Ctx, unit: &str, key: &str) -> Option<String> {
        let u = self.unit(unit)?;
        let f = u.facts.iter().find(|f| f.key == key)?;
        let label = match ctx.locale {
            Locale::Vi => &f.label_vi,
            Locale::En => &f.label_en,
        };
        Some(format!("📈 {label} — {}", self.unit_name(unit)))
    }
}
