"""Keyboard and accessibility in the real app (issue 12), on the demo vault.

- Every page, in English and in Urdu, is scanned by axe-core (injected
  through WebDriver; it runs in the page whatever the CSP says) and fails on
  any violation of impact serious or critical, naming rule, impact and
  targets. Each scan must have run (axe reports passes).
- Every input, select and textarea of every page has an accessible name
  (a label, aria-label or aria-labelledby with text), hidden forms too.
- On every page Tab walks the page: no positive tabindex, focus never lands
  on a hidden or zero-sized element, every stop shows a focus indicator
  (outline or box-shadow differs from the unfocused element), and the order
  follows the reading order of the page.
- The main flows with the keyboard only: unlock (and a wrong passphrase
  announced), the participants list, a case, every top-bar link, a form
  submitted with its errors (announced, focus on the first invalid field).
- At 1366x768 and at 200 % zoom (Ctrl+= five times: WebKit's own zoom
  through the shell, so the page reflows into 683 CSS px): no
  horizontal scroll of the page, every button, link and field reachable
  (not clipped by an overflow:hidden ancestor, not off the page), the top
  bar wraps instead of hiding links. Screenshots of both, in both
  languages, in target/e2e-shots/test_a11y_*.

axe-core comes from a pinned wheel that bundles axe.min.js
(tests/e2e/axe/requirements.txt, installed by scripts/install-deps.sh).
"""

import fcntl
import importlib.util
import json
import time
from pathlib import Path

import pytest
from conftest import GENERATED_PASSPHRASE, WINDOW
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

SUPERVISOR = "ayesha.supervisor"
ADMIN = "admin"
MENTOR = "bilal.mentor"
AXE_FILE = Path(importlib.util.find_spec("axe_playwright_python").origin).parent / "axe.min.js"
AXE_SOURCE = AXE_FILE.read_text("utf-8")
FAILING_IMPACTS = {"serious", "critical"}
# Ctrl+= steps 100 -> 110 -> 125 -> 150 -> 175 -> 200 % (ui/js/zoom.js).
PRESSES_TO_200 = 5

# --- probes run in the page --------------------------------------------------

RUN_AXE = """
const done = arguments[arguments.length - 1];
window.axe.run(document, { resultTypes: ['violations'] }).then(
  (result) => done({
    version: result.testEngine.version,
    passes: result.passes.length,
    violations: result.violations.map((rule) => ({
      id: rule.id, impact: rule.impact, help: rule.help,
      targets: rule.nodes.map((node) => node.target.join(' ')),
    })),
  }),
  (error) => done({ error: String(error) }),
);
"""

UNNAMED_FIELDS = """
const named = (field) => {
  const text = (element) => (element?.textContent ?? '').trim().length > 0;
  const by = field.getAttribute('aria-labelledby');
  if (by && by.split(/\\s+/).some((id) => text(document.getElementById(id)))) return true;
  if ((field.getAttribute('aria-label') ?? '').trim()) return true;
  return [...(field.labels ?? [])].some(text);
};
return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter((field) => !named(field))
  .map((field) => field.id ? `#${field.id}` : `${field.tagName.toLowerCase()}[name=${field.name}]`);
"""

