//! The anonymised report through the api. A supervisor previews a period
//! over their districts (every table already protected, the ledger of
//! earlier exports included, so the preview is exactly what would be
//! written). An export is drafted by that supervisor and approved by a
//! second person, another supervisor or an administrator, whose passphrase
//! is checked here before a single byte is written; both are in the audit
//! log, and the ledger keeps every count it published.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::app::App;
use super::error::ApiError;
use super::progress::Progress;
use crate::crypto::pseudonym;
use crate::domain::period::Period;
use crate::domain::role::Role;
use crate::report::labels::{self, english, label, title_key, Label};
use crate::report::output::{self, AuditHeadView, CaseLine};
use crate::report::suppress::{Cell, Protected, K_DEFAULT, K_MAX, K_MIN};
use crate::report::{protect_all, tables};
use crate::store::reports::{self as store, Scope};

/// The default caseload below which a district is merged into its province.
pub const DISTRICT_MIN_DEFAULT: u64 = 20;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRequest {
    /// `2026Q3`, `2026H2` or `2026`.
    pub period: String,
    #[serde(default)]
    pub k: Option<u64>,
    #[serde(default)]
    pub district_min: Option<u64>,
    /// A recipient's name: when set, the export adds the case-level table
    /// under pseudonyms keyed for this recipient.
    #[serde(default)]
    pub recipient: String,
    /// `en` (default) or `ur`: the language of the HTML page and labels.
    #[serde(default)]
    pub language: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportInput {
    pub request: ReportRequest,
    pub approver: String,
    pub approver_passphrase: String,
    /// The folder the export's own folder is made in.
    pub folder: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TableView {
    pub key: String,
    pub title_key: String,
    pub rows: Vec<Label>,
    pub cols: Vec<Label>,
    pub cells: Vec<Vec<Cell>>,
    pub suppressed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub period: String,
    /// The issue this export would be (2 or more: a reissue).
    pub issue: i64,
    pub k: u64,
    pub district_min: u64,
    pub tables: Vec<TableView>,
    pub suppressed: usize,
    /// Rows of the case-level table when a recipient is named.
    pub case_rows: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportView {
    pub folder: String,
    pub files: Vec<String>,
    pub period: String,
    pub issue: i64,
    pub suppressed: usize,
    pub content_hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportSummaryView {
    pub period: String,
    pub issue: i64,
    pub k: i64,
    pub suppressed: i64,
    pub exported_at: String,
}

fn invalid(field: &'static str, reason: &'static str) -> ApiError {
    ApiError::InvalidInput { field, reason }
}

/// (case id, phase at the period's end, needs high at first, at the
/// latest, improved).
type CaseFacts = (String, i64, Option<(u64, u64, u64)>);

/// A report worked out, not yet written.
struct Built {
    period: Period,
    issue: i64,
    k: u64,
    district_min: u64,
    tables: Vec<Protected>,
    /// (case id, phase at the end, needs) of the caseload.
    cases: Vec<CaseFacts>,
}

fn view_of(table: &Protected) -> TableView {
    TableView {
        key: table.key.clone(),
        title_key: title_key(&table.key),
        rows: table
            .rows
            .iter()
            .map(|r| label(&table.key, true, r))
            .collect(),
        cols: table
            .cols
            .iter()
            .map(|c| label(&table.key, false, c))
            .collect(),
        cells: table.cells.clone(),
        suppressed: table.suppressed(),
    }
}

/// Writes every file into a fresh hidden folder inside `parent`, syncs
/// them, then renames the folder to `name`, so a reader never sees half
/// an export.
fn write_folder(parent: &Path, name: &str, files: &[output::File]) -> Result<PathBuf, ApiError> {
    let target = parent.join(name);
    if target.exists() {
        return Err(ApiError::Duplicate {
            entity: "report",
            field: "folder",
        });
    }
    let staging = parent.join(format!(".{name}.partial"));
    let storage = |_: std::io::Error| ApiError::Storage {
        detail: "the report files could not be written".into(),
    };
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(storage)?;
    }
    fs::create_dir(&staging).map_err(storage)?;
    let written = (|| -> std::io::Result<()> {
        for file in files {
            let mut handle = fs::File::create(staging.join(&file.name))?;
            handle.write_all(&file.bytes)?;
            handle.sync_all()?;
        }
        fs::rename(&staging, &target)?;
        fs::File::open(parent)?.sync_all()?;
        Ok(())
    })();
    if let Err(err) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(storage(err));
    }
    Ok(target)
}

impl App {
    fn build_report(
        &self,
        request: &ReportRequest,
        progress: &mut Progress<'_>,
    ) -> Result<Built, ApiError> {
        let session = self.require(|r| r == Role::Supervisor)?;
        let period = Period::parse(&request.period)
            .ok_or(invalid("period", "must be like 2026Q3, 2026H2 or 2026"))?;
        let today = self.clock.today();
        if period.start > today {
            return Err(invalid("period", "has not begun yet"));
        }
        let k = request.k.unwrap_or(K_DEFAULT);
        if !(K_MIN..=K_MAX).contains(&k) {
            return Err(invalid("k", "must be from 3 to 11"));
        }
        let district_min = request.district_min.unwrap_or(DISTRICT_MIN_DEFAULT);
        if !(k..=1000).contains(&district_min) {
            return Err(invalid("district_min", "must be from k to 1000"));
        }
        if !request.language.is_empty() && labels::catalog(&request.language).is_none() {
            return Err(invalid("language", "must be a language the catalogs offer"));
        }
        if request.recipient.chars().count() > 200 {
            return Err(ApiError::TooLong {
                field: "recipient",
                max: 200,
            });
        }
        let scope = Scope {
            start: period.start.to_string(),
            end: period.end.to_string(),
            today: today.to_string(),
            districts: session.user.districts.clone(),
        };
        let conn = session.vault.conn();
        const STEPS: u64 = 4;
        progress.step("report.collect", 0, STEPS)?;
        store::open_scope(conn, &scope)?;
        let caseload = store::caseload(conn, &scope)?;
        store::hold_caseload(conn, &caseload)?;
        let with_cases = !request.recipient.trim().is_empty();
        let (needs, per_case) = store::needs(conn, &scope, with_cases)?;
        let inputs = tables::Inputs {
            districts: store::districts(conn, &scope)?,
            new_referrals: store::new_referrals(conn, &scope)?,
            needs,
            timeliness: store::timeliness(conn, &scope)?,
            plan_actions: store::plan_actions(conn, &scope)?,
            organisations: store::organisation_types(conn)?,
            referral_use: store::referral_use(conn, &scope)?,
            referral_barriers: store::referral_barriers(conn, &scope)?,
            incidents: store::incidents(conn, &scope)?,
            closures: store::closures(conn, &scope)?,
            caseload,
        };
        store::close_scope(conn)?;
        progress.step("report.protect", 1, STEPS)?;
        let counted =
            tables::build(&inputs, &period, district_min).map_err(|_| ApiError::Damaged {
                detail: "a report table met a value outside its codes",
            })?;
        let ledger = store::ledger(conn)?;
        let protected = protect_all(&counted, k, &ledger);
        let issue = store::next_issue(conn, &period.label)?;
        let cases = inputs
            .caseload
            .iter()
            .map(|c| {
                (
                    c.case_id.clone(),
                    c.phase,
                    per_case.get(&c.case_id).copied(),
                )
            })
            .collect();
        Ok(Built {
            period,
            issue,
            k,
            district_min,
            tables: protected,
            cases,
        })
    }

    /// The report of a period as it would be exported now.
    pub fn report_preview(
        &self,
        request: &ReportRequest,
        progress: &mut Progress<'_>,
    ) -> Result<ReportView, ApiError> {
        let built = self.build_report(request, progress)?;
        progress.report("report.done", 4, 4);
        Ok(ReportView {
            period: built.period.label.clone(),
            issue: built.issue,
            k: built.k,
            district_min: built.district_min,
            suppressed: built.tables.iter().map(Protected::suppressed).sum(),
            tables: built.tables.iter().map(view_of).collect(),
            case_rows: (!request.recipient.trim().is_empty()).then_some(built.cases.len()),
        })
    }

    /// Writes the report of a period once a second person approves it.
    pub fn report_export(
        &mut self,
        input: ExportInput,
        progress: &mut Progress<'_>,
    ) -> Result<ExportView, ApiError> {
        let drafter = self.require(|r| r == Role::Supervisor)?.user.clone();
        let parent = PathBuf::from(input.folder.trim());
        if !parent.is_absolute() || !parent.is_dir() {
            return Err(invalid("folder", "must be an existing folder"));
        }
        let approver = self.confirm_other_user(&input.approver, &input.approver_passphrase)?;
        if approver.id == drafter.id
            || !matches!(approver.role, Role::Supervisor | Role::Administrator)
        {
            return Err(invalid(
                "approver",
                "must be another supervisor or an administrator",
            ));
        }
        let built = self.build_report(&input.request, progress)?;
        let catalog = labels::catalog(&input.request.language).unwrap_or_else(english);
        let head = self.session()?.vault.audit_head()?.map(|h| AuditHeadView {
            seq: h.seq,
            hash: h.hash,
        });
        let recipient = input.request.recipient.trim().to_owned();
        let lines: Option<(String, Vec<CaseLine>)> = if recipient.is_empty() {
            None
        } else {
            let fresh: [u8; 32] = crate::crypto::secret::random_bytes()?;
            let now = self.now();
            let secret = self.session_mut()?.vault.write(&drafter.id, &now, |w| {
                store::pseudonym_secret(w.conn(), &fresh)
            })?;
            let key = pseudonym::recipient_key(&secret, &recipient);
            let mut lines: Vec<CaseLine> = built
                .cases
                .iter()
                .map(|(id, phase, needs)| CaseLine {
                    pseudonym: pseudonym::pseudonym(&key, id),
                    phase: *phase,
                    needs: *needs,
                })
                .collect();
            // Sorted by pseudonym, so the order tells nothing about ids.
            lines.sort_by(|a, b| a.pseudonym.cmp(&b.pseudonym));
            Some((pseudonym::key_id(&key), lines))
        };
        progress.step("report.write", 2, 4)?;
        let (files, manifest) = output::files(
            &built.period.label,
            built.issue,
            built.k,
            built.district_min,
            &built.tables,
            lines.as_ref().map(|(id, l)| (id.as_str(), l.as_slice())),
            head,
            catalog,
        );
        let name = format!("report-{}-{}", built.period.label, built.issue);
        let target = write_folder(&parent, &name, &files)?;
        let folder = target.to_string_lossy().into_owned();
        let now = self.now();
        let cells: Vec<(String, String, String, u64)> = built
            .tables
            .iter()
            .flat_map(|t| {
                t.published()
                    .into_iter()
                    .map(|(r, c, v)| (t.key.clone(), r.to_owned(), c.to_owned(), v))
                    .collect::<Vec<_>>()
            })
            .collect();
        let suppressed = manifest.suppressed_cells;
        let recorded =
            self.session_mut()?
                .vault
                .write(&drafter.id, &now, |w| -> Result<String, ApiError> {
                    let id = store::record_export(
                        w.conn(),
                        &w.stamp,
                        &store::ExportRecord {
                            period: &built.period.label,
                            issue_no: built.issue,
                            k: built.k,
                            drafted_by: &drafter.id,
                            approved_by: &approver.id,
                            recipient: &recipient,
                            suppressed,
                            content_hash: &manifest.content_hash,
                            folder: &folder,
                            cells: cells
                                .iter()
                                .map(|(t, r, c, v)| (t.as_str(), r.as_str(), c.as_str(), *v))
                                .collect(),
                        },
                    )?;
                    w.audit("report_drafted", "report", &id)?;
                    w.audit_as(&approver.id, "report_approved", "report", &id)?;
                    Ok(id)
                });
        if let Err(err) = recorded {
            // Not in the ledger, so not published: take the files back.
            let _ = fs::remove_dir_all(&target);
            return Err(err);
        }
        progress.report("report.done", 4, 4);
        Ok(ExportView {
            folder,
            files: files.iter().map(|f| f.name.clone()).collect(),
            period: built.period.label,
            issue: built.issue,
            suppressed,
            content_hash: manifest.content_hash,
        })
    }

    /// Earlier exports, newest first (supervisors and administrators).
    pub fn report_exports(&self) -> Result<Vec<ExportSummaryView>, ApiError> {
        let session = self.require(|r| matches!(r, Role::Supervisor | Role::Administrator))?;
        Ok(store::exports(session.vault.conn())?
            .into_iter()
            .map(|(period, issue, k, suppressed, at)| ExportSummaryView {
                period,
                issue,
                k,
                suppressed,
                exported_at: at.get(..10).unwrap_or_default().to_owned(),
            })
            .collect())
    }
}
