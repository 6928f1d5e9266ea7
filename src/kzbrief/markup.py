"""HTML from data values: escaping, and links only to web addresses.

At the bottom of the package (citations, analysis and report all write HTML), so that none of
them needs the display layer to escape a value.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


WEB_SCHEMES = ("http", "https")


def is_web_url(url: object) -> bool:
    """An absolute http(s) address with a host and no white space or control characters: the
    only kind of address from the data the briefing makes into a link."""
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def link(url: object, text: object, *, escaped: bool = False) -> str:
    """HTML for `text` linking to `url` when that is an http(s) address; otherwise the text
    alone (a 'javascript:' or 'file:' address in the data never becomes a link).
    `escaped`: `text` is HTML already."""
    shown = str(text) if escaped else escape(text)
    return f'<a href="{escape(url)}">{shown}</a>' if is_web_url(url) else shown
