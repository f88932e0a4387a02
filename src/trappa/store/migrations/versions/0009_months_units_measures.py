"""monthly data: months on accounts and FTEs, the delivering unit of a decision, delivered hours,
sickness absence; the register of measures (tiltak), re-bases and targets of SPC charts, the units a leader sees

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 04:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _monthly(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table(name, schema=None) as batch_op:
        batch_op.create_index(batch_op.f(f"ix_{name}_import_id"), ["import_id"], unique=False)
        batch_op.create_index(batch_op.f(f"ix_{name}_year"), ["year"], unique=False)


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("month", sa.Integer(), nullable=True))
    with op.batch_alter_table("ftes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("month", sa.Integer(), nullable=True))
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit", sa.String(length=200), nullable=True))
    _monthly("delivered_hours", sa.Column("hours", sa.Float(), nullable=False))
    _monthly(
        "sickness_absence",
        sa.Column("absence_days", sa.Float(), nullable=False),
        sa.Column("possible_days", sa.Float(), nullable=False),
    )
    op.create_table(
        "measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=True),
        sa.Column("kpi", sa.String(length=60), nullable=True),
        sa.Column("start", sa.String(length=7), nullable=False),
        sa.Column("expected_mnok", sa.Float(), nullable=True),
        sa.Column("expected_change", sa.Float(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rebases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("kpi", sa.String(length=60), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["measure_id"], ["measures.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "kpi_targets",
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("kpi", sa.String(length=60), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("username", sa.String(length=100), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("unit", "kpi"),
    )
    op.create_table(
        "user_units",
        sa.Column("username", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("username", "unit"),
    )


def downgrade() -> None:
    op.drop_table("user_units")
    op.drop_table("kpi_targets")
    op.drop_table("rebases")
    op.drop_table("measures")
    op.drop_table("sickness_absence")
    op.drop_table("delivered_hours")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_column("unit")
    with op.batch_alter_table("ftes", schema=None) as batch_op:
        batch_op.drop_column("month")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("month")
