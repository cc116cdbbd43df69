"""Screenshots of every page in English and in Urdu at 1366x768, for a
person to look at (target/e2e-shots/test_every_page_*), with the checks a
screenshot cannot make by eye: the page is right-to-left in Urdu, nothing
runs wider than the window, and the top bar fits on one line."""

import pytest
from conftest import GENERATED_PASSPHRASE
from selenium.webdriver.common.by import By


def check_layout(app, where):
    fits = app.driver.execute_script(
        """
        const page = document.documentElement;
        const bar = document.querySelector('header.topbar');
        return {
          overflow: page.scrollWidth - page.clientWidth,
          barHeight: bar ? bar.getBoundingClientRect().height : 0,
        };
        """
    )
    assert fits["overflow"] <= 0, f"{where}: the page is {fits['overflow']} px wider than the window"
    assert fits["barHeight"] < 90, f"{where}: the top bar wraps onto a second line ({fits['barHeight']} px)"


def shoot(app, lang, page, ready, bottom=False):
    app.wait_for_page(page, ready)
    check_layout(app, f"{lang} {page}")
    app.shot(page.removesuffix(".html"), scroll="top")
    if bottom:
        app.shot(f"{page.removesuffix('.html')}-end", scroll="bottom")


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_page(generated, lang):
    app = generated
    app.wait_for_page("unlock.html", "unlock-form")
    if lang == "ur":
        app.switch_language("rtl")
    assert app.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") == ("rtl" if lang == "ur" else "ltr")
    shoot(app, lang, "unlock.html", "unlock-form")

    app.submit_unlock("quetta.caseworker", GENERATED_PASSPHRASE)
    app.wait_for_page("home.html", "signed-in-user")
    app.go_to("case-form.html", "case-form")
    app.type_text("name-latin", "Draft Person")
    app.press_lock_shortcut()
    app.wait_for_page("unlock.html", "unlock-form")
    app.submit_unlock("quetta.caseworker", GENERATED_PASSPHRASE)
    app.wait_for_page("home.html", "drafts")
    shoot(app, lang, "home.html", "drafts")
    app.go_to("cases.html", "search")
    app.wait_for_results()
    shoot(app, lang, "cases.html", "register", bottom=True)
    app.driver.find_element(By.CSS_SELECTOR, "#case-rows a.case-link").click()
    shoot(app, lang, "case.html", "case-title", bottom=True)
    app.el("edit").click()
    app.wait_for_page("case-form.html", "case-form")
    app.wait().until(lambda d: app.el("name-latin").get_property("value"))
    shoot(app, lang, "case-form.html", "case-form", bottom=True)
    app.go_to("case-form.html", "draft-offer")
    app.shot("case-form-draft-offered", scroll="top")
    app.lock()

    app.unlock_as("admin", GENERATED_PASSPHRASE)
    app.shot("home-admin")
    app.go_to("users.html", "user-table")
    shoot(app, lang, "users.html", "user-table", bottom=True)
    app.go_to("settings.html", "idle-form")
    app.el("check-start").click()
    app.wait().until(lambda d: app.el("check-result").is_displayed())
    shoot(app, lang, "settings.html", "check-result", bottom=True)
    app.lock()

    app.unlock_as("supervisor", GENERATED_PASSPHRASE)
    app.go_to("reports.html", "rpt-form")
    app.choose("rpt-part", "Q4")
    app.el("rpt-preview").click()
    app.wait(120).until(lambda d: app.el("rpt-result").is_displayed() or app.el("preview-error").is_displayed())
    shoot(app, lang, "reports.html", "rpt-result", bottom=True)
    if lang == "ur":
        app.switch_language("ltr")
