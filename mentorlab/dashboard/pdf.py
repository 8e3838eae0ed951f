"""HTML to PDF with WeasyPrint, without the network.

WeasyPrint is imported when a PDF is asked for, not when the site starts: it loads Pango
and other system libraries, and a server without them should still serve every page and
say clearly why the PDF is missing (`PdfUnavailable`).

The document may load only the site's own static files (stylesheets, images), read from
disk; any other address (http, https, data, a file outside the static folders) is refused,
so a report never fetches anything from outside the server.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# WeasyPrint draws an inline SVG with the styles of its own <style> element only, not the
# page's; the charts' colours are in these stylesheets (the page cannot carry an inline
# style: the Content-Security-Policy refuses it, so the PDF alone gets one).
CHART_STYLESHEETS = ("css/dashboard.css", "css/surveys.css")
SVG_START = re.compile(r"(<svg\b[^>]*>)")

# The base address of the document: "/static/css/x.css" resolves to "file:///static/…",
# which the fetcher maps to the static file on disk.
BASE_URL = "file:///"


class PdfUnavailable(Exception):
    """WeasyPrint or a system library it needs could not be loaded."""


def static_file(url: str) -> Path | None:
    """The local static file a document URL names, or None for anything else."""
    parts = urlsplit(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if parts.scheme != "file" or parts.netloc or not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if isinstance(found, list):
        found = found[0] if found else None
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


def with_chart_styles(html: str) -> str:
    """The document with the charts' stylesheets copied into each inline SVG."""
    css = "\n".join(
        path.read_text(encoding="utf-8")
        for name in CHART_STYLESHEETS
        if (path := static_file(f"{BASE_URL}{settings.STATIC_URL.strip('/')}/{name}"))
    ).replace("</", "<\\/")
    style = f"<style>{css}</style>"
    return SVG_START.sub(lambda match: match.group(1) + style, html)


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def render_pdf(html: str) -> bytes:
    """The HTML document as PDF bytes. Raises PdfUnavailable when WeasyPrint cannot run."""
    weasyprint = _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalStaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = static_file(url)
            if path is None:
                raise ValueError(f"The report loads only the site's own static files: {url}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    document = weasyprint.HTML(
        string=with_chart_styles(html), base_url=BASE_URL, url_fetcher=LocalStaticFetcher()
    )
    return bytes(document.write_pdf())
