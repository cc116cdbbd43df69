"""The home screen of a supervisor over many cases: each list shows only
its most urgent items (the core's limit), and a note under a cut list says
how many there are in all; a list that is not cut has no note."""

import json
from pathlib import Path

from conftest import GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By

EN = json.loads((Path(__file__).resolve().parents[2] / "ui" / "i18n" / "en.json").read_text("utf-8"))
CASES = 1500


def note(app, name):
    found = app.driver.find_elements(By.ID, f"home-{name}-more")
    return found[0] if found and found[0].is_displayed() else None


def expected(shown, total, cap):
    key = "home.more_capped" if total >= cap else "home.more"
    return EN[key].format(shown=f"{shown:,}", total=f"{total:,}")


def test_a_long_list_shows_the_most_urgent_and_says_how_many_there_are(world):
    world.generate(CASES)
    app = world.launch()
    app.unlock_as("supervisor", GENERATED_PASSPHRASE)
    app.wait().until(lambda d: app.el("work-lists").get_attribute("aria-busy") == "false")
    home = app.invoke("home")["value"]
    totals = home["totals"]
    shown = {
        "reviews": len(home["reviews"]),
        "awaiting": len(home["awaiting_signature"]),
        "overdue": sum(len(group["actions"]) for group in home["overdue_actions"]),
        "revisions": len(home["revisions"]),
    }
    total = {
        "reviews": totals["reviews"],
        "awaiting": totals["awaiting_signature"],
        "overdue": totals["overdue_actions"],
        "revisions": totals["revisions"],
    }
    assert shown["reviews"] == 50 < total["reviews"], "a supervisor of 1,500 cases has more than 50 reviews due"
    assert shown["overdue"] == 50 < total["overdue"]
    cut = [name for name in shown if total[name] > shown[name]]
    whole = [name for name in shown if total[name] == shown[name]]
    app.driver.execute_script("document.getElementById('home-reviews-more').scrollIntoView()")
    app.shot("01-supervisor-home")
    for name in cut:
        found = note(app, name)
        assert found is not None, f"the {name} list is cut and says so"
        assert found.text == expected(shown[name], total[name], totals["cap"])
    for name in whole:
        assert note(app, name) is None, f"the {name} list is whole and has no note"
    items = app.driver.find_elements(By.CSS_SELECTOR, "#home-reviews-list li")
    assert len(items) == shown["reviews"]
