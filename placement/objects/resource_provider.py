"""Resource providers, their trees, their aggregates and the filtered list.

A provider's ``root_provider_id`` is its own id when it has no parent, else
its parent's root; it is kept right for a whole subtree when a provider is
re-parented (spec resource-providers.md).
"""

import collections
import functools
import uuid as uuidlib

from oslo_db import exception as db_exc
from oslo_log import log as logging
from oslo_utils import uuidutils
from oslo_versionedobjects import fields
import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception
from placement.objects import base
from placement.objects import inventory as inv_obj

LOG = logging.getLogger(__name__)

_RP_TBL = models.ResourceProvider.__table__
_INV_TBL = models.Inventory.__table__
_ALLOC_TBL = models.Allocation.__table__
_AGG_TBL = models.PlacementAggregate.__table__
_RP_AGG_TBL = models.ResourceProviderAggregate.__table__
_RP_TRAIT_TBL = models.ResourceProviderTrait.__table__

# Concurrent writers may create the same aggregate row or association.
MAX_AGGREGATE_RETRIES = 10

# (id, root_provider_id, parent_provider_id) of a provider row.
_TreeIds = collections.namedtuple('_TreeIds', 'id root_id parent_id')


@functools.lru_cache(maxsize=None)
def _provider_select():
    """A SELECT of providers with their parent and root uuids (one query).

    Built once: making the aliases costs more than running the query.

    :returns: (the provider alias to filter on, the select)
    """
    rp = _RP_TBL.alias('rp')
    parent = _RP_TBL.alias('parent')
    root = _RP_TBL.alias('root')
    query = sa.select(
        rp.c.id, rp.c.uuid, rp.c.name, rp.c.generation, rp.c.created_at,
        rp.c.updated_at, parent.c.uuid.label('parent_provider_uuid'),
        root.c.uuid.label('root_provider_uuid'),
    ).select_from(
        rp.outerjoin(parent, rp.c.parent_provider_id == parent.c.id)
        .outerjoin(root, rp.c.root_provider_id == root.c.id))
    return rp, query


def _tree_ids(context, uuid):
    """The _TreeIds of the provider ``uuid`` (exact match), or None."""
    query = sa.select(
        _RP_TBL.c.id, _RP_TBL.c.root_provider_id,
        _RP_TBL.c.parent_provider_id).where(_RP_TBL.c.uuid == uuid)
    row = context.session.execute(query).first()
    return _TreeIds(*row) if row else None


def _subtree_ids(context, rp_id, root_id):
    """``rp_id`` and the ids of all its descendants."""
    query = sa.select(_RP_TBL.c.id, _RP_TBL.c.parent_provider_id).where(
        _RP_TBL.c.root_provider_id == root_id)
    children = collections.defaultdict(list)
    for child_id, parent_id in context.session.execute(query):
        children[parent_id].append(child_id)
    subtree = set()
    pending = [rp_id]
    while pending:
        current = pending.pop()
        subtree.add(current)
        pending.extend(children[current])
    return subtree


def _parent_not_found():
    # The spec keeps the word "create" even when saving.
    return exception.ObjectActionError(
        action='create', reason='parent provider UUID does not exist.')


@db_api.placement_context_manager.reader
def _get_row_by_uuid(context, uuid):
    rp, query = _provider_select()
    return context.session.execute(query.where(rp.c.uuid == uuid)).first()


@db_api.placement_context_manager.writer
def _create_in_db(context, uuid, name, parent_uuid):
    """Insert the provider; its root is its parent's root or itself."""
    parent_id = root_id = None
    if parent_uuid is not None:
        parent = _tree_ids(context, parent_uuid)
        if parent is None:
            raise _parent_not_found()
        parent_id, root_id = parent.id, parent.root_id
    result = context.session.execute(_RP_TBL.insert().values(
        uuid=uuid, name=name, generation=0, parent_provider_id=parent_id,
        root_provider_id=root_id))
    rp_id = result.inserted_primary_key[0]
    if root_id is None:
        # Not an update of the provider: updated_at stays NULL, so that
        # the first PUT has no Last-Modified (spec pitfall 18).
        context.session.execute(_RP_TBL.update().where(
            _RP_TBL.c.id == rp_id).values(root_provider_id=rp_id,
                                          updated_at=None))
    return _get_row_by_uuid(context, uuid)


