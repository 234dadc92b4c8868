"""Pillar 3 (信访接待): reception days, petition cases with their statutory
stage deadlines, backlog cases (包案), 12345 hotline orders, and the masking of
petitioners' personal data (`masking.py`).

Imports the core only; never another pillar, reports or supervision.
"""
