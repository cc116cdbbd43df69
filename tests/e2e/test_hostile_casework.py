"""Hostile text in every form of a case's work, in the real window (issue
11, part 3, helper B's pages): case work (a planned action, a referral
with a sharing consent recorded from the refer form, the referral's
update, a contact, an incident, a disclosure), the plan (goals, actions, a
child's and a guardian's view, an action's status), the three-monthly
review (the safety re-screen, the participant's feedback), the mentoring
agreement (details, goals, members, a supervisor's override, the
revision), home, the printable plan and agreement (and a PDF saved under
a hostile name), and drafts restored into a form.

The demo vault gets one more case through homeward-cli: a 15-year-old in
service mapping whose names are script-injection payloads, with a mentor
and a trauma need scored 4, and a service in Quetta whose organisation,
name and risk mitigation are hostile too. Every text field of every form
is first given 10,000 characters: the core refuses it with too_long and
the page says the field's limit beside it, keeping the text; the field is
then given a hostile value of exactly that limit (payloads: markup and
script, SQL, format strings, Urdu, Arabic, emoji with joiners, a
right-to-left override, zero-width marks, a run without spaces mixing
scripts), at least one per form typed with the keyboard, and the form is
saved. Every screen showing the values again (the page, re-opened forms,
lists, home, print pages; English and Urdu) is checked by
hostile.check_screen: no script ran, nothing became markup, no content
security policy violation, the page no wider than the window, every value
shown exactly as typed and inside its own box."""

from __future__ import annotations

import datetime
import json
import re
import time
from pathlib import Path

