"""Printing in the real app: on the demo vault, the mentor bilal.mentor
opens the printable mentoring agreement of his mentee Tariq Jamil and the
case worker sana.caseworker the printable plan, in English and in Urdu,
and each presses Save as PDF. The shell prints the page through WebKit's
own print operation; the test checks the file (a PDF, A4 pages, the
participant and the document's parts in its text, none of the words the
product never shows, no restricted canary planted in the safety screen,
none of the page's tools), refusals of paths outside home and of an
existing file, and turns page 1 into target/e2e-shots/*.png (pdftoppm) for
a person to look at."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from conftest import CATALOG_EN, GENERATED_PASSPHRASE, SHOTS
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.common.by import By

FORBIDDEN = re.compile(r"extremis|terroris|radicali[sz]|\bcve\b", re.IGNORECASE)
CANARY = "PRINTCANARY-7Q"
A4_POINTS = (595.28, 841.89)


def tariq_id(app) -> str:
    listed = json.loads(app.cli("--user", "sana.caseworker", "--json", "case", "list"))
    found = [row["id"] for row in listed["items"] if row.get("name_latin") == "Tariq Jamil"]
    assert len(found) == 1, "the demo vault holds Tariq Jamil once"
    return found[0]


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return done.stdout


def page_sizes(path: Path) -> list[tuple[float, float]]:
    done = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(path)], capture_output=True, text=True, check=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", done.stdout)
    return [(float(w), float(h)) for w, h in sizes]


def to_png(app, path: Path, step: str) -> Path:
    """Page 1 of the PDF as target/e2e-shots/<test>-<step>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    stem = SHOTS / f"{app.name}-{step}"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(path), str(stem)], check=True
    )
    png = stem.with_suffix(".png")
    assert png.stat().st_size > 1000, f"{png} holds a picture of the page"
    return png


def open_print_page(app, page: str, case_id: str) -> None:
    app.driver.execute_script("window.location.href = arguments[0]", f"{page}?case={case_id}")
    app.wait_for_page(page, "sheet")


def save(app, name: str) -> None:
    """Types `name` into the file field and presses Save as PDF; waits for the answer."""
    app.type_into("path", name)
    app.el("save-pdf").click()
    app.wait(90).until(lambda d: app.el("saved").is_displayed() or app.el("path-error").is_displayed())


def check_pdf(app, file: Path, must_hold: list[str], step: str) -> str:
    assert file.is_file(), f"{file} was written"
    assert file.read_bytes()[:5] == b"%PDF-", "the file is a PDF"
    sizes = page_sizes(file)
    assert sizes, "the PDF has pages"
    for width, height in sizes:
        assert abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2, f"every page is A4 portrait, not {width} x {height}"
    text = pdf_text(file)
    for word in must_hold:
        assert word in text, f"the printed {step} holds {word!r}"
    assert not FORBIDDEN.search(text), f"the printed {step} never names the work: {FORBIDDEN.search(text)}"
    assert CANARY not in text, f"the printed {step} holds no restricted field"
    for tool in ("print.save_pdf", "print.path_label", "nav.cases"):
        assert CATALOG_EN[tool] not in text, f"the page's tools ({CATALOG_EN[tool]!r}) are not printed"
    to_png(app, file, step)
    return text


def test_agreement_and_plan_print_as_a4_pdf_in_english_and_urdu(world):
    assert shutil.which("pdftoppm") and shutil.which("pdftotext"), "poppler-utils is installed (scripts/install-deps.sh --tests)"
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    world.cli("demo")
    case_id = tariq_id(world)
    # A restricted field (the safety screen's note) that no printed page may show.
    world.cli(
        "--user", "sana.caseworker", "safety", "add", case_id, "--on", "2025-01-02",
        "--threats", "possible", "--staff-risk", "none", "--note", CANARY,
    )
    app = world.launch()
    documents = world.home / "Documents"

    app.unlock_as("bilal.mentor", GENERATED_PASSPHRASE)
    open_print_page(app, "print-agreement.html", case_id)
    sheet = app.el("sheet").text
    assert "Tariq Jamil" in sheet and "Asif (brother)" in sheet, "the agreement shows the participant and the brother"
    assert "Cousin" not in sheet, "the refused cousin is not a member"
    assert CANARY not in app.driver.page_source, "the page holds no restricted field"
    assert app.el("path").get_property("value").startswith("~/Documents/document-"), "the suggested name is neutral"
    app.shot("agreement-en", scroll="top")

    save(app, "/tmp/outside.pdf")
    assert app.el("path-error").text == CATALOG_EN["print.error.outside_home"], "a path outside home is refused"
    assert not Path("/tmp/outside.pdf").exists()

    save(app, "~/Documents/document-en.pdf")
    assert app.el("saved").is_displayed(), f"saved, not: {app.el('path-error').text}"
    check_pdf(
        app, documents / "document-en.pdf",
        ["Tariq Jamil", CATALOG_EN["print.agreement_title"], "Asif (brother)", CATALOG_EN["print.signature"]],
        "agreement-en-pdf",
    )
    before = (documents / "document-en.pdf").read_bytes()
    save(app, "~/Documents/document-en.pdf")
    assert app.el("path-error").text == CATALOG_EN["print.error.exists"], "an existing file is refused"
    assert (documents / "document-en.pdf").read_bytes() == before, "and left as it was"

    app.switch_language("rtl")
    app.wait().until(lambda d: app.el("sheet-title").text != CATALOG_EN["print.agreement_title"])
    app.shot("agreement-ur", scroll="top")
    save(app, "~/Documents/document-ur.pdf")
    assert app.el("saved").is_displayed(), f"saved, not: {app.el('path-error').text}"
    check_pdf(app, documents / "document-ur.pdf", ["Tariq Jamil"], "agreement-ur-pdf")
    app.switch_language("ltr")
    app.lock()

    app.unlock_as("sana.caseworker", GENERATED_PASSPHRASE)
    open_print_page(app, "print-plan.html", case_id)
    app.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "#sheet-body .goal")))
    app.shot("plan-en", scroll="top")
    save(app, "~/Documents/document-plan-en.pdf")
    assert app.el("saved").is_displayed(), f"saved, not: {app.el('path-error').text}"
    check_pdf(
        app, documents / "document-plan-en.pdf",
        ["Tariq Jamil", CATALOG_EN["print.sign_supervisor"], CATALOG_EN["print.participant_agreement"]],
        "plan-en-pdf",
    )
    app.switch_language("rtl")
    app.wait().until(lambda d: app.el("sheet-title").text != CATALOG_EN["print.plan_title"])
    app.shot("plan-ur", scroll="top")
    save(app, "~/Documents/document-plan-ur.pdf")
    assert app.el("saved").is_displayed(), f"saved, not: {app.el('path-error').text}"
    check_pdf(app, documents / "document-plan-ur.pdf", ["Tariq Jamil"], "plan-ur-pdf")
    app.switch_language("ltr")
