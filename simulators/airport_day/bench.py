"""How the airport-day simulation scales: `python -m simulators.airport_day.bench`.

For each day size it runs the same day twice: at adoption 0 (the baseline:
the event simulation with no biometric decision at all) and at the studied
adoption (every biometric traveller enrols and is scanned through
decide_scan). The table shows wall times, the ratio between the two, and
how much of the run is spent inside decide_scan; the JSON keeps it all.
Timings are wall-clock on a shared machine: compare ratios within a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
from dataclasses import replace
from pathlib import Path

from simulators.airport_day.config import DayConfig
from simulators.airport_day.run import run_day

__all__ = ["main", "measure"]


def measure(pax: int, adoption: float, seed: int) -> dict:
    """One size: the baseline (adoption 0) and the studied adoption."""
    config = DayConfig(pax=pax, adoption=adoption, seed=seed)
    rows = {}
    for label, level in (("baseline", 0.0), ("biometric", adoption)):
        summary = run_day(replace(config, adoption=level)).summary
        rows[label] = {"passengers": summary["passengers"]["total"], "flights": summary["flights"]["total"],
                       "scans": summary["scans"], "enrolled": summary["passengers"]["enrolled"],
                       "security_gallery_peak": summary["biometrics"]["gallery"]["security_peak"],
                       "timings_seconds": summary["timings_seconds"],
                       "runtime_seconds": summary["runtime_seconds"]}
    return {"pax": pax, "adoption": adoption, **rows,
            "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "ratio": rows["biometric"]["runtime_seconds"] / rows["baseline"]["runtime_seconds"]}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pax", default="10000,60000,200000", help="Comma-separated day sizes.")
    parser.add_argument("--adoption", type=float, default=0.8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, default=Path("var/bench/airport_day.json"))
    args = parser.parse_args(argv)
    results = []
    print(f"{'pax':>8} {'passengers':>10} {'scans':>7} {'security gallery':>16} {'baseline s':>10} "
          f"{'biometric s':>11} {'ratio':>6} {'in decide_scan s':>16} {'per scan ms':>11}", flush=True)
    for pax in (int(p) for p in args.pax.split(",")):
        r = measure(pax, args.adoption, args.seed)
        b = r["biometric"]
        per_scan = 1000 * b["timings_seconds"]["decisions"] / max(b["scans"], 1)
        print(f"{pax:>8,} {b['passengers']:>10,} {b['scans']:>7,} {b['security_gallery_peak']:>16,} "
              f"{r['baseline']['runtime_seconds']:>10.1f} "
              f"{b['runtime_seconds']:>11.1f} {r['ratio']:>6.2f} {b['timings_seconds']['decisions']:>16.1f} "
              f"{per_scan:>11.3f}", flush=True)
        results.append(r)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
               "processor": platform.processor() or platform.uname().machine}
    args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=1) + "\n")
    print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
