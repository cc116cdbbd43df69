"""Intake on the case screen in the real window. A vault is set up with
homeward-cli (administrator, a district, a case worker, a supervisor and a
mentor of that district, cases assigned to the worker); then, in the app:
the gate names what intake lacks and a refused start says why; the case
worker records consents and the safety screen through the forms, sees the
gate update, withdraws a consent (the gate asks for it again at once) and
starts the needs assessment; a child's case asks for both assent and
guardian consent; an intake ended as not eligible leaves a read-only
page; a supervisor countersigns a legal basis and closes a case after a
confirmation; a mentor sees no safety screen. Outcomes are read from the
page and, after the window is closed, from the vault through homeward-cli.
Every step is screenshotted, the gate panel and consent form also in Urdu."""

import json
import subprocess
import time
from pathlib import Path

from conftest import CLI, GENERATED_PASSPHRASE
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

CATALOG = {
    lang: json.loads((Path(__file__).resolve().parents[2] / "ui" / "i18n" / f"{lang}.json").read_text("utf-8"))
    for lang in ("en", "ur")
}
EN, UR = CATALOG["en"], CATALOG["ur"]

PASS = GENERATED_PASSPHRASE
WORKER, SUPERVISOR, MENTOR = "amina.worker", "bilal.supervisor", "sana.mentor"


# --- set-up through the CLI -------------------------------------------------------


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


def make_vault(world):
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    setup_cli(world, "init")
    setup_cli(world, "district", "add", "--province", "BA", "Quetta")
    for name, role in ((WORKER, "case_worker"), (SUPERVISOR, "supervisor"), (MENTOR, "mentor")):
        setup_cli(world, "user", "add", "--role", role, "--district", "Quetta", name)


def add_case(world, name, *extra):
    """Registers a participant as the case worker (assigned to them); returns the id."""
    out = world.cli(
        "--user", WORKER, "--json", "case", "add", "--name-latin", name, "--gender", "male",
        "--district", "Quetta", "--custody-track", "community", "--referral-source", "self",
        "--referral-date", "2025-01-10", *extra,
    )
    return json.loads(out)["id"]


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


# --- the page ---------------------------------------------------------------------


def open_case(app, case_id):
    app.driver.execute_script("window.location.assign(arguments[0])", f"case.html?id={case_id}")
    app.wait_for_page("case.html", "case-title")
    app.wait().until(lambda d: app.el("gate-title").text.strip())


def missing(app):
    return sorted(e.text for e in app.driver.find_elements(By.CSS_SELECTOR, "#gate-missing .missing-text"))


def wait_missing(app, keys, why):
    expected = sorted(EN[key] for key in keys)
    try:
        app.wait().until(lambda d: missing(app) == expected)
    except TimeoutException:
        pass
    assert missing(app) == expected, why


def submit(app, form_id):
    app.el(form_id).find_element(By.CSS_SELECTOR, "button[type=submit]").click()


def record_consent(app, purpose, given_by, giver=None, opened=False, status_key="intake.consent_saved"):
    """Fills the consent form (opening it unless a gate button did) and saves it."""
    if not opened:
        app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    if purpose is not None:
        app.choose("consent-purpose", purpose)
    app.choose("consent-given-by", given_by)
    if giver:
        app.type_into("consent-giver-name", giver)
    app.choose("consent-method", "signed")
    app.type_into("consent-language", "Urdu")
    app.type_into("consent-wording-version", "v3")
    submit(app, "consent-form")
    app.wait().until(lambda d: app.el("consent-status").text == EN[status_key])
    assert not app.el("consent-form").is_displayed(), "the form closes once saved"


