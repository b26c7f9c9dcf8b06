"""Projects: external (keystone) project ids known to placement."""

from oslo_versionedobjects import fields

from placement.db.sqlalchemy import models
from placement.objects import base
from placement.objects import named_row

_EXTERNAL_ID = models.Project.__table__.c.external_id


class Project(base.VersionedObject):
    fields = {
        'id': fields.IntegerField(read_only=True),
        'external_id': fields.StringField(nullable=False),
    }

    @classmethod
    def ensure(cls, context, external_id):
        """Get or create the project *external_id* (outside transactions)."""
        return cls(context, id=named_row.ensure_id(
            context, _EXTERNAL_ID, external_id), external_id=external_id)
