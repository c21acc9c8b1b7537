"""A logged set can say its pain figure is the ordinary ache of rolling or stretching, and whether a
balance hold was done hands-free (the evidence its mastery needs).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("set_logs") as batch:
        batch.add_column(sa.Column("discomfort", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.add_column(sa.Column("hands_free", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("set_logs") as batch:
        batch.drop_column("hands_free")
        batch.drop_column("discomfort")
