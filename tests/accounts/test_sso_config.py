"""Single sign-on providers are read from the environment, and a half-set one stops the site."""

from __future__ import annotations

import pytest

from mentorlab.accounts.sso_config import (
    SAML_DEFAULT_ATTRIBUTES,
    SSOConfigError,
    social_providers_from_env,
    sso_form_action_origins,
)

from .saml_idp import SAMLIdP

ENTRA = {
    "OIDC_PROVIDERS": "entra",
    "OIDC_ENTRA_NAME": "University of Testing",
    "OIDC_ENTRA_SERVER_URL": "https://login.microsoftonline.com/tenant-id/v2.0",
    "OIDC_ENTRA_CLIENT_ID": "client-id",
    "OIDC_ENTRA_SECRET": "client-secret",
    "OIDC_ENTRA_VERIFIED_EMAIL": "uni.example, student.uni.example",
}


def test_nothing_configured_means_no_providers():
    providers = social_providers_from_env({})
    assert all(not config["APPS"] for config in providers.values())


def test_oidc_provider_from_variables():
    (app,) = social_providers_from_env(ENTRA)["openid_connect"]["APPS"]
    assert app["provider_id"] == "entra"
    assert app["name"] == "University of Testing"
    assert app["client_id"] == "client-id"
    assert app["settings"]["server_url"].startswith("https://login.microsoftonline.com/")
    assert app["settings"]["verified_email"] == ["uni.example", "student.uni.example"]
    assert app["settings"]["oauth_pkce_enabled"] is True


def test_oidc_provider_without_a_secret_names_the_missing_variable():
    env = {k: v for k, v in ENTRA.items() if k != "OIDC_ENTRA_SECRET"}
    with pytest.raises(SSOConfigError, match="OIDC_ENTRA_SECRET"):
        social_providers_from_env(env)


def test_google_and_linkedin_for_alumni():
    providers = social_providers_from_env(
        {
            "GOOGLE_CLIENT_ID": "g-id",
            "GOOGLE_SECRET": "g-secret",
            "LINKEDIN_CLIENT_ID": "l-id",
            "LINKEDIN_SECRET": "l-secret",
        }
    )
    assert providers["google"]["APPS"][0]["client_id"] == "g-id"
    (linkedin,) = providers["openid_connect"]["APPS"]
    assert linkedin["provider_id"] == "linkedin"
    assert linkedin["settings"]["server_url"] == "https://www.linkedin.com/oauth"


def test_saml_idp_with_haka_attributes_by_default():
    idp = SAMLIdP()
    (app,) = social_providers_from_env(
        {
            "SAML_PROVIDERS": "haka",
            "SAML_HAKA_IDP_ENTITY_ID": idp.entity_id,
            "SAML_HAKA_IDP_SSO_URL": idp.sso_url,
            "SAML_HAKA_IDP_X509CERT": idp.certificate,
        }
    )["saml"]["APPS"]
    assert app["client_id"] == "haka"
    assert app["settings"]["attribute_mapping"] == SAML_DEFAULT_ATTRIBUTES
    assert app["settings"]["advanced"]["want_assertion_signed"] is True
    # Unless the IdP is said to vouch for its addresses, they never match an account.
    assert app["settings"]["verified_email"] is False


def test_saml_idp_from_a_federation_metadata_file(tmp_path):
    idp = SAMLIdP()
    body = "".join(idp.certificate.strip().splitlines()[1:-1])
    metadata = tmp_path / "haka-metadata.xml"
    metadata.write_text(
        '<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
        'xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        '<md:EntityDescriptor entityID="https://idp.other.example/idp">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        'Location="https://idp.other.example/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>'
        f'<md:EntityDescriptor entityID="{idp.entity_id}">'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>'
        f"<ds:X509Certificate>{body}</ds:X509Certificate>"
        "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location="{idp.sso_url}"/></md:IDPSSODescriptor></md:EntityDescriptor>'
        "</md:EntitiesDescriptor>",
        encoding="utf-8",
    )
    (app,) = social_providers_from_env(
        {
            "SAML_PROVIDERS": "uni",
            "SAML_UNI_IDP_ENTITY_ID": idp.entity_id,
            "SAML_UNI_IDP_METADATA_FILE": str(metadata),
            "SAML_UNI_VERIFIED_EMAIL": "true",
        }
    )["saml"]["APPS"]
    assert app["settings"]["idp"]["sso_url"] == idp.sso_url
    assert app["settings"]["idp"]["x509cert"] == body
    assert app["settings"]["verified_email"] is True


def test_saml_attribute_map_must_be_json():
    with pytest.raises(SSOConfigError, match="SAML_UNI_ATTRIBUTE_MAP"):
        social_providers_from_env(
            {
                "SAML_PROVIDERS": "uni",
                "SAML_UNI_IDP_ENTITY_ID": "https://idp.uni.example",
                "SAML_UNI_ATTRIBUTE_MAP": "email=mail",
            }
        )


def test_providers_sign_in_origins_are_allowed_as_form_targets():
    idp = SAMLIdP()
    providers = social_providers_from_env(
        {
            **ENTRA,
            "SAML_PROVIDERS": "haka",
            "SAML_HAKA_IDP_ENTITY_ID": idp.entity_id,
            "SAML_HAKA_IDP_SSO_URL": idp.sso_url,
            "SAML_HAKA_IDP_X509CERT": idp.certificate,
            "GOOGLE_CLIENT_ID": "g-id",
            "GOOGLE_SECRET": "g-secret",
        }
    )
    assert sso_form_action_origins(providers) == [
        "https://accounts.google.com",
        "https://idp.uni.example",
        "https://login.microsoftonline.com",
    ]
    assert sso_form_action_origins(social_providers_from_env({})) == []