# Records every focus stop Tab makes: what it is, where it is, how it looks.
# A transparent input drawn through its label (the assessment's score
# choices) is judged by that label: its box and its focus indicator.
START_WALK = """
window.__walk = [];
window.__walkElements = [];
const drawnBy = (element) => {
  const transparent = Number(getComputedStyle(element).opacity) === 0;
  const label = element.labels?.[0];
  return transparent && label ? label : element;
};
const look = (element) => [drawnBy(element), ...drawnBy(element).querySelectorAll('*')]
  .map((part) => {
    const style = getComputedStyle(part);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(' ');
  })
  .join('|');
window.__walkLook = look;
document.addEventListener('focusin', (event) => {
  const element = event.target;
  const shown = drawnBy(element);
  const rect = shown.getBoundingClientRect();
  let hidden = element.closest('[hidden]') !== null;
  for (let node = shown; node && node.nodeType === 1; node = node.parentElement) {
    const style = getComputedStyle(node);
    if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) hidden = true;
  }
  window.__walkElements.push(element);
  window.__walk.push({
    name: element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}${element.getAttribute('href') ? `[href="${element.getAttribute('href')}"]` : ''}.${element.className}`,
    text: (element.textContent || element.value || '').trim().slice(0, 40),
    top: rect.top + window.scrollY, left: rect.left + window.scrollX,
    bottom: rect.bottom + window.scrollY, right: rect.right + window.scrollX,
    width: rect.width, height: rect.height, hidden,
    focused: look(element),
    form: element.closest('form, fieldset, nav, header, table')?.id || '',
  });
}, true);
document.activeElement?.blur();
return [...document.querySelectorAll('[tabindex]')]
  .filter((element) => element.tabIndex > 0)
  .map((element) => element.id || element.tagName);
"""

END_WALK = """
document.activeElement?.blur();
const unfocused = window.__walkElements.map((element) => window.__walkLook(element));
return window.__walk.map((stop, index) => ({ ...stop, unfocused: unfocused[index] }));
"""

# Buttons, links and fields a person must reach, with what hides them.
UNREACHABLE = """
const found = [];
const page = document.documentElement;
for (const element of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
  if (element.closest('[hidden]') || element.getClientRects().length === 0) continue;
  const style = getComputedStyle(element);
  if (style.visibility === 'hidden') continue;
  const rect = element.getBoundingClientRect();
  if (rect.width < 1 && rect.height < 1) continue;
  // Visually hidden inputs styled through their label are judged by the label.
  if (rect.width <= 1 || rect.height <= 1) continue;
  const name = element.id ? `#${element.id}` : `${element.tagName.toLowerCase()}[${element.getAttribute('href') ?? element.textContent.trim().slice(0, 30)}]`;
  const left = rect.left + window.scrollX;
  let scroller = null;
  for (let box = element.parentElement; box && box !== document.body && !scroller; box = box.parentElement) {
    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) scroller = box;
  }
  // Inside a box that scrolls sideways by design (a wide table), that box gives the way there.
  if (!scroller && (left < -1 || rect.right + window.scrollX > page.scrollWidth + 1)) {
    element.dataset.a11yUnreachable = '';
    found.push(`${name}: off the page (${Math.round(left)}..${Math.round(rect.right + window.scrollX)} of ${page.scrollWidth})`);
    continue;
  }
  for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
    const boxStyle = getComputedStyle(box);
    const clips = [boxStyle.overflowX, boxStyle.overflowY].some((value) => value === 'hidden' || value === 'clip');
    if (!clips) continue;
    const outer = box.getBoundingClientRect();
    const scrolls = [boxStyle.overflowX, boxStyle.overflowY].some((value) => value === 'auto' || value === 'scroll');
    if (scrolls) continue;
    if (rect.left < outer.left - 1 || rect.right > outer.right + 1 || rect.top < outer.top - 1 || rect.bottom > outer.bottom + 1) {
      element.dataset.a11yUnreachable = '';
      found.push(`${name}: clipped by ${box.tagName.toLowerCase()}${box.id ? '#' + box.id : ''}.${box.className}`);
      break;
    }
  }
}
// What pushes the page wider: the outermost elements running past its edge.
const wide = [...document.body.querySelectorAll('*')].filter((element) => {
  const rect = element.getBoundingClientRect();
  const parent = element.parentElement.getBoundingClientRect();
  const past = (box) => box.right > page.clientWidth + 1 || box.left < -1;
  return rect.width > 0 && past(rect) && !past(parent);
}).slice(0, 3).map((element) => `${element.tagName.toLowerCase()}#${element.id}.${element.className}`);
return {
  found,
  wide,
  overflow: page.scrollWidth - page.clientWidth,
  navHidden: [...document.querySelectorAll('header.topbar a[href], header.topbar button')]
    .filter((element) => !element.closest('[hidden]'))
    .filter((element) => {
      const rect = element.getBoundingClientRect();
      return rect.width === 0 || rect.right > page.clientWidth + 1 || rect.left < -1;
    })
    .map((element) => element.getAttribute('href') || element.id),
};
"""