def _set_parent(context, current, parent_uuid, allow_reparenting):
    """Move the provider ``current`` (_TreeIds) under ``parent_uuid``.

    Checks, in the spec's order: the parent exists, re-parenting or
    un-parenting is allowed, the new parent is outside the own subtree.
    """
    parent = None
    if parent_uuid is not None:
        parent = _tree_ids(context, parent_uuid)
        if parent is None:
            raise _parent_not_found()
    parent_id = parent.id if parent else None
    if parent_id == current.parent_id:
        return
    if current.parent_id is not None and not allow_reparenting:
        what = 're-parenting' if parent else 'un-parenting'
        raise exception.ObjectActionError(
            action='update',
            reason='%s a provider is not currently allowed.' % what)
    subtree = _subtree_ids(context, current.id, current.root_id)
    if parent_id in subtree:
        raise exception.ObjectActionError(
            action='update',
            reason='creating loop in the provider tree is not allowed.')
    context.session.execute(_RP_TBL.update().where(
        _RP_TBL.c.id == current.id).values(parent_provider_id=parent_id))
    context.session.execute(_RP_TBL.update().where(
        _RP_TBL.c.id.in_(sorted(subtree))).values(
            root_provider_id=parent.root_id if parent else current.id))


@db_api.placement_context_manager.writer
def _update_in_db(context, uuid, updates, allow_reparenting):
    current = _tree_ids(context, uuid)
    if current is None:
        raise exception.ResourceProviderNotFound(
            'No resource provider with uuid %s found' % uuid)
    if 'parent_provider_uuid' in updates:
        _set_parent(context, current, updates['parent_provider_uuid'],
                    allow_reparenting)
    if 'name' in updates:
        context.session.execute(_RP_TBL.update().where(
            _RP_TBL.c.id == current.id).values(name=updates['name']))
    return _get_row_by_uuid(context, uuid)


def _exists(context, query):
    return context.session.execute(query.limit(1)).first() is not None


@db_api.placement_context_manager.writer
def _destroy_in_db(context, rp_id):
    if _exists(context, sa.select(_RP_TBL.c.id).where(
            _RP_TBL.c.parent_provider_id == rp_id)):
        raise exception.CannotDeleteParentResourceProvider()
    if _exists(context, sa.select(_ALLOC_TBL.c.id).where(
            _ALLOC_TBL.c.resource_provider_id == rp_id)):
        raise exception.ResourceProviderInUse()
    for table in (_INV_TBL, _RP_AGG_TBL, _RP_TRAIT_TBL):
        context.session.execute(table.delete().where(
            table.c.resource_provider_id == rp_id))
    # A root references itself; clear that before deleting the row.
    context.session.execute(_RP_TBL.update().where(
        _RP_TBL.c.id == rp_id).values(root_provider_id=None))
    result = context.session.execute(
        _RP_TBL.delete().where(_RP_TBL.c.id == rp_id))
    if not result.rowcount:
        raise exception.ResourceProviderNotFound()


@db_api.placement_context_manager.writer
def _increment_generation(context, rp_id, generation):
    result = context.session.execute(_RP_TBL.update().where(
        _RP_TBL.c.id == rp_id, _RP_TBL.c.generation == generation).values(
            generation=generation + 1))
    if not result.rowcount:
        raise exception.ResourceProviderConcurrentUpdateDetected()
    return generation + 1


def _duplicate_what(exc, rp):
    """"name: x" and/or "uuid: y", as far as the DB error tells which."""
    columns = [col for col in ('name', 'uuid') if col in (exc.columns or [])]
    return ', '.join('%s: %s' % (col, getattr(rp, col))
                     for col in columns or ('name', 'uuid'))


