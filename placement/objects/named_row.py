"""Get-or-create of rows identified by one unique string column.

Projects and users (by external id) and consumer types (by name) are
created the first time a write names them. Two requests may create the
same row at once: the loser's INSERT fails on the unique constraint and it
re-reads the row in a new transaction, whose snapshot shows the winner's
committed row (an old REPEATABLE READ snapshot would not).
"""

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_versionedobjects import fields
import sqlalchemy as sa

from placement import db_api
from placement.objects import base


@db_api.placement_context_manager.reader
def get_id(context, column, value):
    """The id of the row whose *column* equals *value*, or None."""
    table = column.table
    return context.session.execute(
        sa.select(table.c.id).where(column == value)).scalar()


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
@db_api.placement_context_manager.writer
def _insert(context, column, value):
    return context.session.execute(
        column.table.insert().values({column.name: value})
    ).inserted_primary_key[0]


def ensure_id(context, column, value):
    """The id of the row whose *column* equals *value*, creating it.

    Call it outside any transaction: the race resolution needs the INSERT
    and the re-read to be transactions of their own.
    """
    row_id = get_id(context, column, value)
    if row_id is not None:
        return row_id
    try:
        return _insert(context, column, value)
    except db_exc.DBDuplicateEntry:
        return get_id(context, column, value)


class ExternalIdObject(base.VersionedObject):
    """A project or user: an id and the keystone id it stands for.

    ``COLUMN`` is the model column holding the external id.
    """

    COLUMN = None
    fields = {
        'id': fields.IntegerField(read_only=True),
        'external_id': fields.StringField(nullable=False),
    }

    @classmethod
    def ensure(cls, context, external_id):
        """Get or create the row of *external_id* (outside transactions)."""
        return cls(context, id=ensure_id(context, cls.COLUMN, external_id),
                   external_id=external_id)
