//! Disclosure control of a count table, before anything leaves the vault.
//!
//! A table is published with its row and column totals. Every published
//! count is 0 or at least k:
//! - primary suppression hides every count from 1 to k-1, totals included;
//! - history suppression hides every count that differs by 1 to k-1 from
//!   what an earlier export published for the same cell (a quarter against
//!   its half-year, a corrected quarter against the first issue);
//! - secondary suppression hides more cells until, for every hidden cell,
//!   the values it could take given everything published (the other
//!   cells, the totals, and that counts are never negative) span at least
//!   k. That span is computed exactly with a linear programme per hidden
//!   cell (microlp), not estimated, so the check holds whatever the
//!   heuristic chose.
//!
//! The heuristic only decides which cells to hide next; it always ends,
//! since each round hides one more cell and a table with everything hidden
//! is safe.

use std::collections::{BTreeSet, HashMap};

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use serde::Serialize;

/// The smallest and largest k a report may use, and the default.
pub const K_MIN: u64 = 3;
pub const K_MAX: u64 = 11;
pub const K_DEFAULT: u64 = 5;

/// The key of a total row or column.
pub const TOTAL: &str = "total";

/// A table of counts: `counts[row][col]`, without totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    pub key: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

impl CountTable {
    /// An empty table of these rows and columns.
    pub fn zeros(key: &str, rows: Vec<String>, cols: Vec<String>) -> Self {
        let counts = vec![vec![0; cols.len()]; rows.len()];
        Self {
            key: key.to_owned(),
            rows,
            cols,
            counts,
        }
    }

    /// Adds `n` to the cell of these keys; false when either is unknown.
    pub fn add(&mut self, row: &str, col: &str, n: u64) -> bool {
        let (Some(r), Some(c)) = (
            self.rows.iter().position(|k| k == row),
            self.cols.iter().position(|k| k == col),
        ) else {
            return false;
        };
        self.counts[r][c] += n;
        true
    }
}

/// Why a cell is not published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hidden {
    /// A count from 1 to k-1.
    Small,
    /// Hidden so that a small count cannot be worked out from the totals.
    Complement,
    /// It differs from an earlier export's count by 1 to k-1.
    History,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The count, or `None` when it is hidden.
    pub value: Option<u64>,
    pub hidden: Option<Hidden>,
}

/// A table as it is published: the rows and columns end with their totals
/// (a table of one column has no total column, its column total is the
/// grand total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Protected {
    pub key: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    pub cells: Vec<Vec<Cell>>,
}

impl Protected {
    pub fn suppressed(&self) -> usize {
        self.cells
            .iter()
            .flatten()
            .filter(|c| c.value.is_none())
            .count()
    }

    /// Every published (row, column, value), totals included.
    pub fn published(&self) -> Vec<(&str, &str, u64)> {
        let mut out = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            for (c, col) in self.cols.iter().enumerate() {
                if let Some(v) = self.cells[r][c].value {
                    out.push((row.as_str(), col.as_str(), v));
                }
            }
        }
        out
    }
}

/// What earlier exports published, by (row, column) of one table.
pub type History = HashMap<(String, String), Vec<u64>>;

/// A set of cells of one grid, by index (fast even in a debug build,
/// which the property tests run in).
#[derive(Debug, Clone)]
struct Cells(Vec<bool>);

impl Cells {
    fn new(len: usize) -> Self {
        Self(vec![false; len])
    }

    fn contains(&self, cell: &usize) -> bool {
        self.0[*cell]
    }

    fn insert(&mut self, cell: usize) -> bool {
        !std::mem::replace(&mut self.0[cell], true)
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, on)| **on)
            .map(|(i, _)| i)
    }
}

/// The table with its totals as one grid, and the sums that bind it.
struct Grid {
    rows: Vec<String>,
    cols: Vec<String>,
    width: usize,
    values: Vec<u64>,
    /// Each constraint is a list of (cell, coefficient) summing to zero.
    constraints: Vec<Vec<(usize, f64)>>,
    /// The constraints each cell is in.
    member_of: Vec<Vec<usize>>,
    is_total: Vec<bool>,
}

