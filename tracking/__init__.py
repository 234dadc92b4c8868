"""Tracked items (事项): anything with an owner and a deadline, the 红黄蓝 colour
rule (`models.colour_for`), close-out and reopening, the working-day calendar
(`workdays.py`), calendar periods, and notifications with their reminders.

Pillars register their item kinds and notice kinds in `registry.py` from
`AppConfig.ready()`. Must never import a pillar, reports or supervision.
"""
