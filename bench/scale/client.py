"""A small HTTP client for the load generators: one keep-alive connection to 127.0.0.1, the session
cookie, sign-in through the real form (CSRF token included). Standard library only."""

from __future__ import annotations

import http.client
import re
import time
import urllib.parse
from http.cookies import SimpleCookie

CSRF = re.compile(rb'name="csrf_token"[^>]*value="([^"]+)"')
# The last TOTP time step this process used per account: a code works once, so the next sign-in to the
# same account takes the next step (and waits for it when it is not yet accepted).
_last_step: dict[str, int] = {}


def totp_code(email: str, secret: str) -> str:
    import pyotp

    totp = pyotp.TOTP(secret)
    now = totp.timecode(int(time.time()))
    step = max(now - 1, _last_step.get(email, now - 2) + 1)
    while step > totp.timecode(int(time.time())) + 1:
        time.sleep(1)
    _last_step[email] = step
    return totp.generate_otp(step)


class Client:
    def __init__(self, base: str, timeout: float = 60) -> None:
        url = urllib.parse.urlsplit(base)
        if url.hostname != "127.0.0.1":
            raise ValueError("the benchmark only talks to 127.0.0.1")
        self.host, self.port, self.timeout = url.hostname, url.port or 80, timeout
        self.cookies: dict[str, str] = {}
        self.location = ""
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
                self.location = answer.getheader("Location") or ""
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

    def sign_in(self, email: str, password: str, totp_secret: str | None = None) -> bool:
        """Sign in through the form, and through the second-factor form when the account has one."""
        status, page, _ = self.get("/en/login")
        token = CSRF.search(page)
        if status != 200 or token is None:
            return False
        form = urllib.parse.urlencode(
            {"csrf_token": token.group(1).decode(), "email": email, "password": password}
        ).encode()
        status, _, _ = self.request("POST", "/en/login", form)
        if status not in (302, 303):
            return False
        if "/login/code" not in self.location:
            return True
        if totp_secret is None:
            return False
        status, page, _ = self.get("/en/login/code")
        token = CSRF.search(page)
        if status != 200 or token is None:
            return False
        code = totp_code(email, totp_secret)
        form = urllib.parse.urlencode({"csrf_token": token.group(1).decode(), "code": code}).encode()
        status, _, _ = self.request("POST", "/en/login/code", form)
        return status in (302, 303) and "/login" not in self.location

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
