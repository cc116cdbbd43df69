//! The files of an export: one CSV per table, one self-contained HTML page
//! (inline CSS and SVG charts, no script, a policy that forbids loading
//! anything, laid out to print), an optional case-level CSV under
//! per-recipient pseudonyms, and a manifest naming the period, k, every
//! table and its hidden cells, the audit head and a hash of every file.
//! Everything is built in memory; the api writes the files.

use ring::digest;
use serde::Serialize;

use super::labels::{label, title_key, Catalog};
use super::suppress::Protected;

/// A file of the export: its name and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The marker of a hidden count in CSV and HTML.
pub const HIDDEN: &str = "x";

/// One case of the optional case-level table, already pseudonymised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseLine {
    pub pseudonym: String,
    pub phase: i64,
    /// Domains high or urgent at the first assessment, at the latest, and
    /// domains improved; `None` without two assessments.
    pub needs: Option<(u64, u64, u64)>,
}

fn csv_bytes(rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        // Writing to memory cannot fail.
        let _ = writer.write_record(&row);
    }
    writer.into_inner().unwrap_or_default()
}

/// A table as CSV: codes and English labels of the rows, one column per
/// code, hidden counts as `x`.
pub fn table_csv(table: &Protected, catalog: &Catalog) -> Vec<u8> {
    let mut rows = Vec::new();
    let mut header = vec!["row".to_owned(), "label".to_owned()];
    header.extend(table.cols.iter().cloned());
    rows.push(header);
    for (r, code) in table.rows.iter().enumerate() {
        let mut line = vec![code.clone(), catalog.words(&label(&table.key, true, code))];
        for cell in &table.cells[r] {
            line.push(cell.value.map_or(HIDDEN.to_owned(), |v| v.to_string()));
        }
        rows.push(line);
    }
    csv_bytes(rows)
}

