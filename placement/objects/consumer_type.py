"""Consumer types (v1.38+): names such as INSTANCE or MIGRATION.

A consumer without a type (NULL) is shown as ``unknown``; that name is
never stored.
"""

from oslo_versionedobjects import fields

from placement.db.sqlalchemy import models
from placement.objects import base
from placement.objects import named_row

UNKNOWN = 'unknown'
_NAME = models.ConsumerType.__table__.c.name


class ConsumerType(base.VersionedObject):
    fields = {
        'id': fields.IntegerField(read_only=True),
        'name': fields.StringField(nullable=False),
    }

    @classmethod
    def ensure(cls, context, name):
        """Get or create the consumer type *name* (outside transactions)."""
        return cls(context, id=named_row.ensure_id(context, _NAME, name),
                   name=name)
