"""Projects: external (keystone) project ids known to placement."""

from placement.db.sqlalchemy import models
from placement.objects import named_row


class Project(named_row.ExternalIdObject):
    COLUMN = models.Project.__table__.c.external_id
