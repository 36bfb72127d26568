"""Caseload: households, persons, programs, child and elder files, visits, tasks,
notices, rates and county rules, audit log, outbox and the person search index.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("username", sa.String(length=32), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_log_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "county_rules",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_county_rules")),
    )
    with op.batch_alter_table("county_rules", schema=None) as batch_op:
        batch_op.create_index(
            "ix_county_rules_key_effective_from", ["key", "effective_from"], unique=False
        )

    op.create_table(
        "divisions",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=12), nullable=True),
        sa.Column("retired_since", sa.String(length=8), nullable=True),
        sa.Column("successor_code", sa.String(length=12), nullable=True),
        sa.Column("table_version", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_divisions")),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("operation", sa.String(length=8), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("origin_device", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_outbox")),
        sa.UniqueConstraint("mutation_id", name=op.f("uq_outbox_mutation_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "person_search",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("village_code", sa.String(length=12), nullable=True),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("pinyin", sa.Text(), nullable=False),
        sa.Column("resident_id_reversed", sa.String(length=18), nullable=True),
        sa.Column("phone_digits", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_search")),
    )
    with op.batch_alter_table("person_search", schema=None) as batch_op:
        batch_op.create_index(
            "ix_person_search_resident_id_reversed", ["resident_id_reversed"], unique=False
        )
        batch_op.create_index("ix_person_search_phone_digits", ["phone_digits"], unique=False)
        batch_op.create_index("ix_person_search_pinyin_name", ["pinyin", "name"], unique=False)
        batch_op.create_index(
            "ix_person_search_village_code_pinyin_name",
            ["village_code", "pinyin", "name"],
            unique=False,
        )

    op.create_table(
        "rates",
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("qualifier", sa.String(length=32), nullable=False),
        sa.Column("region_code", sa.String(length=12), nullable=False),
        sa.Column("amount_fen", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rates")),
    )
    with op.batch_alter_table("rates", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rates_kind_effective_from", ["kind", "effective_from"], unique=False
        )

    op.create_table(
        "households",
        sa.Column("village_code", sa.String(length=12), nullable=False),
        sa.Column("head_person_id", sa.String(length=36), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("housing", sa.String(length=64), nullable=True),
        sa.Column("bank_name", sa.String(length=64), nullable=True),
        sa.Column("bank_account", sa.String(length=32), nullable=True),
        sa.Column("dibao_certificate_no", sa.String(length=32), nullable=True),
        sa.Column("relative_declared", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["head_person_id"],
            ["persons.id"],
            name=op.f("fk_households_head_person_id_persons"),
            use_alter=True,
        ),
        sa.ForeignKeyConstraint(
            ["village_code"], ["divisions.code"], name=op.f("fk_households_village_code_divisions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_households")),
    )
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.create_index("ix_households_village_code", ["village_code"], unique=False)

    op.create_table(
        "child_files",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=24), nullable=False),
        sa.Column("father_situation", sa.String(length=24), nullable=True),
        sa.Column("father_whereabouts", sa.String(length=200), nullable=True),
        sa.Column("father_away_since", sa.Date(), nullable=True),
        sa.Column("father_phone", sa.String(length=32), nullable=True),
        sa.Column("mother_situation", sa.String(length=24), nullable=True),
        sa.Column("mother_whereabouts", sa.String(length=200), nullable=True),
        sa.Column("mother_away_since", sa.Date(), nullable=True),
        sa.Column("mother_phone", sa.String(length=32), nullable=True),
        sa.Column("guardian_name", sa.String(length=64), nullable=True),
        sa.Column("guardian_relation", sa.String(length=16), nullable=True),
        sa.Column("guardian_age", sa.Integer(), nullable=True),
        sa.Column("guardian_phone", sa.String(length=32), nullable=True),
        sa.Column("guardian_capacity", sa.String(length=16), nullable=True),
        sa.Column("guardianship_type", sa.String(length=24), nullable=True),
        sa.Column("entrusted_in_writing", sa.Boolean(), nullable=False),
        sa.Column("school", sa.String(length=100), nullable=True),
        sa.Column("grade", sa.String(length=16), nullable=True),
        sa.Column("health", sa.String(length=100), nullable=True),
        sa.Column("last_parent_contact_on", sa.Date(), nullable=True),
        sa.Column("risk_level", sa.String(length=8), nullable=False),
        sa.Column("child_director", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_child_files_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_child_files")),
        sa.UniqueConstraint("person_id", name=op.f("uq_child_files_person_id")),
    )
    op.create_table(
        "elder_files",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("risk_tier", sa.String(length=8), nullable=False),
        sa.Column("living_arrangement", sa.String(length=32), nullable=True),
        sa.Column("care_needs", sa.Text(), nullable=True),
        sa.Column("emergency_contact_name", sa.String(length=64), nullable=True),
        sa.Column("emergency_contact_phone", sa.String(length=32), nullable=True),
        sa.Column("responsible", sa.String(length=32), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_elder_files_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_elder_files")),
        sa.UniqueConstraint("person_id", name=op.f("uq_elder_files_person_id")),
    )
    op.create_table(
        "enrolments",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("program", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("start_month", sa.Date(), nullable=True),
        sa.Column("end_month", sa.Date(), nullable=True),
        sa.Column("monthly_amount_fen", sa.Integer(), nullable=True),
        sa.Column("covered_members", sa.Integer(), nullable=True),
        sa.Column("per_capita_income_fen", sa.Integer(), nullable=True),
        sa.Column("dibao_class", sa.String(length=16), nullable=True),
        sa.Column("support_mode", sa.String(length=16), nullable=True),
        sa.Column("self_care_level", sa.String(length=16), nullable=True),
        sa.Column("carer_name", sa.String(length=64), nullable=True),
        sa.Column("carer_phone", sa.String(length=32), nullable=True),
        sa.Column("assistance_type", sa.String(length=16), nullable=True),
        sa.Column("assistance_amount_fen", sa.Integer(), nullable=True),
        sa.Column("assistance_reason", sa.Text(), nullable=True),
        sa.Column("review_cycle_months", sa.Integer(), nullable=True),
        sa.Column("next_review_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_enrolments_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_enrolments_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolments")),
    )
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.create_index("ix_enrolments_household_id", ["household_id"], unique=False)
        batch_op.create_index("ix_enrolments_person_id", ["person_id"], unique=False)
        batch_op.create_index("ix_enrolments_program_status", ["program", "status"], unique=False)

    op.create_table(
        "relative_declarations",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("staff_name", sa.String(length=64), nullable=False),
        sa.Column("staff_username", sa.String(length=32), nullable=True),
        sa.Column("staff_position", sa.String(length=64), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("declared_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"],
            ["households.id"],
            name=op.f("fk_relative_declarations_household_id_households"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_relative_declarations_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_relative_declarations")),
    )
    with op.batch_alter_table("relative_declarations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_relative_declarations_household_id", ["household_id"], unique=False
        )

    op.create_table(
        "visit_plans",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("visitor", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_visit_plans_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_plans")),
    )
    with op.batch_alter_table("visit_plans", schema=None) as batch_op:
        batch_op.create_index("ix_visit_plans_person_id", ["person_id"], unique=False)

    op.create_table(
        "visits",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("form_id", sa.String(length=64), nullable=False),
        sa.Column("form_version", sa.String(length=16), nullable=False),
        sa.Column("visited_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("visitor", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("amends_visit_id", sa.String(length=36), nullable=True),
        sa.Column("finalised_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["amends_visit_id"], ["visits.id"], name=op.f("fk_visits_amends_visit_id_visits")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_visits_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_visits_person_id_persons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visits")),
    )
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.create_index("ix_visits_amends_visit_id", ["amends_visit_id"], unique=False)
        batch_op.create_index(
            "ix_visits_person_id_visited_on", ["person_id", "visited_on"], unique=False
        )

    op.create_table(
        "enrolment_events",
        sa.Column("enrolment_id", sa.String(length=36), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("effective_on", sa.Date(), nullable=False),
        sa.Column("monthly_amount_fen", sa.Integer(), nullable=True),
        sa.Column("basis", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"],
            ["enrolments.id"],
            name=op.f("fk_enrolment_events_enrolment_id_enrolments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrolment_events")),
    )
    with op.batch_alter_table("enrolment_events", schema=None) as batch_op:
        batch_op.create_index("ix_enrolment_events_enrolment_id", ["enrolment_id"], unique=False)

    op.create_table(
        "notices",
        sa.Column("household_id", sa.String(length=36), nullable=False),
        sa.Column("enrolment_id", sa.String(length=36), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("served_on", sa.Date(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["enrolment_id"], ["enrolments.id"], name=op.f("fk_notices_enrolment_id_enrolments")
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_notices_household_id_households")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.create_index("ix_notices_household_id", ["household_id"], unique=False)

    op.create_table(
        "tasks",
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=True),
        sa.Column("household_id", sa.String(length=36), nullable=True),
        sa.Column("source_visit_id", sa.String(length=36), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("assigned_to", sa.String(length=32), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=32), nullable=True),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"], name=op.f("fk_tasks_household_id_households")
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["persons.id"], name=op.f("fk_tasks_person_id_persons")
        ),
        sa.ForeignKeyConstraint(
            ["source_visit_id"], ["visits.id"], name=op.f("fk_tasks_source_visit_id_visits")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tasks")),
    )
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.create_index("ix_tasks_status_due_on", ["status", "due_on"], unique=False)

    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(sa.Column("household_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("relation", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("ethnicity", sa.String(length=4), nullable=True))
        batch_op.add_column(
            sa.Column("pending_verification", sa.Boolean(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("pending_reason", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("marital_status", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("health", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("disability_category", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("disability_grade", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("labour_capacity", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("employment", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("hukou_address", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("current_address", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("deceased_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch_op.drop_constraint(batch_op.f("uq_persons_resident_id"), type_="unique")
        batch_op.create_index("ix_persons_household_id", ["household_id"], unique=False)
        batch_op.create_index("ix_persons_resident_id", ["resident_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_persons_household_id_households"), "households", ["household_id"], ["id"]
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("villages", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("villages")

    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_persons_household_id_households"), type_="foreignkey"
        )
        batch_op.drop_index("ix_persons_resident_id")
        batch_op.drop_index("ix_persons_household_id")
        batch_op.create_unique_constraint(batch_op.f("uq_persons_resident_id"), ["resident_id"])
        batch_op.drop_column("notes")
        batch_op.drop_column("deceased_on")
        batch_op.drop_column("current_address")
        batch_op.drop_column("hukou_address")
        batch_op.drop_column("employment")
        batch_op.drop_column("labour_capacity")
        batch_op.drop_column("disability_grade")
        batch_op.drop_column("disability_category")
        batch_op.drop_column("health")
        batch_op.drop_column("marital_status")
        batch_op.drop_column("pending_reason")
        batch_op.drop_column("pending_verification")
        batch_op.drop_column("ethnicity")
        batch_op.drop_column("relation")
        batch_op.drop_column("household_id")

    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_column("version")

    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_status_due_on")

    op.drop_table("tasks")
    with op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index("ix_notices_household_id")

    op.drop_table("notices")
    with op.batch_alter_table("enrolment_events", schema=None) as batch_op:
        batch_op.drop_index("ix_enrolment_events_enrolment_id")

    op.drop_table("enrolment_events")
    with op.batch_alter_table("visits", schema=None) as batch_op:
        batch_op.drop_index("ix_visits_person_id_visited_on")
        batch_op.drop_index("ix_visits_amends_visit_id")

    op.drop_table("visits")
    with op.batch_alter_table("visit_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_plans_person_id")

    op.drop_table("visit_plans")
    with op.batch_alter_table("relative_declarations", schema=None) as batch_op:
        batch_op.drop_index("ix_relative_declarations_household_id")

    op.drop_table("relative_declarations")
    with op.batch_alter_table("enrolments", schema=None) as batch_op:
        batch_op.drop_index("ix_enrolments_program_status")
        batch_op.drop_index("ix_enrolments_person_id")
        batch_op.drop_index("ix_enrolments_household_id")

    op.drop_table("enrolments")
    op.drop_table("elder_files")
    op.drop_table("child_files")
    with op.batch_alter_table("households", schema=None) as batch_op:
        batch_op.drop_index("ix_households_village_code")

    op.drop_table("households")
    with op.batch_alter_table("rates", schema=None) as batch_op:
        batch_op.drop_index("ix_rates_kind_effective_from")

    op.drop_table("rates")
    with op.batch_alter_table("person_search", schema=None) as batch_op:
        batch_op.drop_index("ix_person_search_village_code_pinyin_name")
        batch_op.drop_index("ix_person_search_pinyin_name")
        batch_op.drop_index("ix_person_search_phone_digits")
        batch_op.drop_index("ix_person_search_resident_id_reversed")

    op.drop_table("person_search")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_entity")

    op.drop_table("outbox")
    op.drop_table("divisions")
    with op.batch_alter_table("county_rules", schema=None) as batch_op:
        batch_op.drop_index("ix_county_rules_key_effective_from")

    op.drop_table("county_rules")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_entity")
        batch_op.drop_index("ix_audit_log_at")

    op.drop_table("audit_log")