# --- helpers ---------------------------------------------------------------


def axe_violations(app, where):
    """Runs axe-core in the page; returns the serious and critical violations."""
    app.driver.execute_script(AXE_SOURCE + "\n;window.axe = axe;")
    result = app.driver.execute_async_script(RUN_AXE)
    assert "error" not in result, f"{where}: axe failed: {result['error']}"
    assert result["version"].startswith("4."), f"{where}: axe-core 4.x ran"
    assert result["passes"] > 0, f"{where}: axe ran and passed some rules"
    return [
        f"{where}: {rule['id']} ({rule['impact']}) {rule['help']}: {', '.join(rule['targets'][:6])}"
        for rule in result["violations"]
        if rule["impact"] in FAILING_IMPACTS
    ]


def tab_walk(app, where, limit=400):
    """Tabs through the page from its start; returns the problems found."""
    problems = []
    positive = app.driver.execute_script(START_WALK)
    problems += [f"{where}: positive tabindex on {name}" for name in positive]
    app.driver.execute_script("document.body.setAttribute('tabindex', '-1'); document.body.focus(); document.body.removeAttribute('tabindex');")
    chain = ActionChains(app.driver)
    for _ in range(min(limit, count_focusable(app) + 2)):
        chain.send_keys(Keys.TAB)
    chain.perform()
    stops = app.driver.execute_script(END_WALK)
    seen = set()
    walked = []
    # Past the last stop focus leaves the page (the body, or the first stop again).
    for stop in stops:
        if stop["name"].startswith(("body", "html")):
            if walked:
                break
            continue
        key = (stop["name"], stop["top"], stop["left"])
        if key in seen:
            break
        seen.add(key)
        walked.append(stop)
    if len(walked) < 3:
        problems.append(f"{where}: Tab reached only {len(walked)} elements")
    for stop in walked:
        label = f"{stop['name']} ({stop['text']!r})"
        if stop["hidden"] or stop["width"] < 1 or stop["height"] < 1:
            problems.append(f"{where}: focus lands on a hidden element {label}")
        elif stop["focused"] == stop["unfocused"]:
            problems.append(f"{where}: no visible focus indicator on {label}")
    # Reading order: inside one form, fieldset, nav, header or table, Tab
    # never jumps to an element wholly above the one it leaves.
    for before, after in zip(walked, walked[1:]):
        if before["form"] and before["form"] == after["form"] and after["bottom"] <= before["top"]:
            problems.append(f"{where}: Tab goes from {before['name']} back up to {after['name']} inside #{before['form']}")
    return problems, walked


def reach_problems(app, where):
    """Buttons, links and fields that cannot be reached, page overflow, hidden top-bar links."""
    found = app.driver.execute_script(UNREACHABLE)
    problems = [f"{where}: {item}" for item in found["found"]]
    if found["overflow"] > 0:
        problems.append(f"{where}: the page scrolls sideways by {found['overflow']} px ({', '.join(found['wide'])})")
    problems += [f"{where}: top-bar item out of view: {item}" for item in found["navHidden"]]
    return problems


def css_width(app):
    return app.driver.execute_script("return window.innerWidth")


def zoom_keys(app, key, times=1):
    """Presses Ctrl+`key` as a person would (ui/js/zoom.js asks the shell to zoom)."""
    chain = ActionChains(app.driver)
    for _ in range(times):
        chain.key_down(Keys.CONTROL).send_keys(key).key_up(Keys.CONTROL)
    chain.perform()


