"""A small but real OpenID Connect provider for the single sign-on tests.

It runs an HTTP server on a free port of 127.0.0.1 in a thread and speaks the authorization
code flow as Entra ID or Google do: discovery, JWKS, authorize, token (client secret, one-use
codes, PKCE) and userinfo, with RS256-signed ID tokens. The person who "signs in at the
university" is whoever the test puts in `person` before following the redirect.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa


@dataclass
class _Grant:
    claims: dict[str, Any]
    redirect_uri: str
    code_challenge: str | None


@dataclass
class OIDCProvider:
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    person: dict[str, Any] = field(default_factory=dict)
    requests_seen: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._kid = secrets.token_hex(4)
        self._codes: dict[str, _Grant] = {}
        self._tokens: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.issuer = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> OIDCProvider:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- protocol ---------------------------------------------------------------------

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**jwk, "kid": self._kid, "use": "sig", "alg": "RS256"}]}

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
        if query.get("client_id") != self.client_id:
            return 400, {}, {"error": "unauthorized_client"}
        if query.get("redirect_uri") not in self.redirect_uris:
            return 400, {}, {"error": "invalid_request", "error_description": "redirect_uri"}
        if query.get("response_type") != "code" or "openid" not in query.get("scope", ""):
            return 400, {}, {"error": "invalid_request"}
        if query.get("code_challenge") and query.get("code_challenge_method") != "S256":
            return 400, {}, {"error": "invalid_request", "error_description": "PKCE method"}
        code = secrets.token_urlsafe(24)
        with self._lock:
            self._codes[code] = _Grant(
                claims=dict(self.person),
                redirect_uri=query["redirect_uri"],
                code_challenge=query.get("code_challenge"),
            )
        params = {"code": code}
        if "state" in query:
            params["state"] = query["state"]
        return 302, {"Location": f"{query['redirect_uri']}?{urlencode(params)}"}, {}

    def token(self, form: dict[str, str], authorization: str | None) -> tuple[int, dict[str, Any]]:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        if authorization and authorization.startswith("Basic "):
            decoded = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = decoded.partition(":")
        if client_id != self.client_id or secret != self.client_secret:
            return 401, {"error": "invalid_client"}
        if form.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type"}
        with self._lock:
            grant = self._codes.pop(form.get("code", ""), None)  # a code works once
        if grant is None or form.get("redirect_uri") != grant.redirect_uri:
            return 400, {"error": "invalid_grant"}
        if grant.code_challenge:
            verifier = form.get("code_verifier", "")
            digest = hashlib.sha256(verifier.encode()).digest()
            challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
            if challenge != grant.code_challenge:
                return 400, {"error": "invalid_grant", "error_description": "PKCE"}
        now = int(time.time())
        id_token = jwt.encode(
            {
                **grant.claims,
                "iss": self.issuer,
                "aud": self.client_id,
                "iat": now,
                "exp": now + 300,
            },
            self._key,
            algorithm="RS256",
            headers={"kid": self._kid},
        )
        access_token = secrets.token_urlsafe(24)
        with self._lock:
            self._tokens[access_token] = grant.claims
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str | None) -> tuple[int, dict[str, Any]]:
        token = (authorization or "").removeprefix("Bearer ").strip()
        with self._lock:
            claims = self._tokens.get(token)
        if claims is None:
            return 401, {"error": "invalid_token"}
        return 200, claims

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep test output quiet

            def _send(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
                payload = json.dumps(body).encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                provider.requests_seen.append(f"GET {url.path}")
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                auth = self.headers.get("Authorization")
                if url.path == "/.well-known/openid-configuration":
                    self._send(200, provider.discovery(), {})
                elif url.path == "/jwks":
                    self._send(200, provider.jwks(), {})
                elif url.path == "/authorize":
                    status, headers, body = provider.authorize(query)
                    self._send(status, body, headers)
                elif url.path == "/userinfo":
                    status, body = provider.userinfo(auth)
                    self._send(status, body, {})
                else:
                    self._send(404, {"error": "not_found"}, {})

            def do_POST(self) -> None:
                url = urlsplit(self.path)
                provider.requests_seen.append(f"POST {url.path}")
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                if url.path == "/token":
                    status, body = provider.token(form, self.headers.get("Authorization"))
                    self._send(status, body, {"Cache-Control": "no-store"})
                else:
                    self._send(404, {"error": "not_found"}, {})

        return Handler