@base.objectify
class ResourceProvider(base.VersionedObject, base.TimestampedObject):

    # The fields a PUT may change.
    SETTABLE_FIELDS = ('name', 'parent_provider_uuid')

    fields = {
        'id': fields.IntegerField(read_only=True),
        'uuid': fields.StringField(nullable=False),
        'name': fields.StringField(nullable=True),
        'generation': fields.IntegerField(nullable=False),
        'parent_provider_uuid': fields.StringField(nullable=True,
                                                   default=None),
        'root_provider_uuid': fields.StringField(nullable=False),
    }

    @classmethod
    def _from_row(cls, context, row):
        rp = cls(context)
        rp._load(row)
        return rp

    def _load(self, row):
        for field in ('id', 'uuid', 'name', 'generation', 'created_at',
                      'updated_at', 'parent_provider_uuid'):
            setattr(self, field, row._mapping[field])
        # Legacy rows may lack a root until the online migration ran.
        self.root_provider_uuid = row.root_provider_uuid or row.uuid
        self.obj_reset_changes()

    @classmethod
    def get_by_uuid(cls, context, uuid):
        """The provider whose uuid is exactly ``uuid``.

        :raises exception.ResourceProviderNotFound: no such provider
        """
        row = _get_row_by_uuid(context, uuid)
        if row is None:
            raise exception.ResourceProviderNotFound(
                'No resource provider with uuid %s found' % uuid)
        return cls._from_row(context, row)

    def create(self):
        """Insert this provider with generation 0.

        ``uuid`` is normalised to the lowercase dashed form, or generated
        when unset.

        :raises exception.ObjectActionError: empty name, parent equal to
            the own uuid, unknown parent
        :raises exception.DuplicateResourceProvider: name or uuid taken
            (message "Conflicting resource provider name: x already
            exists.")
        """
        if 'id' in self:
            raise exception.ObjectActionError(action='create',
                                              reason='already created')
        if self.obj_attr_is_set('uuid') and self.uuid:
            self.uuid = str(uuidlib.UUID(self.uuid))
        else:
            self.uuid = uuidutils.generate_uuid()
        if not self.obj_attr_is_set('name') or not self.name:
            raise exception.ObjectActionError(action='create',
                                              reason='name is required')
        if not self.obj_attr_is_set('parent_provider_uuid'):
            self.obj_set_defaults('parent_provider_uuid')
        parent_uuid = self.parent_provider_uuid
        if parent_uuid == self.uuid:
            raise exception.ObjectActionError(
                action='create',
                reason='parent provider UUID cannot be same as UUID. '
                       'Please set parent provider UUID to None if there '
                       'is no parent.')
        try:
            row = _create_in_db(self._context, self.uuid, self.name,
                                parent_uuid)
        except db_exc.DBDuplicateEntry as exc:
            raise exception.DuplicateResourceProvider(
                name=_duplicate_what(exc, self))
        self._load(row)

    def save(self, allow_reparenting=False):
        """Write a changed ``name`` and/or ``parent_provider_uuid``.

        The generation is not changed. Without ``allow_reparenting``
        (before v1.37) a provider that has a parent keeps it.

        :raises exception.ObjectActionError: unknown parent, re-parenting
            or un-parenting not allowed, parent inside the own subtree
        :raises exception.DuplicateResourceProvider: the name is taken
        """
        updates = self.obj_get_changes()
        try:
            row = _update_in_db(self._context, self.uuid, updates,
                                allow_reparenting)
        except db_exc.DBDuplicateEntry:
            raise exception.DuplicateResourceProvider(name=self.name)
        self._load(row)

    def destroy(self):
        """Delete this provider with its inventories and its aggregate and
        trait associations (aggregates themselves remain).

        :raises exception.CannotDeleteParentResourceProvider: has children
        :raises exception.ResourceProviderInUse: has allocations
        :raises exception.ResourceProviderNotFound: already gone
        """
        _destroy_in_db(self._context, self.id)

    def increment_generation(self):
        """Compare-and-swap the generation up by one.

        Runs in the caller's writer transaction (or one of its own).

        :raises exception.ResourceProviderConcurrentUpdateDetected: the
            stored generation is no longer ``self.generation``
        """
        self.generation = _increment_generation(
            self._context, self.id, self.generation)


