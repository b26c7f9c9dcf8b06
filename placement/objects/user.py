"""Users: external (keystone) user ids known to placement."""

from placement.db.sqlalchemy import models
from placement.objects import named_row


class User(named_row.ExternalIdObject):
    COLUMN = models.User.__table__.c.external_id
