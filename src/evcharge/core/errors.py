"""The domain's one exception tree. `api/errors.py` maps each class to HTTP in one table.

EvchargeError
 ├── InvalidInput            bad input from a caller (400)
 │    └── InvalidVehicle     a vehicle record breaks a validation rule
 ├── NotFound                a named thing does not exist (404)
 ├── AuthError               (403)
 │    ├── MissingApiKey
 │    ├── InvalidApiKey      unknown or revoked key
 │    └── MissingGroup       the key lacks an authorization group
 ├── Conflict                (409)
 │    └── VersionConflict    optimistic locking failed
 ├── LimitExceeded           (429, with Retry-After and X-RateLimit-* headers)
 │    ├── RateLimited        the key's per-minute rate limit
 │    └── QuotaExceeded      the key's monthly quota of chargeable calls
 └── ImportFailed            a whole import could not be applied
"""

from __future__ import annotations


class EvchargeError(Exception):
    """Base of every expected failure. `message` is safe to show to a caller."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(EvchargeError):
    """The caller sent something we cannot use. `parameter` names a query or path parameter,
    `pointer` a place in the JSON body (RFC 6901), when known."""

    def __init__(
        self, message: str, *, parameter: str | None = None, pointer: str | None = None
    ) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.pointer = pointer


class InvalidVehicle(InvalidInput):
    """A vehicle record broke `rule`; the message names the record and the rule."""

    def __init__(self, vehicle: str, rule: str, detail: str) -> None:
        super().__init__(f"vehicle {vehicle!r} breaks rule {rule!r}: {detail}")
        self.vehicle = vehicle
        self.rule = rule


class NotFound(EvchargeError):
    pass


class AuthError(EvchargeError):
    pass


class MissingApiKey(AuthError):
    def __init__(self) -> None:
        super().__init__("api_key missing")


class InvalidApiKey(AuthError):
    # One message for unknown and revoked keys, so a caller cannot probe which keys once existed.
    def __init__(self) -> None:
        super().__init__("api_key invalid")


class MissingGroup(AuthError):
    def __init__(self, action: str) -> None:
        super().__init__(f"action {action} not allowed")
        self.action = action


class Conflict(EvchargeError):
    pass


class VersionConflict(Conflict):
    def __init__(self) -> None:
        super().__init__("Version conflict")


class ImportFailed(EvchargeError):
    pass


class LimitExceeded(EvchargeError):
    """`headers` go on the 429 as they are: Retry-After and X-RateLimit-*."""

    def __init__(self, message: str, headers: dict[str, str]) -> None:
        super().__init__(message)
        self.headers = headers


class RateLimited(LimitExceeded):
    pass


class QuotaExceeded(LimitExceeded):
    pass
