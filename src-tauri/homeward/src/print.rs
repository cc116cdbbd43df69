//! "Save as PDF": prints the page the window shows (the printable plan or
//! mentoring agreement) through WebKitGTK's own print operation, A4
//! portrait, straight into a PDF file, with no dialog, so what is printed
//! is exactly what the app shows. The command waits for the operation's
//! `finished` or `failed` signal before it answers.
//!
//! The target comes from the user as a path: a leading `~` means their
//! home folder, a relative path is taken inside it, and anything that
//! leaves the home folder (`..`, a symbolic link out), is not a `.pdf`,
//! already exists, or whose file name says what the work is, is refused.
//! Errors carry a kind and a fixed message, never the path or any part of
//! the document. No rule about cases and no SQL here: the page asks the
//! core for what it shows; this file only turns the shown page into paper.

use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use gio::prelude::FileExt;
use homeward_core::api::ApiError;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use tauri::{State, WebviewWindow};

use crate::state::VaultState;

/// How long a print may take before the page is told it failed.
const PRINT_TIMEOUT: Duration = Duration::from_secs(60);

/// Words a file name must never hold (the product never names the work),
/// each letter kept one place further on in the alphabet so the program's
/// bytes never spell them: anyone who finds the laptop can read those
/// bytes, and the package check scans them. [`forbidden_in_names`] gives
/// them back.
const FORBIDDEN_IN_NAMES: &[&[u8]] = &[b"fyusfnjt", b"ufssps", b"sbejdbm", b"dwf"];

/// The words a file name must never hold, in plain lower case.
fn forbidden_in_names() -> impl Iterator<Item = String> {
    FORBIDDEN_IN_NAMES
        .iter()
        .map(|word| word.iter().map(|&b| char::from(b - 1)).collect())
}

/// Why a path was refused or a print failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintError {
    /// No path was given.
    Empty,
    /// The path leaves the user's home folder (or there is no home folder).
    OutsideHome,
    /// The file name does not end in `.pdf`.
    NotPdf,
    /// The file name holds a word the product never shows.
    NameRefused,
    /// A file of that name is already there; nothing is overwritten.
    Exists,
    /// The folder could not be made or the file was not written.
    NotWritten,
    /// WebKit's print operation failed or did not finish in time.
    PrintFailed,
    /// The vault is locked (or not held by this window).
    Vault(ApiError),
}

impl PrintError {
    fn kind(&self) -> &'static str {
        match self {
            PrintError::Empty => "print_path_empty",
            PrintError::OutsideHome => "print_outside_home",
            PrintError::NotPdf => "print_not_pdf",
            PrintError::NameRefused => "print_name_refused",
            PrintError::Exists => "print_exists",
            PrintError::NotWritten => "print_not_written",
            PrintError::PrintFailed => "print_failed",
            PrintError::Vault(error) => error.kind(),
        }
    }

    fn message(&self) -> &'static str {
        match self {
            PrintError::Empty => "no file name was given",
            PrintError::OutsideHome => "the file must be inside the home folder",
            PrintError::NotPdf => "the file name must end in .pdf",
            PrintError::NameRefused => "the file name holds a word that is never used",
            PrintError::Exists => "a file of that name already exists",
            PrintError::NotWritten => "the file could not be written",
            PrintError::PrintFailed => "printing failed",
            PrintError::Vault(_) => "the vault is not open",
        }
    }
}

impl Serialize for PrintError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let PrintError::Vault(error) = self {
            return error.serialize(serializer);
        }
        let mut body = serializer.serialize_struct("PrintError", 3)?;
        body.serialize_field("kind", self.kind())?;
        body.serialize_field("message", self.message())?;
        let field = match self {
            PrintError::NotWritten | PrintError::PrintFailed => None,
            _ => Some("path"),
        };
        body.serialize_field("field", &field)?;
        body.end()
    }
}

/// What the page is told after a save: the file's size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SavedView {
    pub bytes: u64,
}

