"""What locks or guards the vault from outside the page: a second launch on
the same vault (the "already open" page, Bring forward, Quit), logind's
PrepareForSleep on a system bus (a private bus stands in for it), and the
wall clock jumping past the idle deadline (libfaketime moves the app's
clock, as a laptop waking from sleep would see it)."""

import subprocess
import time
from pathlib import Path

import pytest
from conftest import GENERATED_PASSPHRASE
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1")
RAISE_SOCKET = "vault.raise"


def wait_until_gone(pids, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
        time.sleep(0.05)
    return not any(Path(f"/proc/{pid}").exists() for pid in pids)


def click_that_ends_the_app(element):
    """Clicks a button that quits the app: the driver may lose the window mid-click."""
    try:
        element.click()
    except WebDriverException:
        pass


def test_a_second_launch_on_the_same_vault_offers_to_bring_the_first_forward_or_quit(generated):
    first = generated
    first.unlock_as("admin", GENERATED_PASSPHRASE)
    assert (first.vault / RAISE_SOCKET).exists(), "the first window listens for a second launch"
    (first_pid,) = first.app_pids()

    second = first.second_window("quit")
    try:
        second.wait_for_page("index.html", "in-use-choices")
        assert second.el("problem-title").text == "Homeward is already open on this vault"
        assert second.el("raise").is_displayed() and second.el("quit").is_displayed()
        second.shot("01-already-open")
        second.switch_language("rtl")
        second.shot("02-already-open-urdu")
        second_pid = next(pid for pid in second.app_pids() if pid != first_pid)
        click_that_ends_the_app(second.el("quit"))
        assert wait_until_gone([second_pid]), "Quit ends the second process"
    finally:
        second.quit()

    second = first.second_window("raise")
    try:
        second.wait_for_page("index.html", "in-use-choices")
        second_pid = next(pid for pid in second.app_pids() if pid != first_pid)
        click_that_ends_the_app(second.el("raise"))
        assert wait_until_gone([second_pid]), "after bringing the first window forward the second quits"
    finally:
        second.quit()

    assert first.app_pids() == [first_pid], "the first window is still running"
    assert first.el("signed-in-user").text == "admin", "and still signed in"
    try:
        first.invoke("app_quit")
    except WebDriverException:
        pass
    assert wait_until_gone([first_pid]), "the first app quits"
    assert not (first.vault / RAISE_SOCKET).exists(), "the socket is removed when the app exits"


@pytest.fixture
def private_system_bus(world):
    """A D-Bus daemon standing in for the system bus, given to the app."""
    address = f"unix:path={world.root / 'run' / 'system_bus'}"
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address={address}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 5
    while not (world.root / "run" / "system_bus").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    world.env["DBUS_SYSTEM_BUS_ADDRESS"] = address
    try:
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


def test_the_vault_locks_when_the_system_is_about_to_sleep(world, private_system_bus):
    world.generate(40)
    app = world.launch()
    app.unlock_as("admin", GENERATED_PASSPHRASE)
    sent = time.monotonic()
    subprocess.run(
        [
            "dbus-send", f"--bus={private_system_bus}", "--type=signal", "/org/freedesktop/login1",
            "org.freedesktop.login1.Manager.PrepareForSleep", "boolean:true",
        ],
        check=True,
        timeout=10,
    )
    app.wait(5).until(lambda d: app.page() == "unlock.html")
    print(f"locked for sleep {time.monotonic() - sent:.2f} s after the signal")
    app.wait_for_page("unlock.html", "unlock-form")
    assert app.invoke("app_status")["value"]["unlocked"] is False, "PrepareForSleep(true) locks the vault"
    assert app.open_vault_files() == []


def test_a_wall_clock_jump_past_the_idle_deadline_locks_at_once(world):
    if not LIBFAKETIME.exists():
        pytest.skip("libfaketime is not installed (Debian package faketime)")
    offset = world.root / "faketime"
    offset.write_text("+0\n")
    world.env.update(
        LD_PRELOAD=str(LIBFAKETIME),
        FAKETIME_TIMESTAMP_FILE=str(offset),
        FAKETIME_NO_CACHE="1",
        FAKETIME_DONT_FAKE_MONOTONIC="1",
        FAKETIME_ONLY_CMDS="homeward",
    )
    world.generate(40)
    app = world.launch()
    app.unlock_as("admin", GENERATED_PASSPHRASE)
    app.go_to("settings.html", "idle-form")
    app.type_into("idle-seconds", "600")
    app.el("idle-submit").click()
    app.wait().until(EC.visibility_of_element_located((By.ID, "idle-done")))
    app.go_to("home.html", "signed-in-user")
    assert app.invoke("activity")["ok"]
    time.sleep(2.5)
    assert app.page() == "home.html", "ten minutes of idle time have not passed"

    offset.write_text("+3600\n")  # the app's wall clock is now an hour ahead
    jumped = time.monotonic()
    app.wait(5).until(lambda d: app.page() == "unlock.html")
    waited = time.monotonic() - jumped
    print(f"locked {waited:.2f} s after the clock jumped")
    assert waited <= 2.0, f"a clock past the deadline locks at the next tick, took {waited:.2f} s"
    app.wait_for_page("unlock.html", "unlock-form")
    assert app.invoke("app_status")["value"]["unlocked"] is False