impl Grid {
    fn new(table: &CountTable) -> Self {
        let r_n = table.rows.len();
        let c_n = table.cols.len();
        let with_total_col = c_n > 1;
        let width = if with_total_col { c_n + 1 } else { c_n.max(1) };
        let height = r_n + 1;
        let mut values = vec![0u64; width * height];
        let mut is_total = vec![false; width * height];
        for r in 0..r_n {
            for c in 0..c_n {
                let v = table.counts[r][c];
                values[r * width + c] = v;
                values[r_n * width + c] += v;
                if with_total_col {
                    values[r * width + c_n] += v;
                    values[r_n * width + c_n] += v;
                }
            }
        }
        for r in 0..height {
            for c in 0..width {
                is_total[r * width + c] = r == r_n || (with_total_col && c == c_n);
            }
        }
        let mut constraints = Vec::new();
        if with_total_col {
            for r in 0..height {
                let mut sum: Vec<(usize, f64)> = (0..c_n).map(|c| (r * width + c, 1.0)).collect();
                sum.push((r * width + c_n, -1.0));
                constraints.push(sum);
            }
        }
        if r_n > 0 {
            for c in 0..width {
                let mut sum: Vec<(usize, f64)> = (0..r_n).map(|r| (r * width + c, 1.0)).collect();
                sum.push((r_n * width + c, -1.0));
                constraints.push(sum);
            }
        }
        let mut member_of = vec![Vec::new(); width * height];
        for (i, constraint) in constraints.iter().enumerate() {
            for (cell, _) in constraint {
                member_of[*cell].push(i);
            }
        }
        let mut rows = table.rows.clone();
        rows.push(TOTAL.into());
        let mut cols = table.cols.clone();
        if with_total_col {
            cols.push(TOTAL.into());
        }
        Self {
            rows,
            cols,
            width,
            values,
            constraints,
            member_of,
            is_total,
        }
    }

    fn key(&self, cell: usize) -> (&str, &str) {
        (&self.rows[cell / self.width], &self.cols[cell % self.width])
    }
}

/// The hidden cells tied to `target` through sums that hold hidden cells:
/// only they can move when `target` moves.
fn component(grid: &Grid, hidden: &Cells, target: usize) -> Vec<usize> {
    let mut found = Cells::new(grid.values.len());
    found.insert(target);
    let mut queue = vec![target];
    while let Some(cell) = queue.pop() {
        for &i in &grid.member_of[cell] {
            for &(other, _) in &grid.constraints[i] {
                if hidden.contains(&other) && found.insert(other) {
                    queue.push(other);
                }
            }
        }
    }
    found.iter().collect()
}

/// The value of every hidden cell seen so far at a point that meets
/// everything published: the true table first, then each optimum found.
/// A cell already seen at two values k apart needs no programme of its own
/// (more hidden cells only widen what each can take).
type Seen = Vec<(f64, f64)>;

/// Solves for the largest (`maximise`) or smallest value of `target` over
/// its component, records the optimum's values in `seen`, and returns the
/// bound (`f64::INFINITY` when unbounded), or `None` when the solver cannot
/// answer.
fn bound(
    grid: &Grid,
    hidden: &Cells,
    target: usize,
    maximise: bool,
    seen: &mut Seen,
) -> Option<f64> {
    let cells = component(grid, hidden, target);
    let direction = if maximise {
        OptimizationDirection::Maximize
    } else {
        OptimizationDirection::Minimize
    };
    let mut problem = Problem::new(direction);
    let mut vars: Vec<Option<microlp::Variable>> = vec![None; grid.values.len()];
    for &cell in &cells {
        let objective = if cell == target { 1.0 } else { 0.0 };
        vars[cell] = Some(problem.add_var(objective, (0.0, f64::INFINITY)));
    }
    let mut used = vec![false; grid.constraints.len()];
    for &cell in &cells {
        for &i in &grid.member_of[cell] {
            used[i] = true;
        }
    }
    for (i, constraint) in grid.constraints.iter().enumerate() {
        if !used[i] {
            continue;
        }
        let mut terms = Vec::new();
        let mut rhs = 0.0;
        for &(cell, coef) in constraint {
            match vars[cell] {
                Some(var) => terms.push((var, coef)),
                None => rhs -= coef * grid.values[cell] as f64,
            }
        }
        problem.add_constraint(&terms, ComparisonOp::Eq, rhs);
    }
    match problem.solve().map(|outcome| outcome.into_solution()) {
        Ok(Ok(solution)) => {
            for &cell in &cells {
                let Some(var) = vars[cell] else { continue };
                let value = solution.var_value(var);
                let (low, high) = &mut seen[cell];
                *low = low.min(value);
                *high = high.max(value);
            }
            Some(solution.objective())
        }
        Err(microlp::Error::Unbounded) => Some(f64::INFINITY),
        // A solver that cannot answer proves nothing.
        _ => None,
    }
}

