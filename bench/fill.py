"""Synthetic rows for the export bench: a ledger kind of which the scale city
holds fewer than N rows is filled up to N by copying its own rows (every
value drawn from an existing row) with bulk inserts, then cleared with one
raw DELETE per table (no signals, so no audit-trail entry per row).

Run it on a clone of the scale database only (`createdb -T sixiaji_bench …`):
the copies are real rows of the city while they exist.

A copy keeps the row's values but for what must stay unique: a unique text
(a number, a code, a username) gets a suffix "-b<copy>", a unique record
(a one-to-one link: a case's tracked stage) is itself copied, and a unique
set of fields with no text among them has its date moved by <copy> days.
Its many-to-many sets and the sets of records the ledger reads (a case's
petitioners) are copied with it.
"""

from datetime import timedelta

from django.db import models, router, transaction


def _suffix(value: str, copy: int, max_length: int | None) -> str:
    tail = f"-b{copy}"
    if max_length:
        value = value[: max_length - len(tail)]
    return value + tail


class Filler:
    """Copies rows and remembers, per table, the highest key before its
    copies: the clearing deletes every row above it (keys only grow)."""

    def __init__(self):
        self.first: dict[type, int] = {}  # model → highest key before copies
        self.order: list[type] = []  # tables in the order first written
        self.copies: dict[tuple, int] = {}  # (model, pk) → copies made

    def _mark(self, model) -> None:
        if model not in self.first:
            last = model._base_manager.order_by("-pk").values_list("pk", flat=True)
            self.first[model] = last.first() or 0
            self.order.append(model)

    def copy(self, model, records: list, overrides=None) -> list:
        """Insert a copy of each record (a record may come several times:
        as many copies); `overrides`: field attname → the new values, one
        per record. The copies' keys, in the records' order."""
        if not records:
            return []
        overrides = dict(overrides or {})
        for field in model._meta.concrete_fields:
            if field.is_relation and field.unique and not field.primary_key:
                # A one-to-one link: each copy links to a copy of its own.
                keys = [getattr(r, field.attname) for r in records]
                targets = field.related_model._base_manager.in_bulk(
                    {k for k in keys if k is not None}
                )
                linked = [k for k in keys if k is not None]
                made = iter(
                    self.copy(field.related_model, [targets[k] for k in linked])
                )
                overrides[field.attname] = [
                    None if k is None else next(made) for k in keys
                ]
        unique_text = [
            f
            for f in model._meta.concrete_fields
            if f.unique
            and not f.primary_key
            and not f.is_relation
            and isinstance(f, models.CharField)
        ]
        shifted = []  # date fields moved so that a unique set stays unique
        for fields in [
            c.fields
            for c in model._meta.constraints
            if isinstance(c, models.UniqueConstraint) and c.fields
        ] + [list(t) for t in model._meta.unique_together]:
            own = [model._meta.get_field(name) for name in fields]
            texts = [f for f in own if isinstance(f, models.CharField)]
            dates = [f for f in own if isinstance(f, models.DateField)]
            if texts:
                unique_text += [f for f in texts if f not in unique_text]
            elif dates:
                shifted.append(dates[0])
        self._mark(model)
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        copies = []
        for n, record in enumerate(records):
            key = (model, record.pk)
            copy = self.copies[key] = self.copies.get(key, 0) + 1
            new = model(**{f.attname: getattr(record, f.attname) for f in fields})
            for attname, values in overrides.items():
                setattr(new, attname, values[n])
            for field in unique_text:
                value = getattr(new, field.attname)
                if value:
                    setattr(new, field.attname, _suffix(value, copy, field.max_length))
            for field in shifted:
                value = getattr(new, field.attname)
                if value is not None:
                    setattr(new, field.attname, value - timedelta(days=copy))
            copies.append(new)
        made = model._base_manager.bulk_create(copies, batch_size=2000)
        return [new.pk for new in made]

    def copy_sets(self, model, pairs: list, reverse: list[str]) -> None:
        """The copies' many-to-many sets and the reverse sets named; `pairs`:
        (original key, copy's key)."""
        originals = {old for old, _ in pairs}
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            owner = f"{field.m2m_field_name()}_id"
            links: dict = {}
            for link in through.objects.filter(**{f"{owner}__in": originals}):
                links.setdefault(getattr(link, owner), []).append(link)
            attnames = [
                f.attname for f in through._meta.concrete_fields if not f.primary_key
            ]
            self._mark(through)
            through.objects.bulk_create(
                [
                    through(
                        **{a: new if a == owner else getattr(link, a) for a in attnames}
                    )
                    for old, new in pairs
                    for link in links.get(old, [])
                ],
                batch_size=5000,
            )
        for name in reverse:
            relation = model._meta.get_field(name)
            child, key = relation.related_model, relation.field
            children: dict = {}
            for row in child._base_manager.filter(
                **{f"{key.attname}__in": originals}
            ).order_by("pk"):
                children.setdefault(getattr(row, key.attname), []).append(row)
            rows, owners = [], []
            for old, new in pairs:
                for row in children.get(old, []):
                    rows.append(row)
                    owners.append(new)
            self.copy(child, rows, {key.attname: owners})

    def fill(self, queryset, rows: int, reverse: list[str]) -> int:
        """Copy `queryset`'s rows until it holds `rows`; rows added."""
        model = queryset.model
        have = queryset.count()
        if not have:
            return 0
        pks = list(queryset.values_list("pk", flat=True))
        added = 0
        with transaction.atomic(using=router.db_for_write(model)):
            while have + added < rows:
                # Up to 5,000 copies at a time, the rows in turn.
                count = min(rows - have - added, 5000)
                chosen = [pks[(added + i) % len(pks)] for i in range(count)]
                found = model._base_manager.in_bulk(set(chosen))
                records = [found[pk] for pk in chosen]
                made = self.copy(model, records)
                self.copy_sets(model, list(zip(chosen, made, strict=True)), reverse)
                added += len(made)
        return added

    def clear(self) -> None:
        """One raw DELETE per table written, the last written first."""
        for model in reversed(self.order):
            mine = model._base_manager.filter(pk__gt=self.first[model])
            mine._raw_delete(router.db_for_write(model))
        self.first, self.order, self.copies = {}, [], {}


def reverse_sets(ledger, queryset) -> list[str]:
    """The sets of records (reverse foreign keys) that `ledger`'s export
    reads: its values' paths and its queryset's prefetches."""
    from ledgers.columns import From

    model = queryset.model
    names = set()
    paths = list(queryset._prefetch_related_lookups)
    for col in ledger.columns:
        value = col.value or col.attribute
        if isinstance(value, From):
            paths += list(value.paths)
        elif isinstance(value, str):
            paths.append(value)
    for path in paths:
        if not isinstance(path, str):
            path = getattr(path, "prefetch_through", "")
        first = path.split("__")[0]
        try:
            field = model._meta.get_field(first)
        except Exception:  # a property, an annotation
            continue
        if field.one_to_many and not field.concrete:
            names.add(first)
    return sorted(names)
