//! Checking a vault while it is open: SQLite's integrity check table by
//! table, SQLCipher's check of every page's HMAC, the search index's own
//! check, and the audit chain. A long operation: it reports each step and
//! gives up between steps when cancelled.

use serde::Serialize;

use super::app::App;
use super::dto::AuditVerifyView;
use super::error::ApiError;
use super::progress::Progress;
use crate::domain::role::Role;
use crate::store::StoreError;

#[derive(Debug, Clone, Serialize)]
pub struct VaultCheckView {
    pub intact: bool,
    /// What SQLite and SQLCipher reported; table, index and page names only.
    pub problems: Vec<String>,
    pub audit: AuditVerifyView,
}

fn strings(conn: &rusqlite::Connection, sql: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

impl App {
    /// Checks the whole vault (administrators and supervisors).
    pub fn check_vault(&self, progress: &mut Progress<'_>) -> Result<VaultCheckView, ApiError> {
        let session = self.require(Role::verifies_audit)?;
        let conn = session.vault.conn();
        let tables = strings(
            conn,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )?;
        let total = tables.len() as u64 + 3;
        let mut problems = Vec::new();
        for (index, table) in tables.iter().enumerate() {
            progress.step("check.tables", index as u64, total)?;
            let quoted = table.replace('"', "\"\"");
            let found = strings(conn, &format!("PRAGMA integrity_check(\"{quoted}\")"))?;
            problems.extend(found.into_iter().filter(|line| line != "ok"));
        }
        progress.step("check.search_index", tables.len() as u64, total)?;
        if conn
            .execute(
                "INSERT INTO case_search (case_search) VALUES ('integrity-check')",
                [],
            )
            .is_err()
        {
            problems.push("the search index does not match its table".to_owned());
        }
        progress.step("check.pages", tables.len() as u64 + 1, total)?;
        problems.extend(strings(conn, "PRAGMA cipher_integrity_check")?);
        progress.step("check.audit", tables.len() as u64 + 2, total)?;
        let audit = self.verify_audit()?;
        progress.report("check.done", total, total);
        Ok(VaultCheckView {
            intact: problems.is_empty() && audit.intact,
            problems,
            audit,
        })
    }
}
