"""Page building blocks shared by every app: the Bootstrap form mixin, the filter
form, one empty-choice label, sorting and searching of lists (`filtering.py`),
numbered pagination and bounded year navigation (`paging.py`, the partials),
date bounds of record forms, optimistic locking of edit forms, safe redirects
and small template filters.

Owns no models and no business rule. Must never import any app of this project.
"""
