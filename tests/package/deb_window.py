"""Drives the program installed from the .deb inside scripts/deb-check.sh's
chroot, through the tauri-driver started there (the chroot shares this
machine's network, so the driver listens on 127.0.0.1 here).

It proves the installed program starts to the unlock screen: the page is
unlock.html with its form, translated (the catalogs are inside the binary),
and in Urdu it turns right to left with the bundled Nastaliq font loaded and
used (the chroot has no fonts-noto-* package). It then signs in to reach the
home page (SQLCipher and the key slots work from the package), and fetches
every file of ui/ as the installed program serves it, checking each against
the repository's copy (a stale package fails) and scanning it for the words
the interface must never show. Screenshots: target/e2e-shots/deb-*.png.

Usage: deb_window.py --port PORT --app /usr/bin/homeward --vault DIR
                     --user NAME (passphrase in HOMEWARD_PASSPHRASE)"""

from __future__ import annotations

import argparse
import base64
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

REPO = Path(__file__).resolve().parents[2]
UI = REPO / "ui"
SHOTS = REPO / "target" / "e2e-shots"
FORBIDDEN = re.compile(rb"extremis|terroris|radicali[sz]|\bCVE\b", re.IGNORECASE)
WINDOW = (1366, 768)
WAIT_SECONDS = 30
NASTALIQ = "Homeward Nastaliq"


def page(driver) -> str:
    return urlparse(driver.current_url).path.rsplit("/", 1)[-1] or "index.html"


def painted(driver) -> None:
    """Fonts loaded and two frames painted, so a screenshot shows them."""
    driver.execute_async_script(
        """
        const done = arguments[arguments.length - 1];
        document.fonts.ready.then(() =>
          requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
        """
    )


def shot(driver, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    painted(driver)
    path = SHOTS / f"deb-{name}.png"
    assert driver.save_screenshot(str(path)), f"screenshot {path} was not written"
    print(f"screenshot {path.relative_to(REPO)}")
    return path


def wait_for(driver, name: str, ready_id: str) -> None:
    wait = WebDriverWait(driver, WAIT_SECONDS)
    wait.until(lambda d: page(d) == name, f"the window never showed {name} (it shows {page(driver)})")
    wait.until(EC.visibility_of_element_located((By.ID, ready_id)), f"{name} never showed #{ready_id}")
    wait.until(
        lambda d: "loading" not in (d.find_element(By.TAG_NAME, "body").get_attribute("class") or ""),
        f"{name} never finished loading",
    )


def check_unlock_screen(driver) -> None:
    wait_for(driver, "unlock.html", "unlock-form")
    for field in ("username", "passphrase", "submit"):
        assert driver.find_element(By.ID, field).is_displayed(), f"the unlock form shows #{field}"
    title = driver.find_element(By.ID, "unlock-title").text.strip()
    assert title, "the unlock title is translated (the catalogs are inside the installed program)"
    html = driver.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("dir") == "ltr", "the unlock screen starts left to right in English"
    print(f"unlock screen: {page(driver)}, title {title!r}, form #unlock-form shown")


def switch_to_urdu(driver) -> None:
    control = driver.find_element(By.ID, "language")
    if control.tag_name.lower() == "select":
        from selenium.webdriver.support.ui import Select

        Select(control).select_by_value("ur")
    else:
        assert control.get_attribute("lang") == "ur", "the language button offers Urdu"
        control.click()
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl",
        "the page never turned right to left in Urdu",
    )


def check_nastaliq(driver) -> None:
    """The bundled font is loaded and is the one the Urdu title is set in."""
    painted(driver)
    state = driver.execute_script(
        """
        const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === arguments[0]);
        const title = document.getElementById('unlock-title');
        return {
          faces: faces.map((f) => f.weight + ':' + f.status),
          family: getComputedStyle(title).fontFamily,
          text: title.textContent,
          check: document.fonts.check('16px "' + arguments[0] + '"', title.textContent),
        };
        """,
        NASTALIQ,
    )
    print(f"urdu: title {state['text']!r} in {state['family']}; faces {state['faces']}")
    assert re.search(r"[\u0600-\u06ff]", state["text"]), "the Urdu title is in Arabic script"
    assert state["family"].replace('"', "").startswith(NASTALIQ), "the Urdu title is set in the bundled Nastaliq font"
    assert any(face.endswith(":loaded") for face in state["faces"]), "the bundled Nastaliq font was loaded"
    assert state["check"], "the bundled Nastaliq font can draw the Urdu title"