/// The case-level table.
pub fn cases_csv(period: &str, lines: &[CaseLine]) -> Vec<u8> {
    let mut rows = vec![[
        "pseudonym",
        "period",
        "phase_at_end",
        "domains_high_first",
        "domains_high_latest",
        "domains_improved",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect::<Vec<_>>()];
    for line in lines {
        let (a, b, c) = match line.needs {
            Some((a, b, c)) => (a.to_string(), b.to_string(), c.to_string()),
            None => (String::new(), String::new(), String::new()),
        };
        rows.push(vec![
            line.pseudonym.clone(),
            period.to_owned(),
            line.phase.to_string(),
            a,
            b,
            c,
        ]);
    }
    csv_bytes(rows)
}

/// Text for HTML: the five characters that could open markup are escaped.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// The bundled Nastaliq face (SIL Open Font License, `ui/fonts/OFL.txt`),
/// carried inside an Urdu page so it reads the same on a machine without
/// the font.
static NASTALIQ: &[u8] =
    include_bytes!("../../../../ui/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2");

fn nastaliq_face() -> String {
    format!(
        "@font-face{{font-family:'Homeward Nastaliq';font-weight:400 700;src:url(data:font/woff2;base64,{}) format('woff2')}}\
         body{{font-family:'Homeward Nastaliq','Noto Nastaliq Urdu',sans-serif;line-height:1.9}}",
        data_encoding::BASE64.encode(NASTALIQ)
    )
}

const STYLE: &str = "
body{font-family:'Noto Sans','Noto Nastaliq Urdu',sans-serif;color:#1f2a30;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.45}
h1{font-size:1.6rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
p.meta{color:#4a5a62;margin:.2rem 0}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #c9d3d8;padding:.2rem .5rem;text-align:end}
th[scope=row],thead th:first-child{text-align:start;font-weight:normal}
thead th{background:#eef3f5;font-weight:600}
tr.total th,tr.total td,td.total{font-weight:600;background:#f6f8f9}
td.hidden{color:#7a4b00;background:#fff7e6}
svg{display:block;margin:.5rem 0;max-width:100%}
section{break-inside:avoid;page-break-inside:avoid}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
";

/// A horizontal bar chart of a one-column table (or of a derived share):
/// one bar per row, hidden counts drawn as an empty outline marked ×.
fn bar_chart(title: &str, bars: &[(String, Option<f64>, String)], rtl: bool) -> String {
    let max = bars
        .iter()
        .filter_map(|(_, v, _)| *v)
        .fold(0.0_f64, f64::max)
        .max(1.0);
    let row_h = 22.0;
    let label_w = 260.0;
    let bar_w = 300.0;
    let width = label_w + bar_w + 80.0;
    let height = row_h * bars.len() as f64 + 10.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\"><title>{}</title>",
        esc(title)
    );
    for (i, (name, value, shown)) in bars.iter().enumerate() {
        let y = 5.0 + row_h * i as f64;
        // Coordinates stay left to right; an Urdu chart is mirrored by hand
        // (labels on the right, bars growing leftwards).
        let (label_x, anchor, bar_x0) = if rtl {
            (width - 4.0, "end", 80.0)
        } else {
            (label_w - 8.0, "end", label_w)
        };
        svg.push_str(&format!(
            "<text x=\"{label_x}\" y=\"{}\" font-size=\"12\" text-anchor=\"{anchor}\" fill=\"#1f2a30\">{}</text>",
            y + 15.0,
            esc(name)
        ));
        match value {
            Some(v) => {
                let w = (v / max * bar_w).max(if *v > 0.0 { 1.0 } else { 0.0 });
                let x = if rtl { bar_x0 + bar_w - w } else { bar_x0 };
                svg.push_str(&format!(
                    "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"14\" fill=\"#2f6f8f\"/>",
                    y + 4.0
                ));
                let tx = if rtl { x - 4.0 } else { x + w + 4.0 };
                let ta = if rtl { "end" } else { "start" };
                svg.push_str(&format!(
                    "<text x=\"{tx:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"{ta}\" fill=\"#1f2a30\">{}</text>",
                    y + 15.0,
                    esc(shown)
                ));
            }
            None => {
                let x = if rtl { bar_x0 + bar_w - 24.0 } else { bar_x0 };
                svg.push_str(&format!(
                    "<rect x=\"{x}\" y=\"{}\" width=\"24\" height=\"14\" fill=\"none\" stroke=\"#7a4b00\" stroke-dasharray=\"3 2\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#7a4b00\">×</text>",
                    y + 4.0,
                    x + 12.0,
                    y + 15.0
                ));
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

fn chart_of(table: &Protected, catalog: &Catalog) -> Option<String> {
    let rtl = catalog.rtl();
    let title = catalog.text(&title_key(&table.key));
    let body_rows = table.rows.len() - 1;
    if table.cols.len() == 1 {
        let bars: Vec<(String, Option<f64>, String)> = (0..body_rows)
            .map(|r| {
                let value = table.cells[r][0].value;
                (
                    catalog.words(&label(&table.key, true, &table.rows[r])),
                    value.map(|v| v as f64),
                    value.map(|v| v.to_string()).unwrap_or_default(),
                )
            })
            .collect();
        return Some(bar_chart(&title, &bars, rtl));
    }
    if table.key == "needs_change" {
        let improved = table.cols.iter().position(|c| c == "improved")?;
        let total = table.cols.len() - 1;
        let bars: Vec<(String, Option<f64>, String)> = (0..body_rows)
            .filter(|&r| table.cells[r][total].value != Some(0))
            .map(|r| {
                let share = match (table.cells[r][improved].value, table.cells[r][total].value) {
                    (Some(a), Some(b)) if b > 0 => Some(100.0 * a as f64 / b as f64),
                    _ => None,
                };
                (
                    catalog.words(&label(&table.key, true, &table.rows[r])),
                    share,
                    share.map(|s| format!("{s:.0} %")).unwrap_or_default(),
                )
            })
            .collect();
        if bars.is_empty() {
            return None;
        }
        return Some(bar_chart(
            &catalog.text("report.share_improved"),
            &bars,
            rtl,
        ));
    }
    None
}

fn html_table(table: &Protected, catalog: &Catalog) -> String {
    let mut html = String::from("<table><thead><tr><th></th>");
    for col in &table.cols {
        html.push_str(&format!(
            "<th scope=\"col\">{}</th>",
            esc(&catalog.words(&label(&table.key, false, col)))
        ));
    }
    html.push_str("</tr></thead><tbody>");
    let last_row = table.rows.len() - 1;
    let last_col = table.cols.len() - 1;
    for (r, row) in table.rows.iter().enumerate() {
        let class = if r == last_row {
            " class=\"total\""
        } else {
            ""
        };
        html.push_str(&format!(
            "<tr{class}><th scope=\"row\">{}</th>",
            esc(&catalog.words(&label(&table.key, true, row)))
        ));
        for (c, cell) in table.cells[r].iter().enumerate() {
            let total = table.cols.len() > 1 && c == last_col;
            match cell.value {
                Some(v) => html.push_str(&format!(
                    "<td{}>{v}</td>",
                    if total { " class=\"total\"" } else { "" }
                )),
                None => html.push_str(&format!(
                    "<td class=\"hidden\" title=\"{}\">×</td>",
                    esc(&catalog.text("report.hidden"))
                )),
            }
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// The report as one HTML page that needs nothing else to show or print.
pub fn html(period: &str, issue: i64, k: u64, tables: &[Protected], catalog: &Catalog) -> Vec<u8> {
    let rtl = catalog.rtl();
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; font-src data:\">\
         <meta name=\"viewport\" content=\"width=device-width\">\
         <title>{} {}</title><style>{STYLE}{}</style></head><body>",
        catalog.language,
        if rtl { "rtl" } else { "ltr" },
        esc(&catalog.text("report.title")),
        esc(period),
        if rtl { nastaliq_face() } else { String::new() }
    );
    html.push_str(&format!(
        "<h1>{}</h1><p class=\"meta\">{} · {}</p><p class=\"meta\">{}</p><p class=\"meta\">{}</p>",
        esc(&catalog.text("report.title")),
        esc(&catalog.text("report.period").replace("{period}", period)),
        esc(&catalog
            .text("report.issue")
            .replace("{issue}", &issue.to_string())),
        esc(&catalog
            .text("report.hidden_note")
            .replace("{small}", &(k - 1).to_string())),
        esc(&catalog.text("report.generated_by")),
    ));
    for table in tables {
        html.push_str(&format!(
            "<section id=\"{}\"><h2>{}</h2>",
            esc(&table.key),
            esc(&catalog.text(&title_key(&table.key)))
        ));
        if let Some(chart) = chart_of(table, catalog) {
            html.push_str(&chart);
        }
        html.push_str(&html_table(table, catalog));
        html.push_str("</section>");
    }
    html.push_str("</body></html>\n");
    html.into_bytes()
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestTable {
    pub key: String,
    pub file: String,
    pub rows: usize,
    pub cols: usize,
    pub suppressed: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ManifestFile {
    pub name: String,
    pub bytes: usize,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AuditHeadView {
    pub seq: i64,
    pub hash: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub format: &'static str,
    pub period: String,
    pub issue: i64,
    pub k: u64,
    pub district_min: u64,
    pub tables: Vec<ManifestTable>,
    pub suppressed_cells: usize,
    pub hidden_marker: &'static str,
    pub audit_head: Option<AuditHeadView>,
    /// A short public name of the recipient's pseudonym key, when the
    /// export holds the case-level table.
    pub pseudonym_key_id: Option<String>,
    pub files: Vec<ManifestFile>,
    /// SHA-256 over every file in name order (name, NUL, length, bytes).
    pub content_hash: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The hash of the files, in name order.
pub fn content_hash(files: &[File]) -> String {
    let mut sorted: Vec<&File> = files.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let mut ctx = digest::Context::new(&digest::SHA256);
    for file in sorted {
        ctx.update(file.name.as_bytes());
        ctx.update(&[0]);
        ctx.update(&(file.bytes.len() as u64).to_be_bytes());
        ctx.update(&file.bytes);
    }
    hex(ctx.finish().as_ref())
}

/// Every file of an export, the manifest last.
#[allow(clippy::too_many_arguments)]
pub fn files(
    period: &str,
    issue: i64,
    k: u64,
    district_min: u64,
    tables: &[Protected],
    cases: Option<(&str, &[CaseLine])>,
    audit_head: Option<AuditHeadView>,
    catalog: &Catalog,
) -> (Vec<File>, Manifest) {
    let mut out = Vec::new();
    let mut listed = Vec::new();
    for table in tables {
        let name = format!("{}.csv", table.key);
        listed.push(ManifestTable {
            key: table.key.clone(),
            file: name.clone(),
            rows: table.rows.len(),
            cols: table.cols.len(),
            suppressed: table.suppressed(),
        });
        out.push(File {
            name,
            bytes: table_csv(table, catalog),
        });
    }
    out.push(File {
        name: "report.html".into(),
        bytes: html(period, issue, k, tables, catalog),
    });
    let key_id = cases.map(|(id, lines)| {
        out.push(File {
            name: "cases.csv".into(),
            bytes: cases_csv(period, lines),
        });
        id.to_owned()
    });
    let manifest = Manifest {
        format: "homeward-report/1",
        period: period.to_owned(),
        issue,
        k,
        district_min,
        suppressed_cells: listed.iter().map(|t| t.suppressed).sum(),
        tables: listed,
        hidden_marker: HIDDEN,
        audit_head,
        pseudonym_key_id: key_id,
        files: out
            .iter()
            .map(|f| ManifestFile {
                name: f.name.clone(),
                bytes: f.bytes.len(),
                sha256: hex(digest::digest(&digest::SHA256, &f.bytes).as_ref()),
            })
            .collect(),
        content_hash: content_hash(&out),
    };
    let bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
    out.push(File {
        name: "manifest.json".into(),
        bytes,
    });
    (out, manifest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::labels::{english, urdu};
    use crate::report::suppress::{protect, CountTable, History};
    use std::collections::BTreeSet;

    fn sample() -> Protected {
        let table = CountTable {
            key: "closures".into(),
            rows: vec!["goals_met".into(), "moved_away".into(), "withdrew".into()],
            cols: vec!["cases".into()],
            counts: vec![vec![12], vec![2], vec![9]],
        };
        protect(&table, 5, &History::new(), &BTreeSet::new())
    }

    #[test]
    fn csv_marks_hidden_counts_and_keeps_codes() {
        let text = String::from_utf8(table_csv(&sample(), english())).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "row,label,cases");
        assert!(
            lines[2].starts_with("moved_away,") && lines[2].ends_with(",x"),
            "{text}"
        );
        assert_eq!(lines[4], "total,Total,23");
    }

    #[test]
    fn the_html_page_has_no_script_and_marks_hidden_cells() {
        for catalog in [english(), urdu()] {
            let page = String::from_utf8(html("2026Q3", 1, 5, &[sample()], catalog)).unwrap();
            assert!(!page.to_lowercase().contains("<script"));
            assert!(page.contains("default-src 'none'"));
            assert!(page.contains("<svg"));
            assert!(page.contains("class=\"hidden\""));
        }
        let ur = String::from_utf8(html("2026Q3", 1, 5, &[sample()], urdu())).unwrap();
        assert!(ur.contains("dir=\"rtl\""));
        // The Urdu page carries its font; the English one does not need it.
        assert!(ur.contains("data:font/woff2;base64,d09GMg"));
        let en = String::from_utf8(html("2026Q3", 1, 5, &[sample()], english())).unwrap();
        assert!(!en.contains("data:font"));
    }

    #[test]
    fn the_manifest_hashes_every_file_and_counts_hidden_cells() {
        let (files, manifest) = files("2026Q3", 2, 5, 20, &[sample()], None, None, english());
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["closures.csv", "report.html", "manifest.json"]);
        assert_eq!(manifest.suppressed_cells, 2);
        assert_eq!(manifest.content_hash, content_hash(&files[..2]));
        let mut changed = files[..2].to_vec();
        changed[0].bytes.push(b'\n');
        assert_ne!(manifest.content_hash, content_hash(&changed));
    }

    #[test]
    fn escaping_leaves_no_markup() {
        assert_eq!(
            esc("<img src=x onerror='a'>&"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;"
        );
    }
}
