"""A local HTTP server on loopback (a thread running http.server) whose feeds and pages the
tests change between requests. Nothing here reaches the internet."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Handler = Callable[["Request"], "Reply"]


@dataclass
class Request:
    path: str
    headers: dict[str, str]


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Stream this many bytes of filler after ``body``, without a Content-Length.
    stream_bytes: int = 0
    # Wait this long (or until the server stops) before answering.
    delay: float = 0.0


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        return None  # a client that hung up mid-answer (size limit, timeout) is expected


class Site:
    """Routes (path -> Reply or handler) that tests replace at will; every request is logged."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[Request] = []
        self.stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Site:
        site = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # Headers and body are separate writes: without this, Nagle's algorithm and
                # the client's delayed ACK add 40 ms to every answer.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                request = Request(
                    path=self.path, headers={k.lower(): v for k, v in self.headers.items()}
                )
                site.requests.append(request)
                route = site.routes.get(self.path.split("?", 1)[0])
                if route is None:
                    reply = Reply(status=404, body=b"not found")
                elif isinstance(route, Reply):
                    reply = route
                else:
                    reply = route(request)
                if reply.delay and site.stopping.wait(reply.delay):
                    return
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.stream_bytes:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self._stream(reply)
                    return
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def _stream(self, reply: Reply) -> None:
                chunk = b"<p>" + b"x" * 65536 + b"</p>\n"
                sent = 0
                try:
                    self.wfile.write(reply.body)
                    while sent < reply.stream_bytes and not site.stopping.is_set():
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def base(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.split("?", 1)[0] == path]


def article_html(
    *,
    title: str,
    paragraphs: list[str],
    canonical: str | None = None,
    date_published: str | None = "2026-03-14T06:40:00Z",
    date_modified: str | None = None,
    publisher: str | None = "Coastal Herald",
) -> bytes:
    """A news page: JSON-LD NewsArticle, a canonical link, chrome around an <article>."""
    json_ld: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
    }
    if date_published:
        json_ld["datePublished"] = date_published
    if date_modified:
        json_ld["dateModified"] = date_modified
    if publisher:
        json_ld["publisher"] = {"@type": "Organization", "name": publisher}
    canonical_link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{canonical_link}
<script type="application/ld+json">{json.dumps(json_ld)}</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<main><article><h1>{title}</h1>
{body}
</article></main>
<footer>Copyright Coastal Herald</footer></body></html>""".encode()


def rss(entries: list[dict[str, str]], *, title: str = "Coastal Herald: World") -> bytes:
    """An RSS 2.0 feed of entries with link, title and optional guid/pubDate."""
    items = "".join(
        "<item>"
        f"<title>{e['title']}</title><link>{e['link']}</link>"
        f"<guid>{e.get('guid', e['link'])}</guid>"
        + (f"<pubDate>{e['date']}</pubDate>" if e.get("date") else "")
        + "</item>"
        for e in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://herald.example.org/</link>"
        f"<description>World news</description>{items}</channel></rss>"
    ).encode()
