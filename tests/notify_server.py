"""A local stand-in for the GOV.UK Notify API that checks requests the way Notify does.

Run in a thread (:func:`running_notify`); point ``NotificationsAPIClient`` at ``server.url``
with :attr:`NotifyServer.api_key`. It checks, for every request:

* ``Authorization: Bearer <JWT>``: HS256 only, signed with the key's secret, ``iss`` = the
  service id from the key (``keyname-serviceid-secretkey``), ``iat`` within 30 seconds of now
  (403 ``AuthError`` otherwise, with Notify's messages);
* ``POST /v2/notifications/sms``: a JSON object with ``phone_number`` (a valid UK or
  international mobile; the drama range 07700 900xxx accepted) and ``template_id`` (a known
  template), ``personalisation`` giving every ``((placeholder))`` of the template, an optional
  string ``reference``; no other fields (400 ``BadRequestError`` / ``ValidationError``);
* ``GET /v2/notifications/<id>``, ``GET /v2/notifications?reference=…``,
  ``GET /v2/received-text-messages``.

Answers are Notify-shaped. Faults can be injected: :meth:`NotifyServer.fail_next` makes the
next sends answer 500 (``accept=True``: after recording the message, as when Notify got it but
the answer was lost), :meth:`NotifyServer.stall_next` holds the answer past the client's
time-out. :attr:`NotifyServer.sends` counts the messages accepted per number.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
import phonenumbers

SERVICE_ID = "6e8b54c4-3ef2-4b0c-9c7a-1f2d3e4a5b6c"
SECRET = "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f"
API_KEY = f"linewatch_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"
TEMPLATE = (
    "Free, confidential help with drugs or alcohol: ((service_name)), call ((service_phone)). "
    "Reply STOP to opt out."
)
_PLACEHOLDER = re.compile(r"\(\(([^()?]+)(?:\?\?[^()]*)?\)\)")
SMS_FIELDS = {"phone_number", "template_id", "personalisation", "reference", "sms_sender_id"}


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class NotifyServer:
    """State of the fake Notify: templates, notifications, replies and injected faults."""

    templates: dict[str, str] = field(default_factory=lambda: {TEMPLATE_ID: TEMPLATE})
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    received: list[dict[str, Any]] = field(default_factory=list)
    sends: Counter[str] = field(default_factory=Counter)
    requests: list[tuple[str, str, int]] = field(default_factory=list)
    rate_limit_per_second: float | None = None
    url: str = ""
    api_key: str = API_KEY
    _faults: list[tuple[str, bool]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stamps: list[float] = field(default_factory=list)

    def fail_next(self, count: int = 1, *, accept: bool = False) -> None:
        """Answer the next ``count`` sends with a 500 (after recording them when ``accept``)."""
        with self._lock:
            self._faults += [("500", accept)] * count

    def stall_next(self, count: int = 1, *, accept: bool = False, seconds: float = 3.0) -> None:
        """Hold the next ``count`` sends' answers for ``seconds`` (longer than the client waits)."""
        with self._lock:
            self._faults += [(f"stall:{seconds}", accept)] * count

    def reply(self, number: str, content: str) -> None:
        """A text sent to the service's number (for STOP handling)."""
        self.received.insert(
            0,
            {
                "id": str(uuid.uuid4()),
                "user_number": number,
                "notify_number": "07700900999",
                "content": content,
                "created_at": _now(),
                "service_id": SERVICE_ID,
            },
        )

    def deliver_all(self, status: str = "delivered") -> None:
        for notification in self.notifications.values():
            notification["status"] = status

    @property
    def accepted(self) -> int:
        return sum(self.sends.values())

    def take_fault(self) -> tuple[str, bool] | None:
        with self._lock:
            return self._faults.pop(0) if self._faults else None

    def over_rate(self) -> bool:
        if self.rate_limit_per_second is None:
            return False
        with self._lock:
            now = time.monotonic()
            self._stamps = [t for t in self._stamps if now - t < 1.0]
            # A second's worth plus one of slack, as a token bucket refilled each second would.
            if len(self._stamps) >= self.rate_limit_per_second + 1:
                return True
            self._stamps.append(now)
            return False


