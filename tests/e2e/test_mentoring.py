"""The mentoring agreement and the home screen by role in the real window,
on the demo vault (`homeward-cli demo`): bilal.mentor unlocks, his home
lists Tariq Jamil's agreement revision as due; he opens it and records the
three-monthly revision (an outcome per goal, the mentee's satisfaction,
changed goals), and the next revision falls three calendar months after
today. He starts a new version and tries to add a family member not
assessed as a positive resource: refused, with the plain reason. Then
ayesha.supervisor unlocks: her home shows reviews due and overdue (the
overdue marked with its days) and what awaits her signature, and Tariq's
revision is no longer due; she admits the same member with a written
override reason and the page marks him as overridden. Afterwards the vault
is read through homeward-cli (agreement list, agreement due, audit
verify). Every step is screenshotted in English; the agreement page and
the home screen also in Urdu."""

import calendar
import datetime
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
EN = CATALOG["en"]

PASS = GENERATED_PASSPHRASE
MENTOR, SUPERVISOR = "bilal.mentor", "ayesha.supervisor"
MEMBER = "Kamran (cousin)"
OVERRIDE = "He drives Tariq to the job desk; he joins only the office meetings, with the mentor present."


def three_months_after(day: datetime.date) -> datetime.date:
    """The cadence: three calendar months later, clamped at the month's end."""
    month = day.month + 3
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def cli_json(world, user, *args):
    """homeward-cli's JSON answer, once a closed window has let go of the vault."""
    deadline = time.monotonic() + 10
    while True:
        try:
            return json.loads(world.cli("--user", user, "--json", *args))
        except AssertionError as refused:
            if "vault_in_use" not in str(refused) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def case_id(world, name):
    cases = cli_json(world, MENTOR, "case", "list")["items"]
    return next(c["id"] for c in cases if c["name_latin"] == name)


def wait_home(app):
    app.wait_for_page("home.html", "signed-in-user")
    app.wait().until(lambda d: app.el("work-lists").get_attribute("aria-busy") == "false")


def open_agreement(app, case):
    app.driver.execute_script("window.location.assign(arguments[0])", f"agreement.html?case={case}")
    app.wait_for_page("agreement.html", "current-title")


def scroll_to(app, element):
    app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)


def revision_links(app, case):
    return app.driver.find_elements(
        By.CSS_SELECTOR, f'#home-revisions-list a[href="agreement.html?case={case}"]'
    )


