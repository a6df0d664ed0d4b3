"""Polite, bounded HTTP fetching of feeds and article pages (httpx). No Django, no Celery.

One call, :func:`fetch`, does one conditional GET and returns a :class:`FetchResult` or raises a
:class:`FetchError` that says in one sentence what went wrong and whether trying later may help
(``transient``). Every request is bounded: http(s) only, every address it connects to checked
(no loopback, private, link-local or reserved ranges unless the policy allows them: no SSRF
through a submitted URL, also not through DNS that changes between check and connect), robots.txt
obeyed, redirects followed by hand up to a limit, a total deadline, a size limit, and a per-domain
gate (rate and concurrency) supplied by the caller so that it can be shared between workers.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import urllib.robotparser
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpcore
import httpx

VERSION = "fetch-1"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Query parameters that only track where a click came from: the same article without them.
_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid", "ocid", "cmpid", "taid")


@dataclass(frozen=True)
class FetchPolicy:
    """Limits of one fetch; the defaults suit production (settings override them)."""

    user_agent: str = "ClaimTracker/1.0 (+https://github.com/claimtracker; fact-checking)"
    timeout: float = 20.0  # seconds for the whole fetch, redirects included
    connect_timeout: float = 5.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    allow_private: bool = False  # loopback and private ranges (tests and intranets only)
    respect_robots: bool = True


@dataclass(frozen=True)
class FetchResult:
    """What one fetch returned. ``not_modified`` is a 304 (``body`` is then empty)."""

    url: str  # the final url, after redirects
    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    redirects: tuple[str, ...] = field(default_factory=tuple)

    @property
    def charset(self) -> str | None:
        for part in self.content_type.split(";")[1:]:
            name, _, value = part.partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class FetchError(Exception):
    """A fetch that produced no usable response. ``transient``: trying later may help;
    ``retry_after``: seconds the server (or the gate) asked us to wait, when known."""

    transient = False

    def __init__(self, message: str, *, url: str = "", retry_after: float | None = None):
        super().__init__(message)
        self.url = url
        self.retry_after = retry_after


class BlockedUrl(FetchError):
    """Not http(s), no host, or an address we may not connect to."""


class RobotsDisallowed(FetchError):
    """The site's robots.txt disallows our user agent."""


class TooLarge(FetchError):
    """The response exceeded the size limit."""


class TooManyRedirects(FetchError):
    """More redirects than the policy allows, or a loop."""


class HttpStatusError(FetchError):
    """A 4xx/5xx answer. 5xx, 408 and 429 are transient; 4xx otherwise permanent."""

    def __init__(self, message: str, *, url: str, status: int, retry_after: float | None = None):
        super().__init__(message, url=url, retry_after=retry_after)
        self.status = status
        self.transient = status >= 500 or status in (408, 425, 429)


class NetworkError(FetchError):
    """Connection refused or reset, DNS failure, timeout: transient."""

    transient = True


class DomainBusy(FetchError):
    """The per-domain gate refused: too many fetches running there, or too soon after one."""

    transient = True


class DomainGate(Protocol):
    """Per-domain politeness shared by all workers (see sources.feeds.CacheDomainGate)."""

    def acquire(self, domain: str) -> object | None:
        """A token when a fetch of ``domain`` may start now, else None (busy)."""

    def release(self, domain: str, token: object) -> None: ...


class RobotsCache(Protocol):
    def get(self, domain: str) -> str | None: ...

    def set(self, domain: str, robots_txt: str) -> None: ...


class _OpenGate:
    def acquire(self, domain: str) -> object | None:
        return True

    def release(self, domain: str, token: object) -> None:
        return None


class _DictRobotsCache(dict):
    def set(self, domain: str, robots_txt: str) -> None:
        self[domain] = robots_txt


