"""One airport's departure day: reference data, flights and bookings.

Pure and database-free. `generate_flights` and `generate_bookings` return
plain dicts keyed like the `flights` and `bookings` tables; the boarding
window constants are the ones every boarding rule uses.
"""

from app.schedule.bookings import Share, generate_bookings
from app.schedule.flights import (
    BOARDING_CLOSES_BEFORE,
    BOARDING_OPENS_BEFORE,
    boarding_window,
    generate_flights,
)

__all__ = [
    "BOARDING_CLOSES_BEFORE",
    "BOARDING_OPENS_BEFORE",
    "Share",
    "boarding_window",
    "generate_bookings",
    "generate_flights",
]
