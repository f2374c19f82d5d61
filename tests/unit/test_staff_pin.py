"""The staff PIN: hashed at rest, constant-time checked, locked out after repeated failures."""

from __future__ import annotations

import json

import pytest

from kiosk.core.errors import UsageError
from kiosk.selfservice.staff_pin import FIRST_LOCKOUT_S, MAX_FAILURES, StaffPin


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def pin(data_dir, clock):
    staff = StaffPin(data_dir, clock)
    staff.set("2468")
    return staff


def test_the_pin_is_stored_hashed_with_a_salt(data_dir, pin):
    raw = (data_dir.root / "config.json").read_text()
    assert "2468" not in raw
    section = json.loads(raw)["staff_pin"]
    assert section["scheme"] == "scrypt" and section["salt"] and section["hash"]
    other = StaffPin(data_dir)
    other.set("2468")
    assert data_dir.section("staff_pin")["hash"] != section["hash"]  # a new salt each time


@pytest.mark.parametrize("bad", ["", "123", "1234567890123", "12a4", "１２３４", " 1234", "12 34", "1234\n"])
def test_only_4_to_12_ascii_digits(data_dir, bad):
    with pytest.raises(UsageError):
        StaffPin(data_dir).set(bad)


def test_right_and_wrong(pin):
    assert pin.verify("2468").ok
    check = pin.verify("1357")
    assert not check.ok and check.reason == "wrong" and check.tries_left == MAX_FAILURES - 1
    assert not pin.verify("").ok and not pin.verify("٢٤٦٨").ok  # Arabic-Indic digits are not the PIN


def test_no_pin_set(data_dir):
    staff = StaffPin(data_dir)
    assert not staff.is_set()
    assert staff.verify("1234").reason == "not_set"


def test_lockout_after_five_failures_doubles_and_survives_a_restart(data_dir, pin, clock):
    for _ in range(MAX_FAILURES - 1):
        assert pin.verify("0000").reason == "wrong"
    check = pin.verify("0000")
    assert check.locked and check.locked_for_s == FIRST_LOCKOUT_S
    # The right PIN is refused during the lockout, also by a fresh instance (an app restart).
    restarted = StaffPin(data_dir, clock)
    assert restarted.verify("2468").locked
    clock.now += FIRST_LOCKOUT_S - 1
    assert restarted.verify("2468").locked
    clock.now += 1
    # After it, five more failures lock for twice as long.
    for _ in range(MAX_FAILURES):
        check = restarted.verify("9999")
    assert check.locked and check.locked_for_s == 2 * FIRST_LOCKOUT_S
    clock.now += 2 * FIRST_LOCKOUT_S
    assert restarted.verify("2468").ok
    # Success resets the doubling.
    for _ in range(MAX_FAILURES):
        check = restarted.verify("9999")
    assert check.locked_for_s == FIRST_LOCKOUT_S


def test_a_clock_set_back_does_not_stretch_the_lockout(pin, clock):
    for _ in range(MAX_FAILURES):
        pin.verify("0000")
    clock.now -= 86_400
    assert pin.lockout_remaining() <= FIRST_LOCKOUT_S


def test_clear(pin):
    assert pin.clear()
    assert not pin.is_set() and not pin.clear()
