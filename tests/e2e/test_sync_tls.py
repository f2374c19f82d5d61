"""The hub over HTTPS: a kiosk pairs with the hub's own CA certificate and syncs; without it, a clear refusal."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import time
import urllib.request

import pytest

trustme = pytest.importorskip("trustme")

from tests.support.cli import ROOT, kiosk, kiosk_json  # noqa: E402
from tests.support.hub import free_port  # noqa: E402


@pytest.fixture
def tls_hub(tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file, ca_file = tmp_path / "hub.pem", tmp_path / "hub.key", tmp_path / "ca.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    port, data = free_port(), tmp_path / "hub-data"
    proc = subprocess.Popen([sys.executable, "-m", "kiosk", "--data", str(data), "hub", "--port", str(port),
                             "--certfile", str(cert_file), "--keyfile", str(key_file)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"https://127.0.0.1:{port}"
    context = ssl.create_default_context(cafile=str(ca_file))
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url + "/api/v1/status", timeout=1, context=context) as answer:
                assert json.loads(answer.read())["ok"]
                break
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise
            time.sleep(0.1)
    yield url, data, ca_file
    proc.kill()
    proc.wait(10)


def test_a_kiosk_pairs_and_syncs_over_https_with_the_hubs_ca(tls_hub, tmp_path):
    url, hub_data, ca_file = tls_hub
    code = kiosk_json(hub_data, "hub", "pair", "--event", "day", "--device", "Desk 1", "--url", url)["code"]

    refused = kiosk(tmp_path / "k0", "sync", "pair", url, code)
    assert refused.returncode == 1 and "certificate is not trusted" in refused.stderr
    assert "Traceback" not in refused.stderr

    desk = tmp_path / "k1"
    kiosk_json(desk, "sync", "pair", url, code, "--cafile", str(ca_file))
    kiosk_json(desk, "walkin", "--first", "Ann", "--last", "Example")
    assert kiosk_json(desk, "sync", "--once")["pushed"] >= 1  # the stored CA is used from now on

    code2 = kiosk_json(hub_data, "hub", "pair", "--event", "day", "--device", "Desk 2", "--url", url)["code"]
    other = tmp_path / "k2"
    kiosk_json(other, "sync", "pair", url, code2, "--cafile", str(ca_file))
    assert kiosk_json(other, "stats")["walk_ins"] == 1