def sign_in(driver, user: str, passphrase: str) -> None:
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "passphrase").send_keys(passphrase)
    driver.find_element(By.ID, "submit").click()
    wait_for(driver, "home.html", "signed-in-user")
    shown = driver.find_element(By.ID, "signed-in-user").text
    assert shown == user, f"home shows {shown!r} signed in, not {user!r}"
    print(f"signed in as {user}: {page(driver)}")


def served_files(driver) -> dict[str, bytes]:
    """Every file of ui/ as the installed program serves it."""
    paths = sorted(p.relative_to(UI).as_posix() for p in UI.rglob("*") if p.is_file())
    driver.set_script_timeout(120)
    answer = driver.execute_async_script(
        """
        const [paths, done] = [arguments[0], arguments[arguments.length - 1]];
        const encode = (buffer) => {
          const bytes = new Uint8Array(buffer);
          let text = '';
          for (let at = 0; at < bytes.length; at += 0x8000) {
            text += String.fromCharCode.apply(null, bytes.subarray(at, at + 0x8000));
          }
          return btoa(text);
        };
        Promise.all(paths.map((path) =>
          fetch('/' + path).then((r) => r.ok ? r.arrayBuffer().then(encode) : 'status ' + r.status)
            .catch((e) => 'error ' + e)))
          .then((bodies) => done(bodies), (e) => done(String(e)));
        """,
        paths,
    )
    assert isinstance(answer, list), f"fetching the served files failed: {answer}"
    served = {}
    for path, body in zip(paths, answer):
        assert not body.startswith(("status ", "error ")), f"the installed program does not serve {path}: {body}"
        served[path] = base64.b64decode(body)
    return served


def check_served_files(driver) -> None:
    served = served_files(driver)
    same = 0
    for path, body in served.items():
        hit = FORBIDDEN.search(body)
        assert not hit, f"the installed program serves {path} holding {hit.group().decode(errors='replace')!r}"
        source = (UI / path).read_bytes()
        if path.endswith(".html"):
            # Tauri adds its CSP hashes to the pages it embeds; the rest is served as stored.
            continue
        if body != source:
            kept = REPO / "target" / "deb-check" / "served" / path
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(body)
            raise AssertionError(
                f"the package serves a different {path} than ui/ holds (built before the last change?); "
                f"the served copy is in {kept.relative_to(REPO)}"
            )
        same += 1
    print(f"served files: {len(served)} fetched from the installed program, none holds a forbidden word; "
          f"{same} non-HTML files byte-identical to ui/")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--app", required=True)
    parser.add_argument("--vault", required=True)
    parser.add_argument("--user", required=True)
    args = parser.parse_args()
    passphrase = os.environ["HOMEWARD_PASSPHRASE"]

    options = ArgOptions()
    options.set_capability("browserName", "wry")
    options.set_capability("tauri:options", {"application": args.app, "args": ["--vault", args.vault]})
    config = ClientConfig(remote_server_addr=f"http://127.0.0.1:{args.port}", timeout=120)
    driver = webdriver.Remote(command_executor=RemoteConnection(client_config=config), options=options)
    try:
        driver.set_window_rect(x=0, y=0, width=WINDOW[0], height=WINDOW[1])
        check_unlock_screen(driver)
        shot(driver, "unlock")
        switch_to_urdu(driver)
        check_nastaliq(driver)
        shot(driver, "unlock-ur")
        check_served_files(driver)
        sign_in(driver, args.user, passphrase)
        shot(driver, "home-ur")
    finally:
        driver.quit()
    print("window check: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