def record_safety_screen(app):
    app.el("safety-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "safety-form")))
    app.choose("safety-threats-to-participant", "possible")
    app.choose("safety-risks-to-staff", "none")
    app.el("safety-female-practitioner-required").click()
    app.type_text("safety-note", "Cousin made threats at the market in March.")
    app.shot("safety-form-filled")
    submit(app, "safety-form")
    app.wait().until(lambda d: app.el("safety-status").text == EN["intake.safety_saved"])


def visible_write_controls(app):
    """Buttons and fields of the case page (the needs section is its own
    module's to test) and the Edit link, where they are shown."""
    return app.driver.execute_script(
        """
        const shown = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
        const controls = [...document.querySelectorAll('main button, main input, main select, main textarea')]
          .filter((e) => !e.closest('#case-needs'))
          .filter(shown).map((e) => e.id || e.textContent.trim());
        const edit = document.getElementById('edit');
        if (shown(edit)) controls.push('edit');
        return controls;
        """
    )


# --- tests --------------------------------------------------------------------------


def test_case_worker_records_consents_and_safety_screen_then_starts_the_assessment(world):
    make_vault(world)
    case_id = add_case(world, "Karim Baloch")
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    wait_missing(
        app,
        ["gate.missing.consent.participation", "gate.missing.consent.assessment", "gate.missing.safety_screen"],
        "at intake the gate lacks both consents and the safety screen",
    )
    assert app.el("gate-title").text == EN["gate.next.start_assessment"]
    app.shot("01-gate-at-intake", scroll="top")

    app.el("gate-move").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "gate-error")))
    assert app.el("gate-error").text == EN["gate.refused.consent_required"], "the refusal says why"
    assert EN["phase.0"] in app.el("case-phase").text, "the case stays at intake"
    app.shot("02-start-refused", scroll="top")

    # The gate panel and the consent form in Urdu.
    app.switch_language("rtl")
    assert UR["gate.missing.consent.assessment"] in app.el("gate-missing").text
    assert app.el("gate-error").text == UR["gate.refused.consent_required"], "the refusal follows the language"
    app.shot("03-urdu-gate", scroll="top")
    app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    submit(app, "consent-form")
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-purpose-error")))
    assert app.el("consent-purpose-error").text == UR["error.required"]
    app.shot("04-urdu-consent-form")
    app.el("consent-form").find_element(By.CSS_SELECTOR, "[data-cancel]").click()
    app.switch_language("ltr")

    record_consent(app, "participation", "participant")
    wait_missing(
        app,
        ["gate.missing.consent.assessment", "gate.missing.safety_screen"],
        "the gate no longer asks for consent to participation",
    )
    rows = app.driver.find_elements(By.CSS_SELECTOR, "#consent-rows tr")
    assert len(rows) == 1 and EN["intake.purpose.participation"] in rows[0].text
    assert EN["intake.method.signed"] in rows[0].text and "Urdu" in rows[0].text and EN["intake.in_force"] in rows[0].text

    # "Record now" beside a missing consent opens the form with its purpose chosen.
    item = app.driver.find_element(By.CSS_SELECTOR, "#gate-missing li[data-code=consent]")
    item.find_element(By.TAG_NAME, "button").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    assert app.el("consent-purpose").get_property("value") == "assessment"
    app.shot("05-consent-form-from-gate")
    record_consent(app, None, "participant", opened=True)
    wait_missing(app, ["gate.missing.safety_screen"], "only the safety screen is left")

    record_safety_screen(app)
    wait_missing(app, [], "nothing is missing")
    assert app.el("gate-lead").text == EN["gate.ready"]
    assert "primary" in app.el("gate-move").get_attribute("class"), "the step is offered as the main action"
    latest = app.el("safety-latest").text
    assert EN["intake.level.possible"] in latest and "Cousin made threats" in latest
    app.shot("06-gate-ready", scroll="top")

    # Withdrawing the assessment consent counts at once.
    row = app.driver.find_element(By.CSS_SELECTOR, "#consent-rows tr[data-purpose=assessment]")
    row.find_element(By.CSS_SELECTOR, "button.withdraw").click()
    confirm = app.driver.find_element(By.CSS_SELECTOR, "#consent-rows tr.confirm-row .confirm")
    assert EN["intake.withdraw_confirm"] in confirm.text
    app.shot("07-withdraw-confirm")
    confirm.find_element(By.CSS_SELECTOR, "button.danger").click()
    wait_missing(app, ["gate.missing.consent.assessment"], "a withdrawn consent is missing again at once")
    row = app.driver.find_element(By.CSS_SELECTOR, "#consent-rows tr[data-purpose=assessment]")
    assert "withdrawn" in row.get_attribute("class")
    assert EN["intake.withdrawn_on"].split(" {")[0] in row.text, "the consent shows as withdrawn"
    assert not row.find_elements(By.CSS_SELECTOR, "button.withdraw"), "a withdrawn consent cannot be withdrawn again"
    app.shot("08-consent-withdrawn", scroll="top")

    record_consent(app, "assessment", "participant")
    wait_missing(app, [], "the new consent meets the gate again")
    app.el("gate-move").click()
    app.wait().until(lambda d: EN["phase.1"] in app.el("case-phase").text)
    assert app.el("gate-title").text == EN["gate.next.start_service_mapping"]
    assert app.el("gate-done").text.endswith(EN["phase.1"])
    app.shot("09-phase-1", scroll="top")
    app.quit()

    gate = cli_json(world, WORKER, "case", "gate", case_id)
    assert gate["phase"] == 1 and gate["next"] == "start_service_mapping"
    intake = cli_json(world, WORKER, "consent", "list", case_id)
    kinds = sorted((c["purpose"], c["withdrawn_on"] is not None) for c in intake["consents"])
    assert kinds == [("assessment", False), ("assessment", True), ("participation", False)]
    assert all(c["wording_version"] == "v3" and c["method"] == "signed" for c in intake["consents"])
    [screen] = intake["safety_screens"]
    assert screen["threats_to_participant"] == "possible" and screen["female_practitioner_required"] == 1


