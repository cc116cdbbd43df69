"""Hostile text in the intake side of the real window (issue 11): every
text field of the case form, the consent, legal basis and safety screen
forms, the ending of an intake, the needs assessment and its specialist
references, the service map (organisation, service, risks, CSV import,
filter), users, settings and reports is filled with script-injection
payloads, SQL fragments, Urdu, Arabic, emoji with joiners, right-to-left
override and zero-width marks, and 10,000-character runs, then saved; every
screen that shows them again (the case page, the case list and its search,
home, the form re-opened, the assessment, the service map), in English and
Urdu, is checked by hostile.check_screen: the sentinel global stays unset,
no payload became markup, no content-security-policy violation was heard,
the page is no wider than the window and each value is shown exactly as
typed inside its own box. A single-line field given 10,000 characters is
refused beside the field with its limit (200), keeping the typing, and
saves once shortened; a long-text field takes 10,000 characters whole.
Screenshots of each screen in both languages."""

import csv
import io
import json
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

from conftest import CLI
from hostile import (
    LONG,
    check_screen,
    error_beside,
    fill,
    limit_of,
    long_text,
    no_maxlength,
    save_shortening,
    type_keys,
    value_for,
    watch_csp,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
CATALOG = {lang: json.loads((REPO / "ui" / "i18n" / f"{lang}.json").read_text("utf-8")) for lang in ("en", "ur")}
EN, UR = CATALOG["en"], CATALOG["ur"]
PASS = "harbour willow copper 58 lanterns"
WORKER, SUPERVISOR = "hina.worker", "omar.supervisor"
# Typed with the keyboard (send_keys) once per form: plain ASCII markup.
TYPED = '"><iframe srcdoc="<script>parent.__hostile=1</script>">'


def too_long_text(lang: str, limit: int) -> str:
    return CATALOG[lang]["error.too_long"].replace("{max}", f"{limit:,}")


# --- set-up through the CLI ---------------------------------------------------------


def cli(world, *args, user=None):
    """homeward-cli on this test's vault as `user` (new users get PASS too)."""
    env = {**world.env, "HOMEWARD_PASSPHRASE": PASS, "HOMEWARD_NEW_PASSPHRASE": PASS}
    command = [str(CLI), "--vault", str(world.vault)] + (["--user", user] if user else []) + list(args)
    deadline = time.monotonic() + 15
    while True:
        done = subprocess.run(command, env=env, cwd=world.root, capture_output=True, text=True, timeout=300)
        if "vault_in_use" not in done.stderr or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert done.returncode == 0, f"homeward-cli {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def cli_json(world, *args, user):
    return json.loads(cli(world, "--json", *args, user=user))


def make_vault(world):
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    cli(world, "init")
    districts = world.root / "districts.csv"
    districts.write_text("BA,Quetta\n", encoding="utf-8")
    cli(world, "district", "import", str(districts), user="admin")
    cli(world, "user", "add", "--role", "case_worker", "--district", "Quetta", WORKER, user="admin")
    cli(world, "user", "add", "--role", "supervisor", "--district", "Quetta", SUPERVISOR, user="admin")


def case_in_phase_one(world, name):
    """A case of WORKER with the consents and safety screen that let the assessment start."""
    case = cli_json(
        world, "case", "add", "--name-latin", name, "--gender", "male", "--district", "Quetta",
        "--custody-track", "community", "--referral-source", "self",
        "--referral-date", (date.today() - timedelta(days=40)).isoformat(), "--age", "30",
        user=WORKER,
    )
    given = (date.today() - timedelta(days=30)).isoformat()
    for purpose in ("participation", "assessment"):
        cli(world, "consent", "add", "--purpose", purpose, "--method", "signed", "--given-on", given,
            "--language", "Urdu", case["id"], user=WORKER)
    cli(world, "safety", "add", "--on", given, "--threats", "none", "--staff-risk", "none", case["id"], user=WORKER)
    cli(world, "case", "move", "--to", "start_assessment", case["id"], user=WORKER)
    return case["id"]


# --- the pages ----------------------------------------------------------------------


def open_page(app, url, ready):
    app.driver.execute_script("window.location.assign(arguments[0])", url)
    app.wait_for_page(url.split("?")[0], ready)
    watch_csp(app)


def open_case(app, case_id):
    open_page(app, f"case.html?id={case_id}", "case-title")
    app.wait().until(lambda d: app.el("gate-title").text.strip())
    app.wait().until(lambda d: d.find_elements(By.ID, "consent-list") and d.find_elements(By.ID, "safety-latest"))


def submit(app, form_id):
    app.el(form_id).find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def alerts(app):
    """The texts of the alerts shown (to say why a save did not go through)."""
    return app.driver.execute_script(
        "return [...document.querySelectorAll('[role=alert]')].filter((e) => e.getClientRects().length)"
        ".map((e) => `${e.id}: ${e.textContent}`)"
    )


def until_saved(app, condition):
    """Waits for `condition` (a save's outcome); a refusal fails with the alerts shown."""
    try:
        app.wait().until(condition)
    except Exception as timeout:
        raise AssertionError(f"not saved: {alerts(app)}") from timeout


def saved_to(app, page, ready):
    """Waits for the save to open `page`; a refusal fails with the alerts shown."""
    try:
        app.wait_for_page(page, ready)
    except Exception as timeout:
        raise AssertionError(f"not saved: {alerts(app)}") from timeout
    watch_csp(app)


def in_both_languages(app, step, expected, where, scroll_to=None):
    """Checks the screen in English, shoots it, then the same in Urdu (and back)."""
    check_screen(app, expected, f"{where} (English)")
    app.shot(f"{step}-en", scroll="top")
    if scroll_to:
        scroll_into_view(app, scroll_to)
        app.shot(f"{step}-en-{scroll_to}")
    app.switch_language("rtl")
    check_screen(app, expected, f"{where} (Urdu)")
    app.shot(f"{step}-ur", scroll="top")
    if scroll_to:
        scroll_into_view(app, scroll_to)
        app.shot(f"{step}-ur-{scroll_to}")
    app.switch_language("ltr")


def scroll_into_view(app, element_id):
    app.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", element_id)


# --- tests --------------------------------------------------------------------------


def test_case_form_and_intake_show_hostile_text_back_inert(world):
    make_vault(world)
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    watch_csp(app)

    # The case form: every text field, one typed with the keyboard.
    open_page(app, "case-form.html", "case-form")
    no_maxlength(app)
    names = ["name-latin", "name-urdu", "alias", "languages", "phone", "address", "sect", "ethnicity"]
    values = {name: value_for(name.replace("-", "_"), "case", index) for index, name in enumerate(names)}
    values["name-latin"] = f"{TYPED} case-name"
    type_keys(app, "name-latin", values["name-latin"])
    for field in names[1:]:
        fill(app, field, values[field])
    app.choose("gender", "male")
    app.choose("district", "Quetta")
    app.choose("referral-source", "self")
    app.choose("custody-track", "community")
    fill(app, "date-of-birth", "1994-03-01")
    check_screen(app, list(values.values()), "the filled case form")
    app.shot("01-case-form-filled", scroll="top")
    # A phone number holds digits and + - ( ) only: the hostile one is refused
    # beside its field, and nothing typed is lost.
    submit(app, "case-form")
    app.wait().until(lambda d: error_beside(app, "phone"))
    check_screen(app, list(values.values()), "the case form with its phone refused")
    app.shot("01b-case-form-phone-refused")
    values["phone"] = "+92 (300) 555-0142"
    fill(app, "phone", values["phone"])
    submit(app, "case-form")
    saved_to(app, "case.html", "case-title")
    case_id = app.driver.execute_script("return new URLSearchParams(location.search).get('id')")
    app.wait().until(lambda d: app.el("gate-title").text.strip())
    shown = list(values.values())
    in_both_languages(app, "02-case-page", shown, "the case page", scroll_to="case-sections")

    # Consents: sharing given by a guardian (organisation, kinds, giver, language, wording)
    # and family involvement (the family member).
    consent_fields = [
        "consent-organisation", "consent-information-kinds", "consent-giver-name",
        "consent-language", "consent-wording-version",
    ]
    consent = {
        name: value_for(name.removeprefix("consent-").replace("-", "_"), "consent", index)
        for index, name in enumerate(consent_fields)
    }
    app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    no_maxlength(app)
    app.choose("consent-purpose", "sharing")
    app.choose("consent-given-by", "guardian")
    app.choose("consent-method", "signed")
    consent["consent-organisation"] = f"{TYPED} consent-org"
    type_keys(app, "consent-organisation", consent["consent-organisation"])
    for field in consent_fields[1:]:
        fill(app, field, consent[field])
    app.shot("03-consent-form-filled")
    submit(app, "consent-form")
    until_saved(app, lambda d: app.el("consent-status").text == EN["intake.consent_saved"])

    family = value_for("family_member", "family", 5)
    app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    app.choose("consent-purpose", "family_involvement")
    app.choose("consent-given-by", "participant")
    app.choose("consent-method", "thumbprint")
    fill(app, "consent-family-member", family)
    submit(app, "consent-form")
    until_saved(app, lambda d: app.el("consent-status").text == EN["intake.consent_saved"])
    # The form is offered again with the last language and wording: as typed.
    app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    assert app.el("consent-language").get_property("value") == consent["consent-language"]
    assert app.el("consent-wording-version").get_property("value") == consent["consent-wording-version"]
    app.el("consent-form").find_element(By.CSS_SELECTOR, "[data-cancel]").click()

    # A legal basis with a hostile reference.
    reference = f"{TYPED} legal-ref"
    app.el("legal-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "legal-form")))
    no_maxlength(app)
    app.choose("legal-kind", app.driver.execute_script(
        "return [...document.getElementById('legal-kind').options].map((o) => o.value).find(Boolean)"))
    type_keys(app, "legal-reference", reference)
    submit(app, "legal-form")
    until_saved(app, lambda d: app.el("legal-status").text == EN["intake.legal_saved"])

    # The safety screen's note: every payload on its own line and a 10,000-character
    # run; refused with its limit beside the field (the whole text kept), then saved
    # once cut to that limit.
    app.el("safety-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "safety-form")))
    no_maxlength(app)
    app.choose("safety-threats-to-participant", "possible")
    app.choose("safety-risks-to-staff", "none")
    fill(app, "safety-note", long_text("safety-note"))
    note = save_shortening(
        app, lambda: submit(app, "safety-form"),
        lambda d: app.el("safety-status").text == EN["intake.safety_saved"],
        {"safety-note": long_text("safety-note")},
    )["safety-note"]

    intake = [*consent.values(), family, reference, note]
    open_case(app, case_id)
    in_both_languages(app, "04-intake", shown + intake, "the case page with intake", scroll_to="intake-consents")
    scroll_into_view(app, "intake-safety")
    app.shot("05-safety-note-en")

    # The list, its search and home show the names inert.
    open_page(app, "cases.html", "register")
    app.wait_for_results()
    until_saved(app, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#case-rows tr")) == 1)
    check_screen(app, [values["name-latin"], values["name-urdu"]], "the case list")
    fill(app, "search", values["name-latin"])
    submit(app, "search-form")
    app.wait().until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#case-rows tr")) == 1)
    app.wait_for_results()
    in_both_languages(app, "06-case-list-search", [values["name-latin"], values["name-urdu"]], "the case list")
    for query in [value_for("query", "search", index) for index in range(13)]:
        fill(app, "search", query)
        submit(app, "search-form")
        app.wait_for_results()
        check_screen(app, [query], f"a search for {query!r}")
    open_page(app, "home.html", "signed-in-user")
    in_both_languages(app, "07-home", [], "home")

    # The form re-opened for editing holds every value exactly.
    open_page(app, f"case-form.html?id={case_id}", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value") != "")
    for field, value in values.items():
        assert app.el(field).get_property("value") == value, f"#{field} re-opened as typed"
    in_both_languages(app, "08-case-form-edit", list(values.values()), "the case form re-opened")

    # Ending the intake with a hostile reason: the closed case page shows it inert.
    open_case(app, case_id)
    app.el("gate-end-intake").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "end-note")))
    no_maxlength(app)
    app.choose("end-reason", "declined")
    fill(app, "end-note", long_text("ending"))

    def end_intake():
        submit(app, "end-form")
        app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, ".confirm button.danger"))
        app.driver.find_element(By.CSS_SELECTOR, ".confirm button.danger").click()

    reason = save_shortening(
        app, end_intake, lambda d: d.find_elements(By.CSS_SELECTOR, ".ending-note"), {"end-note": long_text("ending")}
    )["end-note"]
    open_case(app, case_id)
    in_both_languages(app, "09-intake-ended", shown + intake + [reason], "the ended case", scroll_to="case-gate")

    # The vault holds every value exactly as typed.
    app.quit()
    stored = cli_json(world, "case", "show", case_id, user=WORKER)
    assert stored["name_latin"] == values["name-latin"] and stored["address"] == values["address"]
    assert stored["ethnicity"] == values["ethnicity"] and stored["name_urdu"] == values["name-urdu"]


