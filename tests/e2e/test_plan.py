"""The plan and the three-monthly review in the real app, on the demo vault.
sana.caseworker drafts Faisal Noor's plan (phase 3, no plan yet) with two
goals on need domains and three actions (one with a due date, one
assigned to the mentor), records his agreement and signs; the gate then
lacks only the supervisor's sign-off; ayesha.supervisor signs off; the
case worker starts implementation. A new version changes a goal and drops
an action, and the comparison shows exactly one changed and one dropped.
imran.caseworker walks Naveed Akhtar's open, overdue review step by step
and signs it with "continue": the case is back in implementation and the
next review falls three calendar months after the review. Checked in the
page and with homeward-cli; screenshots in English, and the plan, the
comparison and the review in Urdu."""

import calendar
import datetime
import fcntl
import json
import time

from conftest import GENERATED_PASSPHRASE
from selenium.common.exceptions import ElementNotInteractableException, NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.select import Select

WORKER = "sana.caseworker"
SUPERVISOR = "ayesha.supervisor"
LAHORE_WORKER = "imran.caseworker"


def cli_json(app, *args, user):
    return json.loads(app.cli("--user", user, "--json", *args))


def when_vault_free(world, timeout=30.0):
    """Waits until the window's processes have let go of the vault's lock."""
    lock = world.vault / "vault.lock"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with open(lock, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
                return
            except BlockingIOError:
                pass
        time.sleep(0.2)
    raise AssertionError("the vault is still held after the window closed")


def case_id(app, name, user):
    rows = cli_json(app, "case", "list", user=user)["items"]
    found = [row["id"] for row in rows if row.get("name_latin") == name]
    assert len(found) == 1, f"the demo vault holds {name} once"
    return found[0]


def three_months_after(day: datetime.date) -> datetime.date:
    month = day.month - 1 + 3
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def open_page(app, url, ready):
    app.driver.execute_script("window.location.assign(arguments[0])", url)
    app.wait_for_page(url.split("?")[0], ready)


def relock(app, user):
    app.lock()
    app.unlock_as(user, GENERATED_PASSPHRASE)


def flash(app, key_text=None):
    app.wait().until(lambda d: app.el("plan-status").is_displayed())
    if key_text:
        assert key_text in app.el("plan-status").text


def goal_cards(app):
    return app.driver.find_elements(By.CSS_SELECTOR, "#plan-current article.plan-goal")


def actions_under(app, goal_index):
    """How many actions the goal card holds, read in one go (the list is redrawn after each save)."""
    return app.driver.execute_script(
        "const g = document.querySelectorAll('#plan-current article.plan-goal')[arguments[0]];"
        "return g ? g.querySelectorAll('li.plan-action').length : -1;",
        goal_index,
    )


def section_text(app, element_id):
    return app.driver.execute_script("return document.getElementById(arguments[0]).textContent", element_id)


def click(app, selector):
    """Clicks the element once it can be clicked, again if a redraw replaced it meanwhile."""
    def press(d):
        try:
            d.find_element(By.CSS_SELECTOR, selector).click()
            return True
        except (StaleElementReferenceException, ElementNotInteractableException, NoSuchElementException):
            return False
    app.wait().until(press)


def submit(app, form_id):
    app.driver.find_element(By.CSS_SELECTOR, f"#{form_id} button[type=submit]").click()


def add_goal(app, description, domains, measure):
    count = len(goal_cards(app))
    click(app, "#goal-add")
    app.wait().until(EC.visibility_of_element_located((By.ID, "goal-form")))
    app.type_text("goal-description", description)
    for code in domains:
        app.driver.find_element(By.CSS_SELECTOR, f'#goal-domains input[value="{code}"]').click()
    app.type_text("goal-success-measure", measure)
    submit(app, "goal-form")
    app.wait().until(lambda d: app.driver.execute_script(
        "return document.querySelectorAll('#plan-current article.plan-goal').length") == count + 1)


def add_action(app, goal_index, what, org, due="", mentor=False):
    card = goal_cards(app)[goal_index]
    before = actions_under(app, goal_index)
    card.find_element(By.CSS_SELECTOR, "button.action-add").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "action-form")))
    app.type_text("action-description", what)
    app.type_text("action-responsible-org", org)
    app.type_text("action-responsible-role", "officer")
    if due:
        app.type_text("action-due-on", due)
    if mentor:
        app.el("action-assigned-to-mentor").click()
    submit(app, "action-form")
    app.wait().until(lambda d: actions_under(app, goal_index) == before + 1)


