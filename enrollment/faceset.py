"""The labelled real photos (../shared/faces) measured through the face pipeline.

Threshold calibration, the synthetic-biometrics calibration, the 1:N study
and the demo seed all need the same thing: every photo of the manifest with
its identity and its template, computed by the very pipeline that enrols
travellers (same decoder, detector scale, crop and encoder). Measuring 1,770
photos takes a few minutes, so results are cached per file under
`var/cache/faceset/<pipeline key>.jsonl`, keyed by the SHA-256 of the file's
bytes: a re-run reads the cache in well under a second, and a change to the
pipeline (its `cache_key`) starts a new cache file instead of mixing results.

What is cached is the *measurement* (figures and template, or the error when
there was nothing to measure); the quality thresholds are applied when the
set is loaded, so moving a threshold needs no re-measurement.

Vocabulary (the manifest's): `identity` (same string, same person, across
sources), `kind` (`person`, `multi_face`, `no_face`, `unlabeled`,
`broken_file`), `photo_group` (copies of one photo at other sizes share it:
never a genuine pair), `duplicate_of` (an exact copy). `subset` is `named`
for the curated photos and `lfw_disjoint` for the LFW distractors.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import numpy as np

from enrollment.imaging import ImageLimits
from enrollment.pipeline import DetectionParams, FacePipeline
from enrollment.quality import QualityFigures, QualityThresholds
from matching.errors import DomainError
from matching.templates import from_b64, to_b64

__all__ = [
    "SUBSETS",
    "DemoCitizen",
    "FacePhoto",
    "FaceSet",
    "PhotoResult",
    "load_faceset",
    "read_manifest",
]

SUBSETS = ("named", "lfw_disjoint")
DEFAULT_CACHE_DIR = Path("var/cache")
# Large photos in the set are up to ~3.5 Mpx; the service's own limits apply.
_CHUNK = 8


@dataclass(frozen=True, slots=True)
class FacePhoto:
    """One manifest row.

    `photo_group` and `duplicate_of` are the manifest's (possibly empty);
    `group` is what pairing uses and is never empty: an exact copy takes the
    group of its original, a photo without a group its own path.
    """

    path: str
    identity: str
    kind: str
    group: str
    subset: str
    photo_group: str = ""
    duplicate_of: str = ""


@dataclass(frozen=True, slots=True)
class PhotoResult:
    """A photo as the enrolment pipeline sees it.

    `template` exists whenever a face was measured, even if a quality check
    failed (`failure` then holds its code); with no face or an unreadable
    file, `template` and `quality` are None and `failure` says why.
    """

    photo: FacePhoto
    template: np.ndarray | None
    quality: dict[str, float | int] | None
    failure: str | None

    @property
    def enrolled(self) -> bool:
        """Would check-in accept this photo? (ISO/IEC 19795-1: not a failure to enrol.)"""
        return self.failure is None and self.template is not None


@dataclass(frozen=True, slots=True)
class DemoCitizen:
    """An identity usable in a demo: a registry reference and other live captures of it."""

    identity: str
    reference: PhotoResult
    live: tuple[PhotoResult, ...]
    #: Distance of each live capture's template to the reference's, in `live` order.
    distances: tuple[float, ...] = ()


def read_manifest(folder: Path) -> list[FacePhoto]:
    """The manifest rows of `folder`/manifest.csv, in file order."""
    with (folder / "manifest.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    group_of = {r["path"]: r["photo_group"] or r["path"] for r in rows}
    photos = []
    for r in rows:
        group = group_of.get(r["duplicate_of"], group_of[r["path"]]) if r["duplicate_of"] else (
            group_of[r["path"]]
        )
        photos.append(FacePhoto(
            path=r["path"],
            identity=r["identity"],
            kind=r["kind"],
            group=group,
            subset="lfw_disjoint" if r["path"].startswith("lfw_disjoint/") else "named",
            photo_group=r["photo_group"],
            duplicate_of=r["duplicate_of"],
        ))
    return photos


class FaceSet:
    """Measured photos with the pair and subset queries calibration needs."""

    def __init__(self, folder: Path, results: Sequence[PhotoResult]) -> None:
        self.folder = folder
        self.results = list(results)
        self._identity = np.array([r.photo.identity for r in self.results])
        self._group = np.array([r.photo.group for r in self.results])

    def __len__(self) -> int:
        return len(self.results)

    def indices(self, subset: str | None = None, *, kinds: Iterable[str] = ("person",),
                enrolled: bool | None = True) -> np.ndarray:
        """Positions of the photos in `subset` (None = all) of these kinds.

        `enrolled=True` keeps only photos check-in would accept, False only
        failures, None both.
        """
        kinds = set(kinds)
        return np.array([
            i for i, r in enumerate(self.results)
            if (subset is None or r.photo.subset == subset)
            and r.photo.kind in kinds
            and (enrolled is None or r.enrolled == enrolled)
        ], dtype=np.int64)

    def templates(self, indices: np.ndarray) -> np.ndarray:
        """(n, 128) float32 templates of these photos (each must have one)."""
        missing = [int(i) for i in indices if self.results[i].template is None]
        if missing:
            raise ValueError(f"photos without a template: {missing[:5]}")
        if len(indices) == 0:
            return np.empty((0, 128), dtype=np.float32)
        return np.stack([self.results[i].template for i in indices]).astype(np.float32)

    def distance_matrix(self, indices: np.ndarray) -> np.ndarray:
        """Euclidean distances between these photos' templates, (n, n) float64."""
        t = self.templates(indices).astype(np.float64)
        sq = np.einsum("ij,ij->i", t, t)
        d2 = sq[:, None] + sq[None, :] - 2.0 * (t @ t.T)
        return np.sqrt(np.clip(d2, 0.0, None))

    def _pair_masks(self, indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        ident, group = self._identity[indices], self._group[indices]
        upper = np.triu(np.ones((len(indices), len(indices)), dtype=bool), k=1)
        same_id = ident[:, None] == ident[None, :]
        genuine = upper & same_id & (group[:, None] != group[None, :])
        impostor = upper & ~same_id
        return genuine, impostor

    def genuine_pairs(self, indices: np.ndarray | None = None) -> np.ndarray:
        """(m, 2) positions: same identity, different photo (not a copy), i < j."""
        indices = self.indices() if indices is None else indices
        genuine, _ = self._pair_masks(indices)
        i, j = np.nonzero(genuine)
        return np.stack([indices[i], indices[j]], axis=1)

    def impostor_pairs(self, indices: np.ndarray | None = None) -> np.ndarray:
        """(m, 2) positions: different identities, i < j."""
        indices = self.indices() if indices is None else indices
        _, impostor = self._pair_masks(indices)
        i, j = np.nonzero(impostor)
        return np.stack([indices[i], indices[j]], axis=1)

    def scores(self, indices: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(genuine, impostor) distances over all pairs of these photos, in one BLAS pass."""
        indices = self.indices() if indices is None else indices
        d = self.distance_matrix(indices)
        genuine, impostor = self._pair_masks(indices)
        return d[genuine], d[impostor]

    def pair_distances(self, pairs: np.ndarray) -> np.ndarray:
        """Distance of each (i, j) pair of photo positions."""
        if len(pairs) == 0:
            return np.empty(0)
        a = self.templates(pairs[:, 0]).astype(np.float64)
        b = self.templates(pairs[:, 1]).astype(np.float64)
        return np.sqrt(np.einsum("ij,ij->i", a - b, a - b))

    def demo_citizens(self, subset: str | None = "named", limit: int | None = None,
                      *, max_distance: float | None = None) -> list[DemoCitizen]:
        """Identities with at least two distinct enrolled photos, sorted by name.

        The reference plays the registry photo: the identity's medoid, the
        photo with the smallest median distance to its other photos (the
        most typical picture of the person, as an ID photo should be). The
        live captures are the other enrolled photos that are not copies of
        it. With `max_distance` (e.g. the enrolment threshold), only live
        captures that match the reference are kept, for a demo that should
        succeed; without it, some will meet `face_mismatch`, as in life.
        """
        by_identity: dict[str, list[PhotoResult]] = defaultdict(list)
        for i in self.indices(subset):
            by_identity[self.results[i].photo.identity].append(self.results[i])
        citizens = []
        for identity in sorted(by_identity):
            photos = by_identity[identity]
            reference = _medoid(photos)
            assert reference.template is not None
            live = [(p, float(np.linalg.norm(p.template - reference.template))) for p in photos
                    if p.photo.group != reference.photo.group and p.template is not None]
            live = [(p, d) for p, d in live if max_distance is None or d <= max_distance]
            if live:
                citizens.append(DemoCitizen(identity, reference, tuple(p for p, _ in live),
                                            tuple(d for _, d in live)))
        return citizens[:limit] if limit is not None else citizens


def _medoid(photos: list[PhotoResult]) -> PhotoResult:
    """The photo with the smallest median distance to the other photo groups."""

    def spread(p: PhotoResult) -> tuple[float, str]:
        others = [o.template for o in photos if o.photo.group != p.photo.group]
        if not others:
            return (float("inf"), p.photo.path)
        return (float(np.median(np.linalg.norm(np.stack(others) - p.template, axis=1))),
                p.photo.path)

    return min(photos, key=spread)


def load_faceset(
    folder: Path | str,
    *,
    subset: str | None = None,
    detection: DetectionParams | None = None,
    thresholds: QualityThresholds | None = None,
    limits: ImageLimits | None = None,
    cache_dir: Path | str = DEFAULT_CACHE_DIR,
    workers: int = 2,
    progress: bool = True,
) -> FaceSet:
    """Measure (or read from the cache) every photo of the manifest in `folder`.

    `subset` limits the work to `named` or `lfw_disjoint`; `workers` is the
    number of processes measuring uncached photos (each loads the model once).
    """
    folder = Path(folder)
    detection = detection or DetectionParams()
    thresholds = thresholds or QualityThresholds()
    limits = limits or ImageLimits()
    photos = [p for p in read_manifest(folder) if subset is None or p.subset == subset]
    digests = {p.path: hashlib.sha256((folder / p.path).read_bytes()).hexdigest() for p in photos}

    from enrollment.dlib_model import DlibFaceModel

    cache = _Cache(Path(cache_dir) / "faceset" / f"{detection.cache_key(DlibFaceModel.name)}.jsonl")
    todo = sorted({digests[p.path]: p.path for p in photos if digests[p.path] not in cache}.items())
    if todo:
        _measure_missing(folder, todo, cache, detection, limits, workers, progress)
    results = [_result(p, cache[digests[p.path]], thresholds) for p in photos]
    return FaceSet(folder, results)


def _result(photo: FacePhoto, record: dict[str, Any], thresholds: QualityThresholds
            ) -> PhotoResult:
    if record["error"] is not None:
        return PhotoResult(photo, None, None, record["error"])
    quality = record["quality"]
    failed = thresholds.failure(QualityFigures.from_dict(quality))
    return PhotoResult(photo, from_b64(record["template"]), quality, failed[0] if failed else None)


class _Cache:
    """Append-only JSON lines, one measurement per file digest; last line wins."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._records: dict[str, dict[str, Any]] = {}
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                for line in handle:
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError:
                        continue  # a line cut short by an interrupted run
                    self._records[record["sha256"]] = record

    def __contains__(self, digest: str) -> bool:
        return digest in self._records

    def __getitem__(self, digest: str) -> dict[str, Any]:
        return self._records[digest]

    def add(self, records: list[dict[str, Any]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write("".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records))
        for r in records:
            self._records[r["sha256"]] = r


def _measure_missing(folder: Path, todo: list[tuple[str, str]], cache: _Cache,
                     detection: DetectionParams, limits: ImageLimits, workers: int,
                     progress: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    chunks = [todo[i : i + _CHUNK] for i in range(0, len(todo), _CHUNK)]
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn())
    with Progress(*columns, disable=not progress, transient=False) as bar:
        task = bar.add_task(f"Measuring {len(todo)} photos", total=len(todo))
        if workers <= 1 or len(chunks) == 1:
            _init_worker(detection, limits, single_thread=False)
            for chunk in chunks:
                cache.add(_measure_chunk(str(folder), chunk))
                bar.advance(task, len(chunk))
            return
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                 initializer=_init_worker, initargs=(detection, limits)) as pool:
            futures = {pool.submit(_measure_chunk, str(folder), c): len(c) for c in chunks}
            for future in as_completed(futures):
                cache.add(future.result())
                bar.advance(task, futures[future])


_worker_pipeline: FacePipeline | None = None


def _init_worker(detection: DetectionParams, limits: ImageLimits, single_thread: bool = True
                 ) -> None:
    """Per-process set-up: one pipeline; in a pool, one BLAS thread (the pool is parallel)."""
    global _worker_pipeline
    if single_thread:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    _worker_pipeline = FacePipeline(detection=detection, limits=limits)


def _measure_chunk(folder: str, chunk: list[tuple[str, str]]) -> list[dict[str, Any]]:
    assert _worker_pipeline is not None
    records = []
    for digest, path in chunk:
        record: dict[str, Any] = {"sha256": digest, "path": path, "error": None,
                                  "quality": None, "template": None}
        try:
            capture = _worker_pipeline.measure(Path(folder, path).read_bytes())
        except DomainError as exc:
            record["error"] = exc.code
        else:
            record["quality"] = capture.quality.as_dict()
            record["template"] = to_b64(capture.template)
        records.append(record)
    return records