def _error(status: int, kind: str, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"status_code": status, "errors": [{"error": kind, "message": message}]}


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeNotify/1"
    state: NotifyServer

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.state.requests.append((self.command, self.path, status))
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a time-out test)

    def _authorised(self) -> tuple[int, dict[str, Any]] | None:
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return _error(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header[len("Bearer ") :]
        try:
            unverified = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        if unverified.get("alg") != "HS256":
            return _error(403, "AuthError", "Invalid token: algorithm used is not HS256")
        if claims.get("iss") != SERVICE_ID:
            return _error(403, "AuthError", "Invalid token: service not found")
        try:
            jwt.decode(token, key=SECRET, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.PyJWTError:
            return _error(403, "AuthError", "Invalid token: signature, api token not found")
        iat = claims.get("iat")
        if not isinstance(iat, int):
            return _error(403, "AuthError", "Invalid token: iat field not provided")
        if abs(time.time() - iat) > 30:
            return _error(
                403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds"
            )
        return None

    def do_GET(self) -> None:
        problem = self._authorised()
        if problem:
            self._answer(*problem)
            return
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path == "/v2/notifications":
            reference = (query.get("reference") or [None])[0]
            found = [
                n
                for n in self.state.notifications.values()
                if reference is None or n["reference"] == reference
            ]
            self._answer(200, {"notifications": found, "links": {"current": self.path}})
            return
        if url.path.startswith("/v2/notifications/"):
            notification = self.state.notifications.get(url.path.rsplit("/", 1)[1])
            if notification is None:
                self._answer(*_error(404, "NoResultFound", "No result found"))
                return
            self._answer(200, notification)
            return
        if url.path == "/v2/received-text-messages":
            self._answer(
                200,
                {"received_text_messages": self.state.received, "links": {"current": self.path}},
            )
            return
        self._answer(*_error(404, "NotFound", f"{url.path} not found"))

    def do_POST(self) -> None:
        problem = self._authorised()
        if problem:
            self._answer(*problem)
            return
        if self.path != "/v2/notifications/sms":
            self._answer(*_error(404, "NotFound", f"{self.path} not found"))
            return
        if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
            self._answer(*_error(400, "BadRequestError", "Content-Type must be application/json"))
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length) or b"null")
        except ValueError:
            self._answer(*_error(400, "BadRequestError", "Invalid JSON supplied in POST data"))
            return
        status, answer = self._sms(body)
        if status == 201 and self.state.over_rate():
            status, answer = _error(
                429,
                "RateLimitError",
                "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
            )
        fault = self.state.take_fault() if status == 201 else None
        if fault is not None:
            kind, accept = fault
            if accept:
                self._accept(body, answer)
            if kind.startswith("stall:"):
                time.sleep(float(kind.split(":", 1)[1]))
                self._answer(201, answer)  # too late: the client has gone
                return
            self._answer(*_error(500, "Exception", "Internal server error"))
            return
        if status == 201:
            self._accept(body, answer)
        self._answer(status, answer)

    def _accept(self, body: dict[str, Any], answer: dict[str, Any]) -> None:
        state = self.state
        with state._lock:
            state.sends[body["phone_number"]] += 1
            state.notifications[answer["id"]] = {
                "id": answer["id"],
                "reference": body.get("reference"),
                "phone_number": body["phone_number"],
                "type": "sms",
                "status": "sending",
                "template": answer["template"],
                "body": answer["content"]["body"],
                "created_at": _now(),
                "sent_at": _now(),
                "completed_at": None,
            }

    def _sms(self, body: Any) -> tuple[int, dict[str, Any]]:
        if not isinstance(body, dict):
            return _error(400, "ValidationError", "JSON body must be an object")
        unknown = sorted(set(body) - SMS_FIELDS)
        if unknown:
            return _error(
                400,
                "ValidationError",
                f"Additional properties are not allowed ({unknown[0]!r} was unexpected)",
            )
        for name in ("phone_number", "template_id"):
            if not isinstance(body.get(name), str) or not body[name]:
                return _error(400, "ValidationError", f"{name} is a required property")
        try:
            number = phonenumbers.parse(body["phone_number"], "GB")
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            drama = e164.startswith("+447700900") and len(e164) == 13
            mobile = phonenumbers.number_type(number) in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
            )
            if not drama and not (phonenumbers.is_valid_number(number) and mobile):
                raise ValueError
        except (phonenumbers.NumberParseException, ValueError):
            return _error(400, "ValidationError", "phone_number Not a UK mobile number")
        template = self.state.templates.get(body["template_id"])
        if template is None:
            return _error(400, "BadRequestError", "Template not found")
        personalisation = body.get("personalisation") or {}
        if not isinstance(personalisation, dict):
            return _error(400, "ValidationError", "personalisation is not of type object")
        reference = body.get("reference")
        if reference is not None and not isinstance(reference, str):
            return _error(400, "ValidationError", "reference is not of type string")
        given = {"".join(k.split()).lower(): v for k, v in personalisation.items()}
        missing = [
            name
            for name in dict.fromkeys(_PLACEHOLDER.findall(template))
            if "".join(name.split()).lower() not in given
        ]
        if missing:
            return _error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        text = _PLACEHOLDER.sub(lambda m: str(given["".join(m.group(1).split()).lower()]), template)
        notification_id = str(uuid.uuid4())
        return 201, {
            "id": notification_id,
            "reference": reference,
            "content": {"body": text, "from_number": "GOVUK"},
            "uri": f"{self.state.url}/v2/notifications/{notification_id}",
            "template": {
                "id": body["template_id"],
                "version": 1,
                "uri": f"{self.state.url}/services/{SERVICE_ID}/templates/{body['template_id']}",
            },
        }


@contextmanager
def running_notify(**options: Any) -> Iterator[NotifyServer]:
    """A fake Notify on a free local port, in a thread, for the length of the block."""
    state = NotifyServer(**options)
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="fake-notify", daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
