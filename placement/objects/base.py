"""Base classes of placement's oslo.versionedobjects domain objects.

Objects are never sent over RPC, so they are not registered; they give the
object layer typed fields, change tracking and a single place for the SQL.
"""

from oslo_versionedobjects import base


class VersionedObject(base.VersionedObject):
    """Base of every placement domain object."""

    OBJ_SERIAL_NAMESPACE = 'placement_object'
    OBJ_PROJECT_NAMESPACE = 'placement'


# Builds the field properties of an object class (what registration does)
# without entering it in a registry.
objectify = base.VersionedObjectRegistry.objectify

# Adds ``created_at`` and ``updated_at`` (row timestamps, naive UTC).
TimestampedObject = base.TimestampedObject
