"""Login limits: attempts are reserved before the password is checked, and per-IP buckets see the
real client behind a trusted reverse proxy (issue 9)."""

from __future__ import annotations

import ipaddress
import os
import subprocess
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory

from config import env
from stint.core import ratelimit
from stint.core.testing.factories import DEFAULT_PASSWORD, TalentFactory

ROOT = Path(__file__).resolve().parents[3]
LIMIT = 5
ATTEMPTS = 12


def _race(monkeypatch, target: str, send) -> tuple[int, list[int]]:
    """Send ``ATTEMPTS`` requests at once; every password check waits until each request has
    either reached its check or been answered, so a limit that counts only after the (slow) check
    lets them all through. Returns (passwords checked, status codes)."""
    import importlib

    module_name, attr = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    original = getattr(module, attr)
    state = {"checked": 0, "done": 0}
    cond = threading.Condition()
    release = threading.Event()

    def slow_check(*args, **kwargs):
        with cond:
            state["checked"] += 1
            cond.notify_all()
        release.wait(timeout=60)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, attr, slow_check)
    statuses: list[int] = []

    def worker(i: int) -> None:
        try:
            statuses.append(send(i))
        finally:
            connection.close()
            with cond:
                state["done"] += 1
                cond.notify_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(ATTEMPTS)]
    for t in threads:
        t.start()
    with cond:
        assert cond.wait_for(lambda: state["checked"] + state["done"] >= ATTEMPTS, timeout=120)
    release.set()
    for t in threads:
        t.join(timeout=120)
    return state["checked"], statuses


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_on_the_token_endpoint_are_checked_at_most_limit_times(monkeypatch):
    user = TalentFactory(email="target@example.test")

    def send(i: int) -> int:
        response = Client(REMOTE_ADDR="203.0.113.9").post(
            "/api/v1/auth/token", {"email": user.email, "password": f"guess-{i}"}, content_type="application/json"
        )
        return response.status_code

    checked, statuses = _race(monkeypatch, "stint.accounts.services.authenticate", send)
    assert checked <= LIMIT
    assert sorted(statuses) == [401] * checked + [429] * (ATTEMPTS - checked)


@pytest.mark.django_db(transaction=True)
def test_parallel_wrong_passwords_on_the_web_login_are_checked_at_most_limit_times(monkeypatch):
    """allauth reserves its attempt under a cache lock before authenticating; this keeps it so."""
    user = TalentFactory(email="target@example.test")

    def send(i: int) -> int:
        response = Client(REMOTE_ADDR="203.0.113.9").post(
            "/accounts/login/", {"login": user.email, "password": f"guess-{i}"}
        )
        return response.status_code

    checked, statuses = _race(monkeypatch, "allauth.account.adapter.authenticate", send)
    assert checked <= LIMIT
    assert len(statuses) == ATTEMPTS


# --- the client address behind a reverse proxy ---------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "xff", "expected"),
    [
        ("", "10.0.0.1", "198.51.100.7", "10.0.0.1"),  # no proxy configured: the header is ignored
        ("10.0.0.0/8", "10.0.0.1", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.0/8", "10.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # forged left part ignored
        ("10.0.0.0/8", "10.0.0.1", "198.51.100.7, 10.0.0.5", "198.51.100.7"),  # two trusted hops
        ("10.0.0.0/8", "203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not from our proxy: ignored
        ("10.0.0.0/8", "10.0.0.1", "", "10.0.0.1"),
        ("10.0.0.0/8", "10.0.0.1", "10.0.0.7, 10.0.0.5", "10.0.0.7"),  # all trusted: the farthest
        ("10.0.0.0/8", "10.0.0.1", "not-an-ip, 10.0.0.5", "10.0.0.5"),
        ("10.0.0.1", "10.0.0.1", "198.51.100.7:51234", "198.51.100.7"),
        ("2001:db8::/32", "2001:db8::1", "2001:db8:1::9, [2001:db8::2]:443", "2001:db8:1::9"),
        ("::1", "::ffff:127.0.0.1", "198.51.100.7", "127.0.0.1"),  # IPv4-mapped; not trusted
    ],
)
def test_client_ip(settings, proxies, remote, xff, expected):
    settings.STINT_TRUSTED_PROXIES = [ipaddress.ip_network(p) for p in proxies.split(",") if p]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=xff)
    assert ratelimit.client_ip(request) == expected