/// Whether `target` can take values at least k apart given what is published.
fn is_wide(grid: &Grid, hidden: &Cells, target: usize, k: u64, seen: &mut Seen) -> bool {
    let enough = |seen: &Seen| seen[target].1 - seen[target].0 >= k as f64 - 1e-6;
    if enough(seen) {
        return true;
    }
    match bound(grid, hidden, target, true, seen) {
        Some(high) if high.is_infinite() => return true,
        Some(_) if enough(seen) => return true,
        Some(_) => {}
        None => return false,
    }
    bound(grid, hidden, target, false, seen).is_some() && enough(seen)
}

/// The first hidden cell whose interval is narrower than k. Hiding more
/// cells only widens every interval (a published value becomes free), so a
/// cell found wide enough once is never checked again.
fn first_narrow(
    grid: &Grid,
    hidden: &Cells,
    k: u64,
    wide: &mut Cells,
    seen: &mut Seen,
) -> Option<usize> {
    for cell in hidden.iter() {
        if wide.contains(&cell) {
            continue;
        }
        if !is_wide(grid, hidden, cell, k, seen) {
            return Some(cell);
        }
        wide.insert(cell);
    }
    None
}

/// The order in which cells are sacrificed: inner cells before totals,
/// small before large. An empty cell hides nothing (its sums pin it at 0),
/// so empty cells are taken only when nothing else is left.
fn cost(grid: &Grid, cell: usize) -> (bool, bool, u64) {
    let value = grid.values[cell];
    (value == 0, grid.is_total[cell], value)
}

fn cheapest(
    grid: &Grid,
    hidden: &Cells,
    cells: impl Iterator<Item = usize>,
    allow_empty: bool,
) -> Option<usize> {
    cells
        .filter(|c| !hidden.contains(c) && (allow_empty || grid.values[*c] > 0))
        .min_by_key(|&c| (cost(grid, c), c))
}

/// Hides a cell in every sum that holds exactly one hidden cell (that cell
/// would be its sum less the others).
fn cover_lone_cells(grid: &Grid, hidden: &mut Cells) {
    loop {
        let lone = grid.constraints.iter().find(|constraint| {
            constraint
                .iter()
                .filter(|(c, _)| hidden.contains(c))
                .count()
                == 1
        });
        let Some(constraint) = lone else {
            return;
        };
        let members = || constraint.iter().map(|(c, _)| *c);
        match cheapest(grid, hidden, members(), false)
            .or_else(|| cheapest(grid, hidden, members(), true))
        {
            Some(cell) => {
                hidden.insert(cell);
            }
            None => return,
        }
    }
}

/// One table being protected: what is hidden and why, and what is already
/// known of each hidden cell's span. Hiding more never narrows a span, so
/// a table can be given more cells to hide (a family's shared totals) and
/// settled again without starting over.
struct Protector {
    key: String,
    grid: Grid,
    reason: HashMap<usize, Hidden>,
    hidden: Cells,
    wide: Cells,
    seen: Seen,
    k: u64,
}

impl Protector {
    fn new(table: &CountTable, k: u64, history: &History) -> Self {
        let grid = Grid::new(table);
        let mut reason: HashMap<usize, Hidden> = HashMap::new();
        for (cell, &value) in grid.values.iter().enumerate() {
            let (row, col) = grid.key(cell);
            if (1..k).contains(&value) {
                reason.insert(cell, Hidden::Small);
            } else if history
                .get(&(row.to_owned(), col.to_owned()))
                .is_some_and(|earlier| earlier.iter().any(|&p| (1..k).contains(&value.abs_diff(p))))
            {
                reason.insert(cell, Hidden::History);
            }
        }
        let hidden_len = grid.values.len();
        let mut hidden = Cells::new(hidden_len);
        for &cell in reason.keys() {
            hidden.insert(cell);
        }
        let seen = grid.values.iter().map(|&v| (v as f64, v as f64)).collect();
        Self {
            key: table.key.clone(),
            grid,
            reason,
            hidden,
            wide: Cells::new(hidden_len),
            seen,
            k,
        }
    }

