"""Failures with an OCPI status code (transport_and_format: 2xxx client, 3xxx server).

They are EvchargeErrors, so outside OCPI paths they map like any other; on OCPI paths the
router answers each in the OCPI envelope with `ocpi_status` and `http_status`.
"""

from __future__ import annotations

from evcharge.core.errors import EvchargeError

SUCCESS = 1000
CLIENT_ERROR = 2000
INVALID_PARAMETERS = 2001
NOT_ENOUGH_INFORMATION = 2002
UNKNOWN_LOCATION = 2003
UNKNOWN_TOKEN = 2004
SERVER_ERROR = 3000
UNABLE_TO_USE_CLIENT_API = 3001
UNSUPPORTED_VERSION = 3002
NO_MATCHING_ENDPOINTS = 3003


class OcpiError(EvchargeError):
    ocpi_status = CLIENT_ERROR
    http_status = 400

    def __init__(self, message: str, *, ocpi_status: int | None = None) -> None:
        super().__init__(message)
        if ocpi_status is not None:
            self.ocpi_status = ocpi_status


class Unauthorized(OcpiError):
    """No token, or one we do not know (HTTP 401, as the spec asks)."""

    http_status = 401


class Forbidden(OcpiError):
    """A known party asking for what its token or role does not allow."""

    ocpi_status = INVALID_PARAMETERS
    http_status = 403


class InvalidParameters(OcpiError):
    ocpi_status = INVALID_PARAMETERS


class UnknownObject(OcpiError):
    http_status = 404


class UnknownLocation(UnknownObject):
    ocpi_status = UNKNOWN_LOCATION


class MethodNotAllowed(OcpiError):
    """Credentials: POST when registered, PUT or DELETE when not (the spec's HTTP 405)."""

    http_status = 405


class PeerFailed(OcpiError):
    """The other party's API could not be used (its versions, endpoints or a page)."""

    ocpi_status = UNABLE_TO_USE_CLIENT_API
    http_status = 502


class UnsupportedVersion(OcpiError):
    ocpi_status = UNSUPPORTED_VERSION


class NoMatchingEndpoints(OcpiError):
    ocpi_status = NO_MATCHING_ENDPOINTS
