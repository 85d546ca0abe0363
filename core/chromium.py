"""Debian's chromium as the browser tests and the scripts that drive a browser launch it (Playwright never downloads
one here): the binary, and the flags that keep it from calling out on a closed network."""

import os

CHROMIUM = os.environ.get("BDTX_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def launch(playwright, **options):
    """A headless chromium from Playwright's sync API."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS, **options)