from conftest import GENERATED_PASSPHRASE
from hostile import (
    LONG,
    PAYLOADS,
    SCRIPT_PAYLOADS,
    check_screen,
    fill,
    hostile_values,
    no_maxlength,
    type_keys,
    watch_csp,
)
from selenium.common.exceptions import (
    ElementNotInteractableException,
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
EN = json.loads((REPO / "ui" / "i18n" / "en.json").read_text("utf-8"))
# "At most {max} characters; ..." with the number taken out.
TOO_LONG = re.compile(re.escape(EN["error.too_long"]).replace(re.escape("{max}"), r"([\d,]+)"))

PASS = GENERATED_PASSPHRASE
WORKER, SUPERVISOR, MENTOR = "sana.caseworker", "ayesha.supervisor", "bilal.mentor"
TODAY = datetime.date.today()
YESTERDAY = (TODAY - datetime.timedelta(days=1)).isoformat()

# The hostile case and its service, written by homeward-cli.
NAME_LATIN = '<img src=x onerror="window.__hostile=1"> Bilal \u202eredro'
NAME_URDU = "ڈاکٹر عائشہ </textarea><script>window.__hostile=1</script>"
ALIAS = "{{constructor.constructor('window.__hostile=1')()}}"
ORG = '"><iframe srcdoc="<script>parent.__hostile=1</script>"> Trust 👩🏽\u200d⚕️'
SERVICE = '<svg onload="window.__hostile=1"><script>window.__hostile=1</script></svg> محمد علي'
MITIGATION = '<a href="javascript:window.__hostile=1">x</a> ڈاکٹر عائشہ \u200b\u200c\u200d\u200f %s%n'
DOMAINS = [
    "mental_health", "physical_health", "trauma", "substance_use", "coping", "identity_belonging",
    "ideological_understanding", "attitudes_to_violence", "social_relations", "family",
    "community_acceptance", "education", "vocational_skills", "employment", "financial", "housing",
    "legal_documents", "safety_retaliation", "social_skills", "spiritual_wellbeing", "recreation",
    "children", "online_exposure", "civic_participation",
]
HIGH = {"trauma": 4, "education": 3}


def at_limit(value: str, limit: int, lines: bool = False) -> str:
    """`value`, then (for a long-text field, every payload on its own line)
    the run without spaces, cut to exactly `limit` characters as the core
    counts them (code points)."""
    parts = [value, *PAYLOADS] if lines else [value]
    text = ("\n" if lines else " ").join(parts) + " " + LONG
    assert len(text) >= limit, "the filler reaches the limit"
    return text[:limit]


# --- set-up through the CLI ------------------------------------------------------


def cli(world, *args, user):
    """homeward-cli as `user`, once a closed window has let go of the vault."""
    deadline = time.monotonic() + 15
    while True:
        try:
            return world.cli("--user", user, *args)
        except AssertionError as refused:
            if "vault_in_use" not in str(refused) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def cli_json(world, *args, user):
    return json.loads(cli(world, "--json", *args, user=user))


def days_ago(days: int) -> str:
    return (TODAY - datetime.timedelta(days=days)).isoformat()


def set_up(world, phase: int = 2) -> dict:
    """The demo vault plus the hostile case (in service mapping, or in plan
    with phase=3) and its hostile service; returns their ids."""
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    world.cli("demo")
    org = cli_json(world, "service", "org-add", "--district", "Quetta", "--name", ORG,
                   "--type", "civil_society", "--level", "district", user=WORKER)
    spec = world.root / "service.json"
    spec.write_text(json.dumps({
        "organisation_id": org["id"], "name": SERVICE, "domain": "trauma", "modality": "outreach",
        "languages": "Urdu", "cost": "free", "female_staff": True,
        "risks": [{"kind": "being_seen", "level": "high", "mitigation": MITIGATION}],
    }), encoding="utf-8")
    service = cli_json(world, "service", "save", str(spec), user=WORKER)
    case = cli_json(
        world, "case", "add", "--name-latin", NAME_LATIN, "--name-urdu", NAME_URDU, "--alias", ALIAS,
        "--gender", "male", "--district", "Quetta", "--custody-track", "community",
        "--referral-source", "family", "--referral-date", days_ago(40), "--age", "15",
        "--mentor", MENTOR, user=WORKER,
    )["id"]
    for by in ("participant", "guardian"):
        for purpose in ("participation", "assessment"):
            cli(world, "consent", "add", "--purpose", purpose, "--method", "signed", "--given-by", by,
                "--given-on", days_ago(30), "--language", "Urdu", case, user=WORKER)
    # A week old, so a review started today still has its safety re-screen to do.
    cli(world, "safety", "add", "--on", days_ago(7), "--threats", "none", "--staff-risk", "none", case, user=WORKER)
    cli(world, "case", "move", "--to", "start_assessment", case, user=WORKER)
    draft = cli_json(world, "assessment", "start", case, user=WORKER)
    form = world.root / "assessment.json"
    form.write_text(json.dumps({
        "assessment_id": draft["assessment"]["id"], "assessed_on": days_ago(20),
        "scores": [{"domain": d, "score": HIGH.get(d, 1), "evidence_source": "self_report"} for d in DOMAINS],
        "profile": {"stage": "doubting", "behaviour": "yes", "ties": "partly", "views": "partly"},
    }), encoding="utf-8")
    cli(world, "assessment", "save", str(form), user=WORKER)
    cli(world, "assessment", "sign-off", draft["assessment"]["id"], user=SUPERVISOR)
    cli(world, "case", "move", "--to", "start_service_mapping", case, user=WORKER)
    if phase >= 3:
        # The plan's gate: every high need covered (here by a planned action).
        for domain in HIGH:
            cli(world, "action", "add", "--domain", domain, "--description", f"{SCRIPT_PAYLOADS[6]} {domain}",
                "--responsible", PAYLOADS[-1], case, user=WORKER)
        cli(world, "case", "move", "--to", "start_plan", case, user=WORKER)
    assert cli_json(world, "case", "gate", case, user=WORKER)["phase"] == phase
    return {"case": case, "service": service["id"]}


# --- driving the pages -----------------------------------------------------------


def open_page(app, url: str, ready: str) -> None:
    """Opens `url`, waits for #ready, starts listening for CSP violations and
    checks that no field of the page carries a maxlength."""
    app.driver.execute_script("window.location.assign(arguments[0])", url)
    app.wait_for_page(url.split("?")[0], ready)
    watch_csp(app)
    no_maxlength(app)


def relock(app, user: str) -> None:
    app.lock()
    app.unlock_as(user, PASS)
    watch_csp(app)


STATUS_LINES = ("plan-status", "agreement-status-line", "review-status")


def click(app, selector: str) -> None:
    """Clicks once it can, again if a redraw replaced the element meanwhile.
    The page's status line is hidden first, so a wait for it hears only what
    this click brings (the pages show it again with each new message)."""
    app.driver.execute_script(
        "for (const id of arguments[0]) { const e = document.getElementById(id); if (e) e.hidden = true; }",
        list(STATUS_LINES),
    )

    def press(driver):
        try:
            element = driver.find_element(By.CSS_SELECTOR, selector)
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            element.click()
            return True
        except (StaleElementReferenceException, ElementNotInteractableException, NoSuchElementException):
            return False
    app.wait().until(press)


def visible(app, element_id: str):
    return app.wait().until(EC.visibility_of_element_located((By.ID, element_id)))


def shown_errors(app) -> list[str]:
    """The error lines the page shows (to say why a save did not go through)."""
    return app.driver.execute_script(
        "return [...document.querySelectorAll('.field-error, .form-error, [role=alert]')]"
        ".filter((e) => !e.hidden && e.textContent.trim()).map((e) => `${e.id}: ${e.textContent.trim()}`);"
    )


def until_saved(app, done, what: str) -> None:
    """Waits for `done`; if it never comes, fails naming the errors shown."""
    try:
        app.wait().until(done)
    except TimeoutException:
        raise AssertionError(f"{what} was not saved; the page shows {shown_errors(app)}") from None


def gone(app, selector: str) -> None:
    until_saved(app, lambda d: not d.find_elements(By.CSS_SELECTOR, selector), selector)


def on_screen(app, element_id: str) -> bool:
    """Whether #element_id is in the page and shown, asked in one go (a redraw may replace it)."""
    return app.driver.execute_script(
        "const e = document.getElementById(arguments[0]); return Boolean(e && e.getClientRects().length);",
        element_id,
    )


def said_beside(app, element_id: str) -> str:
    """The text of the error shown beside #element_id (empty when hidden), asked in one go."""
    return app.driver.execute_script(
        "const e = document.getElementById(`${arguments[0]}-error`);"
        "return e && !e.hidden && e.getClientRects().length ? e.textContent.trim() : '';",
        element_id,
    )


def folded(app, form_id: str) -> None:
    """A form that folds away once saved (case work's contact, incident, disclosure)."""
    until_saved(app, lambda d: not on_screen(app, form_id), form_id)


def submit(app, form_id: str) -> None:
    click(app, f"#{form_id} button[type=submit], #{form_id} .work-submit button.primary")


def refused_too_long(app, field_id: str, form_id: str, error_of: str | None = None) -> int:
    """The core refused #field_id's 10,000 characters: the limit is said
    beside the field (in #<error_of or field_id>-error), the text stays
    whole, the form stays open. Returns the limit."""
    owner = error_of or field_id
    try:
        app.wait().until(lambda d: said_beside(app, owner) != "")
    except TimeoutException:
        raise AssertionError(f"#{field_id}: no limit said beside it; the page shows {shown_errors(app)}") from None
    said = said_beside(app, owner)
    found = TOO_LONG.fullmatch(said)
    assert found, f"#{field_id} says its limit: {said!r}"
    limit = int(found.group(1).replace(",", ""))
    assert 0 < limit < len(LONG), f"#{field_id}: 10,000 characters are over the limit said ({limit})"
    assert app.el(field_id).get_property("value") == LONG, f"#{field_id} keeps the 10,000 characters"
    assert on_screen(app, form_id), "the form stays open"
    return limit


def oversize(app, form_id: str, fields: dict[str, str], submit_form=None, error_of=None) -> dict[str, str]:
    """Each field of `fields` in turn gets 10,000 characters and the form is
    sent: refused beside that field with its limit. The field then gets its
    value of `fields` lengthened to exactly that limit (with line breaks in
    a textarea), which the last save must accept. Returns the values left."""
    send = submit_form or (lambda: submit(app, form_id))
    # Short values first, within every field's limit (a consent's language holds 50), so each
    # refusal below can only be the field given 10,000 characters.
    for element_id in fields:
        fill(app, element_id, SCRIPT_PAYLOADS[7])
    left = {}
    for element_id, value in fields.items():
        fill(app, element_id, LONG)
        send()
        limit = refused_too_long(app, element_id, form_id, error_of)
        textarea = app.el(element_id).tag_name.lower() == "textarea"
        left[element_id] = at_limit(value, limit, lines=textarea)
        fill(app, element_id, left[element_id])
    return left


def shoot(app, step: str, where: str) -> None:
    """A screenshot with the page at its top, its bottom, or #where at the top of the window."""
    if where in ("top", "bottom"):
        app.shot(step, scroll=where)
        return
    app.driver.execute_script("document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", where)
    app.shot(step)


def check_both(app, expected, step: str, shots=("top", "bottom")) -> None:
    """check_screen in English and in Urdu, with screenshots of each (`shots`:
    top, bottom or the id of an element to show)."""
    check_screen(app, expected, f"{step} in English")
    for where in shots:
        shoot(app, f"{step}-en-{where}", where)
    app.switch_language("rtl")
    check_screen(app, expected, f"{step} in Urdu")
    for where in shots:
        shoot(app, f"{step}-ur-{where}", where)
    app.switch_language("ltr")


def values_in_fields(app, values: dict[str, str]) -> None:
    """Each field of a re-opened form holds exactly what was saved."""
    for element_id, value in values.items():
        held = app.el(element_id).get_property("value")
        assert held == value, f"#{element_id} re-opened holds {held[:60]!r}…, not what was saved"


# --- case work -------------------------------------------------------------------


def test_case_work_forms_store_hostile_text_and_show_it_inert(world):
    ids = set_up(world)
    case = ids["case"]
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_page(app, f"case-work.html?case={case}", "needs-title")
    check_screen(app, [NAME_LATIN], "the case-work head")
    v = hostile_values(16, "cw")

    # A planned action.
    click(app, 'li.need-row[data-domain="education"] .need-buttons .secondary')
    visible(app, "action-form")
    no_maxlength(app)
    fill(app, "action-description", v[0])
    fill(app, "action-responsible", v[1])
    action = oversize(app, "action-form", {"action-description": v[0], "action-responsible": v[1]})
    app.shot("1-action-at-its-limits")
    type_keys(app, "action-responsible", SCRIPT_PAYLOADS[0])
    action["action-responsible"] = SCRIPT_PAYLOADS[0]
    submit(app, "action-form")
    gone(app, "#action-form")

    # A referral: the language searched for, then the service of a hostile organisation.
    click(app, 'li.need-row[data-domain="trauma"] .refer-button')
    visible(app, "refer-form")
    no_maxlength(app)
    oversize(app, "refer-form", {"refer-language": v[2]}, lambda: click(app, "#refer-find"))
    type_keys(app, "refer-language", SCRIPT_PAYLOADS[1])
    click(app, "#refer-find")
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "#refer-candidates .empty"))
    check_screen(app, [SCRIPT_PAYLOADS[1]], "a search for a hostile language")
    fill(app, "refer-language", "")
    click(app, "#refer-find")
    click(app, f'li.candidate[data-service="{ids["service"]}"] input[type=radio]')
    check_screen(app, [SERVICE, ORG, MITIGATION, NAME_LATIN], "the hostile service as a candidate")
    shoot(app, "2-candidates", "refer-candidates")

    # No consent covers the organisation: one is recorded from the refer form.
    click(app, "#refer-record-consent")
    visible(app, "sharing-consent-form")
    no_maxlength(app)
    assert app.el("sc-organisation").get_property("value") == ORG, "the organisation is offered as named"
    # Given by the guardian alone while each field is refused, so nothing is recorded meanwhile.
    app.choose("sc-given-by", "guardian")
    consent_fields = {"sc-organisation": ORG, "sc-kinds": v[3], "sc-giver-name": v[4], "sc-language": v[5],
                      "sc-wording": v[6]}
    for element_id, value in consent_fields.items():
        fill(app, element_id, value)
    consent = oversize(app, "sharing-consent-form", consent_fields)
    # The consent must name the service's organisation as it is, to cover the referral.
    fill(app, "sc-organisation", ORG)
    consent["sc-organisation"] = ORG
    type_keys(app, "sc-wording", SCRIPT_PAYLOADS[2])
    consent["sc-wording"] = SCRIPT_PAYLOADS[2]
    app.choose("sc-given-by", "both")
    submit(app, "sharing-consent-form")
    gone(app, "#sharing-consent-form")
    app.wait().until(lambda d: app.el("refer-basis").get_property("value").startswith("consent:"))
    fill(app, "refer-reason", v[7])
    reason = oversize(app, "refer-form", {"refer-reason": v[7]})["refer-reason"]
    submit(app, "refer-form")
    gone(app, "#refer-form")

    # The referral moves on: sent, not used, with a barrier note.
    click(app, "#work-referrals tr[data-referral] .update-referral")
    visible(app, "referral-update")
    no_maxlength(app)
    app.choose("update-status", "sent")
    app.choose("update-used", "no")
    app.choose("update-barrier", "distance_or_transport")
    barrier_note = oversize(app, "referral-update", {"update-note": v[8]})["update-note"]
    type_keys(app, "update-note", SCRIPT_PAYLOADS[3])
    barrier_note = SCRIPT_PAYLOADS[3]
    submit(app, "referral-update")
    gone(app, "#referral-update")

    # A contact.
    click(app, "#contacts-title-add")
    visible(app, "contact-form")
    no_maxlength(app)
    contact = oversize(app, "contact-form", {"contact-place": v[9], "contact-note": v[10]})
    type_keys(app, "contact-place", SCRIPT_PAYLOADS[4])
    contact["contact-place"] = SCRIPT_PAYLOADS[4]
    submit(app, "contact-form")
    folded(app, "contact-form")

    # An incident: three long texts.
    click(app, "#incidents-title-add")
    visible(app, "incident-form")
    no_maxlength(app)
    incident = oversize(app, "incident-form", {
        "incident-description": v[11], "incident-response": v[12], "incident-lesson": v[13]})
    type_keys(app, "incident-lesson", SCRIPT_PAYLOADS[5])
    incident["incident-lesson"] = SCRIPT_PAYLOADS[5]
    submit(app, "incident-form")
    folded(app, "incident-form")

    # A disclosure to the organisation, on the consent just recorded.
    click(app, "#disclosures-title-add")
    visible(app, "disclosure-form")
    no_maxlength(app)
    fill(app, "disclosure-kinds", v[14])
    fill(app, "disclosure-purpose", v[15])
    disclosure = oversize(app, "disclosure-form", {
        "disclosure-organisation": ORG, "disclosure-kinds": v[14], "disclosure-purpose": v[15]})
    fill(app, "disclosure-organisation", consent["sc-organisation"])
    disclosure["disclosure-organisation"] = consent["sc-organisation"]
    app.wait().until(lambda d: d.execute_script("return document.getElementById('disclosure-basis').options.length > 1"))
    app.driver.execute_script(
        "const s = document.getElementById('disclosure-basis'); s.value = s.options[1].value;"
        "s.dispatchEvent(new Event('change', { bubbles: true }));"
    )
    type_keys(app, "disclosure-kinds", SCRIPT_PAYLOADS[6])
    disclosure["disclosure-kinds"] = SCRIPT_PAYLOADS[6]
    submit(app, "disclosure-form")
    folded(app, "disclosure-form")

    expected = [NAME_LATIN, SERVICE, ORG, reason, barrier_note, *action.values(), *contact.values(),
                *incident.values(), *disclosure.values()]
    check_both(app, expected, "3-case-work", shots=("top", "work-referrals", "work-contacts", "work-disclosures"))

    # Shown afresh: case work loaded again, and the case page with the consent.
    open_page(app, f"case-work.html?case={case}", "needs-title")
    check_screen(app, expected, "case work loaded again")
    open_page(app, f"case.html?id={case}", "intake-consents")
    check_both(app, [NAME_LATIN, consent["sc-organisation"], consent["sc-kinds"]], "4-case-page")

    # The vault holds exactly what was typed.
    app.quit()
    referrals = cli_json(world, "referral", "list", case, user=WORKER)
    assert [r["reason"] for r in referrals["referrals"]] == [reason], "the referral's reason is stored whole"
    assert [(a["description"], a["responsible"]) for a in referrals["actions"]] == [
        (action["action-description"], action["action-responsible"])], "the action is stored as typed"


