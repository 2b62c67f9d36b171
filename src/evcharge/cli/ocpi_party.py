"""`evcharge ocpi party …`: the OCPI parties we exchange with, and their tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from evcharge.cli.context import out, transaction

party_app = typer.Typer(
    help="OCPI parties (CPOs and eMSPs) and their tokens.", no_args_is_help=True
)


@party_app.command("add")
def party_add(
    country: Annotated[str, typer.Option("--country", help="ISO 3166-1 alpha-2, e.g. DE")],
    party_id: Annotated[str, typer.Option("--party-id", help="three letters or digits")],
    role: Annotated[str, typer.Option("--role", help="CPO or EMSP")],
) -> None:
    """Add a party. The last line is its token A (shown once): give it, with our versions URL
    (https://HOST/ocpi/versions), to the party, which then registers (credentials POST)."""
    from evcharge.services.ocpi.parties import add_party

    with transaction() as session:
        party, token = add_party(session, country, party_id, role)
    out.print(f"added OCPI party {party.country_code}*{party.party_id} ({party.role}); token A:")
    print(token)


@party_app.command("remove")
def party_remove(
    party: Annotated[str, typer.Argument(help="CC*PTY (or CC-PTY), with :ROLE if both")],
) -> None:
    """Remove a party: its tokens stop working at once. Its stations and tariffs stay."""
    from evcharge.services.ocpi.parties import remove_party

    with transaction() as session:
        gone = remove_party(session, party)
    out.print(f"removed OCPI party {gone.country_code}*{gone.party_id} ({gone.role})")


@party_app.command("list")
def party_list() -> None:
    """Every party: identity, role, status, peer versions URL and last sync."""
    from evcharge.services.ocpi.parties import list_parties

    with transaction() as session:
        parties = list_parties(session)
    for p in parties:
        synced = f"synced {p.last_sync_at:%Y-%m-%dT%H:%M:%SZ}" if p.last_sync_at else "never synced"
        url = p.peer_versions_url or "-"
        out.print(f"{p.country_code}*{p.party_id}\t{p.role}\t{p.status}\t{url}\t{synced}")


@party_app.command("token")
def party_token(
    party: Annotated[str, typer.Argument(help="CC*PTY (or CC-PTY), with :ROLE if both")],
) -> None:
    """Register a party offline, without the credentials handshake: the last line is a new
    token for its modules (shown once). Its earlier tokens stop working."""
    from evcharge.services.ocpi.parties import issue_token

    with transaction() as session:
        found, token = issue_token(session, party)
    out.print(f"{found.country_code}*{found.party_id} ({found.role}) is registered; its token:")
    print(token)


@party_app.command("register")
def party_register(
    party: Annotated[str, typer.Argument(help="CC*PTY of a party added with `party add`")],
    url: Annotated[str, typer.Option("--url", help="the party's versions URL")],
    token: Annotated[str, typer.Option("--token", help="the token A the party gave you")],
    our_url: Annotated[
        str,
        typer.Option(
            "--our-url",
            help="where the party reaches this server, e.g. https://evcharge.example.com",
        ),
    ],
) -> None:
    """Register with a party (we start the handshake): it answers the token we use with it."""
    import httpx

    from evcharge.services.ocpi import credentials
    from evcharge.services.ocpi.identity import identity
    from evcharge.services.ocpi.parties import party_named
    from evcharge.settings import get_settings

    with transaction() as session:  # committed first: the party calls us back with token B
        token_b = credentials.begin_registration(session, party_named(session, party))
    with transaction() as session, httpx.Client(timeout=30.0) as http:
        found = party_named(session, party)
        us = identity(get_settings(), our_url)
        done = credentials.register_with(session, found, url, (token, token_b), http, us)
    out.print(f"registered with {done.country_code}*{done.party_id} ({done.role}) at {url}")
