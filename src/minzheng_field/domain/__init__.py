"""Pure rules of the civil-affairs domain: no Qt, no SQL, no I/O."""

from minzheng_field.domain.divisions import (
    Division,
    DivisionLevel,
    DivisionTable,
    InvalidDivisionCode,
    normalize_division_code,
)
from minzheng_field.domain.errors import MinzhengError
from minzheng_field.domain.masking import mask_bank_account, mask_phone, mask_resident_id
from minzheng_field.domain.passwords import password_problem
from minzheng_field.domain.resident_id import (
    InvalidResidentId,
    ResidentId,
    Sex,
    is_valid_resident_id,
    parse_resident_id,
    resident_id_check_character,
)

__all__ = [
    "Division",
    "DivisionLevel",
    "DivisionTable",
    "InvalidDivisionCode",
    "InvalidResidentId",
    "MinzhengError",
    "ResidentId",
    "Sex",
    "is_valid_resident_id",
    "mask_bank_account",
    "mask_phone",
    "mask_resident_id",
    "normalize_division_code",
    "parse_resident_id",
    "password_problem",
    "resident_id_check_character",
]