def _trait_ids(context, names):
    """{name: id} of trait ``names``; unknown names are reported at once."""
    cache = attribute_cache.trait_cache(context)
    ids = {}
    missing = []
    for name in sorted(names):
        try:
            ids[name] = cache.id_from_string(name)
        except exception.TraitNotFound:
            missing.append(name)
    if missing:
        raise exception.TraitNotFound(name=', '.join(missing))
    return ids


def _aggregate_members(uuids):
    """SELECT of the ids of providers directly in any aggregate ``uuids``."""
    return sa.select(_RP_AGG_TBL.c.resource_provider_id).select_from(
        _RP_AGG_TBL.join(_AGG_TBL,
                         _RP_AGG_TBL.c.aggregate_id == _AGG_TBL.c.id)
    ).where(_AGG_TBL.c.uuid.in_(sorted(uuids)))


def _trait_holders(trait_ids):
    """SELECT of the ids of providers having any of ``trait_ids``."""
    return sa.select(_RP_TRAIT_TBL.c.resource_provider_id).where(
        _RP_TRAIT_TBL.c.trait_id.in_(sorted(trait_ids)))


def _in_every_group(context, groups):
    """Provider ids found by every SELECT of ``groups``; stops at empty."""
    found = None
    for query in groups:
        ids = set(context.session.execute(query.distinct()).scalars())
        found = ids if found is None else found & ids
        if not found:
            break
    return found


def _with_capacity(rc_id, amount):
    """SELECT of the ids of providers that can take ``amount`` of class
    ``rc_id`` themselves (capacity, min/max unit and step size).
    """
    usage = sa.select(
        _ALLOC_TBL.c.resource_provider_id,
        sa.func.sum(_ALLOC_TBL.c.used).label('used'),
    ).where(_ALLOC_TBL.c.resource_class_id == rc_id).group_by(
        _ALLOC_TBL.c.resource_provider_id).subquery('usage')
    inv = _INV_TBL
    return sa.select(inv.c.resource_provider_id).select_from(
        inv.outerjoin(
            usage, inv.c.resource_provider_id == usage.c.resource_provider_id)
    ).where(
        inv.c.resource_class_id == rc_id,
        sa.func.coalesce(usage.c.used, 0) + amount
        <= (inv.c.total - inv.c.reserved) * inv.c.allocation_ratio,
        inv.c.min_unit <= amount,
        inv.c.max_unit >= amount,
        sa.literal(amount) % inv.c.step_size == 0,
    )


@db_api.placement_context_manager.reader
def get_all_by_filters(context, filters=None):
    """Providers matching ``filters``, evaluated in the spec's order.

    ``filters`` keys (all optional): ``in_tree`` (uuid), ``required_traits``
    (list of any-of sets of names), ``forbidden_traits`` (set),
    ``member_of`` (list of sets of aggregate uuids), ``forbidden_aggs``
    (set), ``resources`` ({class name: amount}), ``name``, ``uuid``. An
    unknown ``in_tree`` or a trait or aggregate requirement that nothing
    meets ends the search with an empty list before later filters are
    checked.

    :raises exception.TraitNotFound: an unknown required/forbidden trait
    :raises exception.ResourceClassNotFound: an unknown class in resources
    """
    filters = filters or {}
    rp, query = _provider_select()
    if filters.get('in_tree'):
        tree = _tree_ids(context, filters['in_tree'])
        if tree is None:
            return []
        query = query.where(rp.c.root_provider_id == tree.root_id)
    required_traits = filters.get('required_traits')
    if required_traits:
        trait_ids = _trait_ids(context, set().union(*required_traits))
        ids = _in_every_group(context, [
            _trait_holders({trait_ids[name] for name in group})
            for group in required_traits])
        if not ids:
            return []
        query = query.where(rp.c.id.in_(sorted(ids)))
    if filters.get('forbidden_traits'):
        trait_ids = _trait_ids(context, filters['forbidden_traits'])
        query = query.where(
            rp.c.id.not_in(_trait_holders(trait_ids.values())))
    if filters.get('member_of'):
        ids = _in_every_group(context, [
            _aggregate_members(group) for group in filters['member_of']])
        if not ids:
            return []
        query = query.where(rp.c.id.in_(sorted(ids)))
    if filters.get('forbidden_aggs'):
        query = query.where(rp.c.id.not_in(
            _aggregate_members(filters['forbidden_aggs'])))
    resources = filters.get('resources') or {}
    rc_cache = attribute_cache.resource_class_cache(context)
    rc_ids = {name: rc_cache.id_from_string(name) for name in resources}
    for name, amount in resources.items():
        if amount > inv_obj.MAX_INT:
            # Above any max_unit: nothing qualifies (and SQLite could not
            # even bind a number beyond 64 bits).
            return []
        query = query.where(rp.c.id.in_(_with_capacity(rc_ids[name],
                                                       amount)))
    if filters.get('name') is not None:
        query = query.where(rp.c.name == filters['name'])
    if filters.get('uuid') is not None:
        query = query.where(rp.c.uuid == filters['uuid'])
    rows = context.session.execute(query.order_by(rp.c.id))
    return [ResourceProvider._from_row(context, row) for row in rows]


