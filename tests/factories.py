"""factory_boy factories for the core models and the named role users."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from org.models import Cadre, OrgUnit, Place, User
from org.roles import Role, group_name
from research.models import ResearchTrip

PASSWORD = "Test@2024pass"


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ["code"]

    name = factory.Sequence(lambda n: f"单位{n}")
    code = factory.Sequence(lambda n: f"u{n:05d}")
    kind = OrgUnit.Kind.TOWNSHIP
    parent = None


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"第{n}村")
    kind = Place.Kind.VILLAGE
    unit = factory.SubFactory(OrgUnitFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password(PASSWORD)
    # A current password: no forced change at login (see security.passwords).
    password_changed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            groups = [Group.objects.get(name=group_name(role)) for role in extracted]
            self.groups.set(groups)


class CadreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cadre

    name = factory.Sequence(lambda n: f"干部{n}")
    unit = factory.SubFactory(OrgUnitFactory)
    rank = Cadre.Rank.TOWNSHIP
    position = "副镇长"


def make_login(username: str, role: Role, *, unit=None, scope=None, **cadre) -> User:
    """A user with one role; with `unit`, also a cadre of that unit."""
    user = UserFactory(username=username, roles=[role], scope_unit=scope)
    if unit is not None:
        CadreFactory(user=user, unit=unit, name=cadre.pop("name", username), **cadre)
    return user


class ActivityFactory(factory.django.DjangoModelFactory):
    """A held on-site session by default; pass `places=[...]` to set places."""

    class Meta:
        model = "activities.Activity"
        skip_postgeneration_save = True

    kind = "onsite"
    status = "held"
    cadre = factory.SubFactory(CadreFactory)
    unit = factory.SelfAttribute("cadre.unit")
    start_date = factory.Faker("date_between", start_date="-300d", end_date="-1d")
    topic = factory.Sequence(lambda n: f"现场办公{n}")
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def places(self, create, extracted, **kwargs):
        if create and extracted:
            self.places.set(extracted)


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "research.ResearchTopic"

    title = factory.Sequence(lambda n: f"调研课题{n}")
    lead = factory.SubFactory(CadreFactory, rank=Cadre.Rank.COUNTY)
    unit = factory.SelfAttribute("lead.unit")
    year = 2024
    problem = "聚焦的问题"
    method = "precise"


def make_trip(topic, start, end, *participants, places=()):
    """A research trip of `topic` from `start` to `end` by the participants."""

    trip = ResearchTrip.objects.create(topic=topic, start_date=start, end_date=end)
    trip.participants.set(participants or [topic.lead])
    trip.places.set(places)
    return trip
