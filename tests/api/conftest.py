from collections.abc import Callable
from typing import Any

import pytest

from lantern.api.services import token_create


@pytest.fixture
def bearer(db) -> Callable[[Any], dict[str, str]]:
    """`client.get(url, **bearer(user))`: a new token for `user`, as the test client sends it."""

    def headers(user: Any) -> dict[str, str]:
        _, raw = token_create(user=user, name="tests")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return headers
