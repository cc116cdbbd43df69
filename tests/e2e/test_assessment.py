"""The needs assessment in the real window. The CLI sets up a case in
phase 1 (consents for participation and assessment, a safety screen). The
case worker starts the assessment from the case screen, scores all but two
domains, loses nothing to a lock mid-edit, sees "2 of 24 still to score",
then scores the rest (two urgent, one not assessed because declined),
fills the profile and strengths and saves; the section and `case gate`
then say the sign-off is what is missing. The supervisor reviews and signs
off; the case worker finds it read-only (a save is refused `frozen`) and
makes a correction, which the supervisor signs off: both versions stay
readable and the chart shows both dates. A mentor of the case finds no
restricted score or note anywhere in the page. Screenshots at each step,
and the form and the chart in Urdu."""

import json
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

from conftest import CLI
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
CATALOG = {
    lang: json.loads((REPO / "ui" / "i18n" / f"{lang}.json").read_text("utf-8")) for lang in ("en", "ur")
}
EN = CATALOG["en"]

PASS = "harbour willow copper 58 lanterns"
WORKER, SUPERVISOR, MENTOR = "sana.worker", "amina.supervisor", "bilal.mentor"

# The domain codes of homeward-core's domain/needs.rs, in its order.
DOMAINS = [
    "mental_health", "physical_health", "trauma", "substance_use", "coping", "identity_belonging",
    "ideological_understanding", "attitudes_to_violence", "social_relations", "family",
    "community_acceptance", "education", "vocational_skills", "employment", "financial", "housing",
    "legal_documents", "safety_retaliation", "social_skills", "spiritual_wellbeing", "recreation",
    "children", "online_exposure", "civic_participation",
]
RESTRICTED = {"mental_health", "trauma", "substance_use", "ideological_understanding", "attitudes_to_violence", "safety_retaliation"}
URGENT = ("housing", "safety_retaliation")
DECLINED = "substance_use"
LEFT_FOR_LATER = ("civic_participation", "online_exposure")
# A note typed in a restricted domain: a mentor's page must never hold it.
RESTRICTED_NOTE = "Canary-T3-note 5b1e: threats from former associates"
OPEN_NOTE = "Works weekends at his uncle's shop"
STRENGTHS = "Close to his mother; finished grade ten"
SPECIALIST_TOOL = "Structured tool K-7"


def text(lang, key, **params):
    out = CATALOG[lang][key]
    for name, value in params.items():
        out = out.replace("{" + name + "}", str(value))
    return out


def cli(world, *args, user=None):
    """homeward-cli on this test's vault as `user` (new users get PASS too)."""
    env = {**world.env, "HOMEWARD_PASSPHRASE": PASS, "HOMEWARD_NEW_PASSPHRASE": PASS}
    command = [str(CLI), "--vault", str(world.vault)] + (["--user", user] if user else []) + list(args)
    deadline = time.monotonic() + 15
    while True:
        done = subprocess.run(command, env=env, cwd=world.root, capture_output=True, text=True, timeout=300)
        # A window that was just closed may take a moment to let go of the vault.
        if "vault_in_use" not in done.stderr or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert done.returncode == 0, f"homeward-cli {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def cli_json(world, *args, user):
    return json.loads(cli(world, "--json", *args, user=user))


def set_up_case_in_phase_one(world) -> str:
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    cli(world, "init")
    districts = world.root / "districts.csv"
    districts.write_text("BA,Quetta\n", encoding="utf-8")
    cli(world, "district", "import", str(districts), user="admin")
    cli(world, "user", "add", "--role", "case_worker", "--district", "Quetta", WORKER, user="admin")
    cli(world, "user", "add", "--role", "supervisor", "--district", "Quetta", SUPERVISOR, user="admin")
    cli(world, "user", "add", "--role", "mentor", "--district", "Quetta", MENTOR, user="admin")
    case = cli_json(
        world, "case", "add", "--name-latin", "Yousaf Khan", "--gender", "male", "--district", "Quetta",
        "--custody-track", "released_under_supervision", "--referral-source", "prison_or_probation",
        "--referral-date", (date.today() - timedelta(days=40)).isoformat(), "--age", "26", "--mentor", MENTOR,
        user=WORKER,
    )
    given = (date.today() - timedelta(days=30)).isoformat()
    for purpose in ("participation", "assessment"):
        cli(world, "consent", "add", "--purpose", purpose, "--method", "signed", "--given-on", given,
            "--language", "Urdu", case["id"], user=WORKER)
    cli(world, "safety", "add", "--on", given, "--threats", "possible", "--staff-risk", "none", case["id"], user=WORKER)
    cli(world, "case", "move", "--to", "start_assessment", case["id"], user=WORKER)
    assert cli_json(world, "case", "gate", case["id"], user=WORKER)["phase"] == 1, "the case starts in phase 1"
    return case["id"]