def test_a_single_line_field_refuses_ten_thousand_characters_beside_itself_and_keeps_them(world):
    make_vault(world)
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_page(app, "case-form.html", "case-form")
    fill(app, "name-latin", LONG)
    app.choose("gender", "female")
    app.choose("district", "Quetta")
    app.choose("referral-source", "self")
    app.choose("custody-track", "community")
    submit(app, "case-form")
    app.wait().until(lambda d: error_beside(app, "name-latin"))
    assert error_beside(app, "name-latin") == too_long_text("en", limit_of("name_latin")), "the limit beside the field"
    assert app.el("name-latin").get_property("value") == LONG, "what was typed is kept whole"
    assert app.page() == "case-form.html", "nothing was saved"
    check_screen(app, [LONG], "the refused case form")
    app.shot("01-too-long-en")
    app.switch_language("rtl")
    assert error_beside(app, "name-latin") == too_long_text("ur", limit_of("name_latin"))
    app.shot("02-too-long-ur")
    app.switch_language("ltr")
    shortened = LONG[:limit_of("name_latin")]
    fill(app, "name-latin", shortened)
    submit(app, "case-form")
    saved_to(app, "case.html", "case-title")
    assert app.el("case-title").get_property("textContent") == shortened, "the name saved whole once shortened"
    check_screen(app, [shortened], "the case saved once shortened")

    # The consent form (built by case-fields.js) says the same beside its field.
    app.wait().until(lambda d: d.find_elements(By.ID, "consent-add"))
    app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    app.choose("consent-purpose", "sharing")
    app.choose("consent-given-by", "participant")
    app.choose("consent-method", "signed")
    fill(app, "consent-organisation", LONG)
    fill(app, "consent-information-kinds", "school records")
    fill(app, "consent-language", "Urdu")
    fill(app, "consent-wording-version", "v3")
    submit(app, "consent-form")
    app.wait().until(lambda d: error_beside(app, "consent-organisation"))
    assert error_beside(app, "consent-organisation") == too_long_text("en", limit_of("organisation"))
    assert app.el("consent-organisation").get_property("value") == LONG
    app.shot("03-consent-too-long-en")
    fill(app, "consent-organisation", LONG[:limit_of("organisation")])
    submit(app, "consent-form")
    until_saved(app, lambda d: app.el("consent-status").text == EN["intake.consent_saved"])
    check_screen(app, [LONG[:limit_of("organisation")]], "the consent saved once shortened")


