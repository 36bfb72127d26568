"""Typed errors of the vault, each with one plain Chinese sentence for the user."""

from __future__ import annotations

from datetime import datetime

from minzheng_field.domain.errors import MinzhengError


class VaultError(MinzhengError):
    """Something about the vault itself went wrong."""

    kind = "vault"


class VaultNotFound(VaultError):
    kind = "vault_not_found"

    def __init__(self) -> None:
        super().__init__(
            "这个文件夹里没有找到数据库，请确认数据文件夹是否选对，或新建、从备份恢复。"
        )


class VaultExists(VaultError):
    kind = "vault_exists"

    def __init__(self) -> None:
        super().__init__("这个文件夹里已经有一个数据库，不能在这里再新建或恢复；请换一个空文件夹。")


class WrongPassword(VaultError):
    kind = "wrong_password"

    def __init__(self, *, delay_seconds: int = 0) -> None:
        message = "密码不对，请重新输入。"
        if delay_seconds:
            message = f"密码不对，请等待{delay_seconds}秒后再试。"
        super().__init__(message)
        self.delay_seconds = delay_seconds


class LockedOut(VaultError):
    kind = "locked_out"

    def __init__(self, until: datetime, remaining_seconds: int, *, lockout: bool) -> None:
        if lockout:
            minutes = max(1, (remaining_seconds + 59) // 60)
            message = (
                f"密码连续输错次数太多，这个账号已锁定，请{minutes}分钟后再试，"
                "或请管理员帮您重设密码。"
            )
        else:
            message = f"密码输错了几次，请等待{remaining_seconds}秒后再试。"
        super().__init__(message)
        self.until = until
        self.remaining_seconds = remaining_seconds
        self.lockout = lockout


class UnknownUser(VaultError):
    kind = "unknown_user"

    def __init__(self) -> None:
        super().__init__("没有这个用户，请从列表中选择您的账号。")


class UserExists(VaultError):
    kind = "user_exists"

    def __init__(self) -> None:
        super().__init__("已经有同名的账号，请换一个登录名。")


class NotAllowed(VaultError):
    kind = "not_allowed"


class WeakPassword(VaultError):
    kind = "weak_password"


class KeyFileMissing(VaultError):
    kind = "key_file_missing"

    def __init__(self) -> None:
        super().__init__(
            "找不到密钥文件（vault.key），数据库无法打开。请从备份恢复，或联系县民政局帮助找回。"
        )


class KeyFileDamaged(VaultError):
    kind = "key_file_damaged"

    def __init__(self) -> None:
        super().__init__(
            "密钥文件（vault.key）已损坏，数据库无法打开。请从备份恢复，或联系县民政局帮助找回。"
        )


class VaultKeyMismatch(VaultError):
    kind = "vault_key_mismatch"

    def __init__(self) -> None:
        super().__init__(
            "数据库文件和密钥文件不是同一套，无法打开。请不要单独复制其中一个文件；请从备份恢复。"
        )


class VaultDamaged(VaultError):
    kind = "vault_damaged"

    def __init__(self) -> None:
        super().__init__("数据库文件已损坏，无法打开。请从最近的备份恢复。")


class VaultLocked(VaultError):
    kind = "vault_locked"

    def __init__(self) -> None:
        super().__init__("数据库已锁定，请先输入密码解锁。")


class VaultBusy(VaultError):
    kind = "vault_busy"

    def __init__(self) -> None:
        super().__init__("还有操作正在使用数据库，请等它完成后再锁定。")


class VaultTooNew(VaultError):
    kind = "vault_too_new"

    def __init__(self) -> None:
        super().__init__("这个数据库是由更新版本的程序创建的，当前程序无法打开，请先升级本程序。")


class MigrationFailed(VaultError):
    kind = "migration_failed"

    def __init__(self) -> None:
        super().__init__(
            "数据库升级没有成功，数据保持升级前的样子，没有丢失。请把日志文件发给技术支持。"
        )


class DataDirNotWritable(VaultError):
    kind = "data_dir_not_writable"

    def __init__(self) -> None:
        super().__init__("数据文件夹无法写入，请换一个文件夹，或请管理员检查文件夹权限。")


class DiskFull(VaultError):
    kind = "disk_full"

    def __init__(self) -> None:
        super().__init__("磁盘空间已满，刚才的修改没有保存。请清理磁盘后再试，已有数据没有丢失。")


class BackupInvalid(VaultError):
    kind = "backup_invalid"

    def __init__(self) -> None:
        super().__init__("这个文件不是本程序的备份，或备份文件已损坏，无法恢复。")


class BackupFromOtherVault(VaultError):
    kind = "backup_from_other_vault"

    def __init__(self) -> None:
        super().__init__(
            "这个备份属于另一个数据库，不能覆盖当前数据库。如需恢复，请选择一个空的数据文件夹。"
        )
