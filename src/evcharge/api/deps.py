"""`Annotated` dependencies: the request's database session and its authenticated API key."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from evcharge.core.auth import Group
from evcharge.core.errors import InvalidApiKey, MissingApiKey, MissingGroup
from evcharge.core.locale import Language, negotiate
from evcharge.db.engine import Database
from evcharge.db.repositories.api_keys import StoredKey
from evcharge.services.catalogue import Catalogue
from evcharge.services.platform.api_keys import authenticate
from evcharge.services.platform.key_cache import KeyCache
from evcharge.services.platform.limiter import Limiter, admit


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back on error.

    A request takes one of the pool's connection slots here, in the event loop, before its
    handler runs in the thread pool. Waiting for a connection inside a worker thread instead
    would let 40 waiting threads hold every thread while the sessions that own the
    connections need a thread to close: no connection would ever come back (seen under 200
    concurrent calls on PostgreSQL).
    """
    database: Database = request.app.state.database
    async with request.app.state.db_slots:
        session = database.session()
        try:
            yield session
            await _end(session, commit=True)
        except BaseException:
            await _end(session, commit=False)
            raise


async def _end(session: Session, *, commit: bool) -> None:
    if session.in_transaction():
        await run_in_threadpool(_finish, session, commit=commit)
    else:
        # It never reached the database (answered from the catalogue and the key cache): no
        # transaction to end, no connection to return, so no hop to a worker thread.
        session.close()


def _finish(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


# async: FastAPI runs a sync dependency in the thread pool, a hop this does not need.
async def get_catalogue(request: Request) -> Catalogue:
    """The app's one in-memory catalogue (made by create_app)."""
    catalogue: Catalogue = request.app.state.catalogue
    return catalogue


CatalogueDep = Annotated[Catalogue, Depends(get_catalogue)]


# scope="function": the transaction commits when the handler returns, before the response is
# sent, so a client never sees a success whose commit then fails, and the write lock is released
# before the usage event is recorded.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def metered(endpoint: str) -> Callable[[Request], Awaitable[None]]:
    """Marks a route for usage metering under `endpoint` (see api/metering.py)."""

    # async: FastAPI runs sync dependencies in the thread pool, a hop this does not need.
    async def mark(request: Request) -> None:
        request.state.endpoint = endpoint

    return mark


def require(*groups: Group) -> Callable[..., Awaitable[StoredKey]]:
    """A dependency that authenticates the key (`Api-Key` or `x-api-key`) and checks its groups."""

    async def dependency(
        request: Request,
        session: SessionDep,
        api_key: Annotated[str | None, Header(alias="Api-Key", include_in_schema=False)] = None,
        x_api_key: Annotated[str | None, Header(alias="x-api-key", include_in_schema=False)] = None,
    ) -> StoredKey:
        plaintext = (api_key or x_api_key or "").strip()
        keys: KeyCache = request.app.state.keys
        known = keys.get(plaintext)
        limiter: Limiter = request.app.state.limiter
        if known is not None and not limiter.waits(known, getattr(request.state, "endpoint", None)):
            # Nothing to wait for (a kept key, limits in memory): no hop to a worker thread.
            return _checked(request, session, plaintext, groups, known)
        return await run_in_threadpool(_checked, request, session, plaintext, groups, known)

    return dependency


def _checked(
    request: Request,
    session: Session,
    plaintext: str,
    groups: tuple[Group, ...],
    known: StoredKey | None,
) -> StoredKey:
    stored = _authenticated(request, session, plaintext, known)
    request.state.api_key = stored
    for group in groups:
        if group not in stored.groups:
            raise MissingGroup(_action(group))
    request.state.admission = admit(
        request.app.state.limiter, session, stored, getattr(request.state, "endpoint", None)
    )
    return stored


def _authenticated(
    request: Request, session: Session, plaintext: str, known: StoredKey | None
) -> StoredKey:
    """The caller's key (`known` when the key cache had it). A call without a valid one is
    throttled per client address: 403 normally, 429 once that address exceeds
    EVCHARGE_ANONYMOUS_RATE_LIMIT_PER_MIN."""
    # uvicorn runs with proxy_headers, so behind a local proxy this is the real client.
    address = request.client.host if request.client else "unknown"
    limiter: Limiter = request.app.state.limiter
    endpoint = getattr(request.state, "endpoint", None)
    limiter.refuse_throttled(address, endpoint)
    try:
        if not plaintext:
            raise MissingApiKey()
        if known is not None:
            return known
        keys: KeyCache = request.app.state.keys
        return keys.load(plaintext, lambda: authenticate(session, plaintext))
    except (MissingApiKey, InvalidApiKey):
        request.state.admission = limiter.admit_anonymous(address, endpoint)
        raise


def _action(group: Group) -> str:
    # Chargeprice's wording: "action read_vehicles not allowed".
    name = group.value
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


async def language(
    accept_language: Annotated[
        str | None,
        Header(
            alias="Accept-Language",
            description="en, de, fr, nl or da (RFC 9110 weights); localises tags and reasons",
        ),
    ] = None,
) -> Language:
    return negotiate(accept_language)


def language_headers(chosen: Language) -> dict[str, str]:
    """For the handler's response: which language it answered in, and that it depends on it."""
    return {"Content-Language": chosen, "Vary": "Accept-Language"}


LanguageDep = Annotated[Language, Depends(language)]
