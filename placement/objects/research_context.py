"""The database facts of one allocation-candidate search.

Each function is one set-based query returning plain tuples or dicts (no
ORM object per provider, no query per provider): the search in
``allocation_candidate`` works on ids in memory. Functions take the
request context first and must run inside the caller's reader transaction.
Lists of ids given to ``IN`` are sent in chunks so that no backend hits
its bound-parameter limit.
"""

import collections

import sqlalchemy as sa

from placement.db.sqlalchemy import models

_RP = models.ResourceProvider.__table__
_INV = models.Inventory.__table__
_ALLOC = models.Allocation.__table__
_RPT = models.ResourceProviderTrait.__table__
_AGG = models.PlacementAggregate.__table__
_RPA = models.ResourceProviderAggregate.__table__

_CHUNK = 500


def _chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), _CHUNK):
        yield ids[start:start + _CHUNK]


def _usage(rc_ids=None):
    """Sum of allocations per provider and class, as a subquery.

    (MySQL sums to a Decimal: readers convert with ``int``.)
    """
    query = sa.select(
        _ALLOC.c.resource_provider_id, _ALLOC.c.resource_class_id,
        sa.func.sum(_ALLOC.c.used).label('used'),
    ).group_by(_ALLOC.c.resource_provider_id, _ALLOC.c.resource_class_id)
    if rc_ids is not None:
        query = query.where(_ALLOC.c.resource_class_id.in_(rc_ids))
    return query.subquery()


def _inventory_with_usage(usage):
    return _INV.join(_RP, _RP.c.id == _INV.c.resource_provider_id).outerjoin(
        usage, sa.and_(
            usage.c.resource_provider_id == _INV.c.resource_provider_id,
            usage.c.resource_class_id == _INV.c.resource_class_id))


def has_trees(context):
    """Whether some provider anywhere has a parent."""
    query = sa.select(_RP.c.id).where(
        _RP.c.parent_provider_id.is_not(None)).limit(1)
    return context.session.execute(query).first() is not None


def providers_with_traits(context, trait_ids):
    """{trait id: {provider id}} and {provider id: (uuid, root id)}."""
    by_trait = {trait_id: set() for trait_id in trait_ids}
    providers = {}
    if not trait_ids:
        return by_trait, providers
    query = sa.select(
        _RPT.c.trait_id, _RP.c.id, _RP.c.uuid, _RP.c.root_provider_id,
    ).select_from(_RPT.join(_RP, _RP.c.id == _RPT.c.resource_provider_id)
                  ).where(_RPT.c.trait_id.in_(sorted(trait_ids)))
    for trait_id, rp_id, uuid, root_id in context.session.execute(query):
        by_trait[trait_id].add(rp_id)
        providers[rp_id] = (uuid, root_id)
    return by_trait, providers


def providers_in_aggregates(context, agg_uuids):
    """{aggregate uuid: {provider id}} and {provider id: (uuid, root id)}.

    Unknown aggregate uuids map to an empty set.
    """
    by_agg = {agg_uuid: set() for agg_uuid in agg_uuids}
    providers = {}
    if not agg_uuids:
        return by_agg, providers
    query = sa.select(
        _AGG.c.uuid, _RP.c.id, _RP.c.uuid, _RP.c.root_provider_id,
    ).select_from(
        _AGG.join(_RPA, _RPA.c.aggregate_id == _AGG.c.id).join(
            _RP, _RP.c.id == _RPA.c.resource_provider_id)
    ).where(_AGG.c.uuid.in_(sorted(agg_uuids)))
    for agg_uuid, rp_id, uuid, root_id in context.session.execute(query):
        by_agg[agg_uuid].add(rp_id)
        providers[rp_id] = (uuid, root_id)
    return by_agg, providers


def roots_of_uuids(context, uuids):
    """{provider uuid: root id} of the known ones among ``uuids``."""
    if not uuids:
        return {}
    query = sa.select(_RP.c.uuid, _RP.c.root_provider_id).where(
        _RP.c.uuid.in_(sorted(uuids)))
    return dict(context.session.execute(query).all())


def root_lacking_traits_exists(context, trait_ids):
    """Whether some root provider has none of ``trait_ids``."""
    having = sa.select(_RPT.c.resource_provider_id).where(
        _RPT.c.trait_id.in_(sorted(trait_ids)))
    query = sa.select(_RP.c.id).where(
        _RP.c.parent_provider_id.is_(None),
        _RP.c.id.not_in(having)).limit(1)
    return context.session.execute(query).first() is not None


