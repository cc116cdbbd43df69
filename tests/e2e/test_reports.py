"""The supervisor's Reports page in the real window, on a generated vault
(400 cases, seed 3). `supervisor` opens Reports from the home tile,
previews 2026Q4 with k 5: every table, its rows and every cell (hidden or
not, and why) equal `homeward-cli report preview --json`, the summary
counts the hidden cells, and the page never runs wider than the window, in
English and in Urdu. The second-person approval: a wrong passphrase and
the supervisor approving her own report are refused with a plain sentence,
the passphrase field is emptied and nothing is written; `admin` approves
and ~/Reports/report-2026Q4-1/ holds every table's CSV, report.html (no
script) and manifest.json (period, k, the hidden cells the page showed).
Previewing again says issue 2, a reissue; with a recipient and Urdu it is
exported into a folder that must exist first (~/Exports), with the
case-level table. Each written report.html is opened in the window as a
file:// page and screenshotted. A case worker sees no Reports link and is
sent home from the page. Afterwards the vault is read with homeward-cli
(report list, audit verify)."""

import json
import re
import time
from pathlib import Path

from conftest import GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

CATALOG = {
    lang: json.loads((Path(__file__).resolve().parents[2] / "ui" / "i18n" / f"{lang}.json").read_text("utf-8"))
    for lang in ("en", "ur")
}
EN, UR = CATALOG["en"], CATALOG["ur"]
FORBIDDEN = re.compile(r"extremis|terroris|radicali[sz]|\bcve\b", re.IGNORECASE)

PASS = GENERATED_PASSPHRASE
SUPERVISOR, ADMIN, WORKER = "supervisor", "admin", "quetta.caseworker"
PERIOD = "2026Q4"
RECIPIENT = "Provincial Home Department"
BUILD_SECONDS = 180


def text_of(key: str, **params) -> str:
    """The English catalog's text with its {params} filled (numbers grouped
    as the page's Intl.NumberFormat('en') writes them)."""
    text = EN[key]
    for name, value in params.items():
        text = text.replace("{" + name + "}", f"{value:,}" if isinstance(value, int) else str(value))
    return text


def cli_json(world, user, *args):
    """homeward-cli's JSON answer, once a closed window has let go of the vault."""
    deadline = time.monotonic() + 15
    while True:
        try:
            return json.loads(world.cli("--user", user, "--json", *args))
        except AssertionError as refused:
            if "vault_in_use" not in str(refused) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def check_layout(app, where):
    overflow = app.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where}: the page is {overflow} px wider than the window"


def page_tables(app):
    """Every table the page shows: key, title, row codes, and each cell as
    {value, hidden} read from the cell's data attributes, with its text."""
    return app.driver.execute_script(
        """
        return [...document.querySelectorAll('#rpt-tables section[data-key]')].map((section) => ({
          key: section.dataset.key,
          title: section.querySelector('h3').textContent,
          rows: [...section.querySelectorAll('tbody tr')].map((tr) => tr.dataset.row),
          cells: [...section.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => ({
            value: td.dataset.hidden ? null : Number(td.dataset.value),
            hidden: td.dataset.hidden || null,
            text: td.textContent,
            title: td.title,
          }))),
        }));
        """
    )


def wait_for_preview(app, issue):
    app.wait(BUILD_SECONDS).until(lambda d: app.el("rpt-result").is_displayed() or app.el("preview-error").is_displayed())
    assert not app.el("preview-error").is_displayed(), app.el("preview-error").text
    shown = app.el("rpt-issue").text
    key = "reports.summary_reissue" if issue > 1 else "reports.summary_issue"
    assert shown == text_of(key, issue=issue), f"the preview says issue {issue}: {shown!r}"


def preview(app, issue):
    app.el("rpt-preview").click()
    wait_for_preview(app, issue)


def approve(app, approver, passphrase, folder=""):
    """Fills the approval and presses Approve and export; waits for the
    answer (an error shown, or the export done). Pressing hides the
    earlier errors before the core is asked."""
    app.type_into("approver", approver)
    app.type_into("approver-passphrase", passphrase)
    app.el("export-folder").clear()
    if folder:
        app.type_into("export-folder", folder)
    app.el("approve-submit").click()
    answered = "#approve-form .field-error:not([hidden]), #approve-form .form-error:not([hidden]), #export-done:not([hidden])"
    app.wait(BUILD_SECONDS).until(lambda d: d.find_elements(By.CSS_SELECTOR, answered))


def shown_error(app, element_id):
    error = app.el(element_id)
    app.wait().until(lambda d: error.is_displayed())
    return error.text


