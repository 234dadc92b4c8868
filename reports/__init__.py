"""Quota rules and the one engine that evaluates them (`quotas.py`), the
leadership dashboard, the compliance ledger, and the quarterly report
pipeline (collect → compose → render) with its jobs and reminders.

Reads the pillars only through their selectors, and supervision only through
its selectors (the dashboard's order panel). Nothing imports reports.
"""
