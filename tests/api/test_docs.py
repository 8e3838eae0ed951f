"""The schema and the interactive documentation are served by Mentorlab itself."""

from __future__ import annotations

import re

from django.test import Client


def test_schema_is_openapi_3_json_with_the_bearer_scheme(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert "/api/v1/programmes/" in schema["paths"]


def test_docs_load_everything_from_the_site_itself(db):
    page = Client().get("/api/v1/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/") for s in sources), sources  # no CDN
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in s for s in sources)
    # No inline script: the start-up script is a file too, so a strict CSP can allow it.
    assert "<script>" not in page.replace(" ", "")
    init = [s for s in sources if "script" in s or s.endswith("?script=")]
    assert Client().get(init[0] if init else "/api/v1/docs/?script=").status_code == 200
