"""feedback can be marked as handled

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 02:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("handled_by", sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_column("handled_by")
        batch_op.drop_column("handled_at")
