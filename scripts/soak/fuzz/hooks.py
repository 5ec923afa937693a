"""
Schemathesis hooks of the soak's fuzz run (scripts/soak/fuzz.ts), loaded through SCHEMATHESIS_HOOKS.

The settings come from the JSON file named by BANLI_FUZZ_CONFIG:
  apiUrl, username, password       the account the fuzzer signs in as (bearer token, renewed)
  protectedUsernames               accounts the fuzzer must not lock out by failed logins
  protectedPasswords               passwords it must not use to change its own password
  protected: {segment: [ids]}      resources the fuzzer must not change or delete (users, units,
                                   jurisdictions, policies that existed before it started)
  known: {"segment.param": [ids]}  ids that exist, swapped into half the well-formed path ids so
                                   the fuzzer reaches more than 404
  calendarYears: [from, to]        years whose holidays and overrides it must leave alone

Every guard acts in `before_call`, so it holds for every phase (examples, coverage, fuzzing,
stateful): a request that would touch a protected resource is sent to a fresh id instead, which
still exercises the operation (and answers 404).
"""

import json
import os
import random
import re
import threading
import uuid

import requests
import schemathesis

with open(os.environ["BANLI_FUZZ_CONFIG"], encoding="utf-8") as fh:
    CONFIG = json.load(fh)

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SLUG = re.compile(r"^[a-z0-9-]{1,64}$")
DATE = re.compile(r"^(\d{4})(-\d{2}-\d{2})$")
MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
PROTECTED_USERNAMES = {u.strip().lower() for u in CONFIG.get("protectedUsernames", [])}
PROTECTED_PASSWORDS = set(CONFIG.get("protectedPasswords", []))
PROTECTED = {seg: set(ids) for seg, ids in CONFIG.get("protected", {}).items()}
KNOWN = CONFIG.get("known", {})
YEAR_FROM, YEAR_TO = CONFIG.get("calendarYears", [2000, 2060])
# a leap year far from any deadline of the soak (29 February stays a valid date)
SAFE_YEAR = 2096
_rng = random.Random(CONFIG.get("seed", 0))
_lock = threading.Lock()


def _segment(path: str) -> str:
    return path.strip("/").split("/")[0]


def _fresh_like(value: str) -> str:
    return str(uuid.uuid4()) if UUID.match(value) else f"fuzz-{uuid.uuid4().hex[:10]}"


def _safe_date(value):
    if isinstance(value, str):
        m = DATE.match(value)
        if m and YEAR_FROM <= int(m.group(1)) <= YEAR_TO:
            return f"{SAFE_YEAR}{m.group(2)}"
    return value


def _swap_known(case, segment: str) -> None:
    params = case.path_parameters or {}
    for name, value in list(params.items()):
        if not isinstance(value, str) or not (UUID.match(value) or SLUG.match(value)):
            continue  # malformed ids stay as generated: they test the 400s
        ids = KNOWN.get(f"{segment}.{name}") or []
        with _lock:
            if ids and _rng.random() < 0.5:
                params[name] = _rng.choice(ids)


def _guard_resources(case, segment: str, method: str) -> None:
    if method not in MUTATING or segment not in PROTECTED:
        return
    params = case.path_parameters or {}
    for name, value in list(params.items()):
        if isinstance(value, str) and value in PROTECTED[segment]:
            params[name] = _fresh_like(value)


def _guard_accounts(case, path: str) -> None:
    body = case.body
    if not isinstance(body, dict):
        return
    if path == "/auth/login":
        name = body.get("username")
        if isinstance(name, str) and name.strip().lower() in PROTECTED_USERNAMES:
            body["username"] = f"fuzz-nobody-{uuid.uuid4().hex[:8]}"
    if path == "/auth/password":
        current = body.get("currentPassword")
        if isinstance(current, str) and current in PROTECTED_PASSWORDS:
            body["currentPassword"] = f"not-{uuid.uuid4().hex}"


def _guard_calendar(case, path: str, method: str) -> None:
    if method not in MUTATING or not path.startswith("/calendar/"):
        return
    params = case.path_parameters or {}
    if "date" in params:
        params["date"] = _safe_date(params["date"])
    body = case.body
    if not isinstance(body, dict):
        return
    if "date" in body:
        body["date"] = _safe_date(body["date"])
    year = body.get("year")
    if isinstance(year, int) and not isinstance(year, bool) and YEAR_FROM <= year <= YEAR_TO:
        body["year"] = SAFE_YEAR
    days = body.get("days")
    if isinstance(days, list):
        for day in days:
            if isinstance(day, dict) and "date" in day:
                day["date"] = _safe_date(day["date"])


@schemathesis.hook
def before_call(context, case, kwargs):
    path = case.operation.path
    method = case.method.upper()
    segment = _segment(path)
    _swap_known(case, segment)
    _guard_resources(case, segment, method)
    _guard_accounts(case, path)
    _guard_calendar(case, path, method)


@schemathesis.auth(refresh_interval=240)
class BanliLogin:
    """A bearer token of the fuzzing account, signed in again every few minutes."""

    def get(self, case, ctx):
        r = requests.post(
            CONFIG["apiUrl"] + "/auth/login",
            json={"username": CONFIG["username"], "password": CONFIG["password"]},
            timeout=30,
        )
        r.raise_for_status()
        return r.json()["accessToken"]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"