def test_plan_versions_and_the_review(world):
    world.cli("demo")
    faisal = case_id(world, "Faisal Noor", WORKER)
    naveed = case_id(world, "Naveed Akhtar", LAHORE_WORKER)
    app = world.launch()
    today = datetime.date.today()
    due = (today + datetime.timedelta(days=45)).isoformat()

    # --- the case worker drafts Faisal's plan ---------------------------------
    app.unlock_as(WORKER, GENERATED_PASSPHRASE)
    open_page(app, f"case.html?id={faisal}", "case-title")
    app.wait().until(EC.visibility_of_element_located((By.ID, "gate-plan")))
    assert app.el("link-agreement").is_displayed(), "Faisal has a mentor: the agreement link shows"
    app.shot("case-phase-3", scroll="top")
    click(app, "#gate-plan")
    app.wait_for_page("plan.html", "plan-current")
    click(app, "#plan-new-version")
    app.wait().until(EC.visibility_of_element_located((By.ID, "goal-add")))

    add_goal(app, "Steady paid work", ["employment", "vocational_skills"], "Three months in the same job")
    add_goal(app, "Closer ties at home", ["family", "social_relations"], "Weekly meal with his family")
    cards = goal_cards(app)
    assert "Employment" in cards[0].text and "Vocational skills" in cards[0].text, "the goal shows its domains"
    add_action(app, 0, "Register with the job placement desk", "District vocational centre", due=due)
    add_action(app, 0, "Buy work boots", "Programme office")
    add_action(app, 1, "Visit the family together", "Mentoring", mentor=True)
    assert due in goal_cards(app)[0].text, "the due date is shown"
    assert "Mentor" in goal_cards(app)[1].text, "the action assigned to the mentor is marked"
    app.shot("plan-draft", scroll="top")

    click(app, "#plan-agreement")
    app.wait().until(EC.visibility_of_element_located((By.ID, "agreement-form")))
    app.choose("agreement-agreement", "agreed")
    submit(app, "agreement-form")
    click(app, "#plan-sign")
    app.wait().until(EC.invisibility_of_element_located((By.ID, "plan-sign")))
    assert "signed the plan" in app.el("plan-status").text
    app.shot("plan-signed", scroll="bottom")

    open_page(app, f"case.html?id={faisal}", "case-title")
    app.wait().until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#gate-missing li")))
    missing = [li.get_attribute("data-code") for li in app.driver.find_elements(By.CSS_SELECTOR, "#gate-missing li")]
    assert missing == ["plan_sign_off"], f"only the supervisor's sign-off is missing, not {missing}"
    gate = app.invoke("case_gate", {"caseId": faisal})["value"]
    assert [m["code"] for m in gate["missing"]] == ["plan_sign_off"], "the core agrees"
    app.shot("case-awaits-sign-off", scroll="top")

    # --- the supervisor signs off; the worker starts implementation ------------
    relock(app, SUPERVISOR)
    open_page(app, f"plan.html?case={faisal}", "plan-current")
    click(app, "#plan-sign-off")
    app.wait().until(EC.visibility_of_element_located((By.CSS_SELECTOR, "#current-title .version-active")))
    app.shot("plan-active", scroll="top")

    relock(app, WORKER)
    open_page(app, f"case.html?id={faisal}", "case-title")
    click(app, "#gate-move")
    app.wait().until(EC.presence_of_element_located((By.CSS_SELECTOR, "#case-phase .phase-4")))
    assert app.invoke("case_gate", {"caseId": faisal})["value"]["phase"] == 4, "Faisal is in implementation"
    app.shot("case-phase-4", scroll="top")

    # --- a new version: one goal changed, one action dropped -------------------
    open_page(app, f"plan.html?case={faisal}", "plan-current")
    click(app, "#plan-new-version")
    app.wait().until(EC.visibility_of_element_located((By.ID, "goal-add")))
    second = goal_cards(app)[1]
    second.find_element(By.CSS_SELECTOR, ".goal-head .item-tools button").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "goal-form")))
    app.type_text("goal-description", "Closer ties at home and with his cousins")
    submit(app, "goal-form")
    app.wait().until(lambda d: "cousins" in section_text(app, "plan-current"))
    boots = [li for li in goal_cards(app)[0].find_elements(By.CSS_SELECTOR, "li.plan-action") if "work boots" in li.text][0]
    boots.find_element(By.CSS_SELECTOR, "button.danger-text").click()
    click(app, ".confirm button.danger")
    app.wait().until(lambda d: "work boots" not in section_text(app, "plan-current"))

    app.wait().until(EC.visibility_of_element_located((By.ID, "compare-form")))
    app.choose("compare-from", "1")
    app.choose("compare-to", "2")
    submit(app, "compare-form")
    app.wait().until(EC.visibility_of_element_located((By.ID, "compare-rows")))
    rows = app.driver.find_elements(By.CSS_SELECTOR, "#compare-rows > li")
    kinds = sorted(r.get_attribute("class").split()[-1] for r in rows)
    assert kinds == ["diff-changed", "diff-dropped"], f"one changed and one dropped item, not {kinds}"
    changed = app.driver.find_element(By.CSS_SELECTOR, "#compare-rows .diff-changed")
    assert "Closer ties at home" in changed.text and "cousins" in changed.text, "before and after side by side"
    assert "work boots" in app.driver.find_element(By.CSS_SELECTOR, "#compare-rows .diff-dropped").text
    app.driver.execute_script("document.getElementById('plan-versions').scrollIntoView()")
    app.shot("plan-compare")

    app.switch_language("rtl")
    app.wait().until(EC.visibility_of_element_located((By.ID, "plan-current")))
    app.shot("plan-ur", scroll="top")
    submit(app, "compare-form")
    app.wait().until(EC.visibility_of_element_located((By.ID, "compare-rows")))
    app.driver.execute_script("document.getElementById('plan-versions').scrollIntoView()")
    app.shot("plan-compare-ur")
    app.switch_language("ltr")

    # --- Naveed's overdue review, walked step by step --------------------------
    relock(app, LAHORE_WORKER)
    open_page(app, f"case.html?id={naveed}", "case-title")
    app.wait().until(EC.visibility_of_element_located((By.ID, "gate-review")))
    assert not app.driver.find_elements(By.ID, "gate-move"), "phase 5 has no finish button"
    click(app, "#gate-review")
    app.wait_for_page("review.html", "review-open")
    app.wait().until(EC.visibility_of_element_located((By.ID, "step-needs")))
    assert app.el("step-needs").get_attribute("data-done") == "yes", "the re-scoring is pre-filled and complete"
    # The demo's last safety screen is from today, the day the review began, so it counts.
    assert app.el("step-safety").get_attribute("data-done") == "yes", "a screen since the start counts"
    assert app.el("step-feedback").get_attribute("data-done") == "no"
    app.shot("review-start", scroll="top")

    first = app.driver.find_element(By.CSS_SELECTOR, "#review-actions tbody tr")
    action_id = first.get_attribute("data-action")
    Select(first.find_element(By.TAG_NAME, "select")).select_by_value("done")
    first.find_element(By.CSS_SELECTOR, "button").click()
    app.wait().until(
        lambda d: d.execute_script(
            "const s = document.querySelector(`select[data-status-for=\"${arguments[0]}\"]`);"
            "return s && s.value === 'done' && !document.getElementById('review-status').hidden;",
            action_id,
        )
    )


    app.type_text("review-participant-feedback", "Work is going well; he wants the course next.")
    app.el("review-family-rechecked").click()
    app.type_into("review-held-on", today.isoformat())
    app.choose("review-decision", "continue")
    app.driver.execute_script("document.getElementById('step-decision').scrollIntoView()")
    app.shot("review-ready")
    app.switch_language("rtl")
    app.shot("review-ur", scroll="top")
    app.switch_language("ltr")
    app.el("review-sign").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "review-next")))
    expected = three_months_after(today).isoformat()
    assert expected in app.el("review-next").text, f"the next review is due {expected}"
    assert app.driver.find_elements(By.CSS_SELECTOR, "#review-phase .phase-4"), "the case is back in implementation"
    past = app.el("past-reviews").text
    assert today.isoformat() in past and "Continue" in past
    app.shot("review-signed", scroll="top")

    # --- the vault agrees (the CLI opens it once the window is gone) ---------
    app.lock()
    world.quit()
    when_vault_free(world)
    compared = cli_json(world, "plan", "compare", faisal, "--from", "1", "--to", "2", user=WORKER)
    assert (len(compared["added"]), len(compared["changed"]), len(compared["dropped"])) == (0, 1, 1)
    versions = cli_json(world, "plan", "list", faisal, user=WORKER)
    assert [v["plan"]["status"] for v in versions] == ["active", "draft"], "version 1 active, version 2 a draft"
    assert sum(a["assigned_to_mentor"] for a in versions[0]["actions"]) == 1, "one action is the mentor's"
    assert [a["due_on"] for a in versions[0]["actions"] if a["due_on"]] == [due]
    assert cli_json(world, "case", "show", faisal, user=WORKER)["phase"] == 4
    reviews = cli_json(world, "review", "list", naveed, user=LAHORE_WORKER)
    last = reviews[-1]
    assert last["signed_on"] and last["decision"] == "continue" and last["next_due"] == expected
    shown = cli_json(world, "case", "show", naveed, user=LAHORE_WORKER)
    assert shown["phase"] == 4 and shown["next_review_due"] == expected
    plans = cli_json(world, "plan", "list", naveed, user=LAHORE_WORKER)
    assert [p["plan"]["status"] for p in plans][-2:] == ["frozen", "active"], "the review froze the plan as it stood"
