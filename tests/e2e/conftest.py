"""End-to-end harness: drives the real release binary of Homeward in WebKit.

For each test it makes a fresh root with its own HOME, TMPDIR and XDG_*
folders, starts `tauri-driver` (which starts Debian's WebKitWebDriver) on
free ports with that environment, and opens a WebDriver session on the app
with `--vault <HOME>/vault`. Teardown ends the session, tauri-driver and any
app process of that test, so a test can then byte-search its own HOME and
TMPDIR. Screenshots go to target/e2e-shots/<test>-<step>.png.

The window is set to 1366x768, the size CI's virtual screen has, so
screenshots show what a practitioner's laptop shows. The `generated`
fixture writes a synthetic vault with homeward-cli before the app starts.

The binaries are $HOMEWARD_APP and $HOMEWARD_CLI, else target/release/
homeward and homeward-cli in this repo; the suite never builds them.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.options import ArgOptions
from selenium.webdriver.remote.client_config import ClientConfig
from selenium.webdriver.remote.remote_connection import RemoteConnection
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = Path(__file__).resolve().parents[2]
APP = Path(os.environ.get("HOMEWARD_APP", REPO / "target" / "release" / "homeward")).resolve()
CLI = Path(os.environ.get("HOMEWARD_CLI", REPO / "target" / "release" / "homeward-cli")).resolve()
WINDOW = (1366, 768)
# The passphrase homeward-cli gives every user of a generated vault.
GENERATED_PASSPHRASE = "harbour willow copper 58 lanterns"
GENERATED_CASES = 120
SHOTS = REPO / "target" / "e2e-shots"
LOGS = REPO / "target" / "e2e-logs"
WAIT_SECONDS = 15
# Stands for a fresh IPC channel in Homeward.invoke's arguments.
CHANNEL = "<channel>"
CATALOG_EN = json.loads((REPO / "ui" / "i18n" / "en.json").read_text("utf-8"))
HTTP_TIMEOUT_SECONDS = 60


def free_ports(count: int) -> list[int]:
    """`count` distinct free ports: every socket stays bound until all are
    chosen, so the kernel cannot hand the same port out twice (it did once:
    tauri-driver and WebKitWebDriver were given one port, and the second
    could not listen)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sockets.append(sock)
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"tauri-driver exited early with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"tauri-driver did not listen on port {port} within {timeout} s")


