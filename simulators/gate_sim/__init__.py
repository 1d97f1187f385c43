"""Live gate simulator: drives a running service over HTTP like an airport would.

Simulated kiosks enrol the day's travellers (templates), security lanes and
boarding gates scan them, agents resolve the manual lane, all on the
service's simulated clock (`PUT /v1/clock`, sped up). The simulator knows the
ground truth (who is really in front of each camera), so at the end it can
say where the service's decisions and journey records disagree with it.

    day.py      the day's travellers, read through the API (flights, manifests)
    journey.py  one traveller's walk through the airport, as a coroutine
    summary.py  decisions, reason codes, latencies, mismatches
    run.py      clock, concurrency, progress
"""
