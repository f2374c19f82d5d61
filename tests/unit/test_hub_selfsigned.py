"""The certificate a laptop sharing its event keeps: made once, kept, made again only when it
must be (another address, about to run out, damaged), always owner-only."""

from __future__ import annotations

import datetime
import ipaddress
import os
import ssl
import stat

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.hub import selfsigned
from kiosk.sync.transport import certificate_fingerprint


def _load(cert: selfsigned.HubCertificate) -> x509.Certificate:
    return x509.load_pem_x509_certificate(cert.pem.encode())


def test_it_is_made_once_for_its_address_and_kept(tmp_path):
    hub = tmp_path / "hub"
    first = selfsigned.ensure(hub, "192.168.1.20")
    for path in (first.cert_path, first.key_path, hub):
        assert stat.S_IMODE(os.stat(path).st_mode) == (0o700 if path == hub else 0o600), path
    cert = _load(first)
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.IPAddress)) == {ipaddress.ip_address("192.168.1.20"),
                                                              ipaddress.ip_address("127.0.0.1")}
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.value.ca and constraints.critical  # its own trust anchor
    assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey) and cert.public_key().curve.name == "secp256r1"
    assert first.fingerprint == certificate_fingerprint(ssl.PEM_cert_to_DER_cert(first.pem))
    assert len(first.fingerprint) == 52
    ssl.create_default_context(cadata=first.pem)  # usable as the desk's pinned CA

    again = selfsigned.ensure(hub, "192.168.1.20")
    assert again.fingerprint == first.fingerprint and again.key_path.read_bytes() == first.key_path.read_bytes()
    # Loosened (a backup restored): tightened again, not replaced.
    os.chmod(first.key_path, 0o644)
    assert selfsigned.ensure(hub, "192.168.1.20").fingerprint == first.fingerprint
    assert stat.S_IMODE(os.stat(first.key_path).st_mode) == 0o600


def test_another_address_or_the_end_near_makes_a_new_one(tmp_path):
    hub = tmp_path / "hub"
    first = selfsigned.ensure(hub, "192.168.1.20")
    moved = selfsigned.ensure(hub, "10.0.0.7")  # the laptop is on another network today
    assert moved.fingerprint != first.fingerprint
    assert ipaddress.ip_address("10.0.0.7") in _load(moved).extensions.get_extension_for_class(
        x509.SubjectAlternativeName).value.get_values_for_type(x509.IPAddress)
    late = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=selfsigned.VALID_DAYS - 10)
    assert selfsigned.ensure(hub, "10.0.0.7", now=late).fingerprint != moved.fingerprint
    assert not list(hub.glob("*.tmp")) and not list(hub.glob(".*"))  # no temporary files left


@pytest.mark.parametrize("damage", ["cert", "key", "other key"])
def test_a_damaged_or_mismatched_pair_is_replaced(tmp_path, damage):
    hub = tmp_path / "hub"
    first = selfsigned.ensure(hub, "127.0.0.1")
    if damage == "cert":
        first.cert_path.write_text("not a certificate")
    elif damage == "key":
        first.key_path.write_bytes(b"")
    else:  # a crash between writing the key and the certificate: a key that is not the certificate's
        first.key_path.write_bytes(selfsigned.ensure(tmp_path / "other", "127.0.0.1").key_path.read_bytes())
    fresh = selfsigned.ensure(hub, "127.0.0.1")
    assert fresh.fingerprint != first.fingerprint
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(fresh.cert_path, fresh.key_path)  # a pair the hub can serve
