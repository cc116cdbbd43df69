"""Accounts in the real window: the administrator deactivates a case worker
and hands their cases to a successor chosen in users.html (refused beside
the successor while none is chosen), and a user changes their own
passphrase in settings.html and unlocks with the new one."""

import json
from pathlib import Path

from conftest import GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

CATALOGS = Path(__file__).resolve().parents[2] / "ui" / "i18n"
EN = json.loads((CATALOGS / "en.json").read_text("utf-8"))
UR = json.loads((CATALOGS / "ur.json").read_text("utf-8"))


def user_row(app, username):
    return app.driver.find_element(By.XPATH, f'//tbody[@id="user-rows"]/tr[th="{username}"]')


def test_deactivating_a_case_worker_hands_their_cases_to_a_successor(generated):
    app = generated
    app.unlock_as("admin", GENERATED_PASSPHRASE)
    app.go_to("users.html", "user-table")
    user_row(app, "swat.caseworker").find_element(By.CSS_SELECTOR, "button").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "deactivate-form")))
    successors = [o.get_attribute("value") for o in app.el("successor").find_elements(By.TAG_NAME, "option")]
    assert "swat.caseworker" not in successors and "quetta.caseworker" in successors
    assert "swat.mentor" not in successors, "only users with the same role are offered"
    app.el("deactivate-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "successor-error")))
    assert app.el("successor-error").text == EN["error.invalid_input.successor"]
    app.shot("01-successor-needed")
    app.choose("successor", "quetta.caseworker")
    assert not app.el("successor-error").is_displayed(), "choosing clears the error"
    app.el("deactivate-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "users-done")))
    assert "quetta.caseworker" in app.el("users-done").text
    assert EN["users.inactive"] in user_row(app, "swat.caseworker").text
    assert user_row(app, "swat.caseworker").find_elements(By.CSS_SELECTOR, "button") == []
    app.shot("02-deactivated", scroll="top")
    app.switch_language("rtl")
    assert app.el("users-title").text == UR["users.title"]
    app.shot("03-urdu-users", scroll="top")
    app.switch_language("ltr")
    app.lock()
    app.submit_unlock("swat.caseworker", GENERATED_PASSPHRASE)
    app.wait().until(EC.visibility_of_element_located((By.ID, "passphrase-error")))
    assert app.page() == "unlock.html", "a deactivated user's passphrase no longer opens the vault"


def test_a_user_changes_their_own_passphrase(generated):
    app = generated
    new = "violet harbour gravel 64 owls"
    app.unlock_as("swat.mentor", GENERATED_PASSPHRASE)
    app.go_to("settings.html", "passphrase-form")
    app.type_into("current", "not my passphrase at all")
    app.type_into("new", new)
    app.type_into("new-confirm", new)
    app.el("passphrase-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "current-error")))
    assert app.el("current-error").text == EN["error.invalid_input.current"]
    assert app.el("new").get_property("value") == new, "what was typed stays"
    app.shot("01-wrong-current")
    app.type_into("current", GENERATED_PASSPHRASE)
    app.el("passphrase-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "passphrase-done")))
    assert app.el("current").get_property("value") == "", "the form is emptied once changed"
    app.shot("02-changed")
    app.lock()
    app.unlock_as("swat.mentor", new)
