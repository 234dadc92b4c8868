from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice

from org.models import User


class AuditEvent(models.Model):
    """An access or a sign-in: who, when, what, from where.

    Written for every unmasked view of personal data, every export and
    report download, every login, failed login, lockout and password change,
    every duplicate check of a petition and every change of roles.
    Data changes (old → new) are in auditlog's LogEntry; both are read on the
    auditor's page. Read-only: rows leave only through `purge_audit`.
    """

    class Action(models.TextChoices):
        REVEAL = "reveal", "查看完整个人信息"
        EXPORT = "export", "导出"
        DOWNLOAD = "download", "下载报告"
        LOGIN = "login", "登录"
        LOGOUT = "logout", "退出"
        LOGIN_FAILED = "login_failed", "登录失败"
        LOCKOUT = "lockout", "账号锁定"
        PASSWORD_CHANGE = "password_change", "修改密码"
        OTP_FAILED = "otp_failed", "动态口令错误"
        DUPLICATE_CHECK = "duplicate_check", "信访查重"
        ROLE_CHANGE = "role_change", "角色权限变更"

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name="用户",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # The name typed at a failed login, which may match no account.
    username = models.CharField("用户名", max_length=150, blank=True)
    action = models.CharField("操作", max_length=16, choices=Action.choices)
    object_type = models.CharField("对象类型", max_length=50)
    object_id = models.CharField("对象", max_length=50, blank=True)
    detail = models.CharField("说明", max_length=300, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        who = self.user or self.username
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("审计记录只读，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计记录只读，只能按保存期限清理。")


class PasswordHistory(models.Model):
    """The hashes of a user's earlier passwords: none of the last few may return."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField("密码摘要", max_length=128)
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.at:%Y-%m-%d}"


class SecondFactor(TOTPDevice):
    """A user's TOTP authenticator, as the security administrator sees it in
    the admin: who bound it and when, and removing it when it is lost (the
    user binds a new one at the next login)."""

    class Meta:
        proxy = True
        verbose_name = "动态口令设备"
        verbose_name_plural = "动态口令设备"