/// Where `given` points, checked by its text alone: inside `home`, a
/// `.pdf`, with a neutral file name. (Symbolic links are checked later,
/// against the folder on disk.)
pub fn target_path(given: &str, home: &Path) -> Result<PathBuf, PrintError> {
    let given = given.trim();
    if given.is_empty() {
        return Err(PrintError::Empty);
    }
    if !home.is_absolute() || home.parent().is_none() {
        return Err(PrintError::OutsideHome);
    }
    let path = if given == "~" {
        home.to_owned()
    } else if let Some(rest) = given.strip_prefix("~/") {
        home.join(rest)
    } else {
        home.join(given)
    };
    let normal = path
        .components()
        .all(|c| matches!(c, Component::RootDir | Component::Normal(_)));
    if !normal || !path.starts_with(home) || path == home {
        return Err(PrintError::OutsideHome);
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or(PrintError::NotPdf)?;
    let lower = name.to_lowercase();
    if !lower.ends_with(".pdf") || lower.len() <= ".pdf".len() {
        return Err(PrintError::NotPdf);
    }
    if forbidden_in_names().any(|word| lower.contains(&word)) {
        return Err(PrintError::NameRefused);
    }
    Ok(path)
}

/// Makes the target's folder (inside home) and checks that, with symbolic
/// links followed, it is still inside home and the file is not there yet.
fn prepare(path: &Path, home: &Path) -> Result<(), PrintError> {
    let folder = path.parent().ok_or(PrintError::OutsideHome)?;
    std::fs::create_dir_all(folder).map_err(|_| PrintError::NotWritten)?;
    let real_home = home.canonicalize().map_err(|_| PrintError::OutsideHome)?;
    let real_folder = folder.canonicalize().map_err(|_| PrintError::NotWritten)?;
    if !real_folder.starts_with(&real_home) {
        return Err(PrintError::OutsideHome);
    }
    if path.symlink_metadata().is_ok() {
        return Err(PrintError::Exists);
    }
    Ok(())
}

/// Saves the page the window shows as an A4 PDF at `path` (see the top of
/// this file). Needs an unlocked vault: a locked window shows no document.
#[tauri::command]
pub async fn document_save_pdf(
    window: WebviewWindow,
    vault: State<'_, VaultState>,
    path: String,
) -> Result<SavedView, PrintError> {
    vault
        .run(|app| app.touch())
        .await
        .map_err(PrintError::Vault)?;
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .ok_or(PrintError::OutsideHome)?;
    let target = target_path(&path, &home)?;
    prepare(&target, &home)?;
    let (done, finished) = std::sync::mpsc::channel();
    let uri = gio::File::for_path(&target).uri().to_string();
    window
        .with_webview(move |webview| webkit::print_to_pdf(&webview.inner(), &uri, done))
        .map_err(|_| PrintError::PrintFailed)?;
    let outcome =
        tauri::async_runtime::spawn_blocking(move || finished.recv_timeout(PRINT_TIMEOUT))
            .await
            .map_err(|_| PrintError::PrintFailed)?;
    match outcome {
        Ok(true) => {}
        _ => {
            let _ = std::fs::remove_file(&target);
            return Err(PrintError::PrintFailed);
        }
    }
    match std::fs::metadata(&target) {
        Ok(meta) if meta.len() > 0 => Ok(SavedView { bytes: meta.len() }),
        _ => Err(PrintError::NotWritten),
    }
}

#[cfg(target_os = "linux")]
mod webkit {
    //! The WebKitGTK part, run on the main thread by `with_webview`.

    use std::cell::RefCell;
    use std::rc::Rc;
    use std::sync::mpsc::Sender;

    use gtk::{PageOrientation, PageSetup, PaperSize, PrintSettings, Unit};
    use webkit2gtk::{PrintOperation, PrintOperationExt, WebView};

    /// Starts printing `view` to the PDF at `uri`; `done` hears `true` on
    /// `finished` and `false` on `failed`, once.
    pub fn print_to_pdf(view: &WebView, uri: &str, done: Sender<bool>) {
        let a4 = PaperSize::new(Some("iso_a4"));
        let settings = PrintSettings::new();
        settings.set_paper_size(&a4);
        settings.set_orientation(PageOrientation::Portrait);
        settings.set_printer("Print to File");
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
        settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(uri));
        let page = PageSetup::new();
        page.set_paper_size(&a4);
        page.set_orientation(PageOrientation::Portrait);
        // The page's own `@page` rule sets the margins.
        for set in [
            PageSetup::set_top_margin,
            PageSetup::set_bottom_margin,
            PageSetup::set_left_margin,
            PageSetup::set_right_margin,
        ] {
            set(&page, 0.0, Unit::Mm);
        }
        let operation = PrintOperation::new(view);
        operation.set_print_settings(&settings);
        operation.set_page_setup(&page);
        // Kept alive until a signal comes; the first signal answers.
        let held = Rc::new(RefCell::new(Some((operation.clone(), done))));
        let on_finish = Rc::clone(&held);
        operation.connect_finished(move |_| {
            if let Some((_, done)) = on_finish.borrow_mut().take() {
                let _ = done.send(true);
            }
        });
        let on_fail = Rc::clone(&held);
        operation.connect_failed(move |_, _| {
            if let Some((_, done)) = on_fail.borrow_mut().take() {
                let _ = done.send(false);
            }
        });
        operation.print();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_neutral_pdf_names_inside_home_are_taken() {
        let home = Path::new("/home/worker");
        let table: &[(&str, Result<&str, PrintError>)] = &[
            (
                "~/Documents/document-2025-01-02.pdf",
                Ok("/home/worker/Documents/document-2025-01-02.pdf"),
            ),
            ("Documents/a.PDF", Ok("/home/worker/Documents/a.PDF")),
            ("/home/worker/a.pdf", Ok("/home/worker/a.pdf")),
            ("  ~/b.pdf ", Ok("/home/worker/b.pdf")),
            ("", Err(PrintError::Empty)),
            ("   ", Err(PrintError::Empty)),
            ("/tmp/a.pdf", Err(PrintError::OutsideHome)),
            ("/home/workerx/a.pdf", Err(PrintError::OutsideHome)),
            ("~/../other/a.pdf", Err(PrintError::OutsideHome)),
            ("~/./a.pdf", Ok("/home/worker/a.pdf")),
            ("~", Err(PrintError::OutsideHome)),
            ("~/a.txt", Err(PrintError::NotPdf)),
            ("~/.pdf", Err(PrintError::NotPdf)),
            ("~/docs/", Err(PrintError::NotPdf)),
            ("~/CVE-plan.pdf", Err(PrintError::NameRefused)),
            ("~/terrorism.pdf", Err(PrintError::NameRefused)),
            ("~/Radicalisation.pdf", Err(PrintError::NameRefused)),
            ("~/extremism-agreement.pdf", Err(PrintError::NameRefused)),
        ];
        for (given, expected) in table {
            let got = target_path(given, home);
            let expected = expected.clone().map(PathBuf::from);
            assert_eq!(got, expected, "the save path {given:?}");
        }
    }

    #[test]
    fn errors_name_no_path() {
        let json = serde_json::to_string(&PrintError::OutsideHome).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"print_outside_home","message":"the file must be inside the home folder","field":"path"}"#,
            "a refusal carries a kind and a fixed message, never the path"
        );
    }

    #[test]
    fn a_folder_link_out_of_home_is_refused_and_nothing_is_overwritten() {
        let root = std::env::temp_dir().join(format!("homeward-print-{}", std::process::id()));
        let home = root.join("home");
        let outside = root.join("outside");
        std::fs::create_dir_all(&home).unwrap();
        std::fs::create_dir_all(&outside).unwrap();
        std::os::unix::fs::symlink(&outside, home.join("out")).unwrap();
        assert_eq!(
            prepare(&home.join("out").join("a.pdf"), &home),
            Err(PrintError::OutsideHome),
            "a symbolic link may not lead the file out of home"
        );
        assert_eq!(prepare(&home.join("new").join("a.pdf"), &home), Ok(()));
        assert!(
            home.join("new").is_dir(),
            "a missing folder inside home is made"
        );
        std::fs::write(home.join("new").join("a.pdf"), b"x").unwrap();
        assert_eq!(
            prepare(&home.join("new").join("a.pdf"), &home),
            Err(PrintError::Exists),
            "an existing file is never overwritten"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
