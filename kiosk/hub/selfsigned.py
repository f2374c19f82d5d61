"""The certificate of the hub a desk shares from its window: made once, kept owner-only, pinned.

A laptop sharing its event on the venue's Wi-Fi has no public name to get a certificate for, and
without TLS anyone on the same network can read the attendee list and copy the desks' tokens. So
the laptop makes its own: an EC P-256 key and a self-signed certificate for its network address
(and localhost), kept in the data folder's hub/ (0600). Its SHA-256 fingerprint goes into the
pairing QR code (kiosk/sync/pairing.py): a desk that scans the QR on this laptop's screen checks
the certificate it is shown against it before it sends the code, then trusts exactly that
certificate from then on. Nothing is trusted because the network said so.

The certificate says CA:TRUE so the desk can use it as its own trust anchor
(ssl.create_default_context(cadata=pem)) and keep ordinary TLS checks, address included. It is
made again only when this laptop's address is not in it or it is about to run out: desks paired
with the old one must then pair again (as they must anyway when the address changes, since the
address they sync with is the old one).
"""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from dataclasses import dataclass
from pathlib import Path

from kiosk.core.files import write_atomic
from kiosk.core.private import private_dir, private_file
from kiosk.sync.transport import certificate_fingerprint

CERT_FILE = "tls-cert.pem"
KEY_FILE = "tls-key.pem"
VALID_DAYS = 5 * 365        # a laptop shares for years of events; desks pair per event anyway
RENEW_BEFORE_DAYS = 30       # made afresh this long before it runs out, never mid-event by surprise
NAME = "Event Kiosk hub"


@dataclass(frozen=True)
class HubCertificate:
    cert_path: Path
    key_path: Path
    pem: str          # the certificate, for this laptop's own desk to trust (sync.ca_pem)
    fingerprint: str  # fingerprint(pem): what the pairing QR carries


def fingerprint(pem: str) -> str:
    """What the pairing QR carries: SHA-256 of the certificate, as the desk computes it."""
    return certificate_fingerprint(ssl.PEM_cert_to_DER_cert(pem))


def ensure(hub_dir: Path, address: str, now: datetime.datetime | None = None) -> HubCertificate:
    """The certificate for serving at `address`: the one kept in hub_dir when it covers the
    address and is not about to run out, else a new key and certificate (replacing the old)."""
    now = now or datetime.datetime.now(datetime.UTC)
    private_dir(hub_dir)
    cert_path, key_path = hub_dir / CERT_FILE, hub_dir / KEY_FILE
    kept = _kept(cert_path, key_path, address, now)
    if kept is not None:
        return kept
    key_pem, cert_pem = _make(address, now)
    write_atomic(key_path, key_pem)  # 0600 from its first byte (mkstemp), renamed over the old
    write_atomic(cert_path, cert_pem)
    pem = cert_pem.decode("ascii")
    return HubCertificate(cert_path, key_path, pem, fingerprint(pem))


def _kept(cert_path: Path, key_path: Path, address: str, now: datetime.datetime) -> HubCertificate | None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    _SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)  # noqa: N806

    try:
        pem = cert_path.read_text(encoding="ascii")
        cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
        # The key must be the certificate's: a crash between writing the two leaves a new key.
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if key.public_key().public_bytes(*_SPKI) != cert.public_key().public_bytes(*_SPKI):
            return None
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, TypeError, UnicodeDecodeError, x509.ExtensionNotFound):
        return None  # missing or damaged: a new one
    if _ip(address) not in names.get_values_for_type(x509.IPAddress) and address not in (
            names.get_values_for_type(x509.DNSName)):
        return None
    if cert.not_valid_after_utc - now < datetime.timedelta(days=RENEW_BEFORE_DAYS):
        return None
    for path in (cert_path, key_path):  # restored from a backup with looser modes: tighten again
        private_file(path)
    return HubCertificate(cert_path, key_path, pem, fingerprint(pem))


def _ip(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return None


def _make(address: str, now: datetime.datetime) -> tuple[bytes, bytes]:
    """(key PEM, certificate PEM): a new P-256 key, self-signed for `address` and localhost."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, NAME)])
    ips = [ipaddress.ip_address("127.0.0.1")]
    dns = ["localhost"]
    wanted = _ip(address)
    if wanted is not None and wanted not in ips:
        ips.insert(0, wanted)
    elif wanted is None and address not in dns:
        dns.insert(0, address)
    names: list[x509.GeneralName] = [x509.IPAddress(ip) for ip in ips]
    names += [x509.DNSName(d) for d in dns]
    public = key.public_key()
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(public)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))  # a desk whose clock is a little behind
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            # Its own trust anchor (see the module's doc); path length 0: it signs nothing else.
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)

