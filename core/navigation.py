"""A menu item, as each app lists its own in ``<app>/navigation.py`` (the project's ``bdtx.navigation`` collects
them)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    roles: frozenset
    order: int = 100
