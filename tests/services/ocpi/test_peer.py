"""Paging through another party's Sender list: Link headers, broken ones, bad answers."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from evcharge.services.ocpi.errors import PeerFailed
from evcharge.services.ocpi.peer import pages

URL = "https://cpo.test/ocpi/2.2.1/locations"


def sender(total: int, link: str = "good") -> httpx.Client:
    """A fake Sender of `total` objects; its Link is good, broken (404) or circular."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/broken"):
            return httpx.Response(404, text="not found")
        offset = int(request.url.params.get("offset", 0))
        limit = int(request.url.params.get("limit", 4))
        items = list(range(offset, min(offset + limit, total)))
        headers = {"X-Total-Count": str(total), "X-Limit": str(limit)}
        if offset + limit < total:
            nexts = {"good": f"{URL}?offset={offset + limit}&limit={limit}",
                     "broken": f"{URL}/broken", "circle": URL}  # fmt: skip
            headers["Link"] = f'<{nexts[link]}>; rel="next"'
        body: dict[str, Any] = {"data": items, "status_code": 1000, "timestamp": "x"}
        return httpx.Response(200, headers=headers, content=json.dumps(body))

    return httpx.Client(transport=httpx.MockTransport(answer))


@pytest.mark.parametrize("link", ["good", "broken"])
def test_every_object_comes_once_in_order(link: str) -> None:
    got = list(pages(sender(10, link), URL, "t", {"limit": "4"}))
    assert got == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_a_circular_link_is_an_error() -> None:
    with pytest.raises(PeerFailed, match="circle"):
        list(pages(sender(10, "circle"), URL, "t", {}))


def test_an_answer_that_is_not_ocpi_is_an_error() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(502)))
    with pytest.raises(PeerFailed, match="not OCPI JSON"):
        list(pages(client, URL, "t", {}))
