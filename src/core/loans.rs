//! Loan answers: the list of programmes, the programmes that fit a purpose, the common steps,
//! and one programme, whole or only the aspects asked.

use super::request::{LoanAspect, Request};
use super::{Core, Ctx};
use crate::content::model::{AmountUnit, Loans, Programme};
use crate::i18n::{Arg, Locale};
use crate::message::{Button, OutMessage};
use crate::store::StoreError;
use crate::text::format;

pub(super) fn aspect_button_key(a: LoanAspect) -> &'static str {
    match a {
        LoanAspect::Eligibility => "btn-loan-eligibility",
        LoanAspect::Amount => "btn-loan-amount",
        LoanAspect::Rate => "btn-loan-rate",
        LoanAspect::Term => "btn-loan-term",
        LoanAspect::Apply => "btn-loan-apply",
        LoanAspect::Collateral => "btn-loan-collateral",
        LoanAspect::Age => "btn-loan-age",
    }
}

fn pick<'a>(locale: Locale, vi: &'a str, en: &'a str) -> &'a str {
    match locale {
        Locale::Vi => vi,
        Locale::En => en,
    }
}

fn pick_opt<'a>(locale: Locale, vi: &'a Option<String>, en: &'a Option<String>) -> Option<&'a str> {
    match locale {
        Locale::Vi => vi.as_deref(),
        Locale::En => en.as_deref().or(vi.as_deref()),
    }
}

fn amount_unit_key(u: AmountUnit) -> &'static str {
    match u {
        AmountUnit::PerHousehold => "per-household",
        AmountUnit::PerWorker => "per-worker",
        AmountUnit::PerStudentPerMonth => "per-student-month",
        AmountUnit::PerLoan => "per-loan",
        AmountUnit::PerProject => "per-project",
        AmountUnit::PerHouseholdTotal => "per-household-total",
    }
}

impl Core {
    fn loans_footer(&self, ctx: &Ctx, meta: &Loans) -> String {
        self.t(
            ctx,
            "loans-footer",
            &[
                ("as_of", format::as_of(&meta.as_of).into()),
                (
                    "check",
                    pick(ctx.locale, &meta.check_vi, &meta.check_en).into(),
                ),
            ],
        )
    }

    pub(super) fn loans_list(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        let Some(meta) = self.loans_meta() else {
            return Ok(self.with_menu(ctx, self.t(ctx, "loans-none", &[])));
        };
        let mut programmes: Vec<&crate::content::model::Programme> =
            self.programmes().iter().collect();
        // Household programmes first; those for organisations at the end.
        programmes.sort_by_key(|p| p.for_organisations);
        let text = format!(
            "{}\n{}",
            self.t(ctx, "loans-title", &[("count", programmes.len().into())]),
            self.loans_footer(ctx, meta)
        );
        // Labels straight from the loaded programmes (not via `label`, which would read
        // each programme from the store again).
        let mut buttons: Vec<Vec<Button>> = programmes
            .iter()
            .map(|p| {
                vec![Button {
                    label: pick(ctx.locale, &p.name_vi, &p.name_en).to_string(),
                    payload: super::payload::encode(&Request::LoanDetail {
                        programme: p.id.clone(),
                        aspects: vec![],
                    })
                    .expect("loan buttons have payloads"),
                    number: None,
                }]
            })
            .collect();
        buttons.push(vec![self.button(ctx, &Request::Menu)]);
        Ok(OutMessage { text, buttons })
    }

    fn line_amount(&self, ctx: &Ctx, p: &Programme) -> String {
        let note = pick_opt(ctx.locale, &p.max_loan_note_vi, &p.max_loan_note_en);
        let value = p.max_loan_vnd.map(|v| {
            format!(
                "{} {}",
                format::vnd(v, ctx.locale),
                self.t(ctx, amount_unit_key(p.max_loan_unit), &[])
            )
        });
        self.line(ctx, "loan-amount", value, note, p.confirmed_max_loan)
    }

    fn line_rate(&self, ctx: &Ctx, p: &Programme) -> String {
        let note = pick_opt(ctx.locale, &p.interest_note_vi, &p.interest_note_en);
        let value = p.interest_pct_year.map(|r| format::rate(r, ctx.locale));
        self.line(ctx, "loan-rate", value, note, p.confirmed_interest)
    }

