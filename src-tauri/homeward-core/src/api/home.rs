//! The home screen by role: reviews due within 14 days and overdue, what
//! waits for the reader's signature, plan actions overdue by responsible
//! organisation, and for a mentor the agreement revisions due. Every list
//! is limited to the reader's own cases (the same row scope as the case
//! list) and carries ids, case numbers, codes and dates only.

use serde::Serialize;

use super::app::App;
use super::error::ApiError;
use super::mentoring::RevisionDueView;
use super::plans::DueView;
use crate::domain::role::Role;
use crate::store::plans as store;

#[derive(Debug, Clone, Serialize)]
pub struct AwaitingView {
    /// assessment, plan, legal_basis or disclosure.
    pub kind: String,
    pub case_id: String,
    pub case_number: String,
    pub id: String,
    pub since: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OverdueActionView {
    pub case_id: String,
    pub case_number: String,
    pub action_id: String,
    pub due_on: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrganisationOverdue {
    pub organisation: String,
    pub actions: Vec<OverdueActionView>,
}

/// How many rows each home-screen list shows at most: the most urgent.
/// A supervisor of a province may have thousands; the page says how many
/// more there are.
pub const HOME_LIST_LIMIT: i64 = 50;

/// How many items each list holds in all (each list shows at most
/// [`HOME_LIST_LIMIT`]); counting stops at `cap`, which then means "cap or
/// more".
#[derive(Debug, Clone, Default, Serialize)]
pub struct HomeTotals {
    pub reviews: i64,
    pub awaiting_signature: i64,
    pub overdue_actions: i64,
    pub revisions: i64,
    pub cap: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub role: &'static str,
    pub reviews: Vec<DueView>,
    pub awaiting_signature: Vec<AwaitingView>,
    pub overdue_actions: Vec<OrganisationOverdue>,
    pub revisions: Vec<RevisionDueView>,
    pub totals: HomeTotals,
}

impl App {
    /// The reader's home screen lists, each the most urgent
    /// [`HOME_LIST_LIMIT`] with its total.
    pub fn home(&self) -> Result<HomeView, ApiError> {
        let session = self.session()?;
        let role = session.user.role;
        let scope = super::cases::row_scope(session);
        let conn = session.vault.conn();
        let mut totals = HomeTotals {
            cap: store::COUNT_CAP,
            ..HomeTotals::default()
        };
        let awaiting = if role == Role::Supervisor {
            let (found, total) = store::awaiting_signature(
                conn,
                &scope,
                crate::domain::needs::DOMAINS.len(),
                HOME_LIST_LIMIT,
            )?;
            totals.awaiting_signature = total;
            found
                .into_iter()
                .map(|(kind, case_id, case_number, id, since)| AwaitingView {
                    kind,
                    case_id,
                    case_number,
                    id,
                    since,
                })
                .collect()
        } else {
            Vec::new()
        };
        let mut overdue: Vec<OrganisationOverdue> = Vec::new();
        if matches!(role, Role::CaseWorker | Role::Supervisor) {
            let today = self.clock.today().to_string();
            let (mut found, total) = store::overdue_actions(conn, &scope, &today, HOME_LIST_LIMIT)?;
            totals.overdue_actions = total;
            // The longest overdue were chosen; they are shown by
            // organisation, each organisation's longest overdue first.
            found.sort_by(|a, b| (&a.0, &a.4).cmp(&(&b.0, &b.4)));
            for (organisation, case_id, case_number, action_id, due_on) in found {
                let action = OverdueActionView {
                    case_id,
                    case_number,
                    action_id,
                    due_on,
                };
                match overdue.last_mut() {
                    Some(group) if group.organisation == organisation => group.actions.push(action),
                    _ => overdue.push(OrganisationOverdue {
                        organisation,
                        actions: vec![action],
                    }),
                }
            }
        }
        let reviews = if role == Role::Administrator {
            Vec::new()
        } else {
            let (found, total) = self.reviews_due_first(HOME_LIST_LIMIT)?;
            totals.reviews = total;
            found
        };
        let (revisions, total) = self.revisions_due_first(HOME_LIST_LIMIT)?;
        totals.revisions = total;
        Ok(HomeView {
            role: role.as_str(),
            reviews,
            awaiting_signature: awaiting,
            overdue_actions: overdue,
            revisions,
            totals,
        })
    }
}
