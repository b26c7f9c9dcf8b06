"""Resource classes: standard (os-resource-classes) and custom ones.

Standard classes keep the ids given at startup (their index in
``os_resource_classes.STANDARDS``); custom classes take ids from
``MIN_CUSTOM_RESOURCE_CLASS_ID`` up, so an id tells which kind a class is.
"""

from oslo_db import exception as db_exc
from oslo_log import log as logging
import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception
from placement.objects import base

LOG = logging.getLogger(__name__)

_RC_TBL = models.ResourceClass.__table__
_INV_TBL = models.Inventory.__table__

MIN_CUSTOM_RESOURCE_CLASS_ID = 10000
# Concurrent creators compute the same next id; the loser retries.
MAX_CREATE_RETRIES = 100


@db_api.placement_context_manager.writer
def _insert_custom(context, name):
    """Insert ``name`` with the next custom id."""
    max_id = context.session.execute(
        sa.select(sa.func.max(_RC_TBL.c.id))).scalar()
    rc_id = max(max_id or 0, MIN_CUSTOM_RESOURCE_CLASS_ID - 1) + 1
    context.session.execute(_RC_TBL.insert().values(id=rc_id, name=name))


@db_api.placement_context_manager.reader
def _name_exists(context, name):
    query = sa.select(_RC_TBL.c.id).where(_RC_TBL.c.name == name)
    return context.session.execute(query).first() is not None


@db_api.placement_context_manager.writer
def _rename(context, rc_id, name):
    context.session.execute(
        _RC_TBL.update().where(_RC_TBL.c.id == rc_id).values(name=name))


@db_api.placement_context_manager.writer
def _delete(context, rc_id, name):
    in_use = context.session.execute(
        sa.select(_INV_TBL.c.id)
        .where(_INV_TBL.c.resource_class_id == rc_id).limit(1)).first()
    if in_use:
        raise exception.ResourceClassInUse(resource_class=name)
    result = context.session.execute(
        _RC_TBL.delete().where(_RC_TBL.c.id == rc_id))
    if not result.rowcount:
        raise exception.ResourceClassNotFound(resource_class=name)


def _is_name_conflict(dup_error):
    """Whether a duplicate-entry error is about the name, not the id.

    oslo.db reports the constraint's columns: ``name`` (from the column or
    the ``uniq_resource_classes0name`` key) versus ``id`` / ``PRIMARY``.
    """
    return 'name' in (dup_error.columns or [])


@base.objectify
class ResourceClass(base.NamedRowObject):

    @property
    def is_standard(self):
        return self.id < MIN_CUSTOM_RESOURCE_CLASS_ID

    @classmethod
    def get_by_name(cls, context, name):
        """The class called ``name``.

        :raises exception.ResourceClassNotFound: no such class
        """
        cache = attribute_cache.resource_class_cache(context)
        return cls._from_row(context, cache.all_from_string(name))

    def create(self):
        """Insert this (custom) class with the next free custom id.

        :raises exception.ResourceClassExists: the name is taken
        :raises exception.MaxDBRetriesExceeded: the id kept colliding with
            concurrent creators
        """
        if 'id' in self:
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if _name_exists(self._context, self.name):
            raise exception.ResourceClassExists(resource_class=self.name)
        for attempt in range(MAX_CREATE_RETRIES):
            try:
                _insert_custom(self._context, self.name)
                break
            except db_exc.DBDuplicateEntry as exc:
                if _is_name_conflict(exc):
                    raise exception.ResourceClassExists(
                        resource_class=self.name)
                LOG.debug('Resource class id collision creating %s, '
                          'attempt %d', self.name, attempt + 1)
        else:
            raise exception.MaxDBRetriesExceeded(
                action='create resource class %s' % self.name)
        cache = attribute_cache.resource_class_cache(self._context)
        cache.clear()
        self._load(cache.all_from_string(self.name))

    def save(self):
        """Rename this custom class to its current ``name``.

        :raises exception.ResourceClassCannotUpdateStandard: standard class
        :raises exception.ResourceClassExists: the new name is taken
        """
        if self.is_standard:
            raise exception.ResourceClassCannotUpdateStandard(
                resource_class=self.name)
        if 'name' not in self.obj_what_changed():
            return
        try:
            _rename(self._context, self.id, self.name)
        except db_exc.DBDuplicateEntry:
            raise exception.ResourceClassExists(resource_class=self.name)
        cache = attribute_cache.resource_class_cache(self._context)
        cache.clear()
        self._load(cache.all_from_string(self.name))

    def destroy(self):
        """Delete this custom class.

        :raises exception.ResourceClassCannotDeleteStandard: standard class
        :raises exception.ResourceClassInUse: an inventory uses it
        :raises exception.ResourceClassNotFound: already deleted
        """
        if self.is_standard:
            raise exception.ResourceClassCannotDeleteStandard(
                resource_class=self.name)
        _delete(self._context, self.id, self.name)
        attribute_cache.resource_class_cache(self._context).clear()


@db_api.placement_context_manager.reader
def get_all(context):
    """Every resource class, standard and custom, in DB order."""
    query = sa.select(_RC_TBL.c.id, _RC_TBL.c.name, _RC_TBL.c.created_at,
                      _RC_TBL.c.updated_at)
    return [ResourceClass._from_row(context, attribute_cache.Entry(*row))
            for row in context.session.execute(query)]
