"""Backups, restore and damage in the real window (issue 10): an
administrator backs up to a folder from Settings with the progress bar and
the CLI verifies the file; a vault damaged in the middle of its file opens
the damaged screen at unlock (nothing of a case shown, in English and Urdu),
which finds the newest good automatic backup and restores it after an
explicit confirmation; a new laptop restores a backup with the recovery key
from first run; a backup older than the vault here is restored only once
the reason is shown and confirmed; a save on a full disk says so, keeps
what was typed, harms nothing saved, and works once space is freed; and
quitting with a session open writes a quit backup."""

import fcntl
import json
import os
import subprocess
import time
from pathlib import Path

import pytest
from conftest import CATALOG_EN, CLI, GENERATED_PASSPHRASE
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

REPO = Path(__file__).resolve().parents[2]
CATALOG_UR = json.loads((REPO / "ui" / "i18n" / "ur.json").read_text("utf-8"))
# `demo` gives every user the passphrase it runs with (app.cli's default).
PASSPHRASE = GENERATED_PASSPHRASE
# Cases of sana.caseworker (Quetta and Peshawar) in the demo vault.
DEMO_NAMES = ["Tariq Jamil", "Faisal Noor", "Usman Ghani", "Sher Baz", "Rukhsana Bibi", "Khalid Mehmood"]
CHECKS = ["seal", "manifest", "integrity_check", "cipher_integrity_check", "foreign_key_check", "audit_chain"]
PAGE = 4096


def cli_on(world, vault: Path, *args: str) -> str:
    """homeward-cli on another vault folder (an "old laptop"), with this test's HOME."""
    done = subprocess.run(
        [str(CLI), "--vault", str(vault), *args],
        env={**world.env, "HOMEWARD_PASSPHRASE": PASSPHRASE},
        cwd=world.root,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, f"homeward-cli {' '.join(args)} failed: {done.stderr}"
    return done.stdout


def recovery_key_of(demo_output: str) -> str:
    lines = [line for line in demo_output.splitlines() if line.startswith("Recovery key:")]
    assert len(lines) == 1, "demo prints the recovery key once"
    return lines[0].split(":", 1)[1].strip()


def case_id(world, name: str) -> str:
    page = json.loads(world.cli("--user", "sana.caseworker", "--json", "case", "list"))
    return next(c["id"] for c in page["items"] if c["name_latin"] == name)


def automatic_backups(vault: Path, reason: str) -> list[Path]:
    return sorted((vault / "backups").glob(f"homeward-*-{reason}.hwb"))


def assert_cli_verifies(world, file: Path) -> None:
    shown = world.cli("--user", "admin", "backup", "verify", str(file))
    verdicts = {}
    for words in (line.split() for line in shown.splitlines()):
        if words and words[0] in CHECKS:
            verdicts[words[0]] = words[-1]
    assert verdicts == dict.fromkeys(CHECKS, "ok"), f"homeward-cli backup verify passes every check: {shown}"


def digest(*files: Path) -> list[bytes]:
    return [f.read_bytes() for f in files]


def set_text(app, element_id: str, text: str) -> None:
    """Types a path into a field as a paste would (Selenium would upload an
    existing file named by send_keys instead of typing its path)."""
    app.driver.execute_script(
        """
        const [box, text] = arguments;
        box.focus();
        box.value = text;
        box.dispatchEvent(new Event('input', { bubbles: true }));
        """,
        app.el(element_id),
        text,
    )


def close_and_wait_for_the_vault(app) -> None:
    """Ends the test's window and waits until no process holds the vault's lock."""
    app.quit()
    deadline = time.monotonic() + 15
    with open(app.vault / "vault.lock", "a+b") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
                return
            except BlockingIOError:
                assert time.monotonic() < deadline, "the app let go of the vault after it ended"
                time.sleep(0.1)


def text_of(app, element_id: str) -> str:
    return app.el(element_id).get_property("textContent").strip()


def fill_sign_in(app, username: str, passphrase: str) -> None:
    app.type_into("bk-username", username)
    app.type_into("bk-passphrase", passphrase)


def assert_checks_passed(app, list_id: str) -> None:
    items = app.driver.find_elements(By.CSS_SELECTOR, f"#{list_id} li")
    assert sorted(i.get_attribute("data-check") for i in items) == sorted(CHECKS), "every check is listed"
    assert all("bk-ok" in i.get_attribute("class") for i in items), "and each one passed"


# --- back up from Settings ------------------------------------------------------


def test_an_administrator_backs_up_to_a_folder_with_progress_and_the_cli_verifies_the_file(world):
    world.cli("demo")
    world.cli("--user", "admin", "backup", "create", "--auto")
    usb = world.home / "usb-stick"
    usb.mkdir()
    app = world.launch()
    app.unlock_as("admin", PASSPHRASE)
    app.go_to("settings.html", "backups")
    app.wait().until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#backups-rows tr")) == 1)
    row = app.driver.find_element(By.CSS_SELECTOR, "#backups-rows tr")
    assert CATALOG_EN["backup.reason.daily"] in row.text, "the automatic backup is listed with its reason"
    assert "10" in text_of(app, "backups-lead"), "how many automatic backups are kept is said"
    assert text_of(app, "backups-folder") == str(app.vault / "backups")
    offered = [o.get_attribute("value") for o in app.driver.find_elements(By.CSS_SELECTOR, "#backup-target option")]
    assert str(app.home / "Backups") in offered and offered[-1] == "other", "the home Backups folder, or a typed one"
    assert text_of(app, "backup-target-path") == offered[0], "the chosen drive's folder is shown under the choice"
    app.driver.execute_script("document.getElementById('backup-form').scrollIntoView({block: 'end'})")
    app.shot("00-backups")

    app.choose("backup-target", "other")
    app.type_into("backup-folder", str(usb))
    # Watch the bar while the backup runs: shown, and counting bytes.
    app.driver.execute_script(
        """
        const root = document.getElementById('backup-progress');
        window.backupBar = { shown: false, total: 0 };
        new MutationObserver(() => {
          const bar = root.querySelector('progress');
          if (!root.hidden) window.backupBar.shown = true;
          if (bar) window.backupBar.total = Math.max(window.backupBar.total, Number(bar.max));
        }).observe(root, { attributes: true, subtree: true, childList: true });
        """
    )
    app.el("backup-start").click()
    app.wait(60).until(EC.visibility_of_element_located((By.ID, "backup-done")))
    bar = app.driver.execute_script("return window.backupBar")
    assert bar["shown"], "the progress bar was shown"
    assert bar["total"] > 100_000, f"the bar counted the bytes sealed ({bar['total']})"
    written = sorted(usb.glob("homeward-*-manual.hwb"))
    assert len(written) == 1, "one backup file was written into the folder"
    assert text_of(app, "backup-done-path") == str(written[0])
    assert app.el("backup-progress").get_attribute("hidden") is not None, "the bar goes once done"
    app.driver.execute_script("document.getElementById('backup-done').scrollIntoView({block: 'end'})")
    app.shot("01-backed-up")

    # A folder that does not exist is refused beside the field, as typed.
    app.type_into("backup-folder", str(usb / "missing"))
    app.el("backup-start").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "backup-folder-error")))
    assert text_of(app, "backup-folder-error") == CATALOG_EN["backup.error.folder"]
    assert app.el("backup-folder").get_property("value") == str(usb / "missing")
    close_and_wait_for_the_vault(app)
    assert_cli_verifies(world, written[0])


