"""Checks run inside the page: control sizes and names, and texts missing from a message table."""

from __future__ import annotations

from typing import Any

__all__ = ["assert_large_and_named", "assert_no_raw_keys"]

# Visible buttons, inputs and selects that are under 44 px high (WCAG 2.5.5) or have no
# accessible name (label, aria-label or text); radio buttons are checked through their label.
_SMALL_OR_NAMELESS = """() => [...document.querySelectorAll('button, input, select')]
    .filter((el) => el.offsetParent !== null)
    .map((el) => {
        const box = (el.type === 'radio' ? el.closest('label') : el).getBoundingClientRect();
        const name = el.labels?.[0]?.textContent || el.getAttribute('aria-label') || el.textContent;
        const control = el.id || el.value || el.outerHTML.slice(0, 40);
        return {control, height: box.height, name: name.trim()};
    })
    .filter((c) => c.height < 44 || !c.name)"""


def assert_large_and_named(page: Any) -> None:
    assert page.evaluate(_SMALL_OR_NAMELESS) == []


def assert_no_raw_keys(page: Any) -> None:
    """A text missing from the table shows as its key: no visible text may read like one."""
    raw = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((el) => el.offsetParent !== null && el.children.length === 0)
        .map((el) => el.textContent.trim()).filter((text) => /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/.test(text))""")
    assert raw == []
