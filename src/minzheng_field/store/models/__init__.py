"""ORM models of the vault (the schema at the newest migration)."""

from minzheng_field.store.models.base import Base, Synced, new_id, utc_now
from minzheng_field.store.models.care import ChildFile, ElderFile
from minzheng_field.store.models.caseload import (
    DivisionRow,
    Household,
    Person,
    RelativeDeclaration,
)
from minzheng_field.store.models.programs import CountyRule, Enrolment, EnrolmentEvent, RateRow
from minzheng_field.store.models.records import (
    AccessEntry,
    AuditEntry,
    OutboxMutation,
    PersonSearch,
)
from minzheng_field.store.models.vault import UserProfile, VaultMeta
from minzheng_field.store.models.work import (
    Attachment,
    FormVersion,
    Notice,
    Task,
    Visit,
    VisitPlan,
)

__all__ = [
    "AccessEntry",
    "Attachment",
    "AuditEntry",
    "Base",
    "ChildFile",
    "CountyRule",
    "DivisionRow",
    "ElderFile",
    "Enrolment",
    "EnrolmentEvent",
    "FormVersion",
    "Household",
    "Notice",
    "OutboxMutation",
    "Person",
    "PersonSearch",
    "RateRow",
    "RelativeDeclaration",
    "Synced",
    "Task",
    "UserProfile",
    "VaultMeta",
    "Visit",
    "VisitPlan",
    "new_id",
    "utc_now",
]