# --- the plan, home, the printable plan, the review --------------------------------


def goal_cards(app):
    return app.driver.find_elements(By.CSS_SELECTOR, "#plan-current article.plan-goal")


def plan_flash(app):
    until_saved(app, lambda d: on_screen(app, "plan-status"), "the plan's form")


def test_plan_and_review_forms_store_hostile_text_and_show_it_inert(world):
    ids = set_up(world, phase=3)
    case = ids["case"]
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_page(app, f"plan.html?case={case}", "current-title")
    click(app, "#plan-new-version")
    app.wait().until(EC.element_to_be_clickable((By.ID, "goal-add")))
    v = hostile_values(20, "plan")

    # A goal.
    click(app, "#goal-add")
    visible(app, "goal-form")
    no_maxlength(app)
    click(app, '#goal-domains input[value="trauma"]')
    goal = oversize(app, "goal-form", {"goal-description": v[0], "goal-success-measure": v[1]})
    type_keys(app, "goal-success-measure", SCRIPT_PAYLOADS[3])
    goal["goal-success-measure"] = SCRIPT_PAYLOADS[3]
    submit(app, "goal-form")
    until_saved(app, lambda d: len(goal_cards(app)) == 1, "the goal")

    # An action, due yesterday.
    click(app, "#plan-current button.action-add")
    visible(app, "action-form")
    no_maxlength(app)
    fields = {"action-description": v[2], "action-responsible-org": v[3], "action-responsible-role": v[4],
              "action-partners": v[5], "action-resources": v[6], "action-blocking-reason": v[7]}
    for element_id, value in fields.items():
        fill(app, element_id, value)
    fill(app, "action-due-on", YESTERDAY)
    action = oversize(app, "action-form", fields)
    app.shot("1-plan-action-at-its-limits")
    type_keys(app, "action-responsible-role", SCRIPT_PAYLOADS[1])
    action["action-responsible-role"] = SCRIPT_PAYLOADS[1]
    submit(app, "action-form")
    gone(app, "#action-form")
    plan_flash(app)

    # A second action, blocked, with its reason.
    click(app, "#plan-current button.action-add")
    visible(app, "action-form")
    blocked = {"action-description": v[8], "action-responsible-org": v[9], "action-responsible-role": v[10],
               "action-partners": v[11], "action-resources": v[12], "action-blocking-reason": v[13]}
    for element_id, value in blocked.items():
        fill(app, element_id, value)
    type_keys(app, "action-partners", SCRIPT_PAYLOADS[4])
    blocked["action-partners"] = SCRIPT_PAYLOADS[4]
    app.choose("action-status", "blocked")
    submit(app, "action-form")
    gone(app, "#action-form")
    plan_flash(app)

    # The participant's agreement: a child's view and a guardian's.
    click(app, "#plan-agreement")
    visible(app, "agreement-form")
    no_maxlength(app)
    app.choose("agreement-agreement", "agreed")
    fields = {"agreement-child-view": v[14], "agreement-guardian-view": v[15]}
    for element_id, value in fields.items():
        fill(app, element_id, value)
    views = oversize(app, "agreement-form", fields)
    type_keys(app, "agreement-guardian-view", SCRIPT_PAYLOADS[5])
    views["agreement-guardian-view"] = SCRIPT_PAYLOADS[5]
    submit(app, "agreement-form")
    gone(app, "#agreement-form")
    plan_flash(app)

    shown = [NAME_LATIN, *goal.values(), *action.values(), *blocked.values(), *views.values()]
    check_both(app, shown, "2-plan-draft")

    # The forms re-opened for editing hold exactly what was saved.
    click(app, "#plan-current article.plan-goal .goal-head .item-tools .quiet-button")
    visible(app, "goal-form")
    values_in_fields(app, goal)
    check_screen(app, shown, "the goal re-opened")
    click(app, "#goal-form [data-cancel]")
    click(app, "#plan-current li.plan-action .item-tools .quiet-button")
    visible(app, "action-form")
    values_in_fields(app, action)
    check_screen(app, shown, "the action re-opened")
    app.shot("3-action-reopened")
    click(app, "#action-form [data-cancel]")
    click(app, "#plan-agreement")
    visible(app, "agreement-form")
    values_in_fields(app, views)
    click(app, "#agreement-form [data-cancel]")
    click(app, "#plan-sign")
    plan_flash(app)

    # The printable plan.
    open_page(app, f"print-plan.html?case={case}", "sheet")
    printed = [NAME_LATIN, NAME_URDU, goal["goal-description"], goal["goal-success-measure"],
               action["action-description"], action["action-responsible-org"], action["action-responsible-role"],
               blocked["action-description"], views["agreement-child-view"], views["agreement-guardian-view"]]
    check_both(app, printed, "4-print-plan")

    # The supervisor signs it off; the overdue action shows on home under its organisation.
    relock(app, SUPERVISOR)
    open_page(app, f"plan.html?case={case}", "current-title")
    click(app, "#plan-sign-off")
    plan_flash(app)
    moved = app.invoke("case_transition", {"input": {"case_id": case, "transition": "start_implementation"}})
    assert moved["ok"], moved
    open_page(app, "home.html", "signed-in-user")
    app.wait().until(lambda d: app.el("work-lists").get_attribute("aria-busy") == "false")
    check_both(app, [action["action-responsible-org"]], "5-home-overdue", shots=("top",))

    # A new version with the goal changed, compared with the first.
    open_page(app, f"plan.html?case={case}", "current-title")
    click(app, "#plan-new-version")
    plan_flash(app)
    click(app, "#plan-current article.plan-goal .goal-head .item-tools .quiet-button")
    visible(app, "goal-form")
    changed_goal = v[16]
    fill(app, "goal-description", changed_goal)
    submit(app, "goal-form")
    plan_flash(app)
    click(app, "#compare-form button[type=submit]")
    app.wait().until(lambda d: d.find_elements(By.ID, "compare-rows"))
    check_both(app, [changed_goal, goal["goal-description"], goal["goal-success-measure"]], "6-plan-compare")

    # The review: an action's blocked reason, the safety re-screen, the participant's feedback.
    open_page(app, f"review.html?case={case}", "open-title")
    click(app, "#review-start")
    app.wait().until(lambda d: d.find_elements(By.ID, "review-form"))
    no_maxlength(app)
    status_id = app.driver.find_element(By.CSS_SELECTOR, "#review-actions tr:first-child select[data-status-for]").get_attribute("id")
    app.choose(status_id, "blocked")
    status_save = f"#review-actions tr:first-child .status-change button"
    reason = oversize(app, "review-actions", {f"{status_id}-reason": v[17]}, lambda: click(app, status_save),
                      error_of=status_id)
    reason = reason[f"{status_id}-reason"]
    click(app, status_save)
    until_saved(app, lambda d: on_screen(app, "review-status"), "the action's status")
    app.choose("rescreen-threats-to-participant", "none")
    app.choose("rescreen-risks-to-staff", "none")
    rescreen = oversize(app, "rescreen-form", {"rescreen-note": v[18]})
    submit(app, "rescreen-form")
    until_saved(app, lambda d: d.execute_script(
        "return document.getElementById('step-safety')?.dataset.done === 'yes'"), "the safety re-screen")
    feedback = oversize(app, "review-form", {"review-participant-feedback": v[19]},
                        lambda: click(app, "#review-save"))["review-participant-feedback"]
    click(app, "#review-save")
    until_saved(app, lambda d: on_screen(app, "review-status"), "the review")
    review_shown = [NAME_LATIN, reason, feedback, action["action-description"], action["action-responsible-org"]]
    check_both(app, review_shown, "7-review")

    # Shown again: the review loaded afresh (the status's reason and the feedback in their fields).
    open_page(app, f"review.html?case={case}", "open-title")
    app.wait().until(lambda d: d.find_elements(By.ID, "review-form"))
    check_screen(app, review_shown, "the review loaded again")
    open_page(app, f"case.html?id={case}", "intake-safety")
    check_screen(app, [NAME_LATIN], "the case page after the review")
    app.shot("8-case-page", scroll="bottom")
    app.quit()
    screens = cli_json(world, "consent", "list", case, user=WORKER)["safety_screens"]
    assert [s["note"] for s in screens if s["note"]] == [rescreen["rescreen-note"]], "the re-screen's note is stored whole"