def fitting_providers(context, demands, root_id=None):
    """The providers with room for each ``(class id, amount)`` demand.

    Room means ``used + amount <= (total - reserved) * allocation_ratio``,
    ``min_unit <= amount <= max_unit`` and ``amount % step_size == 0``;
    with ``root_id`` only providers of that tree. Returns ``{class id:
    [(id, uuid, root id, room)]}`` in provider id order, where ``room`` is
    what a sum of amounts may reach: ``min(capacity - used, max_unit)``.
    """
    usage = _usage([rc_id for rc_id, _ in demands])
    used = sa.func.coalesce(usage.c.used, 0)
    fits = []
    for rc_id, amount in demands:
        amount = sa.literal(amount, sa.Integer)
        fits.append(sa.and_(
            _INV.c.resource_class_id == rc_id,
            used + amount <= (
                (_INV.c.total - _INV.c.reserved) * _INV.c.allocation_ratio),
            _INV.c.min_unit <= amount,
            _INV.c.max_unit >= amount,
            amount % _INV.c.step_size == 0))
    query = sa.select(
        _INV.c.resource_class_id, _RP.c.id, _RP.c.uuid,
        _RP.c.root_provider_id, _INV.c.total, _INV.c.reserved,
        _INV.c.allocation_ratio, _INV.c.max_unit, used,
    ).select_from(_inventory_with_usage(usage)).where(
        sa.or_(*fits)).order_by(_RP.c.id)
    if root_id is not None:
        query = query.where(_RP.c.root_provider_id == root_id)
    by_class = {rc_id: [] for rc_id, _ in demands}
    for (rc_id, rp_id, uuid, root, total, reserved, ratio, max_unit,
         used_now) in context.session.execute(query):
        by_class[rc_id].append(
            (rp_id, uuid, root,
             min(int((total - reserved) * ratio) - int(used_now), max_unit)))
    return by_class


def sharing_anchors(context, sharing_ids):
    """{sharing provider id: {root ids of trees sharing an aggregate}}.

    A provider's own root is always among its anchors.
    """
    anchors = collections.defaultdict(set)
    if not sharing_ids:
        return anchors
    other = _RPA.alias('other')
    for chunk in _chunks(sharing_ids):
        query = sa.select(
            _RPA.c.resource_provider_id, _RP.c.root_provider_id,
        ).select_from(
            _RPA.join(other, other.c.aggregate_id == _RPA.c.aggregate_id
                      ).join(_RP, _RP.c.id == other.c.resource_provider_id)
        ).where(_RPA.c.resource_provider_id.in_(chunk)).distinct()
        for sp_id, root_id in context.session.execute(query):
            anchors[sp_id].add(root_id)
    return anchors


def parents_in_trees(context, root_ids):
    """{provider id: parent id or None} of every provider of the trees."""
    parents = {}
    for chunk in _chunks(root_ids):
        query = sa.select(_RP.c.id, _RP.c.parent_provider_id).where(
            _RP.c.root_provider_id.in_(chunk))
        parents.update(context.session.execute(query).all())
    return parents


def tree_providers(context, root_ids):
    """(id, uuid, parent id, root id) of every provider of the trees."""
    rows = []
    for chunk in _chunks(root_ids):
        query = sa.select(
            _RP.c.id, _RP.c.uuid, _RP.c.parent_provider_id,
            _RP.c.root_provider_id,
        ).where(_RP.c.root_provider_id.in_(chunk)).order_by(_RP.c.id)
        rows.extend(context.session.execute(query).all())
    return rows


def tree_inventories(context, root_ids):
    """(provider id, class id, capacity, used) of the trees' inventories."""
    usage = _usage()
    used = sa.func.coalesce(usage.c.used, 0)
    rows = []
    for chunk in _chunks(root_ids):
        query = sa.select(
            _INV.c.resource_provider_id, _INV.c.resource_class_id,
            _INV.c.total, _INV.c.reserved, _INV.c.allocation_ratio, used,
        ).select_from(_inventory_with_usage(usage)).where(
            _RP.c.root_provider_id.in_(chunk))
        rows.extend(
            (rp_id, rc_id, int((total - reserved) * ratio), int(used_now))
            for rp_id, rc_id, total, reserved, ratio, used_now
            in context.session.execute(query))
    return rows


def tree_traits(context, root_ids):
    """(provider id, trait id) of every provider of the trees."""
    rows = []
    for chunk in _chunks(root_ids):
        query = sa.select(_RPT.c.resource_provider_id, _RPT.c.trait_id
                          ).select_from(
            _RPT.join(_RP, _RP.c.id == _RPT.c.resource_provider_id)
        ).where(_RP.c.root_provider_id.in_(chunk))
        rows.extend(context.session.execute(query).all())
    return rows
