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

#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub role: &'static str,
    pub reviews: Vec<DueView>,
    pub awaiting_signature: Vec<AwaitingView>,
    pub overdue_actions: Vec<OrganisationOverdue>,
    pub revisions: Vec<RevisionDueView>,
}

impl App {
    /// The reader's home screen lists.
    pub fn home(&self) -> Result<HomeView, ApiError> {
        let session = self.session()?;
        let role = session.user.role;
        let scope = super::cases::row_scope(session);
        let conn = session.vault.conn();
        let awaiting = if role == Role::Supervisor {
            store::awaiting_signature(conn, &scope, crate::domain::needs::DOMAINS.len())?
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
            for (organisation, case_id, case_number, action_id, due_on) in
                store::overdue_actions(conn, &scope, &today)?
            {
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
            self.reviews_due()?
        };
        Ok(HomeView {
            role: role.as_str(),
            reviews,
            awaiting_signature: awaiting,
            overdue_actions: overdue,
            revisions: self.revisions_due()?,
        })
    }
}
