"""Pillar 2 (调查研究): research plans, topics, trips and research days,
findings, measures (tracked items) and outcome conversion.

Imports the core only; never another pillar, reports or supervision.
"""