    /// Hides the cells of these (row, column) keys.
    fn force(&mut self, keys: &BTreeSet<(String, String)>) {
        if keys.is_empty() {
            return;
        }
        for cell in 0..self.grid.values.len() {
            let (row, col) = self.grid.key(cell);
            if keys.contains(&(row.to_owned(), col.to_owned())) {
                self.hidden.insert(cell);
            }
        }
    }

    /// Hides more cells until every hidden one spans at least k.
    fn settle(&mut self) {
        let grid = &self.grid;
        loop {
            cover_lone_cells(grid, &mut self.hidden);
            let Some(first) =
                first_narrow(grid, &self.hidden, self.k, &mut self.wide, &mut self.seen)
            else {
                break;
            };
            let hidden = &self.hidden;
            let near = || {
                grid.member_of[first]
                    .iter()
                    .flat_map(|&i| grid.constraints[i].iter().map(|(c, _)| *c))
            };
            let touching = || {
                grid.constraints
                    .iter()
                    .filter(|cs| cs.iter().any(|(c, _)| hidden.contains(c)))
                    .flat_map(|cs| cs.iter().map(|(c, _)| *c))
            };
            let next = cheapest(grid, hidden, near(), false)
                .or_else(|| cheapest(grid, hidden, touching(), false))
                .or_else(|| cheapest(grid, hidden, 0..grid.values.len(), false))
                .or_else(|| cheapest(grid, hidden, near(), true))
                .or_else(|| cheapest(grid, hidden, 0..grid.values.len(), true));
            match next {
                Some(cell) => {
                    self.hidden.insert(cell);
                }
                None => break,
            }
        }
    }

