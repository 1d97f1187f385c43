"""Vector-matching core: galleries of face templates and exact top-k search.

Imports numpy only. Every other domain package builds on it, which is why the
base class of all domain failures (`DomainError`) lives here too.
"""
