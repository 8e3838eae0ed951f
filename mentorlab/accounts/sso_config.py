"""Single sign-on providers read from the environment, for `settings.SOCIALACCOUNT_PROVIDERS`.

Imported by the settings module before apps are loaded, so it imports nothing from Django's
app registry. Each provider becomes an allauth "app" defined in settings; apps added in the
Django admin (Social applications) work alongside these. README.md lists the variables.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# The attributes Finnish and eduGAIN identity providers release (funetEduPerson / eduPerson
# schema, named by OID). `eduPersonPrincipalName` is stable for a person at one home
# organisation, so it is the account key; `mail` is the address.
SAML_DEFAULT_ATTRIBUTES: dict[str, list[str]] = {
    "uid": [
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.6",  # eduPersonPrincipalName
        "urn:oasis:names:tc:SAML:attribute:subject-id",
    ],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",  # mail
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ],
    "name": [
        "urn:oid:2.16.840.1.113730.3.1.241",  # displayName
        "urn:oid:2.5.4.3",  # cn
        "http://schemas.microsoft.com/identity/claims/displayname",
    ],
    "first_name": [
        "urn:oid:2.5.4.42",  # givenName
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",  # sn
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    ],
}

# Personal accounts that alumni may connect to their profile; every other provider is a
# university sign-in. The login page shows the two groups under different headings.
PERSONAL_PROVIDER_IDS = frozenset({"google", "linkedin"})


class SSOConfigError(ValueError):
    """A single sign-on variable is missing or malformed; the site must not start half-set."""


def _ids(env: Mapping[str, str], name: str) -> list[str]:
    return [item.strip().lower() for item in env.get(name, "").split(",") if item.strip()]


def _required(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise SSOConfigError(f"{name} must be set for single sign-on.")
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _verified_email(env: Mapping[str, str], name: str) -> bool | list[str]:
    """`true`/`false`, or the domains whose addresses the provider vouches for."""
    value = env.get(name, "").strip()
    if not value or value.lower() in {"0", "false", "no", "off"}:
        return False
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    return [domain.strip().lower() for domain in value.split(",") if domain.strip()]


def _text_or_file(env: Mapping[str, str], name: str) -> str:
    """A certificate or key given inline (`NAME`) or as a path (`NAME_FILE`)."""
    value = env.get(name, "").strip()
    path = env.get(f"{name}_FILE", "").strip()
    if path:
        try:
            value = Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SSOConfigError(f"{name}_FILE: cannot read {path}: {exc}") from exc
    return value


def _oidc_app(env: Mapping[str, str], provider_id: str) -> dict[str, Any]:
    prefix = f"OIDC_{provider_id.upper()}_"
    settings: dict[str, Any] = {
        "server_url": _required(env, f"{prefix}SERVER_URL"),
        "oauth_pkce_enabled": _bool(env, f"{prefix}PKCE", True),
    }
    scopes = env.get(f"{prefix}SCOPES", "").replace(",", " ").split()
    if scopes:
        settings["scope"] = scopes
    auth_params = env.get(f"{prefix}AUTH_PARAMS", "").strip()
    if auth_params:
        from urllib.parse import parse_qsl

        settings["auth_params"] = dict(parse_qsl(auth_params))
    # Without this the `email_verified` claim decides; Entra ID does not send that claim,
    # so its tenant's own domains are named here instead.
    verified = _verified_email(env, f"{prefix}VERIFIED_EMAIL")
    if verified:
        settings["verified_email"] = verified
    return {
        "provider_id": provider_id,
        "name": env.get(f"{prefix}NAME", "").strip() or provider_id.title(),
        "client_id": _required(env, f"{prefix}CLIENT_ID"),
        "secret": _required(env, f"{prefix}SECRET"),
        "settings": settings,
    }


def _saml_idp(env: Mapping[str, str], prefix: str) -> dict[str, Any]:
    entity_id = _required(env, f"{prefix}IDP_ENTITY_ID")
    metadata_url = env.get(f"{prefix}IDP_METADATA_URL", "").strip()
    if metadata_url:
        return {"entity_id": entity_id, "metadata_url": metadata_url}
    metadata_file = env.get(f"{prefix}IDP_METADATA_FILE", "").strip()
    if metadata_file:
        # A federation's metadata lists every member; pick the one IdP by its entity id.
        from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

        try:
            xml = Path(metadata_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise SSOConfigError(f"{prefix}IDP_METADATA_FILE: cannot read: {exc}") from exc
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml, entity_id=entity_id).get("idp")
        if not parsed:
            raise SSOConfigError(f"{prefix}IDP_METADATA_FILE has no IdP {entity_id}.")
        return {
            "entity_id": entity_id,
            "sso_url": parsed["singleSignOnService"]["url"],
            "slo_url": parsed.get("singleLogoutService", {}).get("url"),
            "x509cert": parsed.get("x509cert")
            or parsed.get("x509certMulti", {}).get("signing", [""])[0],
        }
    return {
        "entity_id": entity_id,
        "sso_url": _required(env, f"{prefix}IDP_SSO_URL"),
        "x509cert": _text_or_file(env, f"{prefix}IDP_X509CERT")
        or _required(env, f"{prefix}IDP_X509CERT"),
    }


def _saml_app(env: Mapping[str, str], slug: str) -> dict[str, Any]:
    prefix = f"SAML_{slug.upper()}_"
    attributes = SAML_DEFAULT_ATTRIBUTES
    raw_map = env.get(f"{prefix}ATTRIBUTE_MAP", "").strip()
    if raw_map:
        try:
            attributes = json.loads(raw_map)
        except json.JSONDecodeError as exc:
            raise SSOConfigError(f"{prefix}ATTRIBUTE_MAP is not JSON: {exc}") from exc
        if not isinstance(attributes, dict):
            raise SSOConfigError(f"{prefix}ATTRIBUTE_MAP must be a JSON object.")
    advanced: dict[str, Any] = {
        # Every assertion must carry the IdP's signature; an unsigned one is refused even
        # when the surrounding response is signed.
        "want_assertion_signed": True,
        "reject_idp_initiated_sso": not _bool(env, f"{prefix}ALLOW_IDP_INITIATED", False),
    }
    sp_cert = _text_or_file(env, f"{prefix}SP_X509CERT")
    sp_key = _text_or_file(env, f"{prefix}SP_PRIVATE_KEY")
    if sp_cert and sp_key:
        advanced.update(x509cert=sp_cert, private_key=sp_key, authn_request_signed=True)
    settings: dict[str, Any] = {
        "attribute_mapping": attributes,
        "idp": _saml_idp(env, prefix),
        "advanced": advanced,
        # SAML has no standard "address verified" attribute: whether an IdP's `mail` is the
        # person's own, checked address is a decision made per IdP by whoever configures it.
        "verified_email": _verified_email(env, f"{prefix}VERIFIED_EMAIL"),
    }
    sp_entity_id = env.get(f"{prefix}SP_ENTITY_ID", "").strip()
    if sp_entity_id:
        settings["sp"] = {"entity_id": sp_entity_id}
    return {
        "name": env.get(f"{prefix}NAME", "").strip() or slug.title(),
        "client_id": slug,  # the organisation slug in /accounts/saml/<slug>/...
        "settings": settings,
    }


def social_providers_from_env(env: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """`SOCIALACCOUNT_PROVIDERS` for the OIDC, SAML, Google and LinkedIn apps that `env` sets.

    Raises SSOConfigError naming the variable when a listed provider is incomplete.
    """
    oidc_apps = [_oidc_app(env, provider_id) for provider_id in _ids(env, "OIDC_PROVIDERS")]
    if env.get("LINKEDIN_CLIENT_ID", "").strip():
        # LinkedIn's "Sign In with LinkedIn" is standard OpenID Connect.
        oidc_apps.append(
            {
                "provider_id": "linkedin",
                "name": "LinkedIn",
                "client_id": env["LINKEDIN_CLIENT_ID"].strip(),
                "secret": _required(env, "LINKEDIN_SECRET"),
                "settings": {"server_url": "https://www.linkedin.com/oauth"},
            }
        )
    providers: dict[str, dict[str, Any]] = {
        "openid_connect": {"APPS": oidc_apps},
        "saml": {"APPS": [_saml_app(env, slug) for slug in _ids(env, "SAML_PROVIDERS")]},
        "google": {
            "APPS": [],
            "SCOPE": ["openid", "profile", "email"],
            "OAUTH_PKCE_ENABLED": True,
        },
    }
    if env.get("GOOGLE_CLIENT_ID", "").strip():
        providers["google"]["APPS"].append(
            {
                "name": "Google",
                "client_id": env["GOOGLE_CLIENT_ID"].strip(),
                "secret": _required(env, "GOOGLE_SECRET"),
            }
        )
    clashes = {app["provider_id"] for app in oidc_apps} & {"google"}
    if clashes:
        raise SSOConfigError("OIDC_PROVIDERS may not use the id 'google'; use GOOGLE_CLIENT_ID.")
    return providers


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def sso_form_action_origins(providers: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Origins a sign-in button's form is redirected to, for the CSP's `form-action`.

    Browsers apply `form-action` to the redirects that follow a form's POST, so the
    university button (a POST to this site, answered by a redirect to the provider) needs
    the provider's origin there. An OIDC provider's sign-in page is on its issuer's host;
    a SAML IdP's is its SSO address. An IdP known only by a metadata URL is not known
    here: its sign-in origin goes in CSP_FORM_ACTION (README.md).
    """
    urls: list[str] = []
    for app in providers.get("openid_connect", {}).get("APPS", []):
        urls.append(app.get("settings", {}).get("server_url", ""))
    for app in providers.get("saml", {}).get("APPS", []):
        urls.append(app.get("settings", {}).get("idp", {}).get("sso_url") or "")
    if providers.get("google", {}).get("APPS"):
        urls.append("https://accounts.google.com")
    origins = [origin for url in urls if (origin := _origin(url))]
    return sorted(set(origins))
