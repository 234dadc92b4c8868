"""Text safety: control characters (\x0b, \x00, …) pasted into a field are
removed wherever text comes in, so no record can carry one into a page, an
Excel file or a report."""

import re

from django.db import models

# C0 controls but tab, line feed and carriage return; DEL; the C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_controls(text: str) -> str:
    return CONTROL.sub("", text)


def strip_instance_controls(sender, instance, raw=False, **kwargs) -> None:
    """pre_save, for every model: remove control characters from the values
    of its CharFields and TextFields, whatever way the record came in (a
    form, the admin, a ledger import, a command)."""
    if raw:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            if isinstance(value, str) and CONTROL.search(value):
                setattr(instance, field.attname, strip_controls(value))
