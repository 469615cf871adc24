"""A small HTTP client for the load generators: one keep-alive connection to 127.0.0.1, the session
cookie, sign-in through the real form (CSRF token included). Standard library only."""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from http.cookies import SimpleCookie

CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')


class Client:
    def __init__(self, base: str, timeout: float = 60) -> None:
        url = urllib.parse.urlsplit(base)
        if url.hostname != "127.0.0.1":
            raise ValueError("the benchmark only talks to 127.0.0.1")
        self.host, self.port, self.timeout = url.hostname, url.port or 80, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes, float]:
        """(status, body, milliseconds); status 0 when the connection failed twice."""
        headers = {"Accept": "text/html,application/json"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
                self.conn.request(method, path, body=body, headers=headers)
                answer = self.conn.getresponse()
                data = answer.read()
                for value in answer.headers.get_all("Set-Cookie") or []:
                    for name, morsel in SimpleCookie(value).items():
                        self.cookies[name] = morsel.value
                return answer.status, data, (time.perf_counter() - started) * 1000
            except (OSError, http.client.HTTPException):
                self.close()
                if attempt == 2:
                    return 0, b"", (time.perf_counter() - started) * 1000
        raise AssertionError("unreachable")

    def get(self, path: str) -> tuple[int, bytes, float]:
        return self.request("GET", path)

    def sign_in(self, email: str, password: str) -> bool:
        status, page, _ = self.get("/en/login")
        token = CSRF.search(page)
        if status != 200 or token is None:
            return False
        form = urllib.parse.urlencode(
            {"csrf_token": token.group(1).decode(), "email": email, "password": password}
        ).encode()
        status, _, _ = self.request("POST", "/en/login", form)
        return status in (302, 303)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
