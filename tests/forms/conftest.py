"""A small valid form definition that tests break in one place at a time."""

from __future__ import annotations

import copy
from typing import Any

import pytest

SMALL_FORM: dict[str, Any] = {
    "format": 1,
    "id": "sample_visit",
    "version": "2026.1",
    "title": "示例探访记录",
    "context": [{"id": "birth_date", "type": "date", "label": "出生日期"}],
    "sections": [
        {
            "id": "main",
            "title": "情况",
            "fields": [
                {
                    "id": "method",
                    "type": "single_choice",
                    "label": "探访方式",
                    "required": True,
                    "choices": [
                        {"code": "home", "label": "入户"},
                        {"code": "phone", "label": "电话"},
                    ],
                },
                {"id": "alone", "type": "yes_no", "label": "是否独居", "required": True},
                {
                    "id": "carer",
                    "type": "text",
                    "label": "照料人",
                    "required": True,
                    "relevance": "alone == False",
                },
                {"id": "years", "type": "integer", "label": "年龄", "computed": "age(birth_date)"},
            ],
        }
    ],
    "followups": [
        {
            "id": "alone_rule",
            "when": "alone == True",
            "kind": "follow_up",
            "title": "跟进独居情况",
            "due_in_days": 7,
            "priority": "normal",
        }
    ],
}


@pytest.fixture
def small_form() -> dict[str, Any]:
    """A fresh copy of a small valid definition (JSON data, not yet loaded)."""
    return copy.deepcopy(SMALL_FORM)
