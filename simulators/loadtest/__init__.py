"""Load-testing harness: a departure peak's traffic mix against a running service.

Locust drives it as a library (headless). Locust patches the standard
library with gevent when it is imported, so the harness always runs in a
process of its own (`python -m simulators.loadtest CONFIG.json`), started by
`skygate loadtest`; nothing else in SkyGate imports this package's modules
that import locust.

    plan.py       what to send: devices, travellers and their templates, read from the database
    users.py      Locust users: kiosks, security lanes, boarding gates, agents; a morning-peak shape
    ledger.py     every acknowledged write, kept for the integrity check
    integrity.py  after the run: nothing acknowledged lost, nobody boarded twice
    report.py     per-endpoint table, JSON, Locust's CSV and HTML
    server.py     a seeded service of its own for self-contained runs (--start-server)
"""
