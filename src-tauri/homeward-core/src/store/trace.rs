//! Statement capture for the benchmark's floor. Once switched on for a
//! thread, every connection that thread opens reports each statement it
//! runs on that thread, with its bound values written into the text, so
//! `bench` can run the very same SQL bare on copies of the file. Off (the
//! default) nothing is installed and nothing is kept; other threads (the
//! window's, other tests') are never captured. The captured text holds
//! vault content: it stays in memory, is handed only to the bench's replay
//! and is never printed.

use std::cell::{Cell, RefCell};

use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::Connection;

use super::StoreError;

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(false) };
    static CAPTURED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    /// Statements whose text could not be expanded (none is expected).
    static LOST: Cell<usize> = const { Cell::new(0) };
}

/// Captures from every connection this thread opens from now on.
pub fn enable() {
    ENABLED.with(|on| on.set(true));
}

/// Stops capturing on this thread and forgets what was not taken.
/// Connections opened while it was on keep reporting until closed, into a
/// buffer nobody reads; the bench closes them all before it ends.
pub fn disable() {
    ENABLED.with(|on| on.set(false));
    let _ = take();
}

/// The statements this thread ran since the last call, in order, and how
/// many could not be captured.
pub fn take() -> (Vec<String>, usize) {
    let statements = CAPTURED.with(|held| std::mem::take(&mut *held.borrow_mut()));
    (statements, LOST.with(|lost| lost.replace(0)))
}

/// Installs the capture on `conn` when this thread has it switched on.
pub(crate) fn install(conn: &mut Connection) -> Result<(), StoreError> {
    if !ENABLED.with(Cell::get) {
        return Ok(());
    }
    conn.trace_v2(
        TraceEventCodes::SQLITE_TRACE_STMT,
        Some(|event: TraceEvent<'_>| {
            // A trigger's body reports itself as a comment: its work is
            // part of the statement that fired it.
            if let TraceEvent::Stmt(statement, sql) = event {
                if sql.starts_with("--") {
                    return;
                }
                match statement.expanded_sql() {
                    Some(text) => CAPTURED.with(|held| held.borrow_mut().push(text)),
                    None => LOST.with(|lost| lost.set(lost.get() + 1)),
                }
            }
        }),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::DbKey;
    use crate::store::open::{open_connection, OpenMode};

    #[test]
    fn a_capturing_thread_gets_its_statements_with_values_and_others_get_none() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate().unwrap();
        let path = dir.path().join("vault.db");
        drop(open_connection(&path, &key, OpenMode::Create).unwrap());

        let quiet = open_connection(&path, &key, OpenMode::Existing).unwrap();
        quiet.execute_batch("SELECT 1").unwrap();
        assert!(take().0.is_empty(), "nothing is captured before enable");

        enable();
        let conn = open_connection(&path, &key, OpenMode::Existing).unwrap();
        conn.query_row("SELECT ?1 || 'b'", ["a'x"], |r| r.get::<_, String>(0))
            .unwrap();
        quiet.execute_batch("SELECT 2").unwrap();
        let other = std::thread::spawn(move || {
            let (found, _) = take();
            found.len()
        });
        assert_eq!(other.join().unwrap(), 0, "another thread captures nothing");
        let (found, lost) = take();
        assert_eq!(lost, 0);
        assert_eq!(found, vec!["SELECT 'a''x' || 'b'".to_owned()]);
        disable();
        conn.execute_batch("SELECT 3").unwrap();
        let after = open_connection(&path, &key, OpenMode::Existing).unwrap();
        after.execute_batch("SELECT 4").unwrap();
        assert_eq!(
            take().0,
            vec!["SELECT 3".to_owned()],
            "only the open one still reports"
        );
    }
}
