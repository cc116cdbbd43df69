"""The case list on a generated vault of many cases: paging ("1–50 of 120"),
filters, the page kept when coming Back from a case, what a mentor's case
page leaves out, the administrator's explanation, the Urdu list and form,
and that after Lock, Back never shows a participant's name again."""

import json
import re
from pathlib import Path

from conftest import GENERATED_CASES, GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

EN = json.loads((Path(__file__).resolve().parents[2] / "ui" / "i18n" / "en.json").read_text("utf-8"))


def rows(app):
    return app.driver.find_elements(By.CSS_SELECTOR, "#case-rows tr")


def summary(app):
    return app.el("summary").text


def range_text(first, last, total):
    return EN["cases.range"].format(**{"from": first, "to": last, "total": f"{total:,}"})


def names_on_page(app):
    """The Latin and Urdu names in the list as shown."""
    return [span.text for span in app.driver.find_elements(By.CSS_SELECTOR, "#case-rows .case-link span") if span.text]


def open_cases(app):
    app.go_to("cases.html", "search")
    app.wait_for_results()


def open_first_open_case(app):
    """Opens the first case of the list's first page that is not closed (a
    generated vault holds closed cases too, which have no Edit)."""
    items = app.invoke("case_list", {"query": {"page": 0}})["value"]["items"]
    index = next(i for i, item in enumerate(items) if item["phase"] < 7)
    rows(app)[index].find_element(By.CSS_SELECTOR, "a.case-link").click()
    app.wait_for_page("case.html", "case-title")


def test_paging_and_filters_over_many_cases(generated):
    app = generated
    app.unlock_as("supervisor", GENERATED_PASSPHRASE)
    open_cases(app)
    assert summary(app) == range_text(1, 50, GENERATED_CASES)
    assert len(rows(app)) == 50
    assert all(re.search(r"\d", row.find_elements(By.TAG_NAME, "td")[3].text) for row in rows(app)), (
        "every row shows its phase"
    )
    assert app.el("previous").get_attribute("disabled") is not None, "no page before the first"
    first_page = names_on_page(app)
    app.shot("01-first-page")

    app.el("next").click()
    app.wait().until(lambda d: summary(app) == range_text(51, 100, GENERATED_CASES))
    assert names_on_page(app) != first_page, "the second page holds other cases"
    app.el("next").click()
    app.wait().until(lambda d: summary(app) == range_text(101, 120, GENERATED_CASES))
    assert len(rows(app)) == 20
    assert app.el("next").get_attribute("disabled") is not None, "no page after the last"
    app.el("previous").click()
    app.wait().until(lambda d: summary(app) == range_text(51, 100, GENERATED_CASES))

    # Back from a case returns to the same page of the list.
    rows(app)[0].find_element(By.CSS_SELECTOR, "a.case-link").click()
    app.wait_for_page("case.html", "case-title")
    app.driver.back()
    app.wait_for_page("cases.html", "search")
    app.wait_for_results()
    assert summary(app) == range_text(51, 100, GENERATED_CASES), "Back returns to page 2"

    expected = app.invoke("case_list", {"query": {"district": "Quetta", "page": 0}})["value"]["total"]
    assert 0 < expected < GENERATED_CASES
    app.choose("filter-district", "Quetta")
    app.wait_for_results()
    assert summary(app) == range_text(1, min(expected, 50), expected), "the filter starts again at page 1"
    assert {row.find_elements(By.TAG_NAME, "td")[2].text for row in rows(app)} == {"Quetta"}
    app.choose("filter-custody", "in_custody")
    app.wait_for_results()
    shown = rows(app)
    for row in shown:
        assert row.find_elements(By.TAG_NAME, "td")[4].text == EN["custody_track.in_custody"]
    both = app.invoke("case_list", {"query": {"district": "Quetta", "custody_track": "in_custody", "page": 0}})
    assert len(shown) == both["value"]["total"], "two filters together"
    app.shot("02-filtered")
    app.choose("filter-phase", "3")
    app.wait_for_results()
    three = app.invoke(
        "case_list", {"query": {"district": "Quetta", "custody_track": "in_custody", "phase": 3, "page": 0}}
    )["value"]["total"]
    if three == 0:
        assert rows(app) == [] and app.el("empty").text == EN["cases.none_match"], "none in phase 3"
    else:
        assert len(rows(app)) == min(three, 50), "three filters together"


