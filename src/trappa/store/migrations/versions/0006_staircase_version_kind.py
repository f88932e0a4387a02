"""staircase versions of both kinds: the service staircase and the housing staircase

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 02:25:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staircase_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="service"))


def downgrade() -> None:
    with op.batch_alter_table("staircase_versions", schema=None) as batch_op:
        batch_op.drop_column("kind")
