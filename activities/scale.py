"""Activities of the city at scale: lectures, party lectures, training, on-site
sessions with handed-over problems, liaison contacts and livelihood items.

Leaders mostly meet their quotas (a tenth of the periods are missed); every
cadre's remaining records are spread over the year, to `per_cadre` a year."""

from datetime import date, timedelta

from demo.scale import ScaleCity, aware, bulk, register, tracked_items
from org.models import Cadre, OrgUnit, Place

from .demo import (
    LECTURE_TOPICS,
    LIVELIHOOD,
    ONSITE_TOPICS,
    PARTY_LECTURE_TOPICS,
    PROBLEMS,
)
from .models import Activity, HandedOverProblem, Liaison, LivelihoodItem

K = Activity.Kind
R = Cadre.Rank
ONSITE_MONTHS = {
    R.CITY: [2, 5, 8, 11],
    R.COUNTY: list(range(1, 13)),
    R.TOWNSHIP: [1, 3, 4, 6, 7, 9, 10, 12],
}
FILLER = [K.ONSITE] * 5 + [K.LECTURE] * 3 + [K.TRAINING]
FLUSH = 20000


class _Writer:
    """Collects activities and writes them, their places and handed-over
    problems in batches, so memory stays flat at any scale."""

    def __init__(self, city: ScaleCity):
        self.city = city
        self.pending: list[tuple[Activity, list[int], tuple | None]] = []
        self.activities = 0
        self.problems = 0

    def add(self, activity: Activity, places: list[Place], problem=None) -> None:
        self.pending.append((activity, [p.pk for p in places], problem))
        if len(self.pending) >= FLUSH:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        saved = bulk(Activity, (a for a, _, _ in self.pending))
        through = Activity.places.through
        bulk(
            through,
            (
                through(activity_id=activity.pk, place_id=place_id)
                for activity, (_, place_ids, _) in zip(saved, self.pending, strict=True)
                for place_id in place_ids
            ),
        )
        problems = [
            (activity, spec)
            for activity, (_, _, spec) in zip(saved, self.pending, strict=True)
            if spec
        ]
        items = tracked_items(
            [
                {
                    "kind": HandedOverProblem.ITEM_KIND,
                    "title": title,
                    "unit_id": activity.unit_id,
                    "start_date": activity.start_date,
                    "deadline": activity.start_date + timedelta(days=days),
                    "closed_at": closed_at,
                    "closed_by": self.city.user if closed_at else None,
                    "result": "已整改到位" if closed_at else "",
                }
                for activity, (title, days, closed_at) in problems
            ]
        )
        bulk(
            HandedOverProblem,
            (
                HandedOverProblem(activity_id=activity.pk, item_id=item.pk)
                for (activity, _), item in zip(problems, items, strict=True)
            ),
        )
        self.activities += len(saved)
        self.problems += len(problems)
        self.pending = []


@register(order=10)
def seed_activities(city: ScaleCity) -> str:
    rng, today = city.rng, city.today
    writer = _Writer(city)
    liaisons = _seed_liaisons(city)

    def log(cadre: Cadre, kind: str, day: date, topic: str, **fields) -> None:
        places = fields.pop("places", None) or [rng.choice(city.places_near(cadre))]
        end = fields.get("end_date") or day
        held = end <= today
        problem = None
        if kind == K.ONSITE:
            raised = rng.randint(1, 8)
            fields |= {
                "households_visited": rng.randint(5, 40),
                "problems_raised": raised,
                "problems_solved_on_site": rng.randint(0, raised),
                "suggestions": rng.randint(0, 12),
            }
            if held and rng.random() < 0.2:
                title, days = rng.choice(PROBLEMS)
                deadline = day + timedelta(days=days)
                closes = deadline < today and rng.random() < 0.75
                problem = (title, days, aware(deadline) if closes else None)
        elif kind in (K.LECTURE, K.PARTY_LECTURE, K.TRAINING):
            fields.setdefault("audience_party_members", rng.randint(20, 80))
            if kind == K.LECTURE:
                fields.setdefault("audience_public", rng.randint(30, 150))
        writer.add(
            Activity(
                kind=kind,
                status=Activity.Status.HELD if held else Activity.Status.PLANNED,
                cadre=cadre,
                unit_id=cadre.unit_id,
                start_date=day,
                topic=topic,
                created_by=city.user,
                **fields,
            ),
            places,
            problem,
        )

    for year in city.years:
        for cadre in city.cadres:
            done = 0
            if cadre.rank != R.STAFF:
                done += _quota_work(city, cadre, year, log)
            for _ in range(
                max(0, rng.randint(city.per_cadre - 8, city.per_cadre + 8) - done)
            ):
                kind = rng.choice(FILLER)
                topic = rng.choice(
                    ONSITE_TOPICS if kind == K.ONSITE else LECTURE_TOPICS
                )
                extra = {}
                if kind == K.TRAINING:
                    extra["training_kind"] = Activity.TrainingKind.ROTATION
                log(cadre, kind, city.day_in(year), topic, **extra)
        for liaison in liaisons:
            _liaison_contacts(city, liaison, year, log)
    writer.flush()
    items = _seed_livelihood(city)
    return (
        f"基层活动 {writer.activities} 条，交办问题 {writer.problems} 个，"
        f"包抓包联 {len(liaisons)} 个，民生实事 {items} 项"
    )


