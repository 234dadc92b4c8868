"""The org tree and the people in it: units (OrgUnit), grassroots places,
logins (User), cadres, roles (Django groups) and org scope: the one place that
decides which records a user may see (`scope.py`); the home page, whose
panels the other apps register for each role (`home.py`).

Must never import a pillar (activities, research, petitions), reports or
supervision, nor tracking, security or ledgers: everything else builds on it.
"""