def test_a_child_needs_both_assent_and_guardian_consent(world):
    make_vault(world)
    case_id = add_case(world, "Yasir Khan", "--age", "15")
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    wait_missing(
        app,
        [
            "gate.missing.child_assent.participation",
            "gate.missing.guardian_consent.participation",
            "gate.missing.child_assent.assessment",
            "gate.missing.guardian_consent.assessment",
            "gate.missing.safety_screen",
        ],
        "a child's case asks for assent and guardian consent for each purpose",
    )
    assert app.el("consent-child-hint").is_displayed()
    app.shot("01-child-gate", scroll="top")

    app.el("consent-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "consent-form")))
    offered = [o.get_attribute("value") for o in app.el("consent-given-by").find_elements(By.TAG_NAME, "option")]
    assert offered == ["both", "participant", "guardian"], "for a child, both at once is offered first"
    app.choose("consent-purpose", "participation")
    assert app.el("consent-giver-name").is_displayed(), "the guardian's name is asked for"
    app.type_into("consent-giver-name", "Gul Khan (father)")
    app.shot("02-child-consent-form")
    record_consent(app, None, "both", giver="Gul Khan (father)", opened=True, status_key="intake.consent_saved_both")
    wait_missing(
        app,
        ["gate.missing.child_assent.assessment", "gate.missing.guardian_consent.assessment", "gate.missing.safety_screen"],
        "both consents for participation are recorded",
    )

    record_consent(app, "assessment", "participant")
    wait_missing(
        app,
        ["gate.missing.guardian_consent.assessment", "gate.missing.safety_screen"],
        "the child's assent alone is not enough",
    )
    app.shot("03-child-assent-only", scroll="top")
    record_consent(app, "assessment", "guardian", giver="Gul Khan (father)")
    wait_missing(app, ["gate.missing.safety_screen"], "assent and guardian consent together meet the consent part")
    rows = app.el("consent-rows").text
    assert EN["intake.given_by.child"] in rows and "Gul Khan (father)" in rows
    app.shot("04-child-consents", scroll="top")
    app.quit()

    gate = cli_json(world, WORKER, "case", "gate", case_id)
    assert [m["code"] for m in gate["missing"]] == ["safety_screen"]
    consents = cli_json(world, WORKER, "consent", "list", case_id)["consents"]
    assert sorted((c["purpose"], c["given_by"]) for c in consents) == [
        ("assessment", "guardian"),
        ("assessment", "participant"),
        ("participation", "guardian"),
        ("participation", "participant"),
    ]
    assert {c["giver_name"] for c in consents if c["given_by"] == "guardian"} == {"Gul Khan (father)"}


def test_an_intake_ended_as_not_eligible_leaves_a_read_only_case(world):
    make_vault(world)
    case_id = add_case(world, "Rashid Marri")
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    assert app.el("edit").is_displayed()
    app.el("gate-end-intake").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "end-form")))
    submit(app, "end-form")
    app.wait().until(EC.visibility_of_element_located((By.ID, "end-reason-error")))
    assert app.el("end-note-error").text == EN["error.required"], "a written reason is required"
    app.choose("end-reason", "not_eligible")
    app.type_text("end-note", "The charge is outside the programme's remit.")
    submit(app, "end-form")
    confirm = app.el("end-form").find_element(By.CSS_SELECTOR, ".confirm")
    assert confirm.text.startswith(EN["phase_action.end_confirm.not_eligible"])
    assert EN["phase.0"] in app.el("case-phase").text, "nothing happens before the confirmation"
    app.shot("01-end-intake-confirm")
    confirm.find_element(By.CSS_SELECTOR, "button.danger").click()

    app.wait().until(lambda d: EN["phase.7"] in app.el("case-phase").text)
    assert app.el("gate-title").text == EN["gate.closed_title"]
    panel = app.el("case-gate").text
    assert EN["phase_action.outcome.not_eligible"] in panel and "outside the programme's remit" in panel
    assert visible_write_controls(app) == [], "a closed case offers nothing that writes"
    app.shot("02-closed-read-only", scroll="top")
    app.shot("03-closed-read-only-end", scroll="bottom")
    app.quit()

    gate = cli_json(world, WORKER, "case", "gate", case_id)
    assert gate["phase"] == 7 and gate["next"] is None
    shown = cli_json(world, WORKER, "case", "show", case_id)
    assert shown["intake_outcome"] == "not_eligible" and shown["closed_on"]


