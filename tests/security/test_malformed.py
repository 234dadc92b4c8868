"""Bad input across forms, query strings and ledger imports: each gets a
clear Chinese error naming the field or row (or an escaped rendering), never
a 500, and nothing half-saved. The list is the closing note's table."""

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import pytest
from axes.models import AccessAttempt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from activities.models import Activity
from petitions.models import PetitionCase, ReceptionDay
from research.models import ResearchPlan
from tests.factories import CadreFactory
from tests.petitions.test_views import id_number

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
RECEPTION_HEADER = ["日期", "类别", "接访领导", "单位", "地点", "接待群众（人次）"]


def lecture(city, **changes):
    data = {
        "kind": "lecture",
        "status": "held",
        "cadre": city.users.cadre.cadre.pk,
        "places": [city.yc_village.pk],
        "start_date": (TODAY - timedelta(days=3)).isoformat(),
        "topic": "宣讲党的二十届三中全会精神",
        "audience_party_members": 20,
        "audience_public": 80,
        "problems_raised": 0,
        "problems_solved_on_site": 0,
        "suggestions": 0,
        "problems-TOTAL_FORMS": 0,
        "problems-INITIAL_FORMS": 0,
    }
    data.update(changes)
    return data


def case_data(city, **changes):
    data = {
        "channel": "visit",
        "category": "land",
        "content": "反映承包地被占用未获补偿的问题",
        "registered_on": TODAY.isoformat(),
        "unit": city.yongchang.pk,
        "petitioners-TOTAL_FORMS": 1,
        "petitioners-INITIAL_FORMS": 0,
        "petitioners-0-name": "李桂芳",
        "petitioners-0-id_number": id_number("62032119850505222"),
        "petitioners-0-phone": "13900001111",
    }
    data.update(changes)
    return data


