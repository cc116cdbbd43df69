//! CLI verbs of the anonymised report: `report preview` prints the tables
//! as they would be exported (hidden counts as x), `report build` writes a
//! period's files once a second person approves (the approver's passphrase
//! from `HOMEWARD_APPROVER_PASSPHRASE` or a silent prompt), `report list`
//! shows earlier exports. The acting user drafts; they sign in as usual.

use std::path::PathBuf;

use clap::Subcommand;
use homeward_core::api::rpc::call;
use homeward_core::api::ApiError;
use serde_json::{json, Value};

use crate::{output, secrets, signed_in, Cli};

#[derive(Subcommand)]
pub enum ReportVerb {
    /// The tables of a period as they would be exported now.
    Preview {
        /// 2026Q3, 2026H2 (January-June is H1) or 2026.
        #[arg(long)]
        period: String,
        /// Counts from 1 to k-1 are hidden (3 to 11).
        #[arg(long)]
        k: Option<u64>,
        /// Districts with fewer cases are merged into their province.
        #[arg(long)]
        district_min: Option<u64>,
    },
    /// Write a period's report into a new folder inside OUT, approved by
    /// another supervisor or an administrator.
    Build {
        #[arg(long)]
        period: String,
        #[arg(long)]
        out: PathBuf,
        /// The approving user's name.
        #[arg(long)]
        approver: String,
        #[arg(long)]
        k: Option<u64>,
        #[arg(long)]
        district_min: Option<u64>,
        /// Add the case-level table under pseudonyms keyed for this recipient.
        #[arg(long, default_value = "")]
        recipient: String,
        /// en or ur: the language of the HTML page.
        #[arg(long, default_value = "en")]
        language: String,
    },
    /// Earlier exports, newest first.
    List,
}

fn request(period: &str, k: &Option<u64>, district_min: &Option<u64>) -> Value {
    let mut out = json!({ "period": period });
    if let Some(k) = k {
        out["k"] = json!(k);
    }
    if let Some(min) = district_min {
        out["district_min"] = json!(min);
    }
    out
}

/// A preview as text: one block per table, hidden counts as x.
fn print_preview(view: &Value) {
    for table in view["tables"].as_array().into_iter().flatten() {
        println!("{}", table["key"].as_str().unwrap_or_default());
        let cols: Vec<&str> = table["cols"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| c["code"].as_str().unwrap_or_default())
            .collect();
        println!(
            "  {:<34} {}",
            "",
            cols.iter().map(|c| format!("{c:>12}")).collect::<String>()
        );
        let rows = table["rows"].as_array().cloned().unwrap_or_default();
        for (r, row) in rows.iter().enumerate() {
            let cells: String = table["cells"][r]
                .as_array()
                .into_iter()
                .flatten()
                .map(|cell| match cell["value"].as_u64() {
                    Some(v) => format!("{v:>12}"),
                    None => format!("{:>12}", "x"),
                })
                .collect();
            println!("  {:<34} {cells}", row["code"].as_str().unwrap_or_default());
        }
    }
    println!(
        "period {}, issue {}, k {}, hidden cells {}",
        view["period"].as_str().unwrap_or_default(),
        view["issue"],
        view["k"],
        view["suppressed"]
    );
}

pub fn report(cli: &Cli, verb: &ReportVerb) -> Result<(), ApiError> {
    let (method, args) = match verb {
        ReportVerb::Preview {
            period,
            k,
            district_min,
        } => ("report_preview", request(period, k, district_min)),
        ReportVerb::Build {
            period,
            out,
            approver,
            k,
            district_min,
            recipient,
            language,
        } => {
            let folder = std::fs::canonicalize(out).map_err(|_| ApiError::InvalidInput {
                field: "out",
                reason: "must be an existing folder",
            })?;
            let mut request = request(period, k, district_min);
            request["recipient"] = json!(recipient);
            request["language"] = json!(language);
            // Asked before signing in, so a prompt never waits with the
            // vault open.
            let passphrase = secrets::approver_passphrase(&format!("Passphrase of {approver}: "))?;
            (
                "report_export",
                json!({
                    "request": request,
                    "approver": approver,
                    "approver_passphrase": passphrase.as_str(),
                    "folder": folder.to_string_lossy(),
                }),
            )
        }
        ReportVerb::List => ("report_exports", json!({})),
    };
    let mut app = signed_in(cli)?;
    let answer = call(&mut app, method, args);
    app.lock()?;
    let answer = answer?;
    if method == "report_preview" && !cli.json {
        print_preview(&answer);
    } else {
        output::value(cli.json, &answer);
    }
    Ok(())
}
