"""Typed errors of the use cases, each with one plain Chinese sentence."""

from __future__ import annotations

from minzheng_field.domain.errors import MinzhengError


class NotFound(MinzhengError):
    kind = "not_found"

    def __init__(self, what: str = "记录") -> None:
        super().__init__(f"找不到这条{what}，可能已被删除或移出本乡镇。")


class Forbidden(MinzhengError):
    kind = "forbidden"

    def __init__(self, message: str = "您的账号没有权限查看或修改这份档案。") -> None:
        super().__init__(message)


class InvalidInput(MinzhengError):
    """A value the user typed is not acceptable; `field` names the input to highlight."""

    kind = "invalid_input"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class DuplicateResidentId(MinzhengError):
    """The ID number is already on another live person; says where that record is."""

    kind = "duplicate_resident_id"

    def __init__(self, person_id: str, household_id: str | None, where: str) -> None:
        super().__init__(f"这个身份证号已经登记在{where}，同一个人不能登记两次；请先核对那条记录。")
        self.person_id = person_id
        self.household_id = household_id