def address_allowed(address: str, *, allow_private: bool) -> bool:
    """True when we may connect to the IP ``address``: a global unicast address, or any
    address when ``allow_private`` (never the unspecified address or multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_unspecified or ip.is_multicast:
        return False
    return allow_private or ip.is_global


def check_url(url: str) -> str:
    """The url when it is absolute http(s) with a host and no credentials; else BlockedUrl."""
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise BlockedUrl(f"not a valid url: {url!r}", url=url) from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise BlockedUrl(f"only http and https urls are fetched, not {url!r}", url=url)
    if not parts.hostname:
        raise BlockedUrl(f"the url has no host: {url!r}", url=url)
    if parts.username or parts.password:
        raise BlockedUrl("urls with credentials are not fetched", url=url)
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not one
    except ValueError as exc:
        raise BlockedUrl(f"the url has an invalid port: {url!r}", url=url) from exc
    return url.strip()


def normalise_url(url: str) -> str:
    """The url with scheme and host lower-cased, the fragment, default port and click-tracking
    parameters dropped: one key for the same article linked from several feeds."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.rsplit("@", 1)[-1].lower()
    scheme = parts.scheme.lower()
    default_port = {"http": ":80", "https": ":443"}.get(scheme)
    if default_port and netloc.endswith(default_port):
        netloc = netloc[: -len(default_port)]
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS)
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def domain_of(url: str) -> str:
    """The host (with a non-default port) that rate limits and robots.txt apply to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself and connects only to allowed addresses, so a name that
    resolves to a private address (or changes its answer after a check) is refused."""

    def __init__(self, *, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        addresses = [info[4][0] for info in infos]
        allowed = [a for a in addresses if address_allowed(a, allow_private=self.allow_private)]
        if not allowed or len(allowed) < len(addresses):
            raise _Refused(f"{host} resolves to an address that is not public ({addresses[0]})")
        last: Exception | None = None
        for address in allowed:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                last = exc
        assert last is not None
        raise last


class _Refused(httpcore.ConnectError):
    pass


class Fetcher:
    """A reusable client (connection pool) for many fetches under one policy."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        gate: DomainGate | None = None,
        robots: RobotsCache | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self.gate = gate or _OpenGate()
        self.robots = robots if robots is not None else _DictRobotsCache()
        transport = httpx.HTTPTransport(trust_env=False, retries=0)
        # httpx takes no network backend argument; its pool does (httpcore's public API).
        transport._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            network_backend=_GuardedBackend(allow_private=self.policy.allow_private),
            max_connections=20,
        )
        self.client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def fetch(
        self, url: str, *, etag: str = "", last_modified: str = "", accept: str = "*/*"
    ) -> FetchResult:
        """GET ``url`` (conditionally, with ``etag``/``last_modified`` from the last fetch),
        following redirects by hand. Returns the final response; raises FetchError."""
        deadline = time.monotonic() + self.policy.timeout
        current = check_url(url)
        seen = {normalise_url(current)}
        redirects: list[str] = []
        while True:
            if self.policy.respect_robots:
                self._check_robots(current, deadline)
            headers = {"Accept": accept}
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
            status, response_headers, body = self._get(current, headers, deadline)
            if status in _REDIRECTS and response_headers.get("location"):
                target = check_url(urljoin(current, response_headers["location"]))
                if normalise_url(target) in seen:
                    raise TooManyRedirects(f"redirect loop at {target}", url=url)
                if len(redirects) >= self.policy.max_redirects:
                    raise TooManyRedirects(
                        f"more than {self.policy.max_redirects} redirects from {url}", url=url
                    )
                seen.add(normalise_url(target))
                redirects.append(target)
                current = target
                continue
            if status == 304:
                return FetchResult(
                    url=current,
                    status=304,
                    not_modified=True,
                    etag=response_headers.get("etag", etag),
                    last_modified=response_headers.get("last-modified", last_modified),
                    redirects=tuple(redirects),
                )
            if status >= 400:
                raise HttpStatusError(
                    f"{current} answered HTTP {status}",
                    url=current,
                    status=status,
                    retry_after=_retry_after(response_headers.get("retry-after")),
                )
            return FetchResult(
                url=current,
                status=status,
                body=body,
                content_type=response_headers.get("content-type", ""),
                etag=response_headers.get("etag", ""),
                last_modified=response_headers.get("last-modified", ""),
                redirects=tuple(redirects),
            )

    def _get(self, url: str, headers: dict[str, str], deadline: float):
        domain = domain_of(url)
        token = self.gate.acquire(domain)
        if token is None:
            raise DomainBusy(f"{domain} is busy (rate or concurrency limit)", url=url)
        try:
            with self._stream(url, headers, deadline) as response:
                if response.status_code in _REDIRECTS or response.status_code == 304:
                    return response.status_code, response.headers, b""
                if response.status_code >= 400:
                    return response.status_code, response.headers, b""
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > self.policy.max_bytes:
                    raise TooLarge(_too_large(url, self.policy.max_bytes), url=url)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.policy.max_bytes:
                        raise TooLarge(_too_large(url, self.policy.max_bytes), url=url)
                    if time.monotonic() > deadline:
                        raise NetworkError(
                            f"{url} took longer than {self.policy.timeout:g} s", url=url
                        )
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        finally:
            self.gate.release(domain, token)

    @contextmanager
    def _stream(
        self, url: str, headers: dict[str, str], deadline: float
    ) -> Iterator[httpx.Response]:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise NetworkError(f"{url} took longer than {self.policy.timeout:g} s", url=url)
        timeout = httpx.Timeout(remaining, connect=min(self.policy.connect_timeout, remaining))
        try:
            with self.client.stream("GET", url, headers=headers, timeout=timeout) as response:
                yield response
        except _Refused as exc:
            raise BlockedUrl(str(exc), url=url) from exc
        except httpx.TimeoutException as exc:
            raise NetworkError(f"{url} timed out ({self.policy.timeout:g} s)", url=url) from exc
        except httpx.DecodingError as exc:
            raise NetworkError(f"{url} sent a body that does not decode: {exc}", url=url) from exc
        except (httpx.TransportError, httpx.InvalidURL) as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, _Refused):
                raise BlockedUrl(str(cause), url=url) from exc
            reason = str(exc) or type(exc).__name__
            raise NetworkError(f"{url} could not be fetched: {reason}", url=url) from exc

    def _check_robots(self, url: str, deadline: float) -> None:
        domain = domain_of(url)
        robots_txt = self.robots.get(domain)
        if robots_txt is None:
            robots_txt = self._fetch_robots(url, deadline)
            self.robots.set(domain, robots_txt)
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(robots_txt.splitlines())
        if not parser.can_fetch(self.policy.user_agent, url):
            raise RobotsDisallowed(f"robots.txt of {domain} disallows {url}", url=url)

    def _fetch_robots(self, url: str, deadline: float) -> str:
        """The robots.txt text; "" (everything allowed) when the site has none (4xx).
        A 5xx or network error is transient: we do not fetch what we could not check."""
        parts = urlsplit(url)
        robots_url = urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))
        status, _, body = self._get(robots_url, {"Accept": "text/plain"}, deadline)
        if status in _REDIRECTS:
            return ""  # a redirected robots.txt is rare; treating it as absent is the norm
        if 400 <= status < 500:
            return ""
        if status >= 500:
            raise HttpStatusError(
                f"robots.txt of {domain_of(url)} answered HTTP {status}",
                url=robots_url,
                status=status,
            )
        return body[: 512 * 1024].decode("utf-8", "replace")


def _too_large(url: str, limit: int) -> str:
    return f"{url} is larger than the limit of {limit // 1024} KiB"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())