# --- the mentoring agreement, the printable agreement, the mentor's home ---------------


def agreement_saved(app):
    until_saved(app, lambda d: on_screen(app, "agreement-status-line"), "the agreement's form")


def test_agreement_forms_store_hostile_text_and_show_it_inert(world):
    ids = set_up(world)
    case = ids["case"]
    app = world.launch()
    app.unlock_as(MENTOR, PASS)
    open_page(app, f"agreement.html?case={case}", "agreement-title")
    click(app, "#start-first")
    visible(app, "details-form")
    no_maxlength(app)
    v = hostile_values(14, "agr")

    # The details.
    fields = {"details-meeting-frequency": v[0], "details-venue": v[1], "details-focus-areas": v[2],
              "details-safety-note": v[3]}
    for element_id, value in fields.items():
        fill(app, element_id, value)
    details = oversize(app, "details-form", fields)
    type_keys(app, "details-meeting-frequency", SCRIPT_PAYLOADS[0])
    details["details-meeting-frequency"] = SCRIPT_PAYLOADS[0]
    submit(app, "details-form")
    agreement_saved(app)

    # A goal with what each will do.
    click(app, "#goal-add")
    visible(app, "goal-form")
    fields = {"goal-goal": v[4], "goal-mentee-will": v[5], "goal-mentor-will": v[6]}
    for element_id, value in fields.items():
        fill(app, element_id, value)
    goal = oversize(app, "goal-form", fields)
    type_keys(app, "goal-mentor-will", SCRIPT_PAYLOADS[1])
    goal["goal-mentor-will"] = SCRIPT_PAYLOADS[1]
    submit(app, "goal-form")
    agreement_saved(app)
    app.wait().until(lambda d: d.find_elements(By.CSS_SELECTOR, "#agreement-draft .agreement-goal"))

    # A member assessed as a positive resource.
    click(app, "#member-add")
    visible(app, "member-form")
    click(app, 'label[for="member-positive-yes"]')
    fields = {"member-name": v[7], "member-relation": v[8], "member-assessment-note": v[9]}
    for element_id, value in fields.items():
        fill(app, element_id, value)
    member = oversize(app, "member-form", fields)
    type_keys(app, "member-relation", SCRIPT_PAYLOADS[2])
    member["member-relation"] = SCRIPT_PAYLOADS[2]
    submit(app, "member-form")
    agreement_saved(app)

    # The supervisor admits a member not assessed positive, with a written reason, and
    # records both acknowledgements.
    relock(app, SUPERVISOR)
    open_page(app, f"agreement.html?case={case}", "draft-title")
    click(app, "#member-add")
    visible(app, "member-form")
    click(app, 'label[for="member-positive-no"]')
    visible(app, "member-override-reason")
    fields = {"member-name": v[10], "member-relation": v[11], "member-assessment-note": v[12],
              "member-override-reason": v[13]}
    for element_id, value in fields.items():
        fill(app, element_id, value)
    overridden = oversize(app, "member-form", {"member-override-reason": v[13]})
    overridden.update({key: value for key, value in fields.items() if key not in overridden})
    type_keys(app, "member-assessment-note", SCRIPT_PAYLOADS[3])
    overridden["member-assessment-note"] = SCRIPT_PAYLOADS[3]
    submit(app, "member-form")
    agreement_saved(app)
    for party in ("mentee", "mentor"):
        click(app, f"#ack-{party}-save")
        agreement_saved(app)
    visible(app, "current-title")

    # The three-monthly revision, with changed goals.
    click(app, "#revise-open")
    visible(app, "revise-form")
    app.choose("revise-outcome-0", "partly")
    click(app, 'label[for="revise-satisfaction-4"]')
    type_keys(app, "revise-changed-goals", SCRIPT_PAYLOADS[4])
    changed = oversize(app, "revise-form", {"revise-changed-goals": SCRIPT_PAYLOADS[4]})["revise-changed-goals"]
    submit(app, "revise-form")
    agreement_saved(app)

    # A new version: its details re-open with what was saved.
    click(app, "#new-version")
    visible(app, "details-form")
    values_in_fields(app, details)
    shown = [NAME_LATIN, changed, *details.values(), *goal.values(), *member.values(), *overridden.values()]
    check_both(app, shown, "1-agreement")

    # A goal of the new version re-opened for editing.
    click(app, "#agreement-draft .agreement-goal button")
    visible(app, "goal-form")
    values_in_fields(app, goal)
    click(app, "#goal-form [data-cancel]")

    # The printable agreement (the newest version), and a PDF saved under a hostile file name.
    open_page(app, f"print-agreement.html?case={case}", "sheet")
    check_both(app, [NAME_LATIN, NAME_URDU, *details.values(), *goal.values(), member["member-name"],
                     member["member-relation"]], "2-print-agreement")
    name = "ڈاکٹر عائشہ 👩🏽\u200d⚕️ %s%n '); DROP TABLE cases;-- \u202etxt.pdf"
    fill(app, "path", f"~/Documents/{name}")
    click(app, "#save-pdf")
    app.wait(60).until(lambda d: app.el("saved").is_displayed() or app.el("path-error").is_displayed())
    assert app.el("saved").is_displayed(), f"the PDF was saved: {app.el('path-error').text}"
    check_screen(app, [], "the print page after saving")
    assert (world.home / "Documents" / name).is_file(), "the PDF is written under the name typed"

    # The mentor's home: his mentees, the hostile name among them.
    relock(app, MENTOR)
    app.wait().until(lambda d: app.el("work-lists").get_attribute("aria-busy") == "false")
    check_both(app, [NAME_LATIN], "4-mentor-home", shots=("top",))


