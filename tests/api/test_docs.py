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
    # Every operation documents the one error shape.
    decide = schema["paths"]["/api/v1/programmes/{slug}/applications/{role}/{id}/decision/"]
    assert decide["post"]["responses"]["404"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert "/api/v1/programmes/" in schema["paths"]


def test_docs_load_everything_from_the_site_itself(db):
    response = Client().get("/api/v1/docs/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources
    assert all(s.startswith("/") for s in sources), sources  # no CDN
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in s for s in sources)
    # No inline script or style: the start-up script and the page's style are files too,
    # so the site's Content-Security-Policy (script-src/style-src 'self') needs no exception.
    assert "<script>" not in page.replace(" ", "")
    assert "<style" not in page
    init = [s for s in sources if "script" in s or s.endswith("?script=")]
    assert Client().get(init[0] if init else "/api/v1/docs/?script=").status_code == 200
