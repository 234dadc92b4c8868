from django.db import migrations

# 信访工作条例 (2022): articles 22, 31, 32, 35.
DEFAULTS = [
    ("registered", 15, "第二十二条：自收到信访事项之日起15日内转送、交办"),
    ("routed", 15, "第三十一条：收到转送交办之日起15日内决定是否受理并告知信访人"),
    ("accepted", 60, "第三十二条：自受理之日起60日内办结，情况复杂的经批准可延长不超过30日"),
    ("replied", 30, "第三十五条：信访人对处理意见不服的，自收到书面答复之日起30日内请求复查"),
    ("review", 30, "第三十五条：复查机关自收到复查请求之日起30日内提出复查意见"),
    ("reviewed", 30, "第三十五条：对复查意见不服的，自收到之日起30日内请求复核"),
    ("recheck", 30, "第三十五条：复核机关自收到复核请求之日起30日内提出复核意见"),
]


def add_defaults(apps, schema_editor):
    TimeLimitRule = apps.get_model("petitions", "TimeLimitRule")
    for stage, days, basis in DEFAULTS:
        TimeLimitRule.objects.get_or_create(
            stage=stage, defaults={"days": days, "basis": basis}
        )
    apps.get_model("petitions", "HotlineStandard").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
