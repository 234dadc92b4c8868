"""Ledgers (台账): the Excel engine. Reading an office's own sheet
(`reading.py`), column mapping and header synonyms, all-or-nothing import
(`importing.py`), export (`export.py`, worker jobs in `tasks.py`) and the
downloadable templates. A column is declared once (`columns.Col`): its export
column, import column and import-export resource field all come from it;
columns several ledgers share (the year, a tracked item's) are in `common.py`.

Pillars declare and register their ledgers; the engine names none of them.
Must never import a pillar, reports or supervision.
"""