def zoom(app, percent):
    """Zooms the window to 200 % with Ctrl+=, or back to 100 % with Ctrl+0, and waits for the reflow."""
    if percent == 200:
        zoom_keys(app, "=", PRESSES_TO_200)
    else:
        zoom_keys(app, "0")
    width = round(WINDOW[0] * 100 / percent)
    app.wait().until(lambda d: abs(css_width(app) - width) <= 1, f"the page is {width} CSS px wide at {percent} %")
    app.driver.execute_async_script(
        "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));"
    )


def count_focusable(app):
    return app.driver.execute_script(
        "return document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]').length"
    )


def case_id(app, name):
    rows = json.loads(app.cli("--user", SUPERVISOR, "--json", "case", "list"))["items"]
    found = [row["id"] for row in rows if row.get("name_latin") == name]
    assert len(found) == 1, f"the demo vault holds {name} once"
    return found[0]


def open_page(app, url, ready):
    app.driver.execute_script("window.location.assign(arguments[0])", url)
    app.wait_for_page(url.split("?")[0], ready)


def when_vault_free(world, timeout=30.0):
    """Waits until a closed window's processes have let go of the vault's lock."""
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


def demo_world(world):
    world.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
    when_vault_free(world)
    world.cli("demo")
    return case_id(world, "Tariq Jamil"), case_id(world, "Naveed Akhtar")


def signed_in_pages(tariq, naveed):
    """(user, url, ready id, step name) of every signed-in page of the demo."""
    return [
        (SUPERVISOR, "home.html", "signed-in-user", "home"),
        (SUPERVISOR, "cases.html", "search", "cases"),
        (SUPERVISOR, f"case.html?id={tariq}", "case-title", "case"),
        (SUPERVISOR, "case-form.html", "case-form", "case-form"),
        (SUPERVISOR, f"case-form.html?id={tariq}", "case-form", "case-form-edit"),
        (SUPERVISOR, f"plan.html?case={tariq}", "plan-current", "plan"),
        (SUPERVISOR, f"review.html?case={naveed}", "review-open", "review"),
        (SUPERVISOR, f"agreement.html?case={tariq}", "current-title", "agreement"),
        (SUPERVISOR, f"case-work.html?case={tariq}", "work-needs", "case-work"),
        (SUPERVISOR, f"assessment.html?case={naveed}", "assess-form", "assessment"),
        (SUPERVISOR, "services.html", "services-title", "services"),
        (SUPERVISOR, "reports.html", "rpt-form", "reports"),
        (SUPERVISOR, f"print-plan.html?case={tariq}", "sheet", "print-plan"),
        (SUPERVISOR, f"print-agreement.html?case={tariq}", "sheet", "print-agreement"),
        (ADMIN, "users.html", "user-table", "users"),
        (ADMIN, "settings.html", "settings-title", "settings"),
        (MENTOR, "home.html", "signed-in-user", "home-mentor"),
    ]


def set_language(app, lang):
    """Switches the page to `lang` unless it is already there (the choice is kept across launches)."""
    want = "rtl" if lang == "ur" else "ltr"
    if app.driver.find_element(By.TAG_NAME, "html").get_attribute("dir") != want:
        app.switch_language(want)


def every_page(app, lang, tariq, naveed, visit):
    """Calls visit(step) on every page: locked ones, then each user's."""
    app.wait_for_page("unlock.html", "unlock-form")
    set_language(app, lang)
    visit("unlock")
    open_page(app, "restore.html", "verify-form")
    visit("restore")
    open_page(app, "unlock.html", "unlock-form")
    user = None
    for who, url, ready, step in signed_in_pages(tariq, naveed):
        if who != user:
            if user is not None:
                app.lock()
            app.unlock_as(who, GENERATED_PASSPHRASE)
            user = who
        open_page(app, url, ready)
        visit(step)
    app.lock()
    set_language(app, "en")


