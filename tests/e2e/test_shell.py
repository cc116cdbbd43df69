"""The real Homeward window in WebKit: first run, lock, unlock, errors
beside their field, the capability refusing a command it does not grant,
the window title, Urdu right-to-left, a vault held by another process, and
no trace of a user's name or passphrase on disk after lock."""

import json
import re
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

CATALOG = {
    lang: json.loads((Path(__file__).resolve().parents[2] / "ui" / "i18n" / f"{lang}.json").read_text("utf-8"))
    for lang in ("en", "ur")
}
USER = "amira.k"
PASSPHRASE = "amber lantern quietly 71"
# Eight groups of four base32 characters, as the core prints them.
RECOVERY_KEY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")


def test_first_run_creates_the_administrator_and_shows_the_recovery_key_once(app):
    app.wait_for_page("first-run.html", "create-form")
    assert app.driver.switch_to.active_element == app.el("username"), "first field has focus"
    app.shot("01-first-run")
    key = app.create_admin(USER, PASSPHRASE, step="02-recovery-key")
    assert RECOVERY_KEY.match(key), f"recovery key is 8 groups of 4 characters, got {key!r}"
    assert app.el("signed-in-user").text == USER, "home shows who is signed in"
    assert app.el("signed-in-role").text == "Administrator", "the first user is the administrator"
    app.shot("03-home")


def test_lock_then_unlock_with_the_right_passphrase_reaches_home(app):
    app.create_admin(USER, PASSPHRASE)
    app.lock()
    assert app.invoke("app_status")["value"]["unlocked"] is False, "the core is locked after Lock"
    app.shot("01-unlock")
    app.submit_unlock(USER, PASSPHRASE)
    app.wait_for_page("home.html", "signed-in-user")
    assert app.el("signed-in-user").text == USER
    app.shot("02-home-again")


def test_wrong_passphrase_shows_the_error_beside_the_passphrase_and_keeps_what_was_typed(app):
    app.create_admin(USER, PASSPHRASE)
    app.lock()
    app.submit_unlock(USER, "not the right passphrase 9")
    app.wait().until(EC.visibility_of_element_located((By.ID, "passphrase-error")))
    error = app.el("passphrase-error")
    assert error.text == CATALOG["en"]["error.wrong_passphrase"], "the passphrase error says why"
    assert "passphrase-error" in app.el("passphrase").get_attribute("aria-describedby").split()
    assert app.el("passphrase").get_attribute("aria-invalid") == "true"
    assert not app.el("username-error").is_displayed(), "no error beside the username"
    assert app.page() == "unlock.html", "a wrong passphrase stays on unlock"
    assert app.el("username").get_attribute("value") == USER, "typed username is kept"
    assert app.el("passphrase").get_attribute("value") == "not the right passphrase 9"
    app.shot("01-wrong-passphrase")


def test_repeated_failures_are_throttled_with_the_seconds_left(app):
    app.create_admin(USER, PASSPHRASE)
    app.lock()
    for attempt in range(7):
        app.submit_unlock(USER, f"wrong passphrase number {attempt}")
        app.wait().until(lambda d: app.el("passphrase-error").text.strip())
        if app.el("submit").get_attribute("disabled") is not None:
            break
        app.wait().until(lambda d: app.el("submit").get_attribute("disabled") is None)
    text = app.el("passphrase-error").text
    assert re.search(r"\d+ seconds", text), f"the wait is shown in seconds, got {text!r}"
    assert app.el("submit").get_attribute("disabled") is not None, "the button waits out the delay"
    app.shot("01-throttled")


def test_a_command_left_out_of_the_capability_is_refused(app):
    app.wait_for_page("first-run.html", "create-form")
    status = app.invoke("app_status")
    assert status["ok"], f"app_status is granted and answers: {status}"
    assert status["value"]["vault_exists"] is False
    probe = app.invoke("acl_probe")
    assert not probe["ok"], f"acl_probe is not granted by the capability but answered: {probe}"
    assert "not allowed" in probe["error"], f"refused by the ACL, got {probe['error']!r}"