DOMAINS = [
    "mental_health", "physical_health", "trauma", "substance_use", "coping", "identity_belonging",
    "ideological_understanding", "attitudes_to_violence", "social_relations", "family",
    "community_acceptance", "education", "vocational_skills", "employment", "financial", "housing",
    "legal_documents", "safety_retaliation", "social_skills", "spiritual_wellbeing", "recreation",
    "children", "online_exposure", "civic_participation",
]


def test_assessment_and_specialist_references_show_hostile_text_back_inert(world):
    make_vault(world)
    case_id = case_in_phase_one(world, "Rashid Anwar")
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_page(app, f"assessment.html?case={case_id}", "assess-form")
    app.wait().until(lambda d: app.el("progress").text != "")
    no_maxlength(app)

    # Every domain scored, every note hostile (the first typed).
    notes = {code: value_for("note", "note", index) for index, code in enumerate(DOMAINS)}
    notes[DOMAINS[0]] = f"{TYPED} note-typed"
    app.driver.execute_script(
        "for (const code of arguments[0]) document.getElementById(`score-${code.replaceAll('_', '-')}-2`).click();",
        DOMAINS,
    )
    first = DOMAINS[0].replace("_", "-")
    app.el(f"note-toggle-{first}").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, f"note-{first}")))
    type_keys(app, f"note-{first}", notes[DOMAINS[0]])
    for code in DOMAINS[1:]:
        fill(app, f"note-{code.replace('_', '-')}", notes[code])

    # A domain's note of 10,000 characters: the refusal names the domain and the limit,
    # opens that note and keeps it whole.
    housing = "note-housing"
    fill(app, housing, long_text("housing-note"))
    app.el("save").click()
    app.wait().until(lambda d: app.el("form-error").is_displayed())
    message = app.el("form-error").text
    prefix = EN["assess.error.note_too_long"].split("{max}")[0].replace("{domain}", EN["domain.housing"])
    assert message.startswith(prefix), f"the refusal names the domain: {message!r}"
    limit = int(message[len(prefix):].split(" ")[0].replace(",", ""))
    assert limit < len(LONG), "a note is held to fewer than 10,000 characters"
    assert app.el(housing).is_displayed() and app.el(housing).get_property("value") == long_text("housing-note")
    check_screen(app, [], "the assessment with a note refused as too long")
    app.shot("00-note-too-long")
    notes["housing"] = long_text("housing-note")[:limit].rstrip()
    fill(app, housing, notes["housing"])

    # The three long texts: 10,000 characters each, refused beside the field with the
    # field's own limit (whole text kept) where that limit is lower, then saved.
    texts = {name: long_text(name) for name in ["strengths", "participant-account", "priorities"]}
    for field, value in texts.items():
        fill(app, field, value)
    texts = save_shortening(
        app, lambda: app.el("save").click(), lambda d: app.el("saved").is_displayed(), texts,
        {field: limit_of(field.replace("-", "_")) for field in texts},
    )
    check_screen(app, [*notes.values(), *texts.values()], "the saved assessment")

    # A specialist reference: tool typed, assessor and band pasted.
    specialist = {name: value_for(name.replace("-", "_"), "specialist", index)
                  for index, name in enumerate(["tool", "assessor", "summary-band"])}
    specialist["tool"] = f"{TYPED} tool"
    type_keys(app, "tool", specialist["tool"])
    fill(app, "assessor", specialist["assessor"])
    fill(app, "summary-band", specialist["summary-band"])
    app.el("specialist-add").click()
    until_saved(app, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#specialist-list .specialist-tool")) == 1)

    # The assessment opened again holds every value exactly, in both languages.
    url = app.driver.execute_script("return location.pathname.split('/').pop() + location.search")
    open_page(app, url, "assess-form")
    app.wait().until(lambda d: app.el("strengths").get_property("value") != "")
    for code, note in notes.items():
        assert app.el(f"note-{code.replace('_', '-')}").get_property("value") == note, f"the {code} note as typed"
    for field, value in texts.items():
        assert app.el(field).get_property("value") == value, f"#{field} as typed"
    expected = [*notes.values(), *texts.values(), *specialist.values()]
    in_both_languages(app, "01-assessment", expected, "the assessment re-opened", scroll_to="specialist")
    scroll_into_view(app, "texts")
    app.shot("02-assessment-texts")

    # The case page's needs section lists the specialist reference inert.
    open_case(app, case_id)
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "#case-needs .specialist-tool"))
    in_both_languages(app, "03-case-needs", [specialist["tool"], specialist["summary-band"]], "the needs section",
                      scroll_to="case-needs")

    # The vault holds the long texts whole.
    app.quit()
    stored = json.dumps(cli_json(world, "assessment", "list", case_id, user=WORKER), ensure_ascii=False)
    for value in [texts["strengths"], texts["participant-account"], notes[DOMAINS[5]], specialist["summary-band"]]:
        assert json.dumps(value, ensure_ascii=False)[1:-1] in stored, f"the vault holds {value[:30]!r}... whole"


