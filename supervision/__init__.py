"""Supervision beside the pillars: rectification items and supervision orders
(督办单) on the tracked-item mechanism, the inbox, the reminder settings and
the daily item reminders.

Sits with the core's users, not among the pillars: it imports the core only,
never a pillar or reports; only reports reads it (through its selectors).
"""