def _quota_work(city: ScaleCity, cadre: Cadre, year: int, log) -> int:
    """A leader's lectures, party lecture and on-site sessions of the year."""
    rng = city.rng
    count = 0
    for _ in range(rng.choice([0, 1, 1, 2])):
        log(cadre, K.LECTURE, city.day_in(year), rng.choice(LECTURE_TOPICS))
        count += 1
    if cadre.rank == R.CITY or cadre.is_party_secretary:
        if rng.random() < 0.9:
            log(
                cadre,
                K.PARTY_LECTURE,
                city.day_in(year, date(year, 3, 1), date(year, 11, 30)),
                rng.choice(PARTY_LECTURE_TOPICS),
            )
            count += 1
    for month in ONSITE_MONTHS[cadre.rank]:
        if rng.random() < 0.1:
            continue
        log(
            cadre,
            K.ONSITE,
            date(year, month, rng.randint(1, 28)),
            rng.choice(ONSITE_TOPICS),
        )
        count += 1
    return count


def _seed_liaisons(city: ScaleCity) -> list[Liaison]:
    """City leaders liaise with projects and enterprises; a county leader of the
    place's county is its service commissioner (department head)."""
    city_leaders = [c for c in city.cadres if c.rank == R.CITY]
    county_leaders: dict[str, list[Cadre]] = {}
    for cadre in city.cadres:
        if cadre.rank == R.COUNTY and cadre.unit.kind == OrgUnit.Kind.COUNTY:
            county_leaders.setdefault(cadre.unit.path, []).append(cadre)
    since = date(city.years[0], 1, 1)
    wanted = []
    targets = [
        p for p in city.places if p.kind in (Place.Kind.PROJECT, Place.Kind.ENTERPRISE)
    ]
    for index, place in enumerate(targets):
        kind = (
            Liaison.Kind.PROJECT
            if place.kind == Place.Kind.PROJECT
            else Liaison.Kind.ENTERPRISE
        )
        wanted.append(
            Liaison(
                kind=kind,
                cadre=city_leaders[index % len(city_leaders)],
                role=Liaison.Role.LEADER,
                place=place,
                since=since,
            )
        )
        helpers = county_leaders.get(city.reach[place.unit_id], [])
        if helpers:
            role = (
                Liaison.Role.COMMISSIONER
                if kind == Liaison.Kind.PROJECT
                else Liaison.Role.RESPONSIBLE
            )
            wanted.append(
                Liaison(
                    kind=kind,
                    cadre=helpers[index % len(helpers)],
                    role=role,
                    place=place,
                    since=since,
                )
            )
    return bulk(Liaison, wanted)


def _liaison_contacts(city: ScaleCity, liaison: Liaison, year: int, log) -> None:
    rng = city.rng
    kind = (
        K.PROJECT_VISIT if liaison.kind == Liaison.Kind.PROJECT else K.ENTERPRISE_VISIT
    )
    leader = liaison.role == Liaison.Role.LEADER
    for month in range(1, 13):
        if leader and month % 3 != 1:
            continue
        if rng.random() < 0.1:
            continue
        site = month % 6 == 4 if leader else month % 3 == 2
        mode = Activity.ContactMode.SITE_VISIT if site else Activity.ContactMode.PHONE
        log(
            liaison.cadre,
            kind,
            date(year, month, rng.randint(1, 28)),
            f"{liaison.place.name}{Activity.ContactMode(mode).label}",
            places=[liaison.place],
            liaison=liaison,
            contact_mode=mode,
            problems_raised=1,
            problems_solved_on_site=rng.randint(0, 1),
        )


def _seed_livelihood(city: ScaleCity) -> int:

    owners = {}
    for cadre in city.cadres:
        owners.setdefault(cadre.unit_id, cadre)
    units = [
        u for u in city.units if u.kind in (OrgUnit.Kind.CITY, OrgUnit.Kind.COUNTY)
    ]
    specs, rows = [], []
    for year in city.years:
        for unit in units:
            for index, (title, target) in enumerate(LIVELIHOOD):
                deadline = date(year, 6 + index * 2, 30)
                done = deadline < city.today and city.rng.random() < 0.8
                specs.append(
                    {
                        "kind": LivelihoodItem.ITEM_KIND,
                        "title": f"{unit.name}{title}",
                        "unit_id": unit.pk,
                        "owner": owners.get(unit.pk),
                        "start_date": date(year, 1, 15),
                        "deadline": deadline,
                        "closed_at": aware(deadline) if done else None,
                        "closed_by": city.user if done else None,
                    }
                )
                rows.append((year, target, 100 if done else 40 + index * 15))
    items = tracked_items(specs)
    bulk(
        LivelihoodItem,
        (
            LivelihoodItem(year=year, item=item, target=target, progress_percent=pct)
            for item, (year, target, pct) in zip(items, rows, strict=True)
        ),
    )
    return len(items)
