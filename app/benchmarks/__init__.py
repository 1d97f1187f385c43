"""Benchmarks that need the whole service (HTTP, database); the domain packages keep their own."""
