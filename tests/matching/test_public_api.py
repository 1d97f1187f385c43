"""The public surface of `matching` is what its modules say it is."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import matching

MODULES = sorted(m.name for m in pkgutil.walk_packages(matching.__path__, "matching."))


@pytest.mark.parametrize("name", MODULES)
def test_every_module_declares_its_public_names_and_has_them(name):
    module = importlib.import_module(name)
    assert module.__doc__, f"{name} has no docstring"
    if not module.__file__.endswith("__init__.py"):
        assert all(hasattr(module, attr) for attr in module.__all__), name


def test_the_interfaces_the_service_calls_are_exported():
    from matching import batching, blas, gallery, index, result

    assert {"Gallery", "GallerySnapshot"} <= set(gallery.__all__)
    assert "PartitionedIndex" in index.__all__ and "BatchSearcher" in batching.__all__
    assert {"SearchResult", "merge_topk"} <= set(result.__all__)
    assert {"describe_blas", "blas_info", "blas_threads", "set_blas_threads"} <= set(blas.__all__)