def pids_with_argument(argument: str) -> list[int]:
    """Processes whose command line holds `argument` (this test's vault path)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argument.encode() in cmdline:
            found.append(int(entry.name))
    return found


@dataclass
class Homeward:
    """One test's world: its folders, its driver and (once launched) its window."""

    name: str
    root: Path
    home: Path
    tmp: Path
    vault: Path
    env: dict[str, str]
    driver: webdriver.Remote | None = None
    _tauri_driver: subprocess.Popen | None = None
    _log: object = None
    _shots: list[Path] = field(default_factory=list)
    # False for a second window: ending it leaves the first app running.
    owns_app: bool = True

    # --- lifecycle -------------------------------------------------------

    def launch(self) -> "Homeward":
        port, native_port = free_ports(2)
        LOGS.mkdir(parents=True, exist_ok=True)
        self._log = open(LOGS / f"{self.name}.log", "ab")
        self._tauri_driver = subprocess.Popen(
            ["tauri-driver", "--port", str(port), "--native-port", str(native_port)],
            env=self.env,
            cwd=self.root,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # tauri-driver listens at once, WebKitWebDriver a moment later.
        wait_for_port(port, self._tauri_driver)
        wait_for_port(native_port, self._tauri_driver)
        options = ArgOptions()
        options.set_capability("browserName", "wry")
        options.set_capability(
            "tauri:options",
            {"application": str(APP), "args": ["--vault", str(self.vault)]},
        )
        # A window that never comes up fails the test instead of hanging it.
        config = ClientConfig(remote_server_addr=f"http://127.0.0.1:{port}", timeout=HTTP_TIMEOUT_SECONDS)
        executor = RemoteConnection(client_config=config)
        self.driver = webdriver.Remote(command_executor=executor, options=options)
        self.driver.set_window_rect(x=0, y=0, width=WINDOW[0], height=WINDOW[1])
        return self

    def second_window(self, name: str) -> "Homeward":
        """Another launch of the app on this test's vault, with its own
        driver; its quit() leaves the first window's processes alone."""
        other = Homeward(
            name=f"{self.name}-{name}", root=self.root, home=self.home, tmp=self.tmp, vault=self.vault, env=self.env
        )
        other.owns_app = False
        return other.launch()

    def quit(self) -> None:
        """Ends the session, tauri-driver and every app process of this test."""
        if self.driver is not None:
            try:
                self.driver.quit()
            except WebDriverException:
                pass
            self.driver = None
        if self._tauri_driver is not None:
            if self._tauri_driver.poll() is None:
                os.killpg(self._tauri_driver.pid, signal.SIGTERM)
                try:
                    self._tauri_driver.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self._tauri_driver.pid, signal.SIGKILL)
                    self._tauri_driver.wait()
            self._tauri_driver = None
        if self.owns_app:
            deadline = time.monotonic() + 10
            while (left := pids_with_argument(str(self.vault))) and time.monotonic() < deadline:
                time.sleep(0.1)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
        if self._log is not None:
            self._log.close()
            self._log = None

    # --- helpers for tests -----------------------------------------------

    def shot(self, step: str, scroll: str | None = None) -> Path:
        """Saves the window as target/e2e-shots/<test>-<step>.png once painted;
        `scroll` "top" or "bottom" scrolls the page there first."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        if scroll is not None:
            self.driver.execute_script(
                "window.scrollTo(0, arguments[0] === 'top' ? 0 : document.documentElement.scrollHeight)", scroll
            )
        # Let fonts load and two frames paint, or WebKit may hand back the last frame.
        self.driver.execute_async_script(
            """
            const done = arguments[arguments.length - 1];
            document.fonts.ready.then(() =>
              requestAnimationFrame(() => requestAnimationFrame(() => done(true))));
            """
        )
        path = SHOTS / f"{self.name}-{step}.png"
        assert self.driver.save_screenshot(str(path)), f"screenshot {path} was not written"
        self._shots.append(path)
        return path

    def wait(self, timeout: float = WAIT_SECONDS) -> WebDriverWait:
        return WebDriverWait(self.driver, timeout)

    def page(self) -> str:
        """The page's file name; the start page may show as the bare origin."""
        return urlparse(self.driver.current_url).path.rsplit("/", 1)[-1] or "index.html"

    def wait_for_page(self, page: str, ready_id: str) -> None:
        """Waits until `page` is loaded, translated and shows #ready_id."""
        self.wait().until(lambda d: self.page() == page)
        self.wait().until(EC.visibility_of_element_located((By.ID, ready_id)))
        self.wait().until(
            lambda d: "loading" not in d.find_element(By.TAG_NAME, "body").get_attribute("class")
        )

    def el(self, element_id: str):
        return self.driver.find_element(By.ID, element_id)

    def type_into(self, element_id: str, text: str) -> None:
        box = self.el(element_id)
        box.clear()
        box.send_keys(text)

    def type_text(self, element_id: str, text: str) -> None:
        """Types `text` (any script); when the driver's keyboard cannot
        produce a character, sets the value and fires `input` as typing would."""
        self.type_into(element_id, text)
        box = self.el(element_id)
        if box.get_property("value") != text:
            self.driver.execute_script(
                """
                const [box, text] = arguments;
                box.value = text;
                box.dispatchEvent(new Event('input', { bubbles: true }));
                """,
                box,
                text,
            )
        assert box.get_property("value") == text, f"#{element_id} holds what was typed"

    def choose(self, element_id: str, value: str) -> None:
        """Picks the option with `value` in the <select> #element_id."""
        Select(self.el(element_id)).select_by_value(value)

    def wait_for_results(self) -> None:
        """Waits until the case list has the answer to its latest request."""
        self.wait().until(lambda d: self.el("register").get_attribute("aria-busy") == "false")

    def go_to(self, page: str, ready_id: str) -> None:
        """Follows the top bar's link to `page` and waits for #ready_id."""
        self.driver.find_element(By.CSS_SELECTOR, f'.nav a[href="{page}"]').click()
        self.wait_for_page(page, ready_id)

    def switch_language(self, direction: str, code: str | None = None) -> None:
        """Switches to the language `code` (by default English for "ltr",
        Urdu for "rtl") with the top bar's #language control (a button
        naming the other language when there are two, a select offering
        each when there are more) and waits for the page to turn `direction`."""
        code = code or ("ur" if direction == "rtl" else "en")
        control = self.el("language")
        if control.tag_name.lower() == "select":
            Select(control).select_by_value(code)
        else:
            assert control.get_attribute("lang") == code, (
                f"the language button offers {control.get_attribute('lang')!r}, not {code!r}"
            )
            control.click()
        html = (By.TAG_NAME, "html")
        self.wait().until(
            lambda d: d.find_element(*html).get_attribute("lang") == code
            and d.find_element(*html).get_attribute("dir") == direction
        )

    def unlock_as(self, username: str, passphrase: str) -> None:
        self.wait_for_page("unlock.html", "unlock-form")
        self.submit_unlock(username, passphrase)
        self.wait_for_page("home.html", "signed-in-user")
        assert self.el("signed-in-user").text == username

    def cli(self, *args: str, passphrase: str = GENERATED_PASSPHRASE) -> str:
        """Runs homeward-cli on this test's vault with this test's HOME."""
        done = subprocess.run(
            [str(CLI), "--vault", str(self.vault), *args],
            env={**self.env, "HOMEWARD_PASSPHRASE": passphrase},
            cwd=self.root,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, f"homeward-cli {' '.join(args)} failed: {done.stderr}"
        return done.stdout

    def generate(self, cases: int) -> None:
        """Writes a synthetic vault of `cases` cases before the app starts."""
        if not CLI.is_file() or not os.access(CLI, os.X_OK):
            pytest.fail(f"no homeward-cli at {CLI}: build it with `cargo build --release -p homeward-cli`")
        self.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.cli("generate", "--cases", str(cases), "--seed", "7")

    def invoke(self, command: str, args: dict | None = None) -> dict:
        """Calls a command straight through the page's Tauri bridge; an
        argument given as CHANNEL becomes a fresh IPC channel."""
        return self.driver.execute_async_script(
            """
            const [command, given, marker, done] = arguments;
            const args = {};
            for (const [name, value] of Object.entries(given)) {
              args[name] = value === marker ? new window.__TAURI__.core.Channel() : value;
            }
            window.__TAURI__.core.invoke(command, args).then(
              (value) => done({ ok: true, value }),
              (error) => done({ ok: false, error: typeof error === 'string' ? error : JSON.stringify(error) }),
            );
            """,
            command,
            args or {},
            CHANNEL,
        )

    # --- flows through the real pages -------------------------------------

    def create_admin(self, username: str, passphrase: str, step: str | None = None) -> str:
        """Fills the first-run form, returns the recovery key shown once."""
        self.wait_for_page("first-run.html", "create-form")
        self.type_into("username", username)
        self.type_into("passphrase", passphrase)
        self.type_into("passphrase-confirm", passphrase)
        self.el("passphrase-confirm").send_keys(Keys.ENTER)
        self.wait().until(EC.visibility_of_element_located((By.ID, "recovery-key")))
        if step:
            self.shot(step)
        key = self.el("recovery-key").get_property("textContent").strip()
        self.el("recovery-done").click()
        self.wait_for_page("home.html", "signed-in-user")
        return key

    def lock(self) -> None:
        self.el("lock").click()
        self.wait_for_page("unlock.html", "unlock-form")

    def press_lock_shortcut(self) -> None:
        """Presses Ctrl+L as a person would."""
        ActionChains(self.driver).key_down(Keys.CONTROL).send_keys("l").key_up(Keys.CONTROL).perform()

    def import_districts(self, csv: str) -> None:
        """From home, opens users.html and imports the districts in `csv`."""
        self.el("tile-users").click()
        self.wait_for_page("users.html", "add-user-form")
        self.type_text("csv", csv)
        self.el("import-submit").click()
        self.wait().until(EC.visibility_of_element_located((By.ID, "import-done")))

    def add_user(self, username: str, role: str, passphrase: str, district: str) -> None:
        """Adds a user on users.html and checks the list shows their role and district."""
        self.type_into("username", username)
        self.choose("role", role)
        self.driver.find_element(By.CSS_SELECTOR, f'#district-choices input[value="{district}"]').click()
        self.type_into("passphrase", passphrase)
        self.type_into("passphrase-confirm", passphrase)
        self.el("add-user-submit").click()
        self.wait().until(lambda d: username in self.el("users-done").text)
        row = self.driver.find_element(By.XPATH, f'//tbody[@id="user-rows"]/tr[th="{username}"]')
        assert CATALOG_EN[f"role.{role}"] in row.text and district in row.text, "the list shows role and district"

    def app_pids(self) -> list[int]:
        """The Homeward processes started on this test's vault."""
        return [
            pid
            for pid in pids_with_argument(str(self.vault))
            if Path(f"/proc/{pid}/exe").resolve() == APP
        ]

    def open_vault_files(self) -> list[str]:
        """Files of the vault's database (vault.db, -wal, -shm) the app holds open."""
        found = []
        for pid in self.app_pids():
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue
                if target.startswith(str(self.vault / "vault.db")):
                    found.append(target)
        return found

    def submit_unlock(self, username: str, passphrase: str) -> None:
        self.type_into("username", username)
        self.type_into("passphrase", passphrase)
        self.el("passphrase").send_keys(Keys.ENTER)

    def hold_vault_lock(self):
        """Takes the vault folder's lock the way a second Homeward process would."""
        self.vault.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = open(self.vault / "vault.lock", "a+b")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return handle


def make_world(name: str, root: Path) -> Homeward:
    home, tmp, run = root / "home", root / "tmp", root / "run"
    for folder in (home, tmp, run, home / ".local" / "share", home / ".cache", home / ".config", home / ".local" / "state"):
        folder.mkdir(parents=True, exist_ok=True)
    run.chmod(0o700)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("XDG_", "HOMEWARD_")) and key not in ("HOME", "TMPDIR")
    }
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_RUNTIME_DIR=str(run),
    )
    return Homeward(name=name, root=root, home=home, tmp=tmp, vault=home / "vault", env=env)


def safe_test_name(request) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)


@pytest.fixture
def world(request, tmp_path):
    """A fresh HOME/TMPDIR for this test; launch the app with world.launch()."""
    if not APP.is_file() or not os.access(APP, os.X_OK):
        pytest.fail(f"no Homeward binary at {APP}: build it with `cargo build --release -p homeward`")
    homeward = make_world(safe_test_name(request), tmp_path)
    try:
        yield homeward
    finally:
        homeward.quit()


@pytest.fixture
def app(world):
    """The app running in a fresh HOME, on its start page."""
    return world.launch()


@pytest.fixture
def generated(world):
    """The app on a synthetic vault written by `homeward-cli generate`
    (120 cases over 8 districts; users admin, supervisor, and
    <district>.caseworker / <district>.mentor, all with GENERATED_PASSPHRASE)."""
    world.generate(GENERATED_CASES)
    return world.launch()
