"""Base classes of placement's oslo.versionedobjects domain objects.

Objects are never sent over RPC, so they are not registered; they give the
object layer typed fields, change tracking and a single place for the SQL.
"""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields


class VersionedObject(base.VersionedObject):
    """Base of every placement domain object."""

    OBJ_SERIAL_NAMESPACE = 'placement_object'
    OBJ_PROJECT_NAMESPACE = 'placement'


# Builds the field properties of an object class (what registration does)
# without entering it in a registry.
objectify = base.VersionedObjectRegistry.objectify

# Adds ``created_at`` and ``updated_at`` (row timestamps, naive UTC).
TimestampedObject = base.TimestampedObject


class NamedRowObject(VersionedObject, TimestampedObject):
    """A row with an ``id`` and a unique ``name``: classes, traits.

    Built from an entry of the request's attribute cache or from a query
    row with the same four columns.
    """

    fields = {
        'id': fields.IntegerField(read_only=True),
        'name': fields.StringField(nullable=False),
    }

    @classmethod
    def _from_row(cls, context, row):
        obj = cls(context)
        obj._load(row)
        return obj

    def _load(self, row):
        """Set every field from ``row`` (id, name, created/updated_at)."""
        self.id = row.id
        self.name = row.name
        self.created_at = row.created_at
        self.updated_at = row.updated_at
        self.obj_reset_changes()
