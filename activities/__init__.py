"""Pillars 1 and 4: policy lectures, party lectures and training (宣传政策), and
on-site office sessions, project and enterprise liaison (包抓/包联) and
livelihood items (现场办公), with the anti-crowding check and place heat.

Imports the core only; never another pillar, reports or supervision.
"""