# --- drafts of a form -------------------------------------------------------------------


def draft_saved(app, key: str) -> bool:
    answer = app.invoke("draft_list")
    return answer["ok"] and any(d["form"] == key for d in answer["value"])


def test_drafts_of_hostile_text_are_listed_and_restored_inert(world):
    ids = set_up(world)
    case = ids["case"]
    other = next(c["id"] for c in cli_json(world, "case", "list", user=WORKER)["items"] if c["name_latin"] == "Faisal Noor")
    app = world.launch()
    app.unlock_as(WORKER, PASS)
    open_page(app, f"case-form.html?id={case}", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value") == NAME_LATIN)
    v = hostile_values(6, "draft")
    typed = {"alias": v[0], "languages": v[1], "address": v[2]}
    for element_id, value in typed.items():
        fill(app, element_id, value)
    type_keys(app, "alias", SCRIPT_PAYLOADS[5])
    typed["alias"] = SCRIPT_PAYLOADS[5]
    app.wait(10).until(lambda d: draft_saved(app, f"case:{case}"))

    # A draft whose payload was crafted: a choice the form does not offer, a hostile case number.
    crafted = app.invoke("draft_save", {"input": {"form": f"case:{other}", "payload": {
        "fields": {"gender": SCRIPT_PAYLOADS[2], "name-latin": v[3], "address": SCRIPT_PAYLOADS[3]},
        "case_number": SCRIPT_PAYLOADS[0], "version": 1}}})
    assert crafted["ok"], crafted

    open_page(app, "home.html", "drafts")
    check_both(app, [], "1-home-drafts", shots=("top",))
    items = app.driver.find_elements(By.CSS_SELECTOR, "#draft-list li.draft")
    assert len(items) == 2, "both drafts are listed"
    assert any(SCRIPT_PAYLOADS[0] in item.text for item in items), "the crafted case number is shown as text"

    # Resumed: the form holds exactly what was typed, inert.
    click(app, f'#draft-list li.draft[data-form="case:{case}"] a')
    app.wait_for_page("case-form.html", "case-form")
    watch_csp(app)
    app.wait().until(lambda d: app.el("alias").get_property("value") == typed["alias"])
    values_in_fields(app, typed)
    check_both(app, list(typed.values()), "2-draft-resumed")

    open_page(app, f"case-form.html?id={other}&resume=1", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value") == v[3])
    values_in_fields(app, {"gender": SCRIPT_PAYLOADS[2], "name-latin": v[3], "address": SCRIPT_PAYLOADS[3]})
    check_both(app, [SCRIPT_PAYLOADS[2], v[3], SCRIPT_PAYLOADS[3]], "3-crafted-draft-resumed", shots=("top",))
