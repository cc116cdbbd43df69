"""The case's context typology (restricted, reported apart) in the real
window. A vault is set up with homeward-cli (administrator, a district, a
case worker and a mentor, one mentee of the mentor assigned to the worker).
In the app the case worker registers a participant with the context
"Ethno-political" through the case form, sees it on the case screen among
the restricted details, edits the case without touching it (it stays),
and sets a context on the mentee's case. The mentor then opens the
mentee's case and finds no context row, no restricted section and no
context label. The stored values are read from the vault through
homeward-cli. The form and the case screen are screenshotted in English
and Urdu. Two static checks tie the page's code list and labels to the
core's list and to both catalogs."""

import json
import re
import subprocess
import time
from pathlib import Path

from conftest import CLI, GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
CATALOG = {lang: json.loads((REPO / "ui" / "i18n" / f"{lang}.json").read_text("utf-8")) for lang in ("en", "ur")}
EN, UR = CATALOG["en"], CATALOG["ur"]

PASS = GENERATED_PASSPHRASE
WORKER, MENTOR = "nadia.worker", "yasir.mentor"
MENTEE = "Rashid Kakar"
LABEL = "case_form.context_typology"
FACT = '.fact[data-field="context_typology"]'


# --- static: the code list and labels ------------------------------------------------


def core_typologies():
    text = (REPO / "src-tauri" / "homeward-core" / "src" / "api" / "cases.rs").read_text("utf-8")
    body = re.search(r"pub const CONTEXT_TYPOLOGIES: \[&str; \d+\] = \[(.*?)\];", text, re.S).group(1)
    return re.findall(r'"([a-z_]*)"', body)


def page_typologies():
    text = (REPO / "ui" / "js" / "codes.js").read_text("utf-8")
    body = re.search(r"export const CONTEXT_TYPOLOGIES = \[(.*?)\];", text, re.S).group(1)
    return re.findall(r"'([a-z_]*)'", body)


def test_typology_codes_match_the_core_and_have_labels_in_both_catalogs():
    codes = page_typologies()
    assert codes == core_typologies(), "the form offers exactly the core's list, in its order"
    assert codes[0] == "", "not recorded comes first"
    for lang, labels in CATALOG.items():
        missing = [c for c in codes if f"context_typology.{c or 'none'}" not in labels]
        assert missing == [], f"{lang}: typologies without a label"
        for key in (LABEL, f"{LABEL}_hint"):
            assert labels.get(key, "").strip(), f"{lang}: {key}"


def test_typology_label_on_the_case_screen_is_the_form_label():
    text = (REPO / "ui" / "js" / "pages" / "case.js").read_text("utf-8")
    entry = re.search(r"\{ name: 'context_typology', kind: 'context_typology', label: '([a-z_.]+)' \}", text)
    assert entry and entry.group(1) == LABEL, "the case screen labels the context as the form does"
    form = (REPO / "ui" / "case-form.html").read_text("utf-8")
    restricted = form[form.index('<fieldset class="section restricted">') :]
    restricted = restricted[: restricted.index("</fieldset>")]
    assert 'id="context-typology"' in restricted, "the select sits in the restricted fieldset"


# --- set-up through the CLI ------------------------------------------------------------


