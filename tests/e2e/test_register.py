"""The register in the real window: the administrator imports districts and
adds a case worker and a mentor through users.html; the case worker
registers a participant with Latin and Urdu names, finds them by part of
each (Urdu typed without harakat and with Arabic yeh), opens and edits the
case; the mentor, who is not on the case, cannot find it. Every step is
screenshotted."""

import json
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

CATALOG = {
    lang: json.loads((Path(__file__).resolve().parents[2] / "ui" / "i18n" / f"{lang}.json").read_text("utf-8"))
    for lang in ("en", "ur")
}
EN = CATALOG["en"]

ADMIN, ADMIN_PASS = "data.officer", "amber lantern quietly 71"
WORKER, WORKER_PASS = "sana.worker", "river stone orchard 42 kites"
MENTOR, MENTOR_PASS = "bilal.guide", "paper moon valley 93 drums"

LATIN_NAME = "Farida Noorzai"
# Stored with harakat (fatha, kasra) and Urdu yeh and heh goal...
URDU_NAME = "فَرِیدہ نورزئی"
# ...found by a query without harakat and with Arabic yeh (U+064A).
URDU_QUERY = "فريد"


def rows(app):
    return app.driver.find_elements(By.CSS_SELECTOR, "#case-rows tr")


def search(app, text):
    """Types `text` into the search box, presses Enter and waits for the answer."""
    app.type_text("search", text)
    app.el("search").send_keys(Keys.ENTER)
    app.wait_for_results()


def test_register_find_edit_and_a_mentor_cannot_find_the_case(app):
    app.create_admin(ADMIN, ADMIN_PASS)
    app.import_districts("province,district\nBA,Quetta\nKP,Peshawar")
    assert app.el("import-done").text == EN["districts.imported"].replace("{count}", "2")
    assert "Quetta" in app.el("district-list").text

    app.choose("province", "BA")
    app.type_into("district", "Quetta")
    app.el("add-district-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "district-error")))
    assert app.el("district-error").text == EN["error.duplicate.district"], "a duplicate is refused beside its field"
    assert app.el("district").get_property("value") == "Quetta", "what was typed stays"
    app.type_into("district", "Gwadar")
    app.el("add-district-submit").click()
    app.wait().until(lambda d: "Gwadar" in app.el("district-list").text)

    app.add_user(WORKER, "case_worker", WORKER_PASS, "Quetta")
    app.add_user(MENTOR, "mentor", MENTOR_PASS, "Quetta")
    app.shot("01-users-and-districts", scroll="top")
    app.lock()

    app.unlock_as(WORKER, WORKER_PASS)
    app.shot("02-home-case-worker")
    app.el("tile-new-case").click()
    app.wait_for_page("case-form.html", "case-form")
    app.el("submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "gender-error")))
    assert app.el("gender-error").text == EN["error.required"], "a required choice is reported beside it"
    assert app.el("name-urdu").get_attribute("dir") == "rtl" and app.el("name-urdu").get_attribute("lang") == "ur"
    app.type_text("name-latin", LATIN_NAME)
    app.type_text("name-urdu", URDU_NAME)
    app.type_into("approx-age", "27")
    app.choose("gender", "female")
    app.choose("district", "Quetta")
    app.choose("referral-source", "court")
    app.choose("custody-track", "in_custody")
    app.choose("religion", "prefer_not_to_say")
    app.type_into("phone", "not a phone")
    app.shot("03-case-form-filled", scroll="top")
    assert not app.el("gender-error").is_displayed(), "an error goes once its field is corrected"
    app.el("submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "phone-error")))
    assert app.el("phone-error").text == EN["error.invalid_input.phone"], "the core's refusal is shown beside the phone"
    assert app.el("name-urdu").get_property("value") == URDU_NAME, "a failed save keeps what was typed"
    app.shot("04-case-form-error")
    app.shot("04b-case-form-end", scroll="bottom")
    app.type_into("phone", "+92 300 1234567")
    app.el("submit").click()

    app.wait_for_page("case.html", "case-title")
    assert app.el("case-title").text == LATIN_NAME
    assert app.el("case-title-urdu").text == URDU_NAME
    assert EN["phase.0"] in app.el("case-phase").text, "the phase is shown on the case"
    case_number = app.el("case-number").text
    assert case_number.startswith("HW-"), case_number
    page = app.driver.page_source
    assert EN["religion.prefer_not_to_say"] in page and EN["custody_track.in_custody"] in page
    app.shot("05-case")
    app.shot("05b-case-end", scroll="bottom")

    app.go_to("cases.html", "search")
    assert len(rows(app)) == 1 and EN["phase.0"] in rows(app)[0].text, "the list shows the phase on every row"
    search(app, "noorz")
    assert len(rows(app)) == 1 and LATIN_NAME in rows(app)[0].text, "found by part of the Latin name"
    app.shot("06-found-by-latin")
    search(app, URDU_QUERY)
    assert len(rows(app)) == 1 and case_number in rows(app)[0].text, "found by part of the Urdu name"
    app.shot("07-found-by-urdu")
    search(app, case_number[-9:])
    assert len(rows(app)) == 1, "found by part of the case number"
    search(app, "nobody by this name")
    assert rows(app) == [] and app.el("empty").text == EN["cases.none_found"]

    search(app, "noorz")
    rows(app)[0].find_element(By.CSS_SELECTOR, "a.case-link").click()
    app.wait_for_page("case.html", "case-title")
    app.el("edit").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value") == LATIN_NAME)
    assert app.el("form-case-number").text == case_number
    assert app.el("custody-track").get_property("value") == "in_custody", "the form opens with the case's values"
    app.type_text("alias", "Bibi Noor")
    app.choose("custody-track", "release_preparation")
    app.shot("08-case-form-edit", scroll="top")
    app.el("submit").click()
    app.wait_for_page("case.html", "case-title")
    app.wait().until(lambda d: "Bibi Noor" in app.el("case-sections").text)
    history = app.driver.find_elements(By.CSS_SELECTOR, ".timeline li")
    assert len(history) == 2, "the change of custody track is added to the dated history"
    assert EN["custody_track.release_preparation"] in history[0].text
    app.shot("09-case-after-edit")
    app.lock()

    app.unlock_as(MENTOR, MENTOR_PASS)
    app.go_to("cases.html", "search")
    assert rows(app) == [], "a mentor who is not on the case does not see it in the list"
    assert not app.el("filter-custody-field").is_displayed(), "a mentor gets no custody-track filter"
    for query in ("noorz", URDU_QUERY, case_number):
        search(app, query)
        assert rows(app) == [], f"the mentor does not find the case by {query!r}"
        assert LATIN_NAME not in app.driver.page_source
    found = app.invoke("case_search", {"query": "noorz"})
    assert found == {"ok": True, "value": []}, "the core gives the mentor nothing either"
    app.shot("10-mentor-finds-nothing")
