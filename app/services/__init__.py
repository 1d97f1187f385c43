"""Application services: database work around the domain packages' rules.

Routes call these; these call `enrollment`, `gates` and `matching`. Keyword-only
arguments, one job per function, no HTTP.
"""
