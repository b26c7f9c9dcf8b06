"""Block on allocations without a consumer record.

Revision ID: b5c396305c25
Revises: 611cd6dffd7b
Create Date: 2019-06-03 00:00:00

"""

from alembic import op
import sqlalchemy as sa

from placement.db.sqlalchemy import migration

# revision identifiers, used by Alembic.
revision = 'b5c396305c25'
down_revision = '611cd6dffd7b'
branch_labels = None
depends_on = None

MESSAGE = ('There is at least one allocation record which is missing a '
           'consumer record. Run the "placement-manage db '
           'online_data_migrations" command.')


def upgrade():
    allocations = sa.table('allocations', sa.column('consumer_id'))
    consumers = sa.table('consumers', sa.column('id'), sa.column('uuid'))
    query = sa.select(sa.func.count()).select_from(
        allocations.outerjoin(
            consumers, allocations.c.consumer_id == consumers.c.uuid)
    ).where(consumers.c.id.is_(None))
    if op.get_bind().execute(query).scalar():
        raise migration.DataMigrationRequired(MESSAGE)