def reception_xlsx(*rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(RECEPTION_HEADER)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def reception_csv(*rows, encoding="utf-8") -> bytes:
    lines = [",".join(RECEPTION_HEADER)] + [",".join(map(str, r)) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


GOOD_ROW = ["2024-03-05", "领导接访日", "张县长", "永昌县", "县接待中心", 8]


def row(**changes):
    values = dict(zip(RECEPTION_HEADER, GOOD_ROW, strict=True))
    values.update(changes)
    return [values[h] for h in RECEPTION_HEADER]


@dataclass
class Bad:
    """One malformed input: who sends it, where, and the error it must get."""

    label: str
    user: str
    send: object  # (client, city) -> response
    status: int
    expect: str  # text the answer must show (the field or row named)
    nothing_saved: object = None  # () -> bool
    marks: object = ()


def post(url_name, data_fn, **kwargs):
    def send(client, city):
        return client.post(reverse(url_name, **kwargs), data_fn(city), follow=True)

    return send


def upload(name, content_fn):
    def send(client, city):
        CadreFactory(name="张县长", unit=city.yongchang, rank="county")
        url = reverse("ledger_import", args=["reception_days"])
        return client.post(
            url, {"file": SimpleUploadedFile(name, content_fn())}, follow=True
        )

    return send


def no_activity():
    return not Activity.objects.exists()


def no_case():
    return not PetitionCase.objects.exists()


def no_reception():
    return not ReceptionDay.objects.exists()


CASES = [
    Bad(
        "活动主题超长（1000字）",
        "cadre",
        post("activities:create", lambda c: lecture(c, topic="长" * 1000)),
        200,
        "主题：",
        no_activity,
    ),
    Bad(
        "听众人数为负数",
        "cadre",
        post("activities:create", lambda c: lecture(c, audience_public=-5)),
        200,
        "群众",
        no_activity,
    ),
    Bad(
        "活动日期为1900年",
        "cadre",
        post("activities:create", lambda c: lecture(c, start_date="1900-01-01")),
        200,
        "日期",
        no_activity,
    ),
    Bad(
        "活动日期为2100年",
        "cadre",
        post("activities:create", lambda c: lecture(c, start_date="2100-01-01")),
        200,
        "日期",
        no_activity,
    ),
    Bad(
        "不存在的日期 2024-02-30",
        "cadre",
        post("activities:create", lambda c: lecture(c, start_date="2024-02-30")),
        200,
        "日期：",
        no_activity,
    ),
    Bad(
        "下拉项填非数字 cadre=abc",
        "cadre",
        post("activities:create", lambda c: lecture(c, cadre="abc")),
        200,
        "：",
        no_activity,
    ),
    Bad(
        "他县点位（越权选择）",
        "cadre",
        post("activities:create", lambda c: lecture(c, places=[c.jc_village.pk])),
        200,
        "地点：选择一个有效的选项",
        no_activity,
    ),
    Bad(
        "民生实事年度为1900",
        "clerk",
        post(
            "activities:livelihood_create",
            lambda c: {
                "year": 1900,
                "title": "修路",
                "unit": c.chengguan.pk,
                "start_date": "2024-03-01",
                "deadline": "2024-06-01",
            },
        ),
        200,
        "年度：",
    ),
    Bad(
        "民生实事时限早于开始日期",
        "clerk",
        post(
            "activities:livelihood_create",
            lambda c: {
                "year": 2024,
                "title": "修路",
                "unit": c.chengguan.pk,
                "start_date": "2024-06-01",
                "deadline": "2024-03-01",
            },
        ),
        200,
        "完成时限不能早于开始日期",
    ),
    Bad(
        "身份证号格式错误（17位带字母）",
        "petition_office",
        post(
            "petitions:case_create",
            lambda c: case_data(c, **{"petitioners-0-id_number": "62032119850505X22"}),
        ),
        200,
        "身份证号",
        no_case,
    ),
    Bad(
        "电话含字母",
        "petition_office",
        post(
            "petitions:case_create",
            lambda c: case_data(c, **{"petitioners-0-phone": "139abc11111"}),
        ),
        200,
        "电话",
        no_case,
    ),
    Bad(
        "信访人姓名超长（200字）",
        "petition_office",
        post(
            "petitions:case_create",
            lambda c: case_data(c, **{"petitioners-0-name": "张" * 200}),
        ),
        200,
        "姓名：",
        no_case,
    ),
    Bad(
        "登记日期为2100年",
        "petition_office",
        post(
            "petitions:case_create", lambda c: case_data(c, registered_on="2100-05-01")
        ),
        200,
        "日期",
        no_case,
    ),
    Bad(
        "接访人次为负数",
        "clerk",
        post(
            "petitions:reception_create",
            lambda c: {
                "kind": "reception",
                "leader": c.users.cadre.cadre.pk,
                "day": "2024-03-05",
                "visitors": -3,
            },
        ),
        200,
        "接待群众",
        no_reception,
    ),
    Bad(
        "调研计划提交日期为1900年",
        "clerk",
        post(
            "research:plan_create",
            lambda c: {
                "unit": c.yongchang.pk,
                "year": 2024,
                "submitted_on": "1900-02-01",
                "content": "计划",
            },
        ),
        200,
        "日期",
        lambda: not ResearchPlan.objects.exists(),
    ),
    Bad(
        "台账导入：扩展名 .exe",
        "clerk",
        upload("virus.exe", lambda: b"MZ\x90\x00"),
        200,
        "只接受 .xlsx、.xls 或 .csv 文件",
        no_reception,
    ),
    Bad(
        "台账导入：随机字节冒充 .xlsx",
        "clerk",
        upload("接访.xlsx", lambda: bytes(range(256)) * 40),
        200,
        "文件",
        no_reception,
    ),
    Bad(
        "台账导入：GBK 编码的 CSV",
        "clerk",
        upload("接访.csv", lambda: reception_csv(GOOD_ROW, encoding="gbk")),
        200,
        "预览：新增 1 行",  # read correctly: the office's Excel often saves GBK
        None,
    ),
    Bad(
        "台账导入：人次为负数",
        "clerk",
        upload("接访.xlsx", lambda: reception_xlsx(row(**{"接待群众（人次）": -8}))),
        200,
        "第",
        no_reception,
    ),
    Bad(
        "台账导入：日期为1900年",
        "clerk",
        upload("接访.xlsx", lambda: reception_xlsx(row(日期="1900-03-05"))),
        200,
        "第",
        no_reception,
    ),
    Bad(
        "台账导入：日期为2100年",
        "clerk",
        upload("接访.xlsx", lambda: reception_xlsx(row(日期="2100-03-05"))),
        200,
        "超出合理范围",
        no_reception,
    ),
    Bad(
        "台账导入：11MB 文件",
        "clerk",
        upload("接访.csv", lambda: b"a," * (11 * 512 * 1024)),
        200,
        "文件不能超过10MB",
        no_reception,
    ),
    Bad(
        "台账导入：50MB 上传",
        "clerk",
        upload("接访.xlsx", lambda: b"0" * (50 * 1024 * 1024)),
        413,
        "不能超过20MB",
        no_reception,
    ),
]


@pytest.mark.parametrize(
    "bad", [pytest.param(c, id=c.label, marks=c.marks) for c in CASES]
)
def test_malformed_input_gets_a_clear_error(client, city, bad):
    client.force_login(getattr(city.users, bad.user))
    response = bad.send(client, city)
    assert response.status_code == bad.status, response.content[:500]
    text = response.content.decode()
    assert bad.expect in text
    if bad.nothing_saved is not None:
        assert bad.nothing_saved()


def test_the_good_inputs_the_bad_ones_start_from_are_accepted(client, city):
    """So each bad case fails for its one bad value, not for another."""
    client.force_login(city.users.cadre)
    response = client.post(reverse("activities:create"), lecture(city))
    assert response.status_code == 302 and Activity.objects.count() == 1
    client.force_login(city.users.petition_office)
    response = client.post(reverse("petitions:case_create"), case_data(city))
    assert response.status_code == 302 and PetitionCase.objects.count() == 1
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("petitions:reception_create"),
        {
            "kind": "reception",
            "leader": city.users.cadre.cadre.pk,
            "day": "2024-03-05",
            "visitors": 3,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    url = reverse("ledger_import", args=["reception_days"])
    for name, content in (
        ("接访.xlsx", reception_xlsx(GOOD_ROW)),
        ("接访.csv", reception_csv(GOOD_ROW)),
    ):
        preview = client.post(url, {"file": SimpleUploadedFile(name, content)})
        assert "预览：新增 1 行" in preview.text, name


def test_html_and_script_in_fields_are_shown_escaped(client, city):
    client.force_login(city.users.cadre)
    client.post(reverse("activities:create"), lecture(city, topic=SCRIPT))
    activity = Activity.objects.get()
    assert activity.topic == SCRIPT  # kept as typed, nothing lost
    for url in (
        reverse("activities:detail", args=[activity.pk]),
        reverse("activities:list"),
    ):
        page = client.get(url).text
        assert "<script>alert" not in page and "onerror=alert" not in page.replace(
            "&lt;img src=x onerror=alert(1)&gt;", ""
        )
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_a_gbk_encoded_csv_is_read_correctly(client, city):
    CadreFactory(name="张县长", unit=city.yongchang, rank="county")
    client.force_login(city.users.clerk)
    response = client.post(
        reverse("ledger_import", args=["reception_days"]),
        {
            "file": SimpleUploadedFile(
                "接访.csv", reception_csv(GOOD_ROW, encoding="gbk")
            )
        },
    )
    assert response.status_code == 200
    assert "预览：新增 1 行" in response.text and "县接待中心" in response.text


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("activities:list", {"page": "abc", "start": "not-a-date", "cadre": "x"}),
        ("activities:calendar", {"month": "2024-13"}),
        ("activities:heat", {"year": "abc", "quarter": "9"}),
        ("research:overview", {"year": "99999999999999999999"}),
        ("research:topic_list", {"year": "-1", "page": "-5"}),
        ("petitions:case_list", {"registered_after": "1900-01-01", "page": "999"}),
        ("reports:dashboard", {"year": "abc", "unit": "abc"}),
        ("reports:trend_json", {"year": "1900"}),
        ("ledger_export", {"unit": "abc"}),
    ],
)
def test_junk_in_query_strings_never_gives_a_500(client, city, url_name, query):
    client.force_login(city.users.clerk)
    kwargs = {"kind": "activities"} if url_name == "ledger_export" else {}
    response = client.get(reverse(url_name, kwargs=kwargs), query)
    assert response.status_code in (200, 302, 404)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_an_over_long_user_name_at_login_is_refused_by_the_form(client, city, url_name):
    response = client.post(
        reverse(url_name), {"username": "x" * 10000, "password": "y"}
    )
    assert response.status_code == 200
    assert "不超过 150 字符" in response.text
    assert not AccessAttempt.objects.exists()


def test_a_body_that_is_not_utf8_is_refused_cleanly(client, city):
    client.force_login(city.users.cadre)
    response = client.generic(
        "POST",
        reverse("activities:create"),
        b"topic=\xff\xfe\xfa&kind=lecture",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 400, 403)
    assert not Activity.objects.exists()