def cards(app):
    return app.driver.find_elements(By.CSS_SELECTOR, "#svc-results .svc-card")


def import_csv_text(app, name, text):
    """Hands a CSV file to the page's file input as a person choosing it would."""
    app.driver.execute_script(
        """
        const [input, name, text] = arguments;
        const box = new DataTransfer();
        box.items.add(new File([text], name, { type: 'text/csv' }));
        input.files = box.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        """,
        app.el("import-file"), name, text,
    )


def test_service_map_forms_and_import_show_hostile_text_back_inert(world):
    make_vault(world)
    exported = world.root / "quetta.csv"
    cli(world, "service", "export", "--district", "Quetta", "--out", str(exported), user=WORKER)
    header = exported.read_text("utf-8").splitlines()[0].split(",")
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_page(app, "services.html", "filters")
    app.choose("filter-district", "Quetta")

    # An organisation: its name typed, its contact role pasted.
    app.el("org-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "org-form")))
    no_maxlength(app)
    org = f"{TYPED} org"
    type_keys(app, "organisation", org)
    contact_role = value_for("contact_role", "contact", 3)
    fill(app, "contact-role", contact_role)
    submit(app, "org-form")
    until_saved(app, lambda d: not d.find_elements(By.ID, "org-form"))

    # A service with every text field hostile and two risks of access.
    app.el("service-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "service-form")))
    no_maxlength(app)
    core_names = {"service": "name", "catchment": "catchment", "cost": "cost", "languages": "languages"}
    lines = {field: value_for(core, "svc", index) for index, (field, core) in enumerate(core_names.items())}
    lines["service"] = f"{TYPED} service"
    longs = {field: long_text(field) for field in ["description", "documents-needed", "legal-status-exclusions", "quality-how"]}
    type_keys(app, "service", lines["service"])
    for field, value in [*list(lines.items())[1:], *longs.items()]:
        fill(app, field, value)
    fill(app, "last-verified", date.today().isoformat())
    app.choose("quality", "3")
    mitigations = [value_for("mitigation", "risk", 7), value_for("mitigation", "risk", 8)]
    for mitigation in mitigations:
        app.driver.find_element(By.CSS_SELECTOR, "#service-form .svc-risk-set > button").click()
        rows = app.driver.find_elements(By.CSS_SELECTOR, ".risk-row")
        set_box = rows[-1].find_element(By.CSS_SELECTOR, ".risk-mitigation-input")
        fill(app, set_box.get_attribute("id"), mitigation)
    app.driver.execute_script(
        "const kinds = document.querySelectorAll('.risk-kind-input'); kinds[1].value = 'retaliation';"
        "document.querySelectorAll('.risk-level-input')[1].value = 'high';"
    )
    app.shot("01-service-form-filled", scroll="top")
    longs = save_shortening(
        app, lambda: submit(app, "service-form"), lambda d: not d.find_elements(By.ID, "service-form"), longs,
        {field: limit_of(field.replace("-", "_")) for field in longs},
    )
    until_saved(app, lambda d: len(cards(app)) == 1)
    shown = [org, *lines.values(), *longs.values(), *mitigations]
    in_both_languages(app, "02-service-card", shown, "the service map")
    app.driver.execute_script("document.querySelector('#svc-results .svc-card').scrollIntoView({block: 'start'})")
    app.shot("03-service-card-scrolled")

    # Edited: the form re-opens with every value as typed.
    cards(app)[0].find_element(By.CSS_SELECTOR, ".svc-actions button").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "service-form")))
    for field, value in [*lines.items(), *longs.items()]:
        assert app.el(field).get_property("value") == value, f"#{field} re-opened as typed"
    check_screen(app, [*lines.values(), *longs.values(), *mitigations], "the service form re-opened")
    app.shot("04-service-form-edit", scroll="top")
    app.driver.find_element(By.CSS_SELECTOR, "#service-form .svc-submit button.secondary").click()

    # A hostile language filter finds nothing and stays inert.
    for query in [value_for("language", "filter", index) for index in range(13)]:
        fill(app, "filter-language", query)
        app.el("filter-apply").click()
        app.wait().until(lambda d: app.el("svc-count").text != "")
        check_screen(app, [query], f"a language filter of {query!r}")
    fill(app, "filter-language", "")

    # A CSV of the map with hostile values is imported and shown inert.
    row = dict.fromkeys(header, "")
    csv_fields = {"organisation": "organisation", "service": "name", "catchment": "catchment", "cost": "cost",
                  "languages": "languages", "contact_role": "contact_role"}
    imported = {column: value_for(core, "csv", index) for index, (column, core) in enumerate(csv_fields.items())}
    row.update(imported, district="Quetta", org_type="education", level="district", domain="education",
               modality="outpatient",
               # As long as the form let the description be (a call may hold it below the table's limit).
               description=long_text("csv-description")[:len(longs["description"])].rstrip(),
               last_verified=date.today().isoformat())
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    import_csv_text(app, "hostile.csv", buffer.getvalue())
    until_saved(app, lambda d: app.el("import-status").is_displayed() or app.el("import-error").is_displayed())
    assert app.el("import-status").is_displayed(), app.el("import-error").text
    app.el("filter-apply").click()
    app.wait().until(lambda d: len(cards(app)) == 2)
    in_both_languages(app, "05-imported", [org, imported["organisation"], imported["service"], imported["catchment"],
                                           row["description"]], "the map after the import")


