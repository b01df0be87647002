"""URL canonicalisation: one article, one id, however the feed decorated its link."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ocid",
        "cmpid",
        "ref_src",
        "smid",
        "sr_share",
        "guccounter",
        "guce_referrer",
        "guce_referrer_sig",
        "__twitter_impression",
    }
)
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "at_", "ga_")
DEFAULT_PORTS = {"http": 80, "https": 443}
_SLASHES = re.compile(r"/{2,}")
# Characters left unescaped in a canonical path: RFC 3986 unreserved + sub-delims + ":@/".
# "%" is not among them, so a literal "%" stays "%25" and canonicalisation is idempotent.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _normalise_path(path: str) -> str:
    path = _SLASHES.sub("/", path or "/")
    # Re-quote so that "%7E" and "~" or "a b" and "a%20b" give the same string.
    path = quote(unquote(path), safe=_PATH_SAFE)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return path


def canonicalize_url(url: str) -> str:
    """Canonical form of an http(s) URL: lowercase scheme and host, no default port,
    no fragment, no tracking parameters, sorted query, no trailing slash."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the URL as given
        port = None
    netloc = host.encode("idna").decode("ascii") if host and not host.isascii() else host
    if ":" in netloc:  # IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, _normalise_path(parts.path), urlencode(query), ""))


def article_id(url: str) -> str:
    """Stable article id: the first 16 hex digits of SHA-256 over the canonical URL."""
    return hashlib.sha256(canonicalize_url(url).encode("utf-8")).hexdigest()[:16]


def host_of(url: str) -> str:
    """Lowercase host of a URL ('' when it has none)."""
    return (urlsplit(url).hostname or "").lower()