def setup_cli(world, *args):
    """homeward-cli as the administrator, with a passphrase for users it adds."""
    done = subprocess.run(
        [str(CLI), "--vault", str(world.vault), "--user", "admin", *args],
        env={**world.env, "HOMEWARD_PASSPHRASE": PASS, "HOMEWARD_NEW_PASSPHRASE": PASS},
        cwd=world.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"homeward-cli {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def cli_json(world, user, *args):
    """homeward-cli's JSON answer, once the closed window's process has let go of the vault."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return json.loads(world.cli("--user", user, "--json", *args))
        except AssertionError as refused:
            if "vault_in_use" not in str(refused) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def make_vault(world):
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    setup_cli(world, "init")
    setup_cli(world, "district", "add", "--province", "BA", "Quetta")
    for name, role in ((WORKER, "case_worker"), (MENTOR, "mentor")):
        setup_cli(world, "user", "add", "--role", role, "--district", "Quetta", name)
    out = world.cli(
        "--user", WORKER, "--json", "case", "add", "--name-latin", MENTEE, "--gender", "male",
        "--district", "Quetta", "--custody-track", "community", "--referral-source", "family",
        "--referral-date", "2026-10-02", "--mentor", MENTOR,
    )
    return json.loads(out)["id"]


# --- the page ----------------------------------------------------------------------------


def open_case(app, case_id, title):
    app.driver.execute_script("window.location.assign(arguments[0])", f"case.html?id={case_id}")
    app.wait().until(lambda d: case_id in d.current_url)
    app.wait_for_page("case.html", "case-title")
    app.wait().until(lambda d: app.el("case-title").text == title and app.el("case-sections").text.strip())


def context_fact(app):
    """The context row of the case screen: (label, value, whether shown as not recorded)."""
    [fact] = app.driver.find_elements(By.CSS_SELECTOR, FACT)
    dd = fact.find_element(By.TAG_NAME, "dd")
    return fact.find_element(By.TAG_NAME, "dt").text, dd.text, "unrecorded" in (dd.get_attribute("class") or "")


def in_restricted_section(app):
    return app.driver.execute_script(
        "const f = document.querySelector(arguments[0]); return Boolean(f && f.closest('.case-section.restricted'));",
        FACT,
    )


def show_field(app, element_id):
    app.driver.execute_script("arguments[0].scrollIntoView({ block: 'center' })", app.el(element_id))


def show_context_fact(app):
    app.driver.execute_script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' })", FACT)


def edit_case(app):
    app.el("edit").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("form-case-number").text.strip())


def save_form(app):
    app.el("submit").click()
    app.wait_for_page("case.html", "case-title")
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, FACT))


# --- the test -----------------------------------------------------------------------------


def test_typology_is_recorded_on_the_form_shown_to_the_worker_and_never_to_a_mentor(world):
    mentee = make_vault(world)
    app = world.launch()
    app.unlock_as(WORKER, PASS)

    # Register a participant with a context through the form.
    app.el("tile-new-case").click()
    app.wait_for_page("case-form.html", "case-form")
    select = app.el("context-typology")
    options = [o.get_attribute("value") for o in select.find_elements(By.TAG_NAME, "option")]
    assert options == page_typologies(), "the form offers the typologies in order"
    assert select.get_property("value") == "", "not recorded is chosen at first"
    assert select.find_element(By.CSS_SELECTOR, "option").text == EN["context_typology.none"]
    assert select.find_element(By.XPATH, "ancestor::fieldset").get_attribute("class") == "section restricted"
    assert app.el("context-typology-hint").text == EN[f"{LABEL}_hint"]
    assert app.driver.find_element(By.CSS_SELECTOR, 'label[for="context-typology"]').text == EN[LABEL]
    app.type_text("name-latin", "Imtiaz Baloch")
    app.choose("gender", "male")
    app.choose("district", "Quetta")
    app.choose("referral-source", "court")
    app.choose("custody-track", "community")
    app.choose("religion", "islam")
    app.type_into("ethnicity", "Baloch")
    app.choose("context-typology", "ethno_political")
    show_field(app, "context-typology")
    app.shot("01-form-en")
    app.switch_language("rtl")
    assert app.driver.find_element(By.CSS_SELECTOR, 'label[for="context-typology"]').text == UR[LABEL]
    chosen = app.el("context-typology").find_element(By.CSS_SELECTOR, "option:checked")
    assert chosen.text == UR["context_typology.ethno_political"], "the choice is shown in Urdu after the switch"
    show_field(app, "context-typology")
    app.shot("02-form-ur")
    app.switch_language("ltr")
    save_form(app)

    registered = app.driver.execute_script("return new URLSearchParams(location.search).get('id')")
    assert context_fact(app) == (EN[LABEL], EN["context_typology.ethno_political"], False)
    assert in_restricted_section(app), "the context sits among the restricted details"
    show_context_fact(app)
    app.shot("03-case-en")
    app.switch_language("rtl")
    assert context_fact(app) == (UR[LABEL], UR["context_typology.ethno_political"], False)
    show_context_fact(app)
    app.shot("04-case-ur")
    app.switch_language("ltr")

    # An edit that does not touch the context keeps it.
    edit_case(app)
    assert app.el("context-typology").get_property("value") == "ethno_political", "the form opens with the context"
    app.type_into("phone", "0333 7654321")
    save_form(app)
    app.wait().until(lambda d: "0333 7654321" in app.el("case-sections").text)
    assert context_fact(app)[1] == EN["context_typology.ethno_political"], "an edit keeps the context"

    # The mentee: not recorded at first, then a context set through the form.
    open_case(app, mentee, MENTEE)
    assert context_fact(app) == (EN[LABEL], EN["context_typology.none"], True)
    show_context_fact(app)
    app.shot("05-case-not-recorded")
    edit_case(app)
    assert app.el("context-typology").get_property("value") == ""
    app.choose("context-typology", "sectarian")
    save_form(app)
    assert context_fact(app)[1] == EN["context_typology.sectarian"]
    app.lock()

    # The mentor opens the mentee's case: no context anywhere.
    app.unlock_as(MENTOR, PASS)
    open_case(app, mentee, MENTEE)
    assert app.driver.find_elements(By.CSS_SELECTOR, FACT) == [], "a mentor gets no context row"
    assert app.driver.find_elements(By.CSS_SELECTOR, ".case-section.restricted") == [], "nor a restricted section"
    details = app.el("case-sections").text
    labels = [dt.text for dt in app.driver.find_elements(By.CSS_SELECTOR, "#case-sections dt")]
    assert labels and all(label.strip() for label in labels), "every row the mentor sees has a label"
    assert EN[LABEL] not in labels
    for code in filter(None, page_typologies()):
        assert EN[f"context_typology.{code}"] not in details.splitlines(), f"no {code} on the mentor's page"
    assert app.invoke("case_open", {"id": mentee})["value"].get("context_typology", "absent") == "absent"
    app.shot("06-mentor-case", scroll="top")
    app.switch_language("rtl")
    assert app.driver.find_elements(By.CSS_SELECTOR, FACT) == []
    assert UR[LABEL] not in [dt.text for dt in app.driver.find_elements(By.CSS_SELECTOR, "#case-sections dt")]
    app.shot("07-mentor-case-ur", scroll="top")
    app.switch_language("ltr")
    app.quit()

    # The vault holds the codes.
    assert cli_json(world, WORKER, "case", "show", registered)["context_typology"] == "ethno_political"
    assert cli_json(world, WORKER, "case", "show", mentee)["context_typology"] == "sectarian"
    assert "context_typology" not in cli_json(world, MENTOR, "case", "show", mentee)