def test_supervisor_countersigns_and_closes_and_a_mentor_sees_no_safety_screen(world):
    make_vault(world)
    mandated = add_case(world, "Naveed Jamali", "--mentor", MENTOR)
    app = world.launch()

    app.unlock_as(WORKER, PASS)
    open_case(app, mandated)
    app.el("legal-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "legal-form")))
    app.choose("legal-kind", "court_order")
    app.type_into("legal-reference", "ATC-Quetta 114/2025")
    submit(app, "legal-form")
    app.wait().until(lambda d: app.el("legal-status").text == EN["intake.legal_saved"])
    assert EN["intake.not_countersigned"] in app.el("legal-list").text
    assert not app.driver.find_elements(By.CSS_SELECTOR, "#legal-list button.countersign"), "a case worker does not countersign"
    wait_missing(
        app,
        ["gate.missing.consent.participation", "gate.missing.consent.assessment", "gate.missing.safety_screen"],
        "an uncountersigned legal basis does not stand in for consent",
    )
    record_safety_screen(app)
    app.shot("01-worker-legal-basis", scroll="top")
    app.lock()

    app.unlock_as(SUPERVISOR, PASS)
    open_case(app, mandated)
    button = app.driver.find_element(By.CSS_SELECTOR, "#legal-list button.countersign")
    app.shot("02-supervisor-before-countersign")
    button.click()
    app.wait().until(lambda d: app.el("legal-status").text == EN["intake.countersigned_done"])
    assert EN["intake.countersigned_on"].split(" {")[0] in app.el("legal-list").text
    assert not app.driver.find_elements(By.CSS_SELECTOR, "#legal-list button.countersign")
    wait_missing(app, [], "a countersigned legal basis stands in for consent")
    app.shot("03-countersigned", scroll="top")

    assert not app.driver.find_elements(By.ID, "gate-end-intake"), "ending intake is the case worker's"
    app.el("gate-close").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "close-form")))
    app.choose("close-reason", "transferred")
    app.type_text("close-note", "Moved to the Karachi programme.")
    submit(app, "close-form")
    confirm = app.el("close-form").find_element(By.CSS_SELECTOR, ".confirm")
    assert confirm.text.startswith(EN["phase_action.close_confirm.transferred"])
    app.shot("04-close-confirm")
    confirm.find_element(By.CSS_SELECTOR, "button.danger").click()
    app.wait().until(lambda d: EN["phase.7"] in app.el("case-phase").text)
    assert EN["phase_action.reason.transferred"] in app.el("case-gate").text
    assert visible_write_controls(app) == [], "a closed case offers nothing that writes"
    app.shot("05-closed-by-supervisor", scroll="top")
    app.lock()

    app.unlock_as(MENTOR, PASS)
    open_case(app, mandated)
    body = app.driver.find_element(By.TAG_NAME, "main").text
    assert not app.el("intake-safety").is_displayed(), "a mentor sees no safety screen section"
    for key in ("intake.safety_title", "intake.consents_title", "intake.legal_title"):
        assert EN[key] not in body, f"a mentor's page has no {key}"
    assert "Cousin made threats" not in body
    assert EN["phase.7"] in app.el("case-phase").text
    app.shot("06-mentor-view", scroll="top")
    app.quit()

    intake = cli_json(world, SUPERVISOR, "consent", "list", mandated)
    [basis] = intake["legal_bases"]
    assert basis["countersigned_by"] and basis["countersigned_on"]
    shown = cli_json(world, SUPERVISOR, "case", "show", mandated)
    assert shown["phase"] == 7 and shown["closure_reason"] == "transferred"
