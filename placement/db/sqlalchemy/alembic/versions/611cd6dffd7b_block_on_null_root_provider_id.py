"""Block on null root_provider_id.

Revision ID: 611cd6dffd7b
Revises: b4ed3a175331
Create Date: 2019-05-09 00:00:00

"""

from alembic import op
import sqlalchemy as sa

from placement.db.sqlalchemy import migration

# revision identifiers, used by Alembic.
revision = '611cd6dffd7b'
down_revision = 'b4ed3a175331'
branch_labels = None
depends_on = None

MESSAGE = ('There is at least one resource provider table record which is '
           'missing its root provider id. Run the "placement-manage db '
           'online_data_migrations" command.')


def upgrade():
    providers = sa.table('resource_providers',
                         sa.column('root_provider_id'))
    query = sa.select(sa.func.count()).select_from(providers).where(
        providers.c.root_provider_id.is_(None))
    if op.get_bind().execute(query).scalar():
        raise migration.DataMigrationRequired(MESSAGE)
