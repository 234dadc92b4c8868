"""等保2.0 controls: password rules (`passwords.py`), lockout, TOTP for
administrators, session policy (`middleware.py`), access audit events, the
data-change trail (`trail.py`), deployment checks, upload checks, backup and
restore.

Pillars register what the trail must mask. Must never import a pillar,
reports or supervision.
"""
