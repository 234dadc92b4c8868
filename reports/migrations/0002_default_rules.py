from django.db import migrations

S = "002_jinchang_implementation_opinions.txt"
# (code, name, audience, measure, period, threshold, due, source)
DEFAULTS = [
    ("1", "每年下基层宣讲不少于1次", "leaders", "lecture", "year", 1, "",
     f"{S} 第2项：组织领导干部……每年下基层宣讲不少于1次"),
    ("2", "每年至少讲1次专题党课", "city_or_secretary", "party_lecture", "year", 1, "",
     f"{S} 第3项：市级党员领导干部和各级党组织书记每年至少讲1次专题党课"),
    ("3", "每年2月底前制定年度调研计划", "teams_county_up", "plan_submitted", "year", 1, "02-28",
     f"{S} 第5项：县级以上领导班子每年2月底前制定年度调研计划"),
    ("4", "每年至少牵头1个调研课题", "team_county_up", "topics_led", "year", 1, "",
     f"{S} 第5项：县级以上领导班子成员每人每年至少牵头1个调研课题"),
    ("5", "每年调研不少于60天", "team_county_up", "research_days", "year", 60, "",
     f"{S} 第5项：县级以上领导班子成员每年调研时间不少于60天"),
    ("6", "调研课题12月31日前形成调研报告", "team_county_up", "topics_reported", "year", 1, "12-31",
     f"{S} 第7项：调研课题于12月31日前完成并形成调研报告"),
    ("7", "发现问题逐项制定解决措施", "team_county_up", "findings_with_measures", "year", 1, "",
     f"{S} 第8项：对调研发现的问题逐项制定解决措施，明确责任人和完成时限"),
    ("8", "每季度至少接访1天", "city", "reception_days", "quarter", 1, "",
     f"{S} 第10项：市级领导干部每季度至少接访1天"),
    ("9", "每月至少接访1天", "county", "reception_days", "month", 1, "",
     f"{S} 第10项：县区和市直部门领导干部每月至少接访1天"),
    ("10", "每周至少接访1天", "township", "reception_days", "week", 1, "",
     f"{S} 第10项：乡镇（街道）领导干部每周至少接访1天"),
    ("11", "每半年至少包案1件", "city_and_county", "backlog_cases", "half_year", 1, "",
     f"{S} 第10项：市县两级领导干部每半年至少包案化解信访积案"),
    ("12", "每季度至少现场办公1次", "city", "onsite", "quarter", 1, "",
     f"{S} 第13项：市级领导干部每季度至少到基层现场办公1次"),
    ("13", "每月至少现场办公1次", "county", "onsite", "month", 1, "",
     f"{S} 第13项：县级领导干部每月至少到基层现场办公1次"),
    ("14-1", "每季度与项目单位联系至少1次", "project_leaders", "project_contact", "quarter", 1, "",
     f"{S} 第14项：市级包抓领导每季度至少与项目单位联系1次"),
    ("14-2", "每年实地走访项目不少于2次", "project_leaders", "project_site_visit", "year", 2, "",
     f"{S} 第14项：市级包抓领导每年到项目实地走访不少于2次"),
    ("15-1", "每月与项目单位联系至少1次", "project_commissioners", "project_contact", "month", 1, "",
     f"{S} 第14项：项目服务专员每月至少联系1次"),
    ("15-2", "每季度实地走访项目至少1次", "project_commissioners", "project_site_visit", "quarter", 1, "",
     f"{S} 第14项：项目服务专员每季度至少实地走访1次"),
    ("16-1", "每季度与企业联系至少1次", "enterprise_leaders", "enterprise_contact", "quarter", 1, "",
     f"{S} 第15项：市级包联领导每季度至少与企业联系1次"),
    ("16-2", "每年实地走访企业不少于2次", "enterprise_leaders", "enterprise_site_visit", "year", 2, "",
     f"{S} 第15项：市级包联领导每年到企业实地走访不少于2次"),
    ("17-1", "每月与企业联系至少1次", "enterprise_heads", "enterprise_contact", "month", 1, "",
     f"{S} 第15项：包联企业的市直部门负责人每月至少联系1次"),
    ("17-2", "每季度实地走访企业至少1次", "enterprise_heads", "enterprise_site_visit", "quarter", 1, "",
     f"{S} 第15项：包联企业的市直部门负责人每季度至少实地走访1次"),
]


def add_defaults(apps, schema_editor):
    QuotaRule = apps.get_model("reports", "QuotaRule")
    for order, (code, name, audience, measure, period, threshold, due, source) in enumerate(DEFAULTS):
        QuotaRule.objects.get_or_create(
            code=code,
            defaults={
                "order": order,
                "name": name,
                "audience": audience,
                "measure": measure,
                "period": period,
                "threshold": threshold,
                "due_month_day": due,
                "source": source,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
