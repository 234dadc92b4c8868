from django.urls import reverse
from django.utils.http import (
    url_has_allowed_host_and_scheme,
)


def safe_next(request) -> str:
    """The `next` URL of a form, if it stays on this site; home otherwise."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("home")
