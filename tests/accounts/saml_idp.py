"""A SAML 2.0 identity provider for the single sign-on tests: a key, a certificate and
signed responses, all made in the test (no files, no network)."""

from __future__ import annotations

import base64
import datetime as dt
import secrets
import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from onelogin.saml2.utils import OneLogin_Saml2_Utils

EPPN = "urn:oid:1.3.6.1.4.1.5923.1.1.1.6"
MAIL = "urn:oid:0.9.2342.19200300.100.1.3"
DISPLAY_NAME = "urn:oid:2.16.840.1.113730.3.1.241"


def _saml_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def key_and_certificate(common_name: str) -> tuple[str, str]:
    """A fresh RSA key and a self-signed certificate for it, both PEM."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


@dataclass
class SAMLIdP:
    entity_id: str = "https://idp.uni.example/idp/shibboleth"
    sso_url: str = "https://idp.uni.example/idp/profile/SAML2/Redirect/SSO"
    key: str = ""
    certificate: str = ""
    issued: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.key:
            self.key, self.certificate = key_and_certificate("idp.uni.example")

    @staticmethod
    def request_id(redirect_url: str) -> str:
        """The ID of the AuthnRequest carried in a Redirect-binding URL."""
        encoded = parse_qs(urlsplit(redirect_url).query)["SAMLRequest"][0]
        xml = zlib.decompress(base64.b64decode(encoded), -15).decode()
        return xml.split(' ID="', 1)[1].split('"', 1)[0]

    def response(
        self,
        *,
        acs_url: str,
        audience: str,
        in_response_to: str | None,
        eppn: str,
        email: str,
        name: str,
        lifetime: dt.timedelta = dt.timedelta(minutes=5),
        signing_key: str | None = None,
        signing_certificate: str | None = None,
    ) -> str:
        """A base64 SAMLResponse whose assertion the IdP (or `signing_key`) has signed."""
        now = dt.datetime.now(dt.UTC)
        assertion_id = f"_a{secrets.token_hex(16)}"
        self.issued.append(assertion_id)
        irt = f' InResponseTo="{in_response_to}"' if in_response_to else ""
        attributes = "".join(
            f'<saml:Attribute Name="{oid}" '
            'NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'
            f"<saml:AttributeValue>{escape(value)}</saml:AttributeValue></saml:Attribute>"
            for oid, value in ((EPPN, eppn), (MAIL, email), (DISPLAY_NAME, name))
        )
        assertion = (
            '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="{assertion_id}" Version="2.0" IssueInstant="{_saml_time(now)}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            "<saml:Subject>"
            '<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">'
            f"_t{secrets.token_hex(8)}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{_saml_time(now + lifetime)}" '
            f'Recipient="{acs_url}"{irt}/>'
            "</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_saml_time(now - dt.timedelta(minutes=1))}" '
            f'NotOnOrAfter="{_saml_time(now + lifetime)}">'
            f"<saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience>"
            "</saml:AudienceRestriction></saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_saml_time(now)}" SessionIndex="_s1">'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attributes}</saml:AttributeStatement>"
            "</saml:Assertion>"
        )
        signed = OneLogin_Saml2_Utils.add_sign(
            assertion, signing_key or self.key, signing_certificate or self.certificate
        )
        signed_text = signed.decode() if isinstance(signed, bytes) else signed
        response = (
            '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" '
            'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" '
            f'ID="_r{secrets.token_hex(16)}" Version="2.0" IssueInstant="{_saml_time(now)}" '
            f'Destination="{acs_url}"{irt}>'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            "</samlp:Status>"
            f"{signed_text}"
            "</samlp:Response>"
        )
        return base64.b64encode(response.encode()).decode()
