//! Embeds every interface catalog (`ui/i18n/*.json`) into the core, so the
//! written report and the language list know each language the window
//! offers: a new language is one more catalog file and nothing else.

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let folder = manifest.join("../../ui/i18n");
    println!("cargo:rerun-if-changed={}", folder.display());
    let mut codes: Vec<(String, PathBuf)> = std::fs::read_dir(&folder)
        .expect("ui/i18n is readable")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let code = path.file_stem()?.to_str()?.to_owned();
            let valid = !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            (path.extension()? == "json" && valid).then_some((code, path))
        })
        .collect();
    // English first (the fallback), then by code.
    codes.sort_by_key(|(code, _)| (code != "en", code.clone()));
    assert!(
        codes.first().is_some_and(|(code, _)| code == "en"),
        "ui/i18n/en.json exists"
    );
    let mut out = String::from("/// Every catalog: its code and its text, English first.\n");
    out.push_str("pub static CATALOGS: &[(&str, &str)] = &[\n");
    for (code, path) in &codes {
        println!("cargo:rerun-if-changed={}", path.display());
        let path = path.canonicalize().expect("the catalog exists");
        writeln!(
            out,
            "    ({code:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .expect("a string takes writes");
    }
    out.push_str("];\n");
    let target =
        PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it")).join("catalogs.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