# --- the tests ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ur"])
def test_every_page_passes_axe_names_every_field_and_walks_by_tab(world, lang):
    problems = []

    def check(step):
        where = f"{lang} {step}"
        problems.extend(axe_violations(app, where))
        problems.extend(f"{where}: field without a name {name}" for name in app.driver.execute_script(UNNAMED_FIELDS))
        walk_problems, _ = tab_walk(app, where)
        problems.extend(walk_problems)
        problems.extend(reach_problems(app, f"{where} 1366x768"))
        app.shot(step, scroll="top")
        zoom(app, 200)
        try:
            zoomed = reach_problems(app, f"{where} zoom 200%")
            problems.extend(zoomed)
            app.shot(f"{step}-zoom", scroll="top")
            if zoomed:
                app.driver.execute_script(
                    "document.querySelector('[data-a11y-unreachable]')?.scrollIntoView({block: 'center', inline: 'nearest'})"
                )
                app.shot(f"{step}-zoom-problem")
        finally:
            zoom(app, 100)

    # First run, on a laptop with no vault yet.
    app = world.launch()
    app.wait_for_page("first-run.html", "create-form")
    set_language(app, lang)
    check("first-run")
    world.quit()

    tariq, naveed = demo_world(world)
    app = world.launch()
    every_page(app, lang, tariq, naveed, check)
    assert not problems, "accessibility problems:\n" + "\n".join(problems)


# --- keyboard only ---------------------------------------------------------------

ACTIVE = """
const element = document.activeElement;
if (!element || element === document.body) return null;
const errorIds = (element.getAttribute('aria-describedby') ?? '').split(/\\s+/).filter(Boolean);
const errors = errorIds.map((id) => document.getElementById(id))
  .filter((node) => node && !node.hidden && node.textContent.trim());
return {
  id: element.id, tag: element.tagName.toLowerCase(), href: element.getAttribute('href'),
  className: element.className, text: element.textContent.trim().slice(0, 60),
  invalid: element.getAttribute('aria-invalid'),
  errors: errors.map((node) => ({
    text: node.textContent.trim(),
    announced: node.getAttribute('role') === 'alert' || node.closest('[aria-live]:not([aria-live=off])') !== null,
  })),
};
"""


def active(app):
    return app.driver.execute_script(ACTIVE) or {}


def press(app, *keys):
    ActionChains(app.driver).send_keys(*keys).perform()


