"""Places where feature modules add to shared pages (menu, home page, dashboard, account page).

A feature registers a function that returns what to show for the current request; the shared
templates call them. This keeps shared templates free of feature-specific rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import Flask
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import Integer, Select, bindparam, select

from hrdap.extensions import db
from hrdap.request_memo import per_request


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str


_nav: list[Callable[[], list[NavItem]]] = []
_home: list[Callable[[], Markup | None]] = []
_dashboard: list[Callable[[], Markup | None]] = []
_account: list[Callable[[], Markup | None]] = []
_module: list[Callable[..., Markup | None]] = []
_facts: dict[str, Callable] = {}


def add_nav(provider: Callable[[], list[NavItem]]) -> None:
    """Register menu items (for the signed-in person)."""
    if provider not in _nav:
        _nav.append(provider)


def add_home_block(provider: Callable[[], Markup | None]) -> None:
    """Register a block of the public home page."""
    if provider not in _home:
        _home.append(provider)


def add_dashboard_panel(provider: Callable[[], Markup | None]) -> None:
    """Register a panel of the signed-in dashboard."""
    if provider not in _dashboard:
        _dashboard.append(provider)


def add_account_block(provider: Callable[[], Markup | None]) -> None:
    """Register a block of the account page (e.g. data export)."""
    if provider not in _account:
        _account.append(provider)


def add_module_block(provider: Callable[..., Markup | None]) -> None:
    """Register a block shown on a course module's page (e.g. its quiz); called with (view, module)."""
    if provider not in _module:
        _module.append(provider)


def add_menu_fact(name: str, expression: Callable) -> None:
    """Register a per-person value the menu needs, as ``expression(user)``: a SQL scalar subquery or EXISTS.

    Every page shows the menu; reading all its facts in one query, instead of one query per feature,
    is a large share of a page's cost (benchmarks). The expression may use ``user.id`` (a bound
    parameter) and ``user.has_role``: the query is built once per set of roles and reused.
    """
    _facts[name] = expression
    _menu_queries.clear()


class _MenuUser:
    """Stands for the person while the menu query is built: their roles, and their id as a parameter."""

    id = bindparam("menu_user_id", type_=Integer)

    def __init__(self, roles: frozenset):
        self.roles = roles

    def has_role(self, *roles) -> bool:
        return bool(self.roles.intersection(roles))


_menu_queries: dict[frozenset, Select] = {}


def _menu_query(roles: frozenset) -> Select:
    query = _menu_queries.get(roles)
    if query is None:
        person = _MenuUser(roles)
        query = _menu_queries[roles] = select(*[expression(person).label(name) for name, expression in _facts.items()])
    return query


def menu_fact(name: str):
    """This request's value of a registered fact (None when nobody is signed in)."""
    return _menu_facts(current_user).get(name)


@per_request
def _menu_facts(user) -> dict:
    if not _facts or not user.is_authenticated:
        return {}
    return db.session.execute(_menu_query(frozenset(user.roles)), {"menu_user_id": user.id}).one()._asdict()


def _collect(providers) -> list[Markup]:
    return [block for block in (p() for p in providers) if block]


def init_app(app: Flask) -> None:
    """Expose the collected items to templates."""
    app.jinja_env.globals.update(
        nav_items=lambda: [item for p in _nav for item in p()],
        home_blocks=lambda: _collect(_home),
        dashboard_panels=lambda: _collect(_dashboard),
        account_blocks=lambda: _collect(_account),
        module_blocks=lambda view, module: [b for b in (p(view, module) for p in _module) if b],
    )
