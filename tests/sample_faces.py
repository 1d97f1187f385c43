"""A small face set for tests: some rows of the real manifest, photo folders linked.

The photos stay in ../shared/faces (never copied); only a manifest.csv with
the chosen rows is written to the test's temporary folder.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

__all__ = ["build_sample"]


def build_sample(faces_dir: Path, folder: Path, paths: Iterable[str]) -> Path:
    """Write `folder`/manifest.csv with these rows and link their top-level folders."""
    wanted = set(paths)
    with (faces_dir / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        rows = [r for r in reader if r["path"] in wanted]
        fieldnames = reader.fieldnames or []
    missing = wanted - {r["path"] for r in rows}
    if missing:
        raise ValueError(f"not in the manifest: {sorted(missing)}")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    for top in {p.split("/")[0] for p in wanted}:
        link = folder / top
        if not link.exists():
            link.symlink_to(faces_dir / top, target_is_directory=True)
    return folder
