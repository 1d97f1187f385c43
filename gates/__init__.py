"""Touchpoint decisions: galleries to search, 1:N rules, journey state machine,
anti-passback, wrong gate, manual fallback and retention.

Pure decision logic; `app/` loads state from the database and calls it, and
the offline simulation calls the very same functions.
"""