# --- a damaged vault --------------------------------------------------------------


def damage_the_middle(database: Path) -> None:
    """Flips one byte in each of the 32 pages at the middle of the file."""
    data = bytearray(database.read_bytes())
    pages = len(data) // PAGE
    for page in range(pages // 2 - 16, pages // 2 + 16):
        data[page * PAGE + 2000] ^= 0x55
    database.write_bytes(bytes(data))


def test_a_damaged_vault_opens_the_damaged_screen_which_restores_the_newest_good_backup(world):
    world.cli("demo")
    world.cli("--user", "admin", "backup", "create", "--auto")
    assert len(automatic_backups(world.vault, "daily")) == 1
    damage_the_middle(world.vault / "vault.db")
    app = world.launch()
    app.wait_for_page("unlock.html", "unlock-form")
    app.submit_unlock("sana.caseworker", PASSPHRASE)
    app.wait_for_page("damaged.html", "find-form")
    app.wait().until(lambda d: app.el("bk-list").get_attribute("aria-busy") == "false")
    assert app.invoke("app_status")["value"]["unlocked"] is False, "the damaged vault is not open"
    source = app.driver.page_source
    assert not [name for name in DEMO_NAMES if name in source], "no case data is shown"
    rows = app.driver.find_elements(By.CSS_SELECTOR, "#bk-rows tr")
    assert len(rows) == 1 and CATALOG_EN["backup.reason.daily"] in rows[0].text, "the automatic backup is listed"
    assert text_of(app, "damaged-title") == CATALOG_EN["damaged.title"]
    app.shot("01-damaged")

    app.switch_language("rtl")
    assert text_of(app, "damaged-title") == CATALOG_UR["damaged.title"]
    app.shot("02-damaged-urdu")
    app.switch_language("ltr")

    # A wrong passphrase is said beside the field, and what was typed stays.
    fill_sign_in(app, "sana.caseworker", "not the passphrase at all")
    app.el("find-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "bk-passphrase-error")))
    assert text_of(app, "bk-passphrase-error") == CATALOG_EN["error.wrong_passphrase"]
    assert app.el("bk-username").get_property("value") == "sana.caseworker"

    fill_sign_in(app, "sana.caseworker", PASSPHRASE)
    app.el("find-submit").click()
    app.wait(60).until(EC.visibility_of_element_located((By.ID, "found")))
    assert text_of(app, "found-when"), "the backup's date is shown"
    assert "12 cases" in text_of(app, "found-counts"), "with what it holds (all 12 demo cases)"
    assert_checks_passed(app, "found-checks")
    app.el("restore-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "restore-confirm-error")))
    assert text_of(app, "restore-confirm-error") == CATALOG_EN["damaged.confirm_needed"], "not without the box ticked"
    app.driver.execute_script("document.getElementById('restore-submit').scrollIntoView({block: 'end'})")
    app.shot("03-found")
    app.el("restore-confirm").click()
    app.el("restore-submit").click()

    app.wait_for_page("unlock.html", "restored-notice")
    assert "Unlock with the passphrase you had on that day" in text_of(app, "restored-notice")
    app.shot("04-restored")
    app.unlock_as("sana.caseworker", PASSPHRASE)
    app.go_to("cases.html", "search")
    app.wait_for_results()
    register = app.el("register").text
    assert all(name in register for name in DEMO_NAMES), "the demo cases are back"
    app.shot("05-cases-back")


# --- restore onto a new laptop, or over an older vault ------------------------------


def test_a_new_laptop_restores_a_backup_with_the_recovery_key_from_first_run(world):
    old = world.root / "old-laptop"
    key = recovery_key_of(cli_on(world, old, "demo"))
    file = world.root / "stick" / "homeward.hwb"
    file.parent.mkdir()
    cli_on(world, old, "--user", "admin", "backup", "create", "--out", str(file))
    app = world.launch()
    app.wait_for_page("first-run.html", "create-form")
    app.shot("00-first-run")
    app.el("restore-link").click()
    app.wait_for_page("restore.html", "verify-form")
    set_text(app, "restore-path", str(file))
    app.el("bk-use-recovery").click()
    assert not app.el("bk-username").is_displayed(), "the recovery key replaces username and passphrase"
    app.type_into("bk-recovery-key", "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    app.el("verify-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "bk-recovery-key-error")))
    assert text_of(app, "bk-recovery-key-error") == CATALOG_EN["backup.wrong_recovery_key"]
    assert app.el("restore-path").get_property("value") == str(file), "the path stays as typed"

    app.type_into("bk-recovery-key", key)
    app.el("verify-submit").click()
    app.wait(60).until(EC.visibility_of_element_located((By.ID, "checked")))
    assert_checks_passed(app, "checked-checks")
    assert not app.el("checked-other").is_displayed(), "no vault here, so no other vault to warn of"
    app.shot("01-checked")
    app.el("restore-submit").click()
    app.wait_for_page("unlock.html", "restored-notice")
    app.unlock_as("sana.caseworker", PASSPHRASE)
    app.go_to("cases.html", "search")
    app.wait_for_results()
    assert "Tariq Jamil" in app.el("register").text, "the old laptop's cases are on the new one"


def test_restoring_a_backup_older_than_the_vault_here_asks_first_and_says_why(world):
    world.cli("demo")
    file = world.root / "before.hwb"
    world.cli("--user", "admin", "backup", "create", "--out", str(file))
    tariq = case_id(world, "Tariq Jamil")
    world.cli("--user", "sana.caseworker", "contact", "add", tariq, "--on", "2026-11-20", "--kind", "phone",
              "--minutes", "10", "--note", "Saved after the backup")
    app = world.launch()
    app.wait_for_page("unlock.html", "unlock-form")
    app.el("restore-link").click()
    app.wait_for_page("restore.html", "verify-form")
    set_text(app, "restore-path", str(world.root / "nothing-here.hwb"))
    fill_sign_in(app, "admin", PASSPHRASE)
    app.el("verify-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "restore-path-error")))
    assert text_of(app, "restore-path-error") == CATALOG_EN["restore.error.path"]

    set_text(app, "restore-path", str(file))
    app.el("verify-submit").click()
    app.wait(60).until(EC.visibility_of_element_located((By.ID, "checked")))
    live = [world.vault / "vault.db", world.vault / "vault.keys"]
    before = digest(*live)
    app.el("restore-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "confirm")))
    assert "older than the vault on this laptop" in text_of(app, "confirm-why"), "the reason is said"
    assert digest(*live) == before, "nothing was replaced before the confirmation"
    app.shot("01-asks-first")
    app.el("confirm-restore").click()
    app.wait_for_page("unlock.html", "restored-notice")
    close_and_wait_for_the_vault(app)
    notes = json.loads(world.cli("--user", "sana.caseworker", "--json", "contact", "list", tariq))
    assert "Saved after the backup" not in json.dumps(notes), "the vault is the backup's again"


# --- disk full ------------------------------------------------------------------


def run_as_root(*command: str) -> subprocess.CompletedProcess:
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    return subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=60)


def fill_leaving(disk: Path, leave: int) -> Path:
    stats = os.statvfs(disk)
    free = stats.f_bavail * stats.f_frsize
    filler = disk / "filler"
    with open(filler, "wb") as out:
        out.write(b"\0" * (free - leave))
        out.flush()
        os.fsync(out.fileno())
    return filler


def test_a_save_on_a_full_disk_says_so_keeps_the_typing_and_harms_nothing_saved(world):
    world.vault.mkdir(mode=0o700, parents=True)
    mounted = run_as_root("mount", "-t", "tmpfs", "-o", "size=24m,mode=0700", "tmpfs", str(world.vault))
    if mounted.returncode != 0:
        pytest.fail(
            f"this test needs a small file system: mounting a 24 MB tmpfs at {world.vault} failed "
            f"(run the suite as root or with passwordless sudo): {mounted.stderr.strip()}"
        )
    try:
        world.cli("demo")
        # The daily backup is not due, so nothing but the save writes.
        world.cli("--user", "admin", "backup", "create", "--auto")
        tariq = case_id(world, "Tariq Jamil")
        cases_before = json.loads(world.cli("--user", "sana.caseworker", "--json", "case", "list"))["items"]
        contacts_before = json.loads(world.cli("--user", "sana.caseworker", "--json", "contact", "list", tariq))
        app = world.launch()
        app.unlock_as("sana.caseworker", PASSPHRASE)
        app.driver.execute_script("window.location.assign(arguments[0])", f"case-work.html?case={tariq}")
        app.wait_for_page("case-work.html", "contacts-title-add")
        app.el("contacts-title-add").click()
        app.wait().until(EC.visibility_of_element_located((By.ID, "contact-note")))
        note = " ".join(["Met at the district office; talked through the family's worries."] * 50)
        app.type_into("contact-place", "District office")
        app.type_text("contact-note", note)

        filler = fill_leaving(world.vault, 8 * 1024)
        submit = app.driver.find_element(By.CSS_SELECTOR, "#contact-form button[type=submit]")
        submit.click()
        problem = app.driver.find_element(By.CSS_SELECTOR, "#contact-form .form-error")
        app.wait().until(lambda d: problem.is_displayed())
        assert problem.text == CATALOG_EN["error.disk_full"], "the page says the disk is full"
        assert app.el("contact-note").get_property("value") == note, "what was typed is still there"
        assert app.el("contact-place").get_property("value") == "District office"
        app.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", problem)
        app.shot("01-disk-full")

        filler.unlink()
        submit.click()
        app.wait().until(lambda d: "District office" in app.el("work-contacts").text)
        assert CATALOG_EN["error.disk_full"] not in app.el("work-contacts").text, "the message went with the save"
        app.shot("02-saved-after-space-freed")
        close_and_wait_for_the_vault(app)

        cases_after = json.loads(world.cli("--user", "sana.caseworker", "--json", "case", "list"))["items"]
        assert [c["id"] for c in cases_after] == [c["id"] for c in cases_before], "every case is there"
        contacts_after = json.loads(world.cli("--user", "sana.caseworker", "--json", "contact", "list", tariq))
        kept = [c["id"] for c in contacts_before]
        assert [c["id"] for c in contacts_after if c["id"] in kept] == kept, "every earlier contact is there"
        assert sum(c.get("note") == note for c in contacts_after) == 1, "the note was saved once, in full"
        check = world.cli("--user", "admin", "check")
        assert "vault:  intact" in check and "chain:            intact" in check, check
    finally:
        world.quit()
        done = run_as_root("umount", str(world.vault))
        assert done.returncode == 0, f"the tmpfs could not be unmounted: {done.stderr.strip()}"


# --- quit -------------------------------------------------------------------------


def test_quitting_with_a_session_open_writes_a_quit_backup(world):
    world.cli("demo")
    app = world.launch()
    app.unlock_as("admin", PASSPHRASE)
    assert automatic_backups(world.vault, "quit") == []
    pids = app.app_pids()
    # The app's own Quit (as SIGTERM at logout): the window ends gracefully.
    try:
        app.invoke("app_quit")
    except WebDriverException:
        pass  # the window went away before it could answer
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    close_and_wait_for_the_vault(app)
    quit_backups = automatic_backups(world.vault, "quit")
    assert len(quit_backups) == 1, "quitting wrote one quit backup"
    assert_cli_verifies(world, quit_backups[0])