    fn line_term(&self, ctx: &Ctx, p: &Programme) -> String {
        let note = pick_opt(ctx.locale, &p.term_note_vi, &p.term_note_en);
        let value = p.term_max_months.map(|m| {
            self.t(
                ctx,
                "loan-term-max",
                &[("term", format::months(m, ctx.locale).into())],
            )
        });
        self.line(ctx, "loan-term", value, note, p.confirmed_term)
    }

    /// "Label: value, not confirmed — note". "Not confirmed" belongs to the figure, so it
    /// follows the figure, not the note; a figure not known says so and nothing more.
    fn line(
        &self,
        ctx: &Ctx,
        key: &str,
        value: Option<String>,
        note: Option<&str>,
        confirmed: bool,
    ) -> String {
        let value = self.figure(ctx.locale, value, confirmed);
        let mut s = self.t(ctx, key, &[("value", value.into())]);
        // After a dash, not in brackets: a note may carry brackets of its own, and the term
        // already has one ("120 tháng (10 năm)").
        if let Some(n) = note {
            s.push_str(" — ");
            s.push_str(n);
        }
        s
    }

    /// A figure as the villager reads it: "100 triệu đồng", "100 triệu đồng, chưa xác nhận"
    /// when the content does not confirm it, or "chưa có số liệu chính thức".
    fn figure(&self, l: Locale, value: Option<String>, confirmed: bool) -> String {
        match value {
            Some(v) if !confirmed => format!("{v}, {}", self.i18n.t(l, "loan-unconfirmed", &[])),
            Some(v) => v,
            None => self.i18n.t(l, "loan-unknown", &[]),
        }
    }