def test_ipv6_clients_share_a_bucket_per_64(settings):
    settings.STINT_TRUSTED_PROXIES = []
    a = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::1")
    b = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    c = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::1")
    assert ratelimit.client_ip_bucket(a) == ratelimit.client_ip_bucket(b) != ratelimit.client_ip_bucket(c)


@pytest.fixture
def behind_proxy(settings):
    settings.STINT_TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]


def _via_proxy(client_ip: str) -> Client:
    return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another_on_the_api(behind_proxy):
    alice, bob = TalentFactory(), TalentFactory()
    attacker = _via_proxy("198.51.100.66")
    for i in range(LIMIT):  # a different address each time: only the per-IP bucket fills up
        attacker.post(
            "/api/v1/auth/token",
            {"email": f"x{i}@example.test", "password": "nope-nope-1"},
            content_type="application/json",
        )
    blocked = attacker.post(
        "/api/v1/auth/token", {"email": alice.email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )
    assert blocked.status_code == 429
    other = _via_proxy("203.0.113.20").post(
        "/api/v1/auth/token", {"email": bob.email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )
    assert other.status_code == 200


@pytest.mark.django_db
def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another_on_the_web(behind_proxy):
    bob = TalentFactory()
    attacker = _via_proxy("198.51.100.66")
    for i in range(LIMIT):
        attacker.post("/accounts/login/", {"login": f"x{i}@example.test", "password": "nope-nope-1"})
    assert (
        "Too many failed login attempts"
        in attacker.post("/accounts/login/", {"login": bob.email, "password": DEFAULT_PASSWORD}).content.decode()
    )
    other = _via_proxy("203.0.113.20")
    assert other.post("/accounts/login/", {"login": bob.email, "password": DEFAULT_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_a_forged_header_from_outside_does_not_escape_the_bucket(behind_proxy):
    user = TalentFactory()
    for i in range(LIMIT):
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}").post(
            "/api/v1/auth/token",
            {"email": f"x{i}@example.test", "password": "nope-nope-1"},
            content_type="application/json",
        )
    response = Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="192.0.2.200").post(
        "/api/v1/auth/token", {"email": user.email, "password": DEFAULT_PASSWORD}, content_type="application/json"
    )
    assert response.status_code == 429


# --- the setting ------------------------------------------------------------------------------------------


def test_trusted_proxies_setting_is_parsed():
    nets = env.ip_networks("X", {"X": " 10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,"})
    assert [str(n) for n in nets] == ["10.0.0.0/8", "192.168.1.7/32", "2001:db8::/32"]
    assert env.ip_networks("X", {}) == []


@pytest.mark.parametrize("value", ["10.0.0.0/33", "proxy.internal", "10.0.0.1 10.0.0.2"])
def test_a_malformed_trusted_proxies_setting_fails_loudly(value):
    with pytest.raises(ImproperlyConfigured, match="STINT_TRUSTED_PROXIES"):
        env.ip_networks("STINT_TRUSTED_PROXIES", {"STINT_TRUSTED_PROXIES": value})


def test_a_malformed_trusted_proxies_setting_stops_start_up(tmp_path):
    python = ROOT / ".venv" / "bin" / "python"
    environ = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "STINT_VAR_DIR": str(tmp_path / "var"),
        "STINT_TRUSTED_PROXIES": "10.0.0.0/8,load-balancer",
    }
    result = subprocess.run(
        [str(python), "manage.py", "check"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "STINT_TRUSTED_PROXIES" in result.stderr and "load-balancer" in result.stderr
