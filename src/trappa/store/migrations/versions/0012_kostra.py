"""KOSTRA figures from SSB (or a saved answer or export) and the expense-need index for health and care

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kostra_figures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("region_name", sa.String(length=200), nullable=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("function", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("region", "year", "figure", "function", name="uq_kostra_figures_cell"),
    )
    with op.batch_alter_table("kostra_figures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_kostra_figures_region"), ["region"], unique=False)
    op.create_table(
        "expense_needs",
        sa.Column("region", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("index", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("region", "year"),
    )


def downgrade() -> None:
    op.drop_table("expense_needs")
    with op.batch_alter_table("kostra_figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_kostra_figures_region"))
    op.drop_table("kostra_figures")
