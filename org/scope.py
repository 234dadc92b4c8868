"""Org scope: the one place that decides which records a user may see.

Every model's manager is built on `ScopedQuerySet`, and every list and object
view starts from `Model.objects.visible_to(user)`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from org.roles import ADMIN_ROLES, EDIT_ROLES, SUBTREE_ROLES, Role, roles_of


@dataclass(frozen=True)
class Access:
    everything: bool = False
    administrator: bool = False  # sees reference data (units, places, cadres) city-wide
    paths: tuple[str, ...] = ()  # org subtrees seen in full
    edit_paths: tuple[str, ...] = ()  # org subtrees edited on behalf of cadres
    edit_roles: frozenset = frozenset()  # the roles that give edit_paths
    cadre_id: int | None = None  # the user's own cadre record
    reach_path: str | None = None  # the county or department the cadre works in


def access_for(user) -> Access:
    if not user.is_authenticated or not user.is_active:
        return Access()
    cached = getattr(user, "_sixiaji_access", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        access = Access(everything=True)
    else:
        roles = roles_of(user)
        cadre = getattr(user, "cadre", None)
        scope_unit = user.scope_unit
        if cadre and scope_unit and cadre.unit_id == scope_unit.pk:
            cadre.unit = scope_unit  # one row, read once (a leader's own unit)
        unit = scope_unit or (cadre.unit if cadre else None)
        paths = (unit.path,) if unit and roles & SUBTREE_ROLES else ()
        # Office staff enter records on behalf of cadres: the unit office and
        # the petition office (which registers and routes petition cases).
        edit_paths = (unit.path,) if unit and roles & EDIT_ROLES else ()
        administrator = bool(roles & (ADMIN_ROLES - {Role.AUDIT_ADMIN}))
        access = Access(
            administrator=administrator,
            paths=paths,
            edit_paths=edit_paths,
            edit_roles=frozenset(roles & EDIT_ROLES),
            cadre_id=cadre.pk if cadre else None,
            reach_path=cadre.unit.reach().path if cadre else None,
        )
    user._sixiaji_access = access
    return access


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how its rows hang off the org tree.

    Subclasses name the lookup to the unit path (`scope_path`), the lookup to
    the owning cadre (`owner`), and what a plain cadre sees: their own records
    (OWN) or everything within their county or department (REACH).
    """

    OWN = "own"
    REACH = "reach"

    scope_path: str = "unit__path"
    owner: str | None = None
    cadre_sees: str = OWN
    # Reference data (org tree, places, cadres) is visible city-wide to the
    # system and security administrators; business records are not.
    reference: bool = False
    # The office roles that change these records on behalf of cadres. Business
    # records of one pillar narrow it (least privilege: the petition office
    # does not edit activities, research or reports).
    editors: frozenset = frozenset({Role.CLERK})

    def _scoped(self, paths, cadre_id: int | None = None) -> models.QuerySet:
        """Rows under any of `paths`, or owned by the cadre; none if neither."""
        condition = Q()
        for path in filter(None, paths):
            condition |= Q(**{f"{self.scope_path}__startswith": path})
        if cadre_id is not None and self.owner:
            condition |= Q(**{self.owner: cadre_id})
        return self.filter(condition) if condition else self.none()

    def visible_to(self, user) -> models.QuerySet:
        access = access_for(user)
        if self.reference and access.administrator:
            return self.all()
        return self.whose_work_is_visible_to(user)

    def whose_work_is_visible_to(self, user) -> models.QuerySet:
        """Units, places or people whose work (activities, research, petitions,
        quotas) the user may see: `visible_to` without the system and security
        administrators' city-wide view of reference data, which shows them who
        and where but not what was done. Pages that show work by unit, place or
        person start here."""
        access = access_for(user)
        if access.everything:
            return self.all()
        if self.cadre_sees == self.REACH and access.cadre_id is not None:
            return self._scoped((*access.paths, access.reach_path))
        return self._scoped(access.paths, access.cadre_id)

    def within_reach_of(self, user) -> models.QuerySet:
        """Choices for a form: what the user sees, plus (for a cadre) everything
        in their county or department, so colleagues and places can be picked."""
        access = access_for(user)
        if access.everything:
            return self.all()
        return self._scoped((*access.paths, *access.edit_paths, access.reach_path))

    def editable_by(self, user) -> models.QuerySet:
        """Records the user may change: a cadre their own, a clerk their subtree.

        Leadership and the petition office read; administrators change
        reference data through the admin site, not business records here.
        """
        access = access_for(user)
        if access.everything:
            return self.all()
        paths = access.edit_paths if access.edit_roles & self.editors else ()
        return self._scoped(paths, access.cadre_id)

    # The administrator roles that keep this reference data (set up and
    # import it): the system administrator the tree and places, the security
    # administrator the cadres (三员分立).
    administrators: frozenset = frozenset()

    def administers(self, user) -> bool:
        """Whether the user keeps these records (imports their ledger)."""
        access = access_for(user)
        return access.everything or bool(roles_of(user) & self.administrators)

    def administered_by(self, user) -> models.QuerySet:
        """The records an administrator keeps: the subtree of their scope unit,
        or the whole city when they have none."""
        if not self.administers(user):
            return self.none()
        unit = None if access_for(user).everything else user.scope_unit
        return self._scoped((unit.path,)) if unit else self.all()

    def office_edits(self, user) -> bool:
        """Whether the user's office role enters records of this kind (for
        work on many records at once, such as a ledger import)."""
        access = access_for(user)
        return access.everything or bool(
            access.edit_paths and access.edit_roles & self.editors
        )


def sees_work(user) -> bool:
    """Whether the user sees any business record at all: not the three
    administrators, who keep the system, the accounts and the audit trail
    (三员分立) and see reference data only."""
    access = access_for(user)
    return access.everything or bool(access.paths) or access.cadre_id is not None


def get_or_404(queryset: models.QuerySet, **lookup) -> models.Model:
    """One row of `queryset`, or 404; a malformed id (?unit=abc) is a 404
    too, not a 500."""
    try:
        return get_object_or_404(queryset, **lookup)
    except (ValueError, TypeError, ValidationError) as error:
        raise Http404 from error


def get_visible_or_404(model: type[models.Model], user, **lookup) -> models.Model:
    """Fetch one record the user may see, or 404 (never 403: no existence leak)."""
    return get_or_404(model.objects.visible_to(user), **lookup)
