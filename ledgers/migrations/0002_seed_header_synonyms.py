"""The column names offices write for our ledger columns, as first seeded.

Kept as data: an administrator extends it in the admin ("列名同义词").
"""

from django.db import migrations

SYNONYMS = [
    # (kind, our header, other names) — kind "" applies to every ledger.
    (
        "",
        "完成时限",
        "办结时限、整改期限、整改时限、限时办理时间、完成时间、办理时限、时限要求、完成期限、截止时间、完成时限要求",
    ),
    (
        "",
        "责任单位",
        "承办单位、牵头单位、责任部门、主办单位、牵头部门、承办部门、责任单位（牵头）",
    ),
    ("", "配合单位", "协办单位、配合部门、协同单位、参与单位、责任单位（配合）"),
    ("", "责任人", "具体责任人、经办人、承办人、具体负责人"),
    ("", "年度", "年份"),
    (
        "petition_cases",
        "信访人",
        "来访人、来信来访人、上访人姓名、上访人、信访人姓名、反映人、来访人姓名",
    ),
    (
        "petition_cases",
        "身份证号",
        "身份号码、身份证号码、公民身份号码、证件号码、身份证",
    ),
    ("petition_cases", "联系电话", "联系方式、电话、手机号码、手机号、联系电话号码"),
    (
        "petition_cases",
        "信访诉求",
        "反映的主要问题、主要诉求、问题摘要、反映问题、诉求内容、主要问题、信访事项、反映的问题",
    ),
    ("petition_cases", "登记日期", "来访日期、来访时间、登记时间、信访日期、信访时间"),
    ("petition_cases", "来源渠道", "信访形式、来访方式、信访方式、信访渠道"),
    ("petition_cases", "问题类别", "问题分类、反映问题类别、问题类型、类别"),
    ("petition_cases", "编号", "信访编号、件号、登记编号、案件编号、信访件编号"),
    (
        "livelihood_items",
        "民生实事",
        "项目名称、实事名称、民生实事项目、项目、实事项目",
    ),
    (
        "livelihood_items",
        "目标任务",
        "建设内容及目标、目标任务及标准、建设内容、主要内容、工作目标、目标",
    ),
    (
        "livelihood_items",
        "完成进度（%）",
        "完成进度、进度、完成比例、完成率、完成进度(%)",
    ),
    ("livelihood_items", "进展情况", "工作进展、目前进展、推进情况、完成情况、进展"),
    ("research_measures", "发现问题", "存在问题、问题、主要问题、问题描述、存在的问题"),
    ("research_measures", "解决措施", "整改措施、措施、具体措施、落实措施、解决办法"),
    ("research_measures", "课题", "调研课题、课题名称"),
    ("research_trips", "课题", "调研课题、课题名称"),
    ("research_findings", "课题", "调研课题、课题名称"),
    (
        "research_findings",
        "发现的问题",
        "存在问题、问题、发现问题、存在的问题、问题描述",
    ),
    ("research_topics", "课题名称", "调研课题、课题、题目、调研题目"),
    ("research_topics", "牵头领导", "领衔领导、负责领导、调研领导、课题负责人"),
    ("research_topics", "聚焦的问题", "调研重点、调研内容、聚焦问题、研究问题"),
    ("research_trips", "参加人员", "调研人员、参加调研人员、参与人员、调研组成员"),
    ("research_trips", "调研地点", "调研点、地点、调研单位"),
    ("activities", "日期", "活动日期、开展时间、时间、宣讲时间、开展日期"),
    ("activities", "主题", "宣讲主题、活动主题、宣讲内容、党课题目、主要内容"),
    (
        "activities",
        "主讲（带队）干部",
        "主讲人、宣讲人、带队领导、授课人、主讲领导、主讲干部",
    ),
    ("activities", "地点", "活动地点、宣讲地点、办公地点"),
    ("reception_days", "接访领导", "接访领导干部、值班领导、接待领导、接访领导姓名"),
    ("reception_days", "接待群众（人次）", "接待人次、接访人次、接待群众、来访人次"),
    ("reception_days", "日期", "接访日期、接访时间"),
    ("hotline_orders", "工单号", "工单编号、编号"),
    ("hotline_orders", "承办单位", "责任单位、办理单位"),
    ("hotline_orders", "诉求摘要", "诉求内容、反映问题、工单内容、诉求、主要诉求"),
    ("hotline_orders", "受理时间", "派单时间、来电时间"),
    ("hotline_orders", "办结时间", "办结日期、完结时间"),
    ("hotline_orders", "满意度", "回访满意度、群众满意度、评价"),
    ("hotline_orders", "签收时间", "签收日期、接单时间"),
    ("hotline_orders", "已解决", "是否解决、解决情况"),
    ("activities", "结束日期", "截止日期、结束时间"),
    ("activities", "类别", "活动类型、宣讲形式、活动类别、类型"),
    ("activities", "状态", "开展情况、是否开展"),
    ("activities", "组织单位", "主办单位、组织部门、所在单位"),
    ("activities", "听众（党员）", "党员人数、参加党员、党员听众"),
    ("activities", "听众（群众）", "群众人数、参加群众、群众听众"),
    ("activities", "走访群众（户）", "走访户数、走访群众"),
    ("activities", "收集问题", "收集问题数、收集问题（个）"),
    ("activities", "现场解决", "现场解决问题数、现场解决问题（个）"),
    ("activities", "意见建议", "意见建议数、收到意见建议（条）"),
    ("reception_days", "类别", "接访类型、接访形式"),
    ("reception_days", "地点", "接访地点、接待地点"),
    ("reception_days", "单位", "所在单位、工作单位"),
    ("research_topics", "单位", "所在单位、牵头单位"),
    ("research_topics", "调研方式", "调研形式、调研类型"),
    ("research_trips", "开始日期", "调研开始时间、起始日期、调研日期、开始时间"),
    ("research_trips", "结束日期", "调研结束时间、截止日期、结束时间"),
    ("research_trips", "调研情况", "调研内容、调研情况简介"),
    ("research_findings", "发现日期", "发现时间、日期"),
    ("rectifications", "问题", "存在问题、问题表现、问题清单、主要问题、具体问题、检视问题"),
    ("rectifications", "整改措施", "整改举措、措施、具体措施"),
    ("rectifications", "整改目标", "目标、整改要求、预期目标、整改标准"),
    ("rectifications", "整改时限", "完成时限、整改期限、办结时限、时限、完成时间"),
    ("rectifications", "责任领导", "分管领导、牵头领导、包抓领导、责任领导干部"),
]


def seed(apps, schema_editor):
    HeaderSynonym = apps.get_model("ledgers", "HeaderSynonym")
    for kind, header, synonyms in SYNONYMS:
        HeaderSynonym.objects.update_or_create(
            kind=kind, header=header, defaults={"synonyms": synonyms}
        )


def unseed(apps, schema_editor):
    apps.get_model("ledgers", "HeaderSynonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("ledgers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
