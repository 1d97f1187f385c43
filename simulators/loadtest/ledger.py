"""What the service acknowledged during the run, for the integrity check afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Ledger"]


@dataclass
class Ledger:
    """Appended to by Locust greenlets (one OS thread: no lock needed)."""

    enrolments: dict[int, str] = field(default_factory=dict)  # enrolment_id -> pnr (201s)
    scans: dict[int, tuple[str, str, str]] = field(
        default_factory=dict
    )  # event_id -> (kind, decision, reason)
    cleared: dict[int, list[str]] = field(default_factory=dict)  # flight_id -> PNRs cleared by our scans

    def enrolled(self, enrolment_id: int, pnr: str) -> None:
        self.enrolments[enrolment_id] = pnr

    def scanned(self, event_id: int, kind: str, decision: str, reason: str) -> None:
        self.scans[event_id] = (kind, decision, reason)

    def boarding_opens(self) -> list[int]:
        """Event ids of `open` decisions at boarding gates."""
        return [
            e for e, (kind, decision, _) in self.scans.items() if kind == "boarding" and decision == "open"
        ]
