"""Persistence: engine, ORM models and Alembic migrations (SQLite and PostgreSQL)."""