def test_the_window_title_is_homeward_on_every_page(app):
    app.wait_for_page("first-run.html", "create-form")
    assert app.driver.title == "Homeward"
    app.create_admin(USER, PASSPHRASE)
    assert app.driver.title == "Homeward"
    app.lock()
    assert app.driver.title == "Homeward"


def test_urdu_turns_the_page_right_to_left_without_losing_what_was_typed(app):
    app.wait_for_page("first-run.html", "create-form")
    app.type_into("username", USER)
    english_label = app.driver.find_element(By.CSS_SELECTOR, "label[for=username]").text
    app.el("language").click()
    app.wait().until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl")
    html = app.driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == "ur"
    urdu_label = app.driver.find_element(By.CSS_SELECTOR, "label[for=username]").text
    assert urdu_label and urdu_label != english_label, "labels come from the Urdu catalog"
    assert app.el("username").get_attribute("value") == USER, "switching language keeps typed text"
    app.shot("01-urdu-first-run")
    app.el("submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "passphrase-error")))
    assert app.el("passphrase-error").text == CATALOG["ur"]["error.required"], "the error comes from the Urdu catalog"
    app.shot("02-urdu-required")
    app.el("language").click()
    app.wait().until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr")


def test_a_vault_open_in_another_process_is_explained(world):
    held = world.hold_vault_lock()
    try:
        world.launch()
        world.wait_for_page("index.html", "problem")
        assert "already open" in world.el("problem-title").text
        world.el("raise").click()
        world.wait().until(EC.visibility_of_element_located((By.ID, "raise-error")))
        assert world.el("raise-error").text == CATALOG["en"]["index.in_use.no_window"], (
            "when no window holds the vault (a command does), Show says so and the page stays"
        )
        world.shot("01-in-use")
    finally:
        held.close()


def files_holding(roots, needles):
    """Every file under `roots` holding one of `needles` (UTF-8 or UTF-16)."""
    patterns = []
    for needle in needles:
        patterns += [needle.encode(), needle.encode("utf-16-le"), needle.encode("utf-16-be")]
    hits = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                data = path.read_bytes()
                hits += [f"{path} holds {p!r}" for p in patterns if p in data]
    return hits


def test_no_trace_of_the_user_or_passphrase_under_home_or_tmpdir_after_lock(world):
    canary_user = "canaryzq7user"
    canary_pass = "canaryzq7pass amber lantern 71"
    app = world.launch()
    app.create_admin(canary_user, canary_pass)
    assert app.el("signed-in-user").text == canary_user
    app.lock()
    assert any(world.vault.iterdir()), "the vault was written under this test's HOME"
    roots = [world.home, world.tmp, world.root / "run"]
    needles = [canary_user, canary_pass]
    assert files_holding(roots, needles) == [], "nothing readable is left after lock"
    world.quit()
    assert files_holding(roots, needles) == [], "nothing readable is left after the app exits"


def test_the_pages_run_under_the_strict_content_security_policy(app):
    app.wait_for_page("first-run.html", "create-form")
    result = app.driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        const violations = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
        const inline = document.createElement('script');
        inline.textContent = 'window.__inlineRan = true;';
        document.body.appendChild(inline);
        let evalRan = false;
        try { evalRan = (0, eval)('true'); } catch (e) { /* refused by the policy */ }
        const img = new Image();
        img.src = 'https://example.invalid/pixel.png';
        setTimeout(() => done({ inline: window.__inlineRan === true, evalRan, violations }), 300);
        """
    )
    assert result["inline"] is False, "an inline script does not run"
    assert result["evalRan"] is False, "eval is refused"
    assert any(v.startswith("script-src") for v in result["violations"]), result
    assert any(v.startswith("img-src") for v in result["violations"]), "remote images are refused"