def open_case(app, case_id):
    app.driver.execute_script("window.location.assign(arguments[0])", f"case.html?id={case_id}")
    app.wait_for_page("case.html", "needs-section")


def needs_state(app) -> str:
    return app.driver.find_element(By.CSS_SELECTOR, "#needs-section .needs-state").text


def wait_for_form(app):
    app.wait_for_page("assessment.html", "assess-form")
    app.wait().until(lambda d: app.el("progress").text != "")


def click(app, element):
    """Clicks `element` after scrolling it to the middle of the window, clear
    of the form's sticky head and bar (as a person scrolls before clicking)."""
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def choose(app, element_id, value):
    """Picks `value` in the <select> #element_id, scrolled into view first."""
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", app.el(element_id))
    app.choose(element_id, value)


def score(app, domain, value):
    """Picks a score (0–4, or "na") of `domain` by clicking its visible choice."""
    click(app, app.driver.find_element(By.CSS_SELECTOR, f'label[for="score-{domain.replace("_", "-")}-{value}"]'))


def write_note(app, domain, note):
    code = domain.replace("_", "-")
    if app.el(f"note-toggle-{code}").get_attribute("aria-expanded") != "true":
        click(app, app.el(f"note-toggle-{code}"))
    app.wait().until(EC.visibility_of_element_located((By.ID, f"note-{code}")))
    app.type_text(f"note-{code}", note)


def save(app):
    app.el("save").click()
    app.wait().until(lambda d: app.el("saved").is_displayed() or app.el("form-error").is_displayed())
    assert not app.el("form-error").is_displayed(), app.el("form-error").text


def badge(app):
    """The status badge of the assessment page (read afresh: it is redrawn)."""
    return app.driver.execute_script("return document.querySelector('#assess-status .status-badge')?.textContent")


def chart_dates(app):
    return [
        e.get_property("textContent")
        for e in app.driver.find_elements(By.CSS_SELECTOR, "#needs-chart svg .column-date")
    ]


def check_fits(app, where):
    overflow = app.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{where}: the page is {overflow} px wider than the window"