def tab_to(app, wanted, where, backwards=False, limit=120):
    """Presses Tab (or Shift+Tab) until the focused element satisfies `wanted`."""
    for _ in range(limit):
        if backwards:
            ActionChains(app.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            press(app, Keys.TAB)
        now = active(app)
        if now and wanted(now):
            return now
    raise AssertionError(f"{where}: Tab never reached the element")


def test_main_flows_with_the_keyboard_only(world):
    tariq, _ = demo_world(world)
    app = world.launch()
    app.wait_for_page("unlock.html", "unlock-form")

    # Unlock: the page starts in the username field; a wrong passphrase is
    # announced and focus goes back to the field that was wrong.
    assert active(app).get("id") == "username", "the unlock page starts in the username field"
    press(app, SUPERVISOR, Keys.TAB)
    assert active(app).get("id") == "passphrase"
    press(app, "not the passphrase", Keys.ENTER)
    app.wait().until(lambda d: active(app).get("errors"))
    now = active(app)
    assert now["id"] == "passphrase" and now["invalid"] == "true", f"focus is on the wrong field: {now}"
    assert all(error["announced"] for error in now["errors"]), f"the error is announced (role=alert): {now}"
    app.shot("unlock-refused")
    ActionChains(app.driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).perform()
    press(app, GENERATED_PASSPHRASE, Keys.ENTER)
    app.wait_for_page("home.html", "signed-in-user")

    # Every link of the top bar, reached backwards from where the page put focus.
    links = app.driver.execute_script(
        "return [...document.querySelectorAll('header.topbar .nav a')].filter((a) => !a.hidden).map((a) => a.getAttribute('href'))"
    )
    assert {"home.html", "cases.html", "case-form.html", "services.html", "reports.html", "settings.html"} <= set(links)
    for href in links:
        tab_to(app, lambda now, href=href: now.get("href") == href, f"top-bar link {href}", backwards=True)
        press(app, Keys.ENTER)
        app.wait().until(lambda d, href=href: app.page() == href)
        app.wait().until(lambda d: "loading" not in d.find_element(By.TAG_NAME, "body").get_attribute("class"))

    # The participants list and a case.
    tab_to(app, lambda now: now.get("href") == "cases.html", "participants link", backwards=True)
    press(app, Keys.ENTER)
    app.wait_for_page("cases.html", "search")
    app.wait_for_results()
    tab_to(app, lambda now: now.get("id") == "search", "search field")
    press(app, "Tariq")
    app.wait().until(lambda d: app.el("register").get_attribute("aria-busy") == "false")
    tab_to(app, lambda now: "case-link" in (now.get("className") or "") and "Tariq" in now["text"], "Tariq's case")
    press(app, Keys.ENTER)
    app.wait_for_page("case.html", "case-title")
    assert tariq in app.driver.current_url
    tab_to(app, lambda now: now.get("id") == "link-plan", "the plan link")
    press(app, Keys.ENTER)
    app.wait_for_page("plan.html", "plan-current")

    # The first Tab stop skips the top bar: it shows while it has focus, and
    # Enter moves focus to the page's content, so the next Tab stays inside it.
    app.driver.execute_script("document.body.setAttribute('tabindex', '-1'); document.body.focus(); document.body.removeAttribute('tabindex');")
    press(app, Keys.TAB)
    assert active(app).get("id") == "skip-link", f"the first Tab stop skips to the content: {active(app)}"
    shown = app.driver.execute_script("const r = document.activeElement.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
    assert shown[2] > 40 and shown[3] > 20 and shown[0] >= 0 and shown[1] >= 0, f"the focused skip link is in view: {shown}"
    app.shot("skip-link")
    press(app, Keys.ENTER)
    assert active(app).get("tag") == "main", f"Enter on the skip link focuses <main>: {active(app)}"
    press(app, Keys.TAB)
    assert app.driver.execute_script("return document.activeElement.closest('main') !== null"), "the next Tab is in the content"

    # A form sent with its errors: each is announced beside its field and
    # focus lands on the first field that is wrong.
    tab_to(app, lambda now: now.get("href") == "case-form.html", "register link", backwards=True)
    press(app, Keys.ENTER)
    app.wait_for_page("case-form.html", "case-form")
    tab_to(app, lambda now: now.get("id") == "submit", "the form's submit button")
    press(app, Keys.ENTER)
    app.wait().until(lambda d: active(app).get("invalid") == "true")
    now = active(app)
    assert now["errors"] and all(error["announced"] for error in now["errors"]), f"the error is announced: {now}"
    first_invalid = app.driver.execute_script(
        "return document.querySelector('#case-form [aria-invalid=true]').id"
    )
    assert now["id"] == first_invalid, f"focus is on the first invalid field {first_invalid}, not {now['id']}"
    app.shot("form-errors")

    # Zoom from the keyboard holds on the next page, and Ctrl+0 undoes it.
    zoom(app, 200)
    tab_to(app, lambda now: now.get("href") == "home.html", "home link", backwards=True)
    press(app, Keys.ENTER)
    app.wait_for_page("home.html", "signed-in-user")
    assert abs(css_width(app) - WINDOW[0] // 2) <= 1, "the zoom holds on the next page"
    app.shot("home-zoomed")
    zoom(app, 100)

    # The language switch and Lock, from the keyboard.
    tab_to(app, lambda now: now.get("id") == "language", "language button", backwards=True)
    press(app, Keys.SPACE)
    app.wait().until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl")
    assert active(app).get("id") == "language", "focus stays on the language button"
    press(app, Keys.SPACE)
    app.wait().until(lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "ltr")
    tab_to(app, lambda now: now.get("id") == "lock", "Lock")
    press(app, Keys.ENTER)
    app.wait_for_page("unlock.html", "unlock-form")
