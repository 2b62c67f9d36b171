from __future__ import annotations

from pathlib import Path

import typer

from evcharge.cli.context import out, transaction

app = typer.Typer(help="API keys.", no_args_is_help=True)

DEMO_KEY_FILE = Path("var/demo-key")


@app.command("create")
def create(
    name: str = typer.Option(..., "--name", help="a unique name for the key"),
    groups: str = typer.Option(..., "--groups", help="G1,G2 or all"),
    sandbox: bool = typer.Option(False, "--sandbox", help="a sandbox key is never billed"),
    rate_limit: int | None = typer.Option(
        None, "--rate-limit", help="calls per minute (default: EVCHARGE_RATE_LIMIT_PER_MIN)"
    ),
    quota: int | None = typer.Option(
        None, "--quota", help="chargeable calls per calendar month (default: no quota)"
    ),
) -> None:
    """Create a key. The last line of output is the plaintext key; it is shown only once."""
    from evcharge.services.platform import api_keys

    with transaction() as session:
        stored, plaintext = api_keys.create_key(
            session,
            name=name,
            groups=groups,
            sandbox=sandbox,
            rate_limit_per_min=rate_limit,
            quota_per_month=quota,
        )
    out.print(f"created key {stored.name!r} with groups {', '.join(sorted(stored.groups))}")
    print(plaintext)


@app.command("list")
def list_command() -> None:
    """List keys (never their secrets)."""
    from evcharge.services.platform import api_keys

    with transaction() as session:
        keys = api_keys.list_keys(session)
    for k in keys:
        state = f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else "active"
        kind = "sandbox" if k.sandbox else "live"
        rate = f"{k.rate_limit_per_min}/min" if k.rate_limit_per_min else "default rate"
        quota = f"quota {k.quota_per_month}/month" if k.quota_per_month is not None else "no quota"
        groups = ",".join(sorted(k.groups))
        out.print(f"{k.name}\t{kind}\t{state}\t{rate}\t{quota}\t{groups}")


@app.command("revoke")
def revoke(name: str = typer.Argument(..., help="the key's name")) -> None:
    """Revoke a key; it is refused from then on."""
    from evcharge.services.platform import api_keys

    with transaction() as session:
        api_keys.revoke_key(session, name)
    out.print(f"revoked key {name!r}")


@app.command("ensure-demo")
def ensure_demo(
    file: Path = typer.Option(DEMO_KEY_FILE, "--file", help="where the demo key is kept"),
    page_url: str | None = typer.Option(
        None, "--page-url", help="also print a link that opens this web page with the key"
    ),
) -> None:
    """Print the local demo key (all groups, sandbox), creating it when missing or revoked."""
    from evcharge.services.platform import api_keys

    with transaction() as session:
        known = file.read_text().strip() if file.exists() else ""
        if not known or not api_keys.key_is_valid(session, known):
            name = api_keys.free_name(session, "demo")
            _stored, known = api_keys.create_key(session, name=name, groups="all", sandbox=True)
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(known + "\n")
            file.chmod(0o600)
    if page_url:
        # The key rides in the fragment, which browsers never send to the server.
        out.print("open the web page (the key stays in your browser):")
        print(f"  {page_url.rstrip('/')}/#key={known}")
    out.print("demo API key (sandbox, all groups):")
    print(known)