def test_first_run_users_settings_reports_unlock_and_restore_keep_hostile_text_inert(world):
    app = world.launch()

    # First run: a hostile username is refused beside the field, inert.
    app.wait_for_page("first-run.html", "create-form")
    watch_csp(app)
    no_maxlength(app)
    type_keys(app, "username", TYPED)
    type_keys(app, "passphrase", PASS)
    type_keys(app, "passphrase-confirm", PASS)
    submit(app, "create-form")
    app.wait().until(lambda d: error_beside(app, "username"))
    check_screen(app, [TYPED], "first run with a hostile username")
    app.shot("01-first-run-refused")
    app.create_admin("admin", PASS)
    watch_csp(app)

    # Districts with hostile names, added one by one and imported from CSV text.
    open_page(app, "users.html", "add-user-form")
    no_maxlength(app)
    districts = [value_for("district", "district", index) for index in range(13)]
    app.choose("province", "BA")
    type_keys(app, "district", districts[0])
    submit(app, "add-district-form")
    until_saved(app, lambda d: districts[0] in app.el("district-list").get_property("textContent"))
    for name in districts[1:4]:
        fill(app, "district", name)
        submit(app, "add-district-form")
        until_saved(app, lambda d, name=name: name in app.el("district-list").get_property("textContent"))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for name in districts[4:]:
        writer.writerow(["KP", name])
    fill(app, "csv", buffer.getvalue())
    submit(app, "import-form")
    until_saved(app, EC.visibility_of_element_located((By.ID, "import-done")))

    # A hostile username is refused; a user of a hostile district is listed with it.
    type_keys(app, "username", TYPED)
    app.choose("role", "supervisor")
    app.driver.find_element(By.CSS_SELECTOR, "#district-choices input").click()
    fill(app, "passphrase", PASS)
    fill(app, "passphrase-confirm", PASS)
    submit(app, "add-user-form")
    app.wait().until(lambda d: error_beside(app, "username"))
    check_screen(app, [TYPED], "users with a hostile username refused")
    app.shot("02-user-refused")
    type_keys(app, "username", SUPERVISOR)
    fill(app, "passphrase", PASS)
    fill(app, "passphrase-confirm", PASS)
    submit(app, "add-user-form")
    until_saved(app, lambda d: SUPERVISOR in app.el("users-done").text)
    in_both_languages(app, "03-users", districts, "users and districts", scroll_to="district-list")

    # Settings: a hostile idle time and backup folder are refused beside their fields.
    open_page(app, "settings.html", "idle-form")
    no_maxlength(app)
    type_keys(app, "idle-seconds", TYPED)
    submit(app, "idle-form")
    app.wait().until(lambda d: error_beside(app, "idle-seconds"))
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, '#backup-target option[value="other"]'))
    app.choose("backup-target", "other")
    folder = value_for("folder", "folder", 2)
    fill(app, "backup-folder", folder)
    submit(app, "backup-form")
    app.wait().until(lambda d: error_beside(app, "backup-folder"))
    in_both_languages(app, "04-settings", [TYPED, folder], "settings", scroll_to="backup-form")

    # Unlock: a hostile username is refused, inert; so is a hostile backup path on restore.
    app.lock()
    watch_csp(app)
    type_keys(app, "username", TYPED)
    type_keys(app, "passphrase", "not the passphrase at all")
    submit(app, "unlock-form")
    app.wait().until(lambda d: app.el("form-error").is_displayed() or error_beside(app, "passphrase")
                     or error_beside(app, "username"))
    check_screen(app, [TYPED], "unlock refused")
    app.shot("05-unlock-refused")
    open_page(app, "restore.html", "verify-form")
    path = f"/tmp/{TYPED}/{value_for('path', 'path', 4)}"
    fill(app, "restore-path", path)
    type_keys(app, "bk-username", TYPED)
    fill(app, "bk-passphrase", PASS)
    submit(app, "verify-form")
    app.wait().until(lambda d: error_beside(app, "restore-path") or app.el("restore-error").is_displayed())
    in_both_languages(app, "06-restore-refused", [path, TYPED], "restore refused")

    # Reports (a supervisor): a hostile recipient is previewed, a hostile approver refused.
    open_page(app, "unlock.html", "unlock-form")
    app.unlock_as(SUPERVISOR, PASS)
    open_page(app, "reports.html", "rpt-form")
    no_maxlength(app)
    recipient = value_for("recipient", "recipient", 3)
    fill(app, "rpt-recipient", recipient)
    app.el("rpt-preview").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "rpt-result")))
    check_screen(app, [recipient], "the report preview")
    app.el("approve-open").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "approve-form")))
    type_keys(app, "approver", TYPED)
    fill(app, "approver-passphrase", PASS)
    fill(app, "export-folder", folder)
    submit(app, "approve-form")
    app.wait().until(lambda d: error_beside(app, "approver") or error_beside(app, "approver-passphrase")
                     or error_beside(app, "export-folder"))
    in_both_languages(app, "07-reports", [recipient, TYPED, folder], "reports", scroll_to="approve-form")