def test_assessment_from_start_to_sign_off_and_correction(world):
    case_id = set_up_case_in_phase_one(world)
    first_date = (date.today() - timedelta(days=7)).isoformat()
    app = world.launch()

    # --- the case worker starts the assessment ------------------------------
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    assert needs_state(app) == EN["needs.state_none"]
    app.shot("01-case-before-assessment", scroll="top")
    app.el("needs-start").click()
    wait_for_form(app)
    assert app.el("progress").text == text("en", "assess.progress_missing", count=24, total=24)
    rows = app.driver.find_elements(By.CSS_SELECTOR, "tr.domain-row")
    assert sorted(r.get_attribute("data-domain") for r in rows) == sorted(DOMAINS), "one row per domain"
    marked = {
        r.get_attribute("data-domain")
        for r in rows
        if r.find_elements(By.CSS_SELECTOR, ".tier-marker")
    }
    assert marked == RESTRICTED, "exactly the tier-3 domains carry the restricted marker"
    check_fits(app, "empty assessment form")
    app.shot("02-assessment-empty", scroll="top")

    # A date in the future is refused by the core beside its field; nothing typed is lost.
    app.type_into("assessed-on", (date.today() + timedelta(days=3)).isoformat())
    score(app, "family", 1)
    app.el("save").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "assessed-on-error")))
    assert app.el("assessed-on-error").text == EN["assess.error.invalid_input.assessed_on"]
    assert app.el("assessed-on-error").get_attribute("role") == "alert"
    assert app.el("score-family-1").is_selected(), "the score chosen stays"
    app.shot("03-future-date-refused")
    app.type_into("assessed-on", first_date)

    # Everything but two domains, two of them urgent, one declined.
    for index, domain in enumerate(DOMAINS):
        if domain in LEFT_FOR_LATER:
            continue
        if domain in URGENT:
            score(app, domain, 4)
        elif domain == DECLINED:
            score(app, domain, "na")
            choose(app, f"reason-{domain.replace('_', '-')}", "declined")
        else:
            score(app, domain, [0, 1, 2, 3][index % 4])
        choose(app, f"evidence-{domain.replace('_', '-')}", "self_report" if index % 2 else "records")
    click(app, app.el("priority-housing"))
    write_note(app, "safety_retaliation", RESTRICTED_NOTE)
    assert app.el("progress").text == text("en", "assess.progress_missing", count=2, total=24)

    # A lock mid-edit keeps what was typed.
    app.press_lock_shortcut()
    app.wait_for_page("unlock.html", "unlock-form")
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    app.driver.find_element(By.CSS_SELECTOR, "#needs-start").click()
    app.wait_for_page("assessment.html", "draft-offer")
    app.shot("04-draft-offered-after-lock", scroll="top")
    app.el("draft-resume").click()
    app.wait().until(lambda d: app.el("note-safety-retaliation").get_property("value") == RESTRICTED_NOTE)
    assert app.el("score-housing-4").is_selected() and app.el("assessed-on").get_property("value") == first_date
    assert app.el("progress").text == text("en", "assess.progress_missing", count=2, total=24)
    save(app)
    app.shot("05-saved-two-missing", scroll="bottom")

    app.el("back").click()
    app.wait_for_page("case.html", "needs-section")
    assert needs_state(app) == text("en", "needs.state_missing", count=2, total=24, date=first_date)
    gate = app.invoke("case_gate", {"caseId": case_id})["value"]
    assert {"code": "domains_unscored", "count": 2, "total": 24} in gate["missing"], gate
    app.shot("06-case-two-domains-missing", scroll="top")

    # The rest: profile, strengths, the last two domains.
    app.driver.find_element(By.CSS_SELECTOR, "#needs-start").click()
    wait_for_form(app)
    for domain in LEFT_FOR_LATER:
        score(app, domain, 2)
    write_note(app, "family", OPEN_NOTE)
    app.type_text("strengths", STRENGTHS)
    app.type_text("participant-account", "Wants to work and to see his children again")
    app.type_text("priorities", "A job; his identity card")
    choose(app, "stage", "doubting")
    for part, level in (("behaviour", "yes"), ("ties", "partly"), ("views", "no")):
        click(app, app.driver.find_element(By.CSS_SELECTOR, f'label[for="{part}-{level}"]'))
    assert app.el("progress").text == text("en", "assess.progress_complete", total=24)
    save(app)
    app.shot("07-complete-saved", scroll="top")
    app.switch_language("rtl")
    check_fits(app, "assessment form in Urdu")
    app.shot("07b-form-urdu", scroll="top")
    app.driver.execute_script("document.querySelector('tr[data-domain=\"housing\"]').scrollIntoView({block: 'center'})")
    app.shot("07c-form-urdu-rows")
    app.switch_language("ltr")
    assert app.el("note-family").get_property("value") == OPEN_NOTE, "switching language keeps what is in the form"

    # A specialist's assessment is recorded as a reference only.
    for field, value in (("tool", SPECIALIST_TOOL), ("assessor", "Dr. Rahim, district hospital"), ("summary-band", "moderate")):
        app.type_text(field, value)
    app.type_into("specialist-on", first_date)
    click(app, app.el("specialist-add"))
    app.wait().until(lambda d: SPECIALIST_TOOL in app.el("specialist-list").text)
    assert first_date in app.el("specialist-list").text
    app.shot("08-complete-saved-end", scroll="bottom")
    app.el("back").click()
    app.wait_for_page("case.html", "needs-section")
    assert needs_state(app) == text("en", "needs.state_awaiting", date=first_date)
    gate = app.invoke("case_gate", {"caseId": case_id})["value"]
    assert gate["missing"] == [{"code": "assessment_sign_off"}], gate
    app.shot("09-case-awaiting-sign-off", scroll="top")
    app.lock()

    # --- the supervisor reviews and signs off ----------------------------------
    app.unlock_as(SUPERVISOR, PASS)
    open_case(app, case_id)
    review = app.driver.find_element(By.CSS_SELECTOR, "#needs-section .needs-table a.button-link")
    assert review.text == EN["needs.review_sign_off"]
    review.click()
    wait_for_form(app)
    assert app.el("note-safety-retaliation").is_displayed(), "notes are open for review"
    assert app.el("note-safety-retaliation").get_property("value") == RESTRICTED_NOTE
    app.shot("10-supervisor-review", scroll="top")
    app.el("sign-off").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "confirm-sign-off-yes")))
    app.shot("11-sign-off-confirm", scroll="bottom")
    app.el("confirm-sign-off-yes").click()
    app.wait().until(lambda d: badge(app) == EN["assess.status.signed_off"])
    assert app.el("save").is_displayed() is False and app.el("sign-off").is_displayed() is False
    app.shot("12-signed-off", scroll="top")
    app.lock()

    # --- the case worker: read-only, refused frozen, then a correction -----------
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    assert needs_state(app) == text("en", "needs.state_signed", date=first_date)
    assert app.driver.find_elements(By.CSS_SELECTOR, "#needs-start") == [], "no new assessment in phase 1"
    signed_id = app.driver.find_element(By.CSS_SELECTOR, '#needs-section tr[data-status="signed_off"]').get_attribute(
        "data-assessment"
    )
    app.driver.find_element(By.CSS_SELECTOR, f'#needs-section a[data-assessment="{signed_id}"]').click()
    wait_for_form(app)
    assert not app.el("save").is_displayed(), "a signed-off assessment offers no Save"
    disabled = app.driver.execute_script(
        "return ['score-housing-3', 'strengths', 'stage', 'note-family'].map((id) => document.getElementById(id).matches(':disabled'))"
    )
    assert disabled == [True, True, True, True], "every field of a signed-off assessment is read-only"
    refused = app.invoke(
        "assessment_save", {"input": {"assessment_id": signed_id, "assessed_on": first_date, "scores": []}}
    )
    assert not refused["ok"] and json.loads(refused["error"])["kind"] == "frozen", refused
    app.shot("13-worker-read-only", scroll="top")
    app.el("correct").click()
    wait_for_form(app)
    assert app.el("assess-lead").text == text("en", "assess.lead_correction", date=first_date)
    corrected_date = date.today().isoformat()
    assert app.el("assessed-on").get_property("value") == corrected_date
    assert app.el("note-safety-retaliation").get_property("value") == RESTRICTED_NOTE, "pre-filled, notes included"
    assert app.el("strengths").get_property("value") == STRENGTHS, "pre-filled, texts included"
    score(app, "housing", 3)
    save(app)
    app.shot("14-correction-saved", scroll="top")
    app.lock()

    app.unlock_as(SUPERVISOR, PASS)
    open_case(app, case_id)
    app.driver.find_element(By.CSS_SELECTOR, '#needs-section tr[data-status="draft"] a.button-link').click()
    wait_for_form(app)
    app.el("sign-off").click()
    app.el("confirm-sign-off-yes").click()
    app.wait().until(lambda d: badge(app) == EN["assess.status.signed_off"])
    app.el("back").click()
    app.wait_for_page("case.html", "needs-chart")
    statuses = [
        r.get_attribute("data-status") for r in app.driver.find_elements(By.CSS_SELECTOR, "#needs-section .needs-table tbody tr")
    ]
    assert sorted(statuses) == ["signed_off", "superseded"], statuses
    assert chart_dates(app) == [first_date, corrected_date], "the chart shows both dates"
    assert SPECIALIST_TOOL in app.el("needs-section").text, "the case screen lists the specialist reference"
    housing = app.driver.find_elements(By.CSS_SELECTOR, '#needs-chart svg g[data-domain="housing"] g.cell text')
    assert [t.get_property("textContent") for t in housing] == ["4", "3"], "each column its own score"
    check_fits(app, "case with chart")
    app.driver.execute_script("document.getElementById('needs-section').scrollIntoView()")
    app.shot("15-case-chart-both-versions")
    app.driver.execute_script("document.querySelector('#needs-section .chart-legend').scrollIntoView({block: 'end'})")
    app.shot("15b-case-chart-legend")

    # --- Urdu: the chart and the form, right to left ----------------------------------
    app.switch_language("rtl")
    app.wait().until(
        lambda d: d.find_element(By.CSS_SELECTOR, "#needs-chart svg title").get_property("textContent")
        == CATALOG["ur"]["needs.chart_title"]
    )
    mirrored = app.driver.execute_script(
        """
        const svg = document.querySelector('#needs-chart svg');
        const label = svg.querySelector('g[data-domain="housing"] .domain-label').getBBox();
        const cell = svg.querySelector('g[data-domain="housing"] g.cell rect').getBBox();
        return label.x > cell.x;
        """
    )
    assert mirrored, "in Urdu the domain labels stand at the right of the cells"
    check_fits(app, "case with chart in Urdu")
    app.driver.execute_script("document.getElementById('needs-section').scrollIntoView()")
    app.shot("16-case-chart-urdu")
    app.driver.find_element(By.CSS_SELECTOR, '#needs-section tr[data-status="signed_off"] a').click()
    wait_for_form(app)
    assert app.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    check_fits(app, "assessment in Urdu")
    app.shot("17-assessment-urdu", scroll="top")
    app.shot("18-assessment-urdu-end", scroll="bottom")
    app.switch_language("ltr")
    app.lock()

    # --- the mentor sees no restricted score or note ----------------------------------
    app.unlock_as(MENTOR, PASS)
    app.driver.execute_script("window.location.assign(arguments[0])", f"case.html?id={case_id}")
    app.wait_for_page("case.html", "case-title")
    app.wait().until(lambda d: "pending" not in d.find_element(By.TAG_NAME, "body").get_attribute("class"))
    source = app.driver.page_source
    assert RESTRICTED_NOTE not in source and "Canary-T3" not in source, "no restricted note in the mentor's page"
    assert SPECIALIST_TOOL not in source, "no specialist reference (tier 3) in the mentor's page"
    for domain in RESTRICTED:
        assert f'data-domain="{domain}"' not in source, f"no {domain} row for a mentor"
    listed = app.invoke("case_assessments", {"caseId": case_id})["value"]
    assert all(s["domain"] not in RESTRICTED for a in listed["assessments"] for s in a["scores"])
    app.shot("19-mentor-case", scroll="top")
    app.lock()
    world.quit()

    # --- the outcome in the vault, through the CLI -----------------------------------
    listed = cli_json(world, "assessment", "list", case_id, user=SUPERVISOR)
    versions = sorted((a["assessment"]["status"], a["assessment"]["assessed_on"]) for a in listed["assessments"])
    assert versions == sorted([("superseded", first_date), ("signed_off", corrected_date)]), versions
    current = next(a for a in listed["assessments"] if a["assessment"]["status"] == "signed_off")
    scores = {s["domain"]: s for s in current["scores"]}
    assert [d for d in DOMAINS if scores[d]["score"] == 4] == ["safety_retaliation"], "housing was corrected to 3"
    assert scores[DECLINED]["not_assessed_reason"] == "declined"
    assert scores["safety_retaliation"]["note"] == RESTRICTED_NOTE
    assert current["profile"]["stage"] == "doubting" and current["profile"]["ties"] == "partly"
    gate = cli_json(world, "case", "gate", case_id, user=WORKER)
    assert gate["phase"] == 1 and gate["next"] == "start_service_mapping"
    assert gate["missing"] == [], gate

    # --- a refusal is told in the section, not a crash ----------------------------------
    # The case screen still offers Correct while another window has already
    # opened a correction: the core refuses the second one, and the section says why.
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_case(app, case_id)
    stale = app.driver.find_element(By.CSS_SELECTOR, "#needs-section button[data-correct]")
    elsewhere = app.invoke("assessment_correct", {"assessmentId": stale.get_attribute("data-correct")})
    assert elsewhere["ok"], elsewhere
    click(app, stale)
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "#needs-section .needs-error:not([hidden])"))
    alert = app.driver.find_element(By.CSS_SELECTOR, "#needs-section .needs-error")
    assert alert.get_attribute("role") == "alert"
    assert alert.text == EN["assess.error.invalid_input.assessment_id"]
    assert app.el("needs-start").text == EN["needs.continue_assessment"], "the section shows the case as it now is"
    assert needs_state(app) == text("en", "needs.state_awaiting", date=date.today().isoformat())
    app.shot("20-correct-refused-open-draft")
