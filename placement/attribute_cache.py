"""Per-request caches of resource class and trait names and ids.

Handlers and objects translate names to ids (and back) many times per
request. Each cache is filled by one SELECT of the whole table the first
time it is used and lives on the request context, never in the process:
another worker may create or rename a class at any time, and the next
request must see it. A lookup that misses re-reads the table once before
giving up, so rows created earlier in the same request are found too.
"""

import collections

import sqlalchemy as sa

from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception

# One row of a cached table.
Entry = collections.namedtuple('Entry', 'id name created_at updated_at')

# The attribute of the request context holding its caches.
_CONTEXT_ATTR = '_placement_attribute_caches'


@db_api.placement_context_manager.reader
def _read_table(context, table):
    cols = table.c
    query = sa.select(cols.id, cols.name, cols.created_at, cols.updated_at)
    return [Entry(*row) for row in context.session.execute(query)]


class _AttributeCache(object):
    """Name <-> id maps of one table, read lazily and re-read on a miss."""

    _table = None

    def __init__(self, context):
        self._context = context
        self._by_name = None
        self._by_id = None

    def clear(self):
        """Forget the table; the next lookup reads it again."""
        self._by_name = None
        self._by_id = None

    def _not_found(self, key):
        raise NotImplementedError()

    def _refresh(self):
        entries = _read_table(self._context, self._table)
        self._by_name = {entry.name: entry for entry in entries}
        self._by_id = {entry.id: entry for entry in entries}

    def _lookup(self, attr, key):
        if getattr(self, attr) is None:
            self._refresh()
        entry = getattr(self, attr).get(key)
        if entry is None:
            self._refresh()
            entry = getattr(self, attr).get(key)
        if entry is None:
            self._not_found(key)
        return entry

    def all_from_string(self, name):
        """The whole row (id, name, created_at, updated_at) of ``name``."""
        return self._lookup('_by_name', name)

    def id_from_string(self, name):
        return self.all_from_string(name).id

    def string_from_id(self, id_):
        return self._lookup('_by_id', id_).name


class ResourceClassCache(_AttributeCache):
    _table = models.ResourceClass.__table__

    def _not_found(self, key):
        raise exception.ResourceClassNotFound(resource_class=key)


class TraitCache(_AttributeCache):
    _table = models.Trait.__table__

    def _not_found(self, key):
        raise exception.TraitNotFound(name=key)


def _cache(context, cache_class):
    caches = getattr(context, _CONTEXT_ATTR, None)
    if caches is None:
        caches = {}
        setattr(context, _CONTEXT_ATTR, caches)
    if cache_class not in caches:
        caches[cache_class] = cache_class(context)
    return caches[cache_class]


def resource_class_cache(context):
    """The resource class cache of the request ``context``.

    ``id_from_string`` and ``all_from_string`` raise
    ``exception.ResourceClassNotFound`` for an unknown name,
    ``string_from_id`` for an unknown id.
    """
    return _cache(context, ResourceClassCache)


def trait_cache(context):
    """The trait cache of ``context`` (raises ``exception.TraitNotFound``)."""
    return _cache(context, TraitCache)
