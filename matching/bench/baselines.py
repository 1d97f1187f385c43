"""What SkyGate's search is measured against, each built over the same matrix.

- the memory-bandwidth floor: the fastest numpy read of the N x d float32
  bytes (a max-reduction, on one thread and split over two; the faster
  wins). No exact search can finish before it has read every byte once.
- the face_recognition way: `face_recognition.face_distance(G, q)`, i.e.
  `np.linalg.norm(G - q, axis=1)` (an N x d temporary, then a norm per row),
  plus `argpartition` for the k best. When face_recognition is not
  importable, the same one line is used and labelled as a replica.
- FAISS `IndexFlatL2` (exact, BLAS-backed) when faiss-cpu is installed (the
  `faiss` extra). It returns squared distances; nothing is converted, which
  only flatters it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

__all__ = ["Faiss", "face_distance_fn", "face_recognition_topk", "faiss_version", "floor_methods"]


def floor_methods(matrix: np.ndarray, pool: ThreadPoolExecutor) -> dict[str, Callable[[], Any]]:
    """Two ways to read every byte of `matrix` once; the floor is the faster."""
    half = len(matrix) // 2
    top, bottom = matrix[:half], matrix[half:]

    def two_threads() -> None:
        other = pool.submit(np.max, top)
        np.max(bottom)
        other.result()

    return {"read 1 thread": matrix.max, "read 2 threads": two_threads}


def face_distance_fn() -> tuple[Callable[[np.ndarray, np.ndarray], np.ndarray], str]:
    """face_recognition.face_distance, or its one-line replica; and a label."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import face_recognition
    except Exception:  # noqa: BLE001  (absent, or its model files are missing)
        return (lambda g, q: np.linalg.norm(g - q, axis=1)), "numpy replica of face_distance"
    return face_recognition.face_distance, "face_recognition.face_distance"


def face_recognition_topk(face_distance: Callable, matrix: np.ndarray, query: np.ndarray,
                          k: int) -> np.ndarray:
    """The face_recognition way to find the k nearest: all distances, then select."""
    distances = face_distance(matrix, query)
    best = np.argpartition(distances, k - 1)[:k] if len(distances) > k else np.arange(
        len(distances))
    return best[np.argsort(distances[best])]


def faiss_version() -> str | None:
    """faiss-cpu's version, or None when it is not installed."""
    try:
        import faiss
    except ImportError:
        return None
    return str(faiss.__version__)


class Faiss:
    """An exact FAISS IndexFlatL2 over the same templates."""

    def __init__(self, dim: int) -> None:
        import faiss

        self._faiss = faiss
        self.index = faiss.IndexFlatL2(dim)

    @property
    def threads(self) -> int:
        return int(self._faiss.omp_get_max_threads())

    def add(self, templates: np.ndarray) -> None:
        self.index.add(np.ascontiguousarray(templates, dtype=np.float32))

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self.index.search(np.atleast_2d(queries), k)
