"""The end of a SAML sign-in: allauth's assertion consumer, plus what it leaves out.

allauth hands python3-saml the posted response and turns any failure into one generic error
page. This view does the same steps and adds two things a university's IT will ask about:
an assertion ID is accepted once only (python3-saml does not remember IDs), and a refusal
says why (bad signature, wrong audience, expired, replayed) on the page and in the log.
"""

from __future__ import annotations

import binascii
import time
from typing import Any

from allauth.core.internal import httpkit
from allauth.socialaccount.helpers import complete_social_login, render_authentication_error
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.providers.base.constants import AuthProcess
from allauth.socialaccount.providers.saml.utils import build_auth, decode_relay_state
from allauth.socialaccount.providers.saml.views import FinishACSView
from allauth.socialaccount.sessions import LoginSession
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError
from onelogin.saml2.response import OneLogin_Saml2_Response

from .sso import Refusal

_V = OneLogin_Saml2_ValidationError
_REASONS: dict[int, Refusal] = {
    **dict.fromkeys(
        [
            _V.INVALID_SIGNATURE,
            _V.NO_SIGNATURE_FOUND,
            _V.NO_SIGNED_ASSERTION,
            _V.NO_SIGNED_MESSAGE,
            _V.WRONG_SIGNED_ELEMENT,
            _V.INVALID_SIGNED_ELEMENT,
            _V.UNEXPECTED_SIGNED_ELEMENTS,
            _V.WRONG_NUMBER_OF_SIGNATURES,
            _V.WRONG_NUMBER_OF_SIGNATURES_IN_RESPONSE,
            _V.WRONG_NUMBER_OF_SIGNATURES_IN_ASSERTION,
            _V.DEPRECATED_SIGNATURE_METHOD,
            _V.DEPRECATED_DIGEST_METHOD,
        ],
        Refusal.SIGNATURE,
    ),
    **dict.fromkeys([_V.WRONG_AUDIENCE, _V.WRONG_DESTINATION], Refusal.AUDIENCE),
    **dict.fromkeys(
        [_V.ASSERTION_EXPIRED, _V.ASSERTION_TOO_EARLY, _V.RESPONSE_EXPIRED, _V.SESSION_EXPIRED],
        Refusal.EXPIRED,
    ),
}
# How long an assertion ID is remembered when the assertion names no end of validity.
_REPLAY_WINDOW_SECONDS = 60 * 60


class _ExplainedResponse(OneLogin_Saml2_Response):
    """Keeps the validation error's code, which python3-saml's Auth object drops.

    The code is kept on the class, and each sign-in uses a class of its own (see FinishACS),
    because python3-saml creates the response object itself and returns only a boolean.
    """

    last_code: int | None = None

    def is_valid(
        self, request_data: Any, request_id: Any = None, raise_exceptions: bool = False
    ) -> bool:
        try:
            return bool(super().is_valid(request_data, request_id, raise_exceptions=True))
        except OneLogin_Saml2_ValidationError as exc:
            type(self).last_code = exc.code
            if raise_exceptions:
                raise
            return False


def assertion_id_claim(*, issuer: str, assertion_id: str, not_on_or_after: int | None) -> bool:
    """True the first time an IdP's assertion ID is seen, False for every replay.

    Kept in the shared cache (database or Redis), so a replay to another app process is
    caught too, until the assertion would have expired anyway.
    """
    now = int(time.time())
    timeout = max((not_on_or_after or now + _REPLAY_WINDOW_SECONDS) - now, 0) + 300
    return bool(cache.add(f"saml-assertion:{issuer}:{assertion_id}", now, timeout=timeout))


class FinishACS(FinishACSView):
    def dispatch(self, request: HttpRequest, organization_slug: str) -> HttpResponse:
        provider = self.get_provider(organization_slug)
        acs_session = LoginSession(request, "saml_acs_session", "saml-acs-session")
        acs_request_data = acs_session.store.get("request")
        acs_session.delete()
        if not acs_request_data:
            return self._refuse(request, provider, Refusal.PROVIDER, "ACS session missing")
        acs_request = httpkit.deserialize_request(acs_request_data, HttpRequest())

        auth = build_auth(acs_request, provider)
        response_class = type("Response", (_ExplainedResponse,), {"last_code": None})
        auth.response_class = response_class
        try:
            # InResponseTo is checked below against the state this site stashed.
            auth.process_response(request_id=None)
        except binascii.Error:
            return self._refuse(request, provider, Refusal.PROVIDER, "response is not base64")
        except OneLogin_Saml2_Error as exc:
            return self._refuse(request, provider, Refusal.PROVIDER, str(exc))
        if auth.get_errors():
            reason = _REASONS.get(response_class.last_code, Refusal.PROVIDER)  # type: ignore[attr-defined]
            detail = f"{', '.join(auth.get_errors())}: {auth.get_last_error_reason()}"
            return self._refuse(request, provider, reason, detail)
        if not auth.is_authenticated():
            return self._refuse(request, provider, Refusal.PROVIDER, "not authenticated")

        issuer = provider.app.settings.get("idp", {}).get("entity_id", "")
        assertion_id = auth.get_last_assertion_id()
        if not assertion_id_claim(
            issuer=issuer,
            assertion_id=assertion_id,
            not_on_or_after=auth.get_last_assertion_not_on_or_after(),
        ):
            return self._refuse(request, provider, Refusal.REPLAYED, f"assertion {assertion_id}")

        login = provider.sociallogin_from_response(request, auth)
        state_id = auth.get_last_response_in_response_to()
        if state_id:
            # Sign-ins this site started: the response must answer one of them, once.
            state = self._unstash(request, provider, state_id)
            if state is None:
                return self._refuse(request, provider, Refusal.STATE, f"InResponseTo {state_id}")
            login.state = state
        elif provider.app.settings.get("advanced", {}).get("reject_idp_initiated_sso", True):
            return self._refuse(request, provider, Refusal.STATE, "IdP-initiated sign-in")
        else:
            login.state["process"] = AuthProcess.LOGIN
            next_url = decode_relay_state(acs_request.POST.get("RelayState"))
            if next_url:
                login.state["next"] = next_url
        return complete_social_login(request, login)

    @staticmethod
    def _unstash(request: HttpRequest, provider: Any, state_id: str) -> dict[str, Any] | None:
        state = statekit.unstash_state(request, provider_id=provider.sub_id, state_id=state_id)
        return state if isinstance(state, dict) else None

    @staticmethod
    def _refuse(request: HttpRequest, provider: Any, reason: Refusal, detail: str) -> HttpResponse:
        return render_authentication_error(
            request, provider, extra_context={"sso_refusal": reason, "sso_detail": detail}
        )


finish_acs = FinishACS.as_view()
