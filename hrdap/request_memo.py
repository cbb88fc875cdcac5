"""Remember a lookup's answer for the rest of the current request.

The menu, the dashboard panels and the page itself often ask the same question ("is this person
enrolled?") several times while one page is built; each asking costs a query. Answers are kept on
``flask.g``, so they never outlive the request (nothing stale reaches the next page). Tests switch it
off (HRDAP_REQUEST_MEMO) for their own long-lived request context, where data changes between calls.
"""
from __future__ import annotations

import functools
from typing import Callable, TypeVar

from flask import current_app, g, has_request_context

T = TypeVar("T")


def _key_part(value):
    # Models are keyed by their primary key: the same row asked twice is the same question.
    return getattr(value, "id", value)


def per_request(fn: Callable[..., T]) -> Callable[..., T]:
    """Cache ``fn``'s result per request, keyed by its positional arguments (models by id)."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @functools.wraps(fn)
    def wrapper(*args):
        if not has_request_context() or not current_app.config.get("HRDAP_REQUEST_MEMO", True):
            return fn(*args)
        memo = g.setdefault("_hrdap_memo", {})
        key = (name, *map(_key_part, args))
        if key not in memo:
            memo[key] = fn(*args)
        return memo[key]

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def forget() -> None:
    """Drop what this request remembered (after a change that answers differently)."""
    if has_request_context():
        g.pop("_hrdap_memo", None)
