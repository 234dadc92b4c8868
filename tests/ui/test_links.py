"""Links to many records: one reverse per list, the same addresses."""

from django.urls import reverse, set_script_prefix

from ui.links import _SENTINEL, url_for_each


def test_url_for_each_gives_what_reverse_gives():
    url = url_for_each("activities:detail")
    for pk in (1, 42, 10**12):
        assert url(pk) == reverse("activities:detail", args=[pk])


def test_url_for_each_reverses_each_when_the_prefix_holds_the_placeholder():
    set_script_prefix(f"/{_SENTINEL}/")
    try:
        url = url_for_each("activities:detail")
        assert url(7) == f"/{_SENTINEL}/activities/7/"
    finally:
        set_script_prefix("/")