@db_api.placement_context_manager.reader
def get_aggregates(context, rp):
    """The uuids of the aggregates ``rp`` is directly in, in DB order."""
    query = sa.select(_AGG_TBL.c.uuid).select_from(
        _RP_AGG_TBL.join(_AGG_TBL,
                         _RP_AGG_TBL.c.aggregate_id == _AGG_TBL.c.id)
    ).where(_RP_AGG_TBL.c.resource_provider_id == rp.id)
    return list(context.session.execute(query).scalars())


def _aggregate_ids(context, uuids):
    """Ids of the aggregate rows of ``uuids``, creating missing rows."""
    query = sa.select(_AGG_TBL.c.uuid, _AGG_TBL.c.id).where(
        _AGG_TBL.c.uuid.in_(sorted(uuids)))
    ids = dict(context.session.execute(query).all())
    for agg_uuid in uuids:
        if agg_uuid not in ids:
            result = context.session.execute(
                _AGG_TBL.insert().values(uuid=agg_uuid))
            ids[agg_uuid] = result.inserted_primary_key[0]
    return set(ids.values())


@db_api.placement_context_manager.writer
def _set_aggregates(context, rp, uuids, increment_generation):
    wanted = _aggregate_ids(context, uuids)
    query = sa.select(_RP_AGG_TBL.c.aggregate_id).where(
        _RP_AGG_TBL.c.resource_provider_id == rp.id)
    current = set(context.session.execute(query).scalars())
    stale = current - wanted
    if stale:
        context.session.execute(_RP_AGG_TBL.delete().where(
            _RP_AGG_TBL.c.resource_provider_id == rp.id,
            _RP_AGG_TBL.c.aggregate_id.in_(sorted(stale))))
    new = wanted - current
    if new:
        context.session.execute(_RP_AGG_TBL.insert(), [
            {'resource_provider_id': rp.id, 'aggregate_id': agg_id}
            for agg_id in sorted(new)])
    if increment_generation:
        rp.increment_generation()


def set_aggregates(context, rp, aggregate_uuids, increment_generation=False):
    """Make ``aggregate_uuids`` (stored as given) the aggregates of ``rp``.

    Missing aggregate rows are created. A writer racing on the same new
    aggregate row or association makes the transaction fail with a
    duplicate entry; it is then retried afresh, up to
    MAX_AGGREGATE_RETRIES times in all. Must not be called inside another
    transaction (the retry needs a new one).

    :raises exception.ResourceProviderConcurrentUpdateDetected: with
        ``increment_generation``, the generation changed meanwhile
    :raises oslo_db.exception.DBDuplicateEntry: the retries ran out
    """
    uuids = set(aggregate_uuids)
    for attempt in range(1, MAX_AGGREGATE_RETRIES + 1):
        try:
            _set_aggregates(context, rp, uuids, increment_generation)
            return
        except db_exc.DBDuplicateEntry:
            if attempt == MAX_AGGREGATE_RETRIES:
                raise
            LOG.debug('Duplicate entry setting aggregates of provider %s, '
                      'attempt %d', rp.uuid, attempt)
