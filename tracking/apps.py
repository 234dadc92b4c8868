from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = "督办事项"

    def ready(self) -> None:
        from .models import Notification
        from .registry import register_notice_kind

        for kind, schedule in [
            (
                Notification.Kind.SHARE_PASSED,
                "办理时间过去75%时提醒责任人一次（工作日上午8:30）",
            ),
            (
                Notification.Kind.DUE_SOON,
                "到期前3个工作日内提醒责任人一次（工作日上午8:30）",
            ),
            (
                Notification.Kind.OVERDUE_DAILY,
                "有逾期事项时，每个工作日向责任人发送汇总",
            ),
            (
                Notification.Kind.OVERDUE_WEEKLY,
                "每周第一个工作日向单位办公室发送本单位逾期事项汇总",
            ),
        ]:
            register_notice_kind(kind, kind.label, reminder=True, schedule=schedule)