    pub(super) fn loan_detail(
        &self,
        ctx: &Ctx,
        id: &str,
        aspects: &[LoanAspect],
    ) -> Result<OutMessage, StoreError> {
        let (Some(meta), Some(p)) = (self.loans_meta(), self.programme(id)) else {
            return self.loans_list(ctx);
        };
        let l = ctx.locale;
        let mut lines = vec![format!("💰 {}", pick(l, &p.name_vi, &p.name_en))];
        let eligible = || {
            self.t(
                ctx,
                "loan-eligible",
                &[("value", pick(l, &p.eligible_vi, &p.eligible_en).into())],
            )
        };
        let collateral = || {
            let value = pick_opt(l, &p.collateral_vi, &p.collateral_en)
                .map(str::to_string)
                .unwrap_or_else(|| self.t(ctx, "loan-unknown", &[]));
            self.t(ctx, "loan-collateral", &[("value", value.into())])
        };
        let where_ = || {
            self.t(
                ctx,
                "loan-where",
                &[("value", pick(l, &p.where_vi, &p.where_en).into())],
            )
        };
        if aspects.is_empty() {
            lines.push(eligible());
            lines.push(self.line_amount(ctx, p));
            lines.push(self.line_rate(ctx, p));
            lines.push(self.line_term(ctx, p));
            lines.push(where_());
            if p.collateral_vi.is_some() {
                lines.push(collateral());
            }
        }
        for aspect in aspects {
            match aspect {
                // Age limits are part of who qualifies.
                LoanAspect::Eligibility | LoanAspect::Age => {
                    let line = eligible();
                    if !lines.contains(&line) {
                        lines.push(line);
                    }
                }
                LoanAspect::Amount => lines.push(self.line_amount(ctx, p)),
                LoanAspect::Rate => lines.push(self.line_rate(ctx, p)),
                LoanAspect::Term => lines.push(self.line_term(ctx, p)),
                LoanAspect::Collateral => lines.push(collateral()),
                LoanAspect::Apply => {
                    lines.push(where_());
                    self.push_steps(ctx, meta, &mut lines);
                }
            }
        }
        lines.push(self.loans_footer(ctx, meta));
        let mut reqs = Vec::new();
        if !aspects.is_empty() {
            reqs.push(Request::LoanDetail {
                programme: id.to_string(),
                aspects: vec![],
            });
        }
        if !aspects.contains(&LoanAspect::Apply) {
            reqs.push(Request::LoanDetail {
                programme: id.to_string(),
                aspects: vec![LoanAspect::Apply],
            });
        }
        reqs.push(Request::Loans);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &reqs),
        })
    }

    fn push_steps(&self, ctx: &Ctx, meta: &Loans, lines: &mut Vec<String>) {
        let steps = pick(ctx.locale, &meta.apply_vi, &meta.apply_en);
        lines.push(self.t(ctx, "loan-steps-title", &[]));
        for (i, step) in steps.lines().filter(|s| !s.trim().is_empty()).enumerate() {
            lines.push(format!("{}. {}", i + 1, step.trim()));
        }
    }

    /// The steps every programme shares: where to apply, where money is paid and repaid.
    pub(super) fn loan_process(&self, ctx: &Ctx) -> Result<OutMessage, StoreError> {
        let Some(meta) = self.loans_meta() else {
            return Ok(self.with_menu(ctx, self.t(ctx, "loans-none", &[])));
        };
        let mut lines = vec![self.t(ctx, "loan-process-title", &[])];
        self.push_steps(ctx, meta, &mut lines);
        lines.push(self.loans_footer(ctx, meta));
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons: self.rows(ctx, &[Request::Loans, Request::Menu]),
        })
    }

    /// A programme's line of a loans-by-purpose answer (name, maximum amount, rate, who):
    /// rendered once per language for every programme, the first time one is asked, since
    /// neither the content nor the wording changes while the core runs, and formatting it
    /// through Fluent is most of that answer's cost.
    fn purpose_line(&self, locale: Locale, p: &Programme) -> String {
        let lines = self.purpose_lines.get_or_init(|| {
            self.programmes()
                .iter()
                .map(|p| {
                    let each = Locale::ALL.map(|l| self.render_purpose_line(l, p));
                    (p.id.clone(), each)
                })
                .collect()
        });
        match lines.get(&p.id) {
            Some(each) => each[Locale::ALL.iter().position(|l| *l == locale).unwrap_or(0)].clone(),
            None => self.render_purpose_line(locale, p),
        }
    }

    fn render_purpose_line(&self, l: Locale, p: &Programme) -> String {
        let t = |key: &str, args: &[(&str, Arg<'_>)]| self.i18n.t(l, key, args);
        let figure = |value, confirmed| self.figure(l, value, confirmed);
        let amount = match p.max_loan_vnd {
            Some(v) => {
                let v = figure(Some(format::vnd(v, l)), p.confirmed_max_loan);
                t("loans-purpose-amount", &[("amount", v.into())])
            }
            None => t("loans-purpose-amount-unknown", &[]),
        };
        let rate = figure(
            p.interest_pct_year.map(|r| format::rate(r, l)),
            p.confirmed_interest,
        );
        let who = pick_opt(l, &p.for_whom_vi, &p.for_whom_en).unwrap_or("");
        t(
            "loans-purpose-line",
            &[
                ("programme", pick(l, &p.name_vi, &p.name_en).into()),
                ("amount", amount.into()),
                ("rate", rate.into()),
                ("who", who.into()),
            ],
        )
    }

    /// The programmes that fit a need: one line each with the maximum amount, the rate and who
    /// qualifies, and a button per programme for the whole card.
    pub(super) fn loans_by_purpose(
        &self,
        ctx: &Ctx,
        ids: &[String],
    ) -> Result<OutMessage, StoreError> {
        let Some(meta) = self.loans_meta() else {
            return Ok(self.with_menu(ctx, self.t(ctx, "loans-none", &[])));
        };
        let l = ctx.locale;
        let mut lines = vec![self.t(ctx, "loans-purpose-title", &[("count", ids.len().into())])];
        let mut buttons = Vec::new();
        for id in ids {
            let Some(p) = self.programme(id) else {
                continue;
            };
            lines.push(self.purpose_line(l, p));
            buttons.push(vec![Button {
                label: pick(l, &p.name_vi, &p.name_en).to_string(),
                payload: super::payload::encode(&Request::LoanDetail {
                    programme: p.id.clone(),
                    aspects: vec![],
                })
                .expect("loan buttons have payloads"),
                number: None,
            }]);
        }
        lines.push(self.loans_footer(ctx, meta));
        buttons.push(vec![self.button(ctx, &Request::LoanProcess)]);
        buttons.push(vec![self.button(ctx, &Request::Loans)]);
        Ok(OutMessage {
            text: lines.join("\n"),
            buttons,
        })
    }
}
