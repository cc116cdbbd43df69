//! The anonymised supervisor report: count tables built from the vault
//! (`store::reports`, `tables`), protected against small counts and
//! differencing (`suppress`), and written as CSV, one self-contained HTML
//! page and a manifest (`output`), with labels from the catalogs
//! (`labels`).

pub mod labels;
pub mod output;
pub mod suppress;
pub mod tables;

use std::collections::HashMap;

use suppress::{protect, protect_family, CountTable, History, Protected};

/// What earlier exports published, by table, then (row, column).
pub type Ledger = HashMap<String, History>;

/// Protects every table against small counts, its own totals and the
/// ledger; tables of a family (see `tables::FAMILIES`) also hide each
/// other's shared totals. The order of `tables` is kept.
pub fn protect_all(tables: &[CountTable], k: u64, ledger: &Ledger) -> Vec<Protected> {
    let empty = History::new();
    let history = |key: &str| ledger.get(key).unwrap_or(&empty).clone();
    let mut out: Vec<Option<Protected>> = vec![None; tables.len()];
    for (members, shared) in tables::FAMILIES {
        let indices: Vec<usize> = tables
            .iter()
            .enumerate()
            .filter(|(_, t)| members.contains(&t.key.as_str()))
            .map(|(i, _)| i)
            .collect();
        let family: Vec<CountTable> = indices.iter().map(|&i| tables[i].clone()).collect();
        let histories: Vec<History> = family.iter().map(|t| history(&t.key)).collect();
        for (i, done) in indices
            .into_iter()
            .zip(protect_family(&family, k, &histories, shared))
        {
            out[i] = Some(done);
        }
    }
    tables
        .iter()
        .zip(out)
        .map(|(table, done)| {
            done.unwrap_or_else(|| protect(table, k, &history(&table.key), &Default::default()))
        })
        .collect()
}

/// Adds what `tables` published to `ledger` (as the export ledger in the
/// vault does for an approved export).
pub fn record(ledger: &mut Ledger, tables: &[Protected]) {
    for table in tables {
        let history = ledger.entry(table.key.clone()).or_default();
        for (row, col, value) in table.published() {
            history
                .entry((row.to_owned(), col.to_owned()))
                .or_default()
                .push(value);
        }
    }
}
