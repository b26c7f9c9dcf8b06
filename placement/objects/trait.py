"""Traits and their association with resource providers.

A trait is custom iff its name starts with ``CUSTOM_``; the others come
from os-traits and cannot be deleted.
"""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception
from placement.objects import base

_TRAIT_TBL = models.Trait.__table__
_RP_TRAIT_TBL = models.ResourceProviderTrait.__table__

CUSTOM_NAMESPACE = 'CUSTOM_'


@db_api.placement_context_manager.writer
def _insert(context, name):
    context.session.execute(_TRAIT_TBL.insert().values(name=name))


@db_api.placement_context_manager.writer
def _delete(context, trait_id, name):
    in_use = context.session.execute(
        sa.select(_RP_TRAIT_TBL.c.trait_id)
        .where(_RP_TRAIT_TBL.c.trait_id == trait_id).limit(1)).first()
    if in_use:
        raise exception.TraitInUse(name=name)
    result = context.session.execute(
        _TRAIT_TBL.delete().where(_TRAIT_TBL.c.id == trait_id))
    if not result.rowcount:
        raise exception.TraitNotFound(name=name)


@base.objectify
class Trait(base.NamedRowObject):

    @property
    def is_custom(self):
        return self.name.startswith(CUSTOM_NAMESPACE)

    @classmethod
    def get_by_name(cls, context, name):
        """The trait called ``name``.

        :raises exception.TraitNotFound: no such trait
        """
        cache = attribute_cache.trait_cache(context)
        return cls._from_row(context, cache.all_from_string(name))

    def create(self):
        """Insert this trait.

        :raises exception.TraitExists: the name is taken
        """
        if 'id' in self:
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        try:
            _insert(self._context, self.name)
        except db_exc.DBDuplicateEntry:
            raise exception.TraitExists(name=self.name)
        cache = attribute_cache.trait_cache(self._context)
        cache.clear()
        entry = cache.all_from_string(self.name)
        self.id = entry.id
        self.created_at = entry.created_at
        self.updated_at = entry.updated_at
        self.obj_reset_changes()

    def destroy(self):
        """Delete this custom trait.

        :raises exception.TraitCannotDeleteStandard: not a custom trait
        :raises exception.TraitInUse: a provider has it
        :raises exception.TraitNotFound: already deleted
        """
        if not self.is_custom:
            raise exception.TraitCannotDeleteStandard(name=self.name)
        _delete(self._context, self.id, self.name)
        attribute_cache.trait_cache(self._context).clear()


def _trait_columns():
    return (_TRAIT_TBL.c.id, _TRAIT_TBL.c.name, _TRAIT_TBL.c.created_at,
            _TRAIT_TBL.c.updated_at)


@db_api.placement_context_manager.reader
def get_all(context, filters=None):
    """Traits matching ``filters``, in DB order.

    :param filters: dict with any of ``name_in`` (list of names),
        ``prefix`` (SQL LIKE prefix: ``_`` and ``%`` are wildcards, as in
        the API) and ``associated`` (True: only traits some provider has,
        False: only traits no provider has).
    """
    filters = filters or {}
    query = sa.select(*_trait_columns())
    if 'name_in' in filters:
        query = query.where(_TRAIT_TBL.c.name.in_(sorted(filters['name_in'])))
    if 'prefix' in filters:
        query = query.where(_TRAIT_TBL.c.name.like(filters['prefix'] + '%'))
    if 'associated' in filters:
        linked = sa.select(_RP_TRAIT_TBL.c.trait_id)
        if filters['associated']:
            query = query.where(_TRAIT_TBL.c.id.in_(linked))
        else:
            query = query.where(_TRAIT_TBL.c.id.not_in(linked))
    return [Trait._from_row(context, row)
            for row in context.session.execute(query)]


@db_api.placement_context_manager.reader
def get_traits_by_provider_id(context, rp_id):
    """The traits of the provider with internal id ``rp_id``."""
    query = sa.select(*_trait_columns()).select_from(
        _TRAIT_TBL.join(_RP_TRAIT_TBL,
                        _TRAIT_TBL.c.id == _RP_TRAIT_TBL.c.trait_id)
    ).where(_RP_TRAIT_TBL.c.resource_provider_id == rp_id)
    return [Trait._from_row(context, row)
            for row in context.session.execute(query)]


def _provider_trait_ids(context, rp_id):
    query = sa.select(_RP_TRAIT_TBL.c.trait_id).where(
        _RP_TRAIT_TBL.c.resource_provider_id == rp_id)
    return set(context.session.execute(query).scalars())


def _unlink(context, rp_id, trait_ids):
    context.session.execute(_RP_TRAIT_TBL.delete().where(
        _RP_TRAIT_TBL.c.resource_provider_id == rp_id,
        _RP_TRAIT_TBL.c.trait_id.in_(trait_ids)))


@db_api.placement_context_manager.writer
def set_traits(context, rp, traits):
    """Make ``traits`` (Trait objects) the whole trait set of ``rp``.

    The provider generation is bumped (compare-and-swap) only when the set
    changes.

    :raises exception.ResourceProviderConcurrentUpdateDetected: the
        provider changed meanwhile
    """
    existing = _provider_trait_ids(context, rp.id)
    wanted = {trait.id for trait in traits}
    to_add = wanted - existing
    to_remove = existing - wanted
    if not (to_add or to_remove):
        return
    if to_remove:
        _unlink(context, rp.id, to_remove)
    if to_add:
        context.session.execute(_RP_TRAIT_TBL.insert(), [
            {'resource_provider_id': rp.id, 'trait_id': trait_id}
            for trait_id in sorted(to_add)])
    rp.increment_generation()


@db_api.placement_context_manager.writer
def delete_traits_for_provider(context, rp):
    """Remove every trait of ``rp``; bump its generation if it had any.

    :raises exception.ResourceProviderConcurrentUpdateDetected: the
        provider changed meanwhile
    """
    existing = _provider_trait_ids(context, rp.id)
    if existing:
        _unlink(context, rp.id, existing)
        rp.increment_generation()