def add_member_not_positive(app, reason=None):
    app.el("member-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "member-name")))
    app.type_into("member-name", MEMBER)
    app.type_into("member-relation", "cousin")
    app.driver.find_element(By.CSS_SELECTOR, 'label[for="member-positive-no"]').click()
    app.type_into("member-assessment-note", "Still close to his old friends.")
    if reason is not None:
        app.type_into("member-override-reason", reason)
    app.driver.find_element(By.CSS_SELECTOR, '#member-form button[type="submit"]').click()


def test_a_mentor_revises_the_agreement_and_the_supervisor_sees_it_on_time(world):
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    world.cli("demo")
    tariq = case_id(world, "Tariq Jamil")
    before = cli_json(world, MENTOR, "agreement", "list", tariq)
    due_before = before[0]["agreement"]["next_revision_due"]
    today = datetime.date.today()
    assert 0 < (datetime.date.fromisoformat(due_before) - today).days <= 14, "the demo's revision is due soon"

    app = world.launch()
    app.unlock_as(MENTOR, PASS)
    wait_home(app)

    # The mentor's home: his mentees and Tariq's revision due, with its days.
    mentees = app.el("home-mentees-list").text
    assert "Tariq Jamil" in mentees and "Usman Ghani" in mentees, "a mentor sees his mentees"
    links = revision_links(app, tariq)
    assert len(links) == 1, "Tariq's agreement revision is listed as due"
    item = links[0].find_element(By.XPATH, "..")
    days = (datetime.date.fromisoformat(due_before) - today).days
    assert EN["home.due_in"].replace("{days}", str(days)) in item.text
    assert due_before in item.text
    assert app.el("home-awaiting").is_displayed() is False, "a mentor signs nothing"
    app.shot("1-mentor-home")

    # Opens it: the version in force and its revision date.
    links[0].click()
    app.wait_for_page("agreement.html", "current-title")
    assert app.el("next-revision").text == due_before
    assert "Tariq Jamil" in app.el("mentee-name").text and app.el("mentor-name").text == MENTOR
    acks = app.driver.find_elements(By.CSS_SELECTOR, "#agreement-current .ack-done")
    assert len(acks) == 2, "both parties acknowledged the version in force"
    assert app.el("print-link").get_attribute("href").endswith(f"print-agreement.html?case={tariq}")
    app.shot("2-agreement", scroll="top")

    # The revision: an outcome for every goal, satisfaction, changed goals.
    app.el("revise-open").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "revise-outcome-0")))
    assert app.el("revise-revised-on").get_property("value") == today.isoformat()
    app.driver.find_element(By.CSS_SELECTOR, '#revise-form button[type="submit"]').click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "revise-outcome-0-error")))
    assert app.el("revise-outcome-0-error").text == EN["agreement.outcome_required"], "every goal needs its outcome"
    app.choose("revise-outcome-0", "partly")
    app.driver.find_element(By.CSS_SELECTOR, 'label[for="revise-satisfaction-4"]').click()
    app.type_into("revise-changed-goals", "Add a goal for the first month at work.")
    app.shot("3-revision-form", scroll="bottom")
    app.driver.find_element(By.CSS_SELECTOR, '#revise-form button[type="submit"]').click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "agreement-status-line")))
    next_due = three_months_after(today).isoformat()
    assert app.el("next-revision").text == next_due, "the next revision is three months after today"
    assert next_due in app.el("agreement-status-line").text
    revision = app.driver.find_element(By.CSS_SELECTOR, "#agreement-current .revision")
    assert EN["agreement.outcome.partly"] in revision.text and "4" in revision.text
    app.shot("4-revised", scroll="top")

    # A new version: a member not assessed positive is refused, plainly.
    app.el("new-version").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "draft-title")))
    add_member_not_positive(app)
    error = app.driver.find_element(By.CSS_SELECTOR, "#member-form .form-error")
    app.wait().until(lambda d: error.is_displayed())
    assert error.text == EN["agreement.member_forbidden"]
    assert error.get_attribute("role") == "alert"
    assert app.el("member-rule").text == EN["agreement.member_forbidden"], "told before saving, too"
    assert not app.el("member-override-reason-field").is_displayed(), "no override for a mentor"
    assert MEMBER not in app.el("agreement-draft").find_element(By.CSS_SELECTOR, ".agreement-members, .no-records").text
    scroll_to(app, error)
    app.shot("5-member-refused")

    # The agreement page and the home screen in Urdu.
    app.switch_language("rtl")
    app.shot("6-agreement-ur", scroll="top")
    app.shot("6-agreement-ur-end", scroll="bottom")
    app.go_to("home.html", "signed-in-user")
    wait_home(app)
    assert revision_links(app, tariq) == [], "the revision is no longer due"
    app.shot("7-mentor-home-ur")
    app.switch_language("ltr")

    # The supervisor: reviews due and overdue, awaiting, and Tariq on time.
    app.lock()
    app.unlock_as(SUPERVISOR, PASS)
    wait_home(app)
    reviews = app.driver.find_elements(By.CSS_SELECTOR, "#home-reviews-list .work-item")
    assert reviews, "the supervisor sees reviews due and overdue"
    overdue = app.driver.find_elements(By.CSS_SELECTOR, "#home-reviews-list .standing-overdue")
    assert overdue, "the demo has an overdue review"
    first = reviews[0]
    assert "standing-overdue" in first.get_attribute("class"), "most overdue first"
    assert EN["home.overdue_by"].split("{days}")[0] in first.text
    assert app.el("home-awaiting").is_displayed(), "a supervisor has the awaiting list"
    awaiting = app.driver.find_elements(By.CSS_SELECTOR, "#home-awaiting-list .work-item")
    assert awaiting or app.el("home-awaiting-empty").is_displayed()
    assert revision_links(app, tariq) == [], "Tariq's revision is done: on time"
    app.shot("8-supervisor-home")
    app.shot("8-supervisor-home-end", scroll="bottom")

    # The supervisor admits the member with a written reason.
    open_agreement(app, tariq)
    add_member_not_positive(app)
    reason_error = app.el("member-override-reason-error")
    app.wait().until(lambda d: reason_error.is_displayed())
    assert reason_error.text == EN["agreement.override_required"]
    app.type_into("member-override-reason", OVERRIDE)
    app.driver.find_element(By.CSS_SELECTOR, '#member-form button[type="submit"]').click()
    member = app.wait().until(
        lambda d: d.find_element(By.CSS_SELECTOR, f'#agreement-draft .agreement-member.overridden[data-member="{MEMBER}"]')
    )
    assert EN["agreement.member_overridden"] in member.text and OVERRIDE in member.text
    scroll_to(app, member)
    app.shot("9-member-overridden")
    world.quit()

    # The vault: the revision, the draft's overridden member, the audit.
    versions = cli_json(world, SUPERVISOR, "agreement", "list", tariq)
    in_force = next(v for v in versions if v["agreement"]["status"] == "acknowledged")
    assert in_force["agreement"]["next_revision_due"] == next_due
    assert [(r["satisfaction"], r["revised_on"]) for r in in_force["revisions"]] == [(4, today.isoformat())]
    assert [o["outcome"] for o in in_force["outcomes"]] == ["partly"]
    draft = next(v for v in versions if v["agreement"]["status"] == "draft")
    cousin = [m for m in draft["members"] if m["name"] == MEMBER]
    assert len(cousin) == 1 and cousin[0]["positive"] == 0 and cousin[0]["override_reason"] == OVERRIDE
    due = cli_json(world, MENTOR, "agreement", "due")
    assert all(d["case_id"] != tariq for d in due), "no revision of Tariq's is due"
    verified = world.cli("--user", "admin", "audit", "verify")
    assert re.search(r"^chain:\s+intact$", verified, re.M), verified
