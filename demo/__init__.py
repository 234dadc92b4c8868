"""The demo city (`seed_demo`) and the synthetic city at scale (`seed_scale`).

Writes the org tree here and runs the seeders each pillar registers from its
own `demo.py`. Nothing imports this app.
"""