    fn published(&self) -> Protected {
        let grid = &self.grid;
        let cells = (0..grid.rows.len())
            .map(|r| {
                (0..grid.width)
                    .map(|c| {
                        let cell = r * grid.width + c;
                        if self.hidden.contains(&cell) {
                            Cell {
                                value: None,
                                hidden: Some(
                                    self.reason
                                        .get(&cell)
                                        .copied()
                                        .unwrap_or(Hidden::Complement),
                                ),
                            }
                        } else {
                            Cell {
                                value: Some(grid.values[cell]),
                                hidden: None,
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        Protected {
            key: self.key.clone(),
            rows: grid.rows.clone(),
            cols: grid.cols.clone(),
            cells,
        }
    }
}

/// Protects one table: `history` holds what earlier exports published for
/// its cells, `forced` cells (row, column) are hidden whatever their value
/// (a total another table of the same family hid).
pub fn protect(
    table: &CountTable,
    k: u64,
    history: &History,
    forced: &BTreeSet<(String, String)>,
) -> Protected {
    let mut protector = Protector::new(table, k, history);
    protector.force(forced);
    protector.settle();
    protector.published()
}

/// Which totals tables of one family share: the grand total (every
/// caseload table counts the same cases) or also each row total (the
/// needs tables count the same cases per domain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    GrandTotal,
    RowTotals,
}

fn shared_keys(table: &Protected, shared: Shared) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let total_col = table.cols.len() - 1;
    let total_row = table.rows.len() - 1;
    for (r, row) in table.rows.iter().enumerate() {
        let is_shared = r == total_row || shared == Shared::RowTotals;
        if is_shared && table.cells[r][total_col].value.is_none() {
            out.insert((row.clone(), TOTAL.to_owned()));
        }
    }
    // A one-column table's grand total sits in its own column.
    if table.cols.len() == 1 && table.cells[total_row][0].value.is_none() {
        out.insert((TOTAL.to_owned(), TOTAL.to_owned()));
    }
    out
}

/// Where a family's shared total lives in one of its tables.
fn locate(table: &CountTable, key: &(String, String)) -> (String, String) {
    if table.cols.len() == 1 && key.1 == TOTAL {
        (key.0.clone(), table.cols[0].clone())
    } else {
        key.clone()
    }
}

/// Protects tables that share totals so that a total hidden in one is
/// hidden in all, repeating until no table hides a new shared total.
pub fn protect_family(
    tables: &[CountTable],
    k: u64,
    histories: &[History],
    shared: Shared,
) -> Vec<Protected> {
    let mut protectors: Vec<Protector> = tables
        .iter()
        .zip(histories)
        .map(|(table, history)| Protector::new(table, k, history))
        .collect();
    let mut forced: BTreeSet<(String, String)> = BTreeSet::new();
    loop {
        let mut out = Vec::with_capacity(tables.len());
        for (protector, table) in protectors.iter_mut().zip(tables) {
            protector.force(&forced.iter().map(|key| locate(table, key)).collect());
            protector.settle();
            out.push(protector.published());
        }
        let before = forced.len();
        for table in &out {
            forced.extend(shared_keys(table, shared));
        }
        if forced.len() == before {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(counts: &[&[u64]]) -> CountTable {
        CountTable {
            key: "t".into(),
            rows: (0..counts.len()).map(|r| format!("r{r}")).collect(),
            cols: (0..counts[0].len()).map(|c| format!("c{c}")).collect(),
            counts: counts.iter().map(|r| r.to_vec()).collect(),
        }
    }

    fn none() -> BTreeSet<(String, String)> {
        BTreeSet::new()
    }

    #[test]
    fn a_table_without_small_counts_is_published_whole() {
        let out = protect(&table(&[&[10, 0], &[7, 12]]), 5, &History::new(), &none());
        assert_eq!(out.suppressed(), 0);
        assert_eq!(out.cols, ["c0", "c1", "total"]);
        assert_eq!(out.cells[2][2].value, Some(29));
        assert_eq!(out.cells[0][2].value, Some(10));
    }

    #[test]
    fn a_small_count_takes_a_rectangle_of_others_with_it() {
        let out = protect(
            &table(&[&[2, 9, 30], &[6, 20, 40], &[15, 11, 25]]),
            5,
            &History::new(),
            &none(),
        );
        assert_eq!(out.cells[0][0].hidden, Some(Hidden::Small));
        for (r, row) in out.cells.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if let Some(v) = cell.value {
                    assert!(v == 0 || v >= 5, "published {v} at {r},{c}");
                }
            }
        }
        // No row or column holds exactly one hidden cell.
        for row in &out.cells {
            assert_ne!(row.iter().filter(|c| c.value.is_none()).count(), 1);
        }
        for c in 0..out.cols.len() {
            assert_ne!(out.cells.iter().filter(|r| r[c].value.is_none()).count(), 1);
        }
    }

    #[test]
    fn a_one_column_table_hides_a_second_cell_wide_enough() {
        let out = protect(
            &table(&[&[1], &[3], &[40], &[8]]),
            5,
            &History::new(),
            &none(),
        );
        assert_eq!(out.cols, ["c0"]);
        let hidden: Vec<usize> = (0..4)
            .filter(|&r| out.cells[r][0].value.is_none())
            .collect();
        // 1 and 3 together span only 4 < 5: a third cell must go too.
        assert!(hidden.len() >= 3, "{hidden:?}");
        assert_eq!(out.cells[4][0].value, Some(52));
    }

    #[test]
    fn a_small_grand_total_hides_everything_but_zeros() {
        let out = protect(&table(&[&[1, 0], &[2, 0]]), 5, &History::new(), &none());
        assert_eq!(out.cells[2][2].hidden, Some(Hidden::Small));
        assert_eq!(out.cells[0][1].value.unwrap_or(0), 0);
    }

    #[test]
    fn a_count_close_to_an_earlier_export_is_hidden() {
        let mut history = History::new();
        history.insert(("r0".into(), "c0".into()), vec![20]);
        history.insert(("r1".into(), "c0".into()), vec![30]);
        let out = protect(&table(&[&[22], &[30], &[50]]), 5, &history, &none());
        assert_eq!(out.cells[0][0].hidden, Some(Hidden::History));
        // The 30 goes with it (the cheapest partner); the 50 and the total stay.
        assert_eq!(out.cells[1][0].hidden, Some(Hidden::Complement));
        assert_eq!(out.cells[2][0].value, Some(50));
        assert_eq!(out.cells[3][0].value, Some(102));
    }

    #[test]
    fn a_family_hides_a_shared_total_in_every_table() {
        // Both tables count the same 40 cases; an earlier export published 38.
        let a = table(&[&[20], &[20]]);
        let b = table(&[&[20, 20]]);
        let mut history = History::new();
        history.insert(("total".into(), "c0".into()), vec![38]);
        let out = protect_family(&[a, b], 5, &[history, History::new()], Shared::GrandTotal);
        assert_eq!(out[0].cells[2][0].hidden, Some(Hidden::History));
        assert_eq!(out[1].cells[1][2].hidden, Some(Hidden::Complement));
        // Each hidden total still cannot be added up from what is shown.
        assert!(out[0].suppressed() >= 2);
        assert!(out[1].suppressed() >= 2);
    }
}