def test_urdu_case_list_and_case_form(generated):
    app = generated
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    open_cases(app)
    app.switch_language("rtl")
    assert app.el("cases-title").text == json.loads(
        (Path(__file__).resolve().parents[2] / "ui" / "i18n" / "ur.json").read_text("utf-8")
    )["cases.title"]
    app.shot("01-urdu-case-list")
    app.go_to("case-form.html", "case-form")
    assert app.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl", "the language is kept"
    app.type_text("name-urdu", "نسرین بلوچ")
    app.el("submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "gender-error")))
    app.shot("02-urdu-case-form", scroll="top")
    app.shot("03-urdu-case-form-end", scroll="bottom")
    app.switch_language("ltr")


def test_a_mentor_sees_identity_but_no_custody_or_restricted_fields(generated):
    app = generated
    app.unlock_as("quetta.mentor", GENERATED_PASSPHRASE)
    open_cases(app)
    assert rows(app), "the mentor lists their mentees"
    assert len(app.driver.find_elements(By.CSS_SELECTOR, "th[data-column=custody_track]:not([hidden])")) == 0
    rows(app)[0].find_element(By.CSS_SELECTOR, "a.case-link").click()
    app.wait_for_page("case.html", "case-title")
    text = app.el("case-sections").text
    assert EN["field.gender"] in text, "identity is shown"
    for hidden in ("field.custody_track", "field.referral_source", "field.religion", "case.section_restricted"):
        assert EN[hidden] not in text, f"a mentor's case page has no {hidden}"
    assert not app.el("edit").is_displayed(), "a mentor does not edit the register"
    app.shot("01-mentor-case")


def test_the_administrator_is_told_why_no_case_is_listed(generated):
    app = generated
    app.unlock_as("admin", GENERATED_PASSPHRASE)
    app.driver.execute_script("window.location.assign('cases.html')")
    app.wait_for_page("cases.html", "admin-note")
    assert app.el("admin-note").text == EN["cases.admin_note"]
    assert not app.el("register").is_displayed()
    app.shot("01-admin-cases")
    app.go_to("users.html", "user-table")
    assert "quetta.caseworker" in app.el("user-rows").text
    app.shot("02-users")


def test_after_lock_back_never_shows_case_data(generated):
    app = generated
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    open_cases(app)
    names = names_on_page(app)
    assert len(names) >= 4, "the list shows Latin and Urdu names"
    open_first_open_case(app)
    names.append(app.el("case-title").text)
    app.el("edit").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value"))
    app.lock()
    for step in range(3):
        app.driver.back()
        app.wait().until(lambda d: app.page() == "unlock.html")
        app.wait_for_page("unlock.html", "unlock-form")
        source = app.driver.page_source
        leaked = [name for name in names if name and name in source]
        assert leaked == [], f"after lock and {step + 1} Back, no participant's name is in the page"
        assert '"kind":"locked"' in app.invoke("case_list", {"query": {"page": 0}})["error"]
    app.shot("01-back-after-lock")


def case_input(view):
    """The CaseInput that saves `view` unchanged (as a case worker sends it)."""
    fields = ("name_latin", "name_urdu", "alias", "date_of_birth", "approx_age", "gender", "languages",
              "phone", "address", "district", "custody_track", "referral_source", "referral_date",
              "mentor", "religion", "sect", "ethnicity", "context_typology")
    data = {name: view[name] for name in fields}
    data["interpreter_needed"] = bool(view["interpreter_needed"])
    data["female_practitioner_required"] = bool(view["female_practitioner_required"])
    return data


def test_a_case_changed_since_it_was_opened_is_not_overwritten_and_the_typing_stays(generated):
    app = generated
    app.unlock_as("quetta.caseworker", GENERATED_PASSPHRASE)
    open_cases(app)
    open_first_open_case(app)
    app.el("edit").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value"))
    case_id = app.driver.execute_script("return new URLSearchParams(location.search).get('id')")
    # Someone else saves the case while this form is open.
    view = app.invoke("case_open", {"id": case_id})["value"]
    other = {**case_input(view), "languages": "Balochi"}
    saved = app.invoke("case_update", {"input": {"id": case_id, "version": view["version"], "case": other}})
    assert saved["ok"], saved
    app.type_text("alias", "Typed before the conflict")
    app.el("submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "form-error")))
    assert app.el("form-error").text == EN["error.conflict"], "the conflict is explained"
    assert app.page() == "case-form.html"
    assert app.el("alias").get_property("value") == "Typed before the conflict", "what was typed stays"
    app.shot("01-conflict")
    now = app.invoke("case_open", {"id": case_id})["value"]
    assert now["languages"] == "Balochi" and now["alias"] != "Typed before the conflict", "nothing was overwritten"