def passphrase_gone(app, passphrase):
    """The passphrase is in no field, attribute or text of the page."""
    value = app.el("approver-passphrase").get_property("value")
    markup = app.driver.execute_script("return document.documentElement.outerHTML")
    return value == "" and passphrase not in markup


def open_file_page(app, path: Path, step: str):
    """Shows a written report.html in the window (a file:// page), shoots it, comes back."""
    app.driver.get(path.as_uri())
    app.wait().until(lambda d: d.current_url.startswith("file://"))
    app.wait().until(lambda d: d.execute_script("return document.readyState") == "complete")
    shown = app.driver.execute_script(
        "return {scripts: document.scripts.length, heading: document.querySelector('h1')?.textContent ?? '', dir: document.documentElement.dir}"
    )
    app.shot(step)
    app.driver.execute_script("document.querySelector('#needs_first')?.scrollIntoView()")
    app.shot(f"{step}-needs")
    app.driver.back()
    app.wait_for_page("reports.html", "rpt-form")
    return shown


def test_reports_preview_and_two_person_export(world):
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    world.cli("generate", "--cases", "400", "--seed", "3")
    expected = cli_json(world, SUPERVISOR, "report", "preview", "--period", PERIOD, "--k", "5")
    assert expected["period"] == PERIOD and expected["issue"] == 1 and expected["k"] == 5
    assert expected["suppressed"] > 0, "the generated period has small counts to hide"
    reports = world.home / "Reports"

    app = world.launch()
    app.unlock_as(SUPERVISOR, PASS)
    tile = app.el("tile-reports")
    assert tile.is_displayed() and tile.text.startswith(EN["reports.nav"])
    assert app.driver.find_element(By.CSS_SELECTOR, '.nav a[href="reports.html"]').is_displayed()
    tile.click()
    app.wait_for_page("reports.html", "rpt-form")
    app.wait().until(lambda d: app.el("rpt-exports").get_attribute("aria-busy") == "false")
    assert app.el("rpt-exports-none").text == EN["reports.exports_none"]
    assert app.el("rpt-k").get_property("value") == "5" and app.el("rpt-district-min").get_property("value") == "20"
    assert app.el("rpt-k-hint").text == text_of("reports.k_hint", small=4)
    app.shot("0-choices")

    # The preview of 2026Q4 equals the core's, cell by cell.
    app.choose("rpt-year", "2026")
    app.choose("rpt-part", "Q4")
    app.choose("rpt-k", "5")
    preview(app, 1)
    tables = page_tables(app)
    assert [t["key"] for t in tables] == [t["key"] for t in expected["tables"]], "every table, in the core's order"
    hidden_on_page = 0
    for shown, core in zip(tables, expected["tables"]):
        assert shown["title"] == EN[core["title_key"]]
        assert shown["rows"] == [row["code"] for row in core["rows"]], f"{core['key']}: the rows"
        cells = [[{"value": c["value"], "hidden": c["hidden"]} for c in row] for row in shown["cells"]]
        assert cells == core["cells"], f"{core['key']}: every count and every hidden cell as the core has them"
        for row in shown["cells"]:
            for cell in row:
                if cell["hidden"]:
                    hidden_on_page += 1
                    assert "×" in cell["text"], "a hidden cell is marked ×"
                    assert cell["title"].startswith("Hidden:"), "a hidden cell says why, as its title"
                else:
                    assert cell["text"] == str(cell["value"])
    assert hidden_on_page == expected["suppressed"]
    phase = next(t for t in expected["tables"] if t["key"] == "caseload_phase")
    grand_total = phase["cells"][-1][-1]["value"]
    assert grand_total is not None and grand_total > 0
    total_cell = app.driver.find_element(By.CSS_SELECTOR, '#rpt-table-caseload_phase tr.rpt-total td:last-child')
    assert total_cell.text == str(grand_total), "the grand total of the caseload is shown"
    withheld = sum(1 for t in expected["tables"] if t["suppressed"])
    assert app.el("rpt-hidden-count").text == text_of(
        "reports.summary_hidden", count=expected["suppressed"], tables=withheld, all=len(expected["tables"])
    )
    assert app.el("rpt-hidden-count").get_attribute("data-count") == str(expected["suppressed"])
    assert not app.el("rpt-cases").is_displayed(), "no case-level table without a recipient"
    assert not app.el("rpt-reissue").is_displayed()
    kinds = {c["hidden"] for t in expected["tables"] for row in t["cells"] for c in row if c["hidden"]}
    for kind in kinds:
        assert app.driver.find_elements(By.CSS_SELECTOR, f"td.rpt-hidden-{kind}"), f"{kind} cells have their own look"
    check_layout(app, "en preview")
    app.shot("1-preview", scroll="top")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.el("rpt-result"))
    app.shot("1-preview-summary")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.el("rpt-table-caseload_age_gender"))
    app.shot("1-preview-hidden-cells")
    needs = app.el("rpt-table-needs_first")
    scroller = needs.find_element(By.CSS_SELECTOR, ".rpt-scroll")
    fits = app.driver.execute_script(
        "const s = arguments[0]; return {inside: s.getBoundingClientRect().right <= document.documentElement.clientWidth, tall: s.scrollHeight > s.clientHeight};",
        scroller,
    )
    assert fits["inside"], "the 24-domain table scrolls inside its frame"
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", needs)
    app.shot("2-preview-needs")

    # Urdu: right to left, the tables' labels in Urdu, still within the window.
    app.switch_language("rtl")
    app.wait().until(lambda d: page_tables(app)[0]["title"] == UR[expected["tables"][0]["title_key"]])
    check_layout(app, "ur preview")
    assert page_tables(app)[0]["cells"][-1][-1]["value"] == expected["tables"][0]["cells"][-1][-1]["value"]
    app.shot("3-preview-ur", scroll="top")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.el("rpt-result"))
    app.shot("3-preview-ur-summary")
    app.el("approve-open").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "approve-form")))
    check_layout(app, "ur approval")
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", app.el("approve-form"))
    app.shot("3-approve-ur")
    app.el("approve-cancel").click()
    app.wait().until(lambda d: not app.el("approve-form").is_displayed() and app.el("approve-open").is_displayed())
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.el("rpt-table-needs_first"))
    app.shot("3-preview-ur-needs")
    app.switch_language("ltr")

    # The second person: a wrong passphrase, then the supervisor herself.
    app.driver.execute_script("window.scrollTo(0, 0)")
    app.el("approve-open").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "approve-form")))
    assert app.el("approve-recap").text == text_of(
        "reports.approve_recap", period=PERIOD, issue=1, k=5, count=expected["suppressed"]
    )
    wrong = "not the right words 41"
    approve(app, ADMIN, wrong)
    assert shown_error(app, "approver-passphrase-error") == EN["reports.error.wrong_passphrase"]
    assert app.el("approver").get_property("value") == ADMIN, "the approver's name stays"
    assert passphrase_gone(app, wrong), "the refused passphrase is not kept in the page"
    assert not list(reports.glob("report-*")), "nothing is written on a wrong passphrase"
    app.shot("4-wrong-passphrase")

    approve(app, SUPERVISOR, PASS)
    assert shown_error(app, "approver-error") == EN["reports.error.approver"]
    assert passphrase_gone(app, PASS)
    assert not list(reports.glob("report-*")), "nothing is written when the drafter approves herself"
    app.shot("5-same-person")

    # admin approves: the folder, its files and its manifest.
    approve(app, ADMIN, PASS)
    app.wait().until(EC.visibility_of_element_located((By.ID, "export-done")))
    assert passphrase_gone(app, PASS)
    first = reports / f"report-{PERIOD}-1"
    assert first.is_dir(), "the export's folder is in ~/Reports"
    assert app.el("export-folder-path").text == str(first.resolve())
    listed = sorted(li.text for li in app.el("export-files").find_elements(By.TAG_NAME, "li"))
    wanted = sorted([f"{t['key']}.csv" for t in expected["tables"]] + ["report.html", "manifest.json"])
    assert listed == wanted, "the page lists every file written"
    assert sorted(p.name for p in first.iterdir()) == wanted, "every table's CSV, report.html and manifest.json"
    manifest = json.loads((first / "manifest.json").read_text("utf-8"))
    assert (manifest["period"], manifest["issue"], manifest["k"]) == (PERIOD, 1, 5)
    assert manifest["suppressed_cells"] == expected["suppressed"] == int(app.el("rpt-hidden-count").get_attribute("data-count"))
    assert app.el("export-done-text").text == text_of(
        "reports.exported", issue=1, period=PERIOD, count=manifest["suppressed_cells"]
    )
    page = (first / "report.html").read_text("utf-8")
    assert "<script" not in page.lower(), "the written report runs no script"
    assert not FORBIDDEN.search(page)
    phase_csv = (first / "caseload_phase.csv").read_text("utf-8")
    assert str(grand_total) in phase_csv.splitlines()[-1], "the CSV's total row holds the grand total the page showed"
    app.wait().until(lambda d: len(app.driver.find_elements(By.CSS_SELECTOR, "#rpt-exports-rows tr")) == 1)
    row = app.driver.find_element(By.CSS_SELECTOR, "#rpt-exports-rows tr")
    assert row.get_attribute("data-period") == PERIOD and row.get_attribute("data-issue") == "1"
    assert str(expected["suppressed"]) in row.text
    assert not app.el("approve-open").is_displayed(), "an exported preview is not exported twice"
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", app.el("export-done"))
    app.shot("6-exported")

    # The same period again: issue 2, a reissue; with a recipient, in Urdu.
    app.type_text("rpt-recipient", RECIPIENT)
    assert app.el("rpt-stale").is_displayed() and not app.el("approve-open").is_displayed(), (
        "a changed choice asks for a new preview before any export"
    )
    preview(app, 2)
    assert app.el("rpt-reissue").is_displayed()
    assert app.el("rpt-reissue").text == text_of("reports.reissue_note", k=5)
    again = page_tables(app)
    reissued_hidden = sum(1 for t in again for row in t["cells"] for c in row if c["hidden"])
    # The recipient's typed name sits in Unicode isolates inside the sentence.
    cases_line = app.el("rpt-cases").text.replace("\u2068", "").replace("\u2069", "")
    rows = int(re.search(r": (\d+) lines", cases_line).group(1))
    assert cases_line == text_of("reports.summary_cases", recipient=RECIPIENT, rows=rows) and rows > 0
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", app.el("rpt-result"))
    app.shot("7-reissue")

    # A folder that does not exist is refused; once made, issue 2 goes there.
    app.el("approve-open").click()
    app.choose("rpt-language", "ur")
    approve(app, ADMIN, PASS, "~/Exports")
    assert shown_error(app, "export-folder-error") == EN["reports.error.folder"]
    assert app.el("export-folder").get_property("value") == "~/Exports"
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", app.el("approve-form"))
    app.shot("8-folder-refused")
    (world.home / "Exports").mkdir()
    approve(app, ADMIN, PASS, "~/Exports")
    app.wait().until(EC.visibility_of_element_located((By.ID, "export-done")))
    second = world.home / "Exports" / f"report-{PERIOD}-2"
    assert second.is_dir() and (second / "cases.csv").is_file(), "issue 2 with the case-level table"
    assert len((second / "cases.csv").read_text("utf-8").strip().splitlines()) == rows + 1, "one line per case"
    manifest2 = json.loads((second / "manifest.json").read_text("utf-8"))
    assert (manifest2["issue"], manifest2["suppressed_cells"]) == (2, reissued_hidden)
    assert manifest2["pseudonym_key_id"], "the recipient's pseudonym key is named"
    page2 = (second / "report.html").read_text("utf-8")
    assert '<html lang="ur" dir="rtl">' in page2 and "<script" not in page2.lower()
    app.wait().until(lambda d: len(app.driver.find_elements(By.CSS_SELECTOR, "#rpt-exports-rows tr")) == 2)
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", app.el("export-done"))
    app.shot("8-reissue-exported")

    # The written pages themselves, shown in the window.
    shown = open_file_page(app, first / "report.html", "9-report-html-en")
    assert shown["scripts"] == 0 and shown["heading"] == EN["report.title"] and shown["dir"] == "ltr"
    shown = open_file_page(app, second / "report.html", "9-report-html-ur")
    assert shown["scripts"] == 0 and shown["heading"] == UR["report.title"] and shown["dir"] == "rtl"

    # A case worker has no way in.
    app.lock()
    app.unlock_as(WORKER, PASS)
    assert not app.el("tile-reports").is_displayed()
    assert not app.driver.find_element(By.CSS_SELECTOR, '.nav a[href="reports.html"]').is_displayed()
    app.driver.execute_script("document.documentElement.dataset.left = 'yes'; window.location.assign('reports.html')")
    app.wait().until(
        lambda d: app.page() == "home.html" and d.execute_script("return !document.documentElement.dataset.left")
    )
    app.wait_for_page("home.html", "signed-in-user")
    app.lock()
    world.quit()

    # The vault: both exports in the ledger, the audit chain intact.
    listed = cli_json(world, SUPERVISOR, "report", "list")
    assert [(e["period"], e["issue"], e["k"], e["suppressed"]) for e in listed] == [
        (PERIOD, 2, 5, reissued_hidden),
        (PERIOD, 1, 5, expected["suppressed"]),
    ]
    verified = world.cli("--user", ADMIN, "audit", "verify")
    assert re.search(r"^chain:\s+intact$", verified, re.M), verified
