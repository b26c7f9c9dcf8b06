"""The database facts of one allocation-candidate search.

Each function is one set-based query returning plain tuples or dicts (no
ORM object per provider, no query per provider): the search in
``allocation_candidate`` works on ids in memory. Functions take the
request context first and must run inside the caller's reader transaction.
Queries run on the session's connection (Core, no ORM layer) and read
their rows with one ``fetchall``. Sets of ids are sent as one range when
they are dense enough (the rows of ids not asked for are dropped) and
otherwise as ``IN`` lists in chunks, so that no backend hits its
bound-parameter limit and no statement renders thousands of parameters.
"""

import collections

import sqlalchemy as sa

from placement.db.sqlalchemy import models

_RP = models.ResourceProvider.__table__
_INV = models.Inventory.__table__
_ALLOC = models.Allocation.__table__
_RPT = models.ResourceProviderTrait.__table__
_TRAIT = models.Trait.__table__
_AGG = models.PlacementAggregate.__table__
_RPA = models.ResourceProviderAggregate.__table__

_CHUNK = 500
_DENSITY = 8


def _rows(context, query):
    return context.session.connection().execute(query).all()


def _id_filters(column, ids):
    """Conditions on ``column`` that together select at least ``ids``.

    A range is taken when ``ids`` fill at least an eighth of it (root ids
    of trees of several providers are spread out).
    """
    ids = sorted(ids)
    if ids and ids[-1] - ids[0] < _DENSITY * len(ids):
        yield column.between(ids[0], ids[-1])
        return
    for start in range(0, len(ids), _CHUNK):
        yield column.in_(ids[start:start + _CHUNK])


def _usage(context, rc_ids=None, providers=None):
    """{(provider id, class id): used} of the classes ``rc_ids`` (all when
    None) of the providers whose ids ``providers`` selects (all when None).

    A query of its own rather than a subquery joined to the inventories:
    databases then read each allocation once through the index, where a
    joined aggregate was computed per inventory row (MySQL sums to a
    Decimal).
    """
    query = sa.select(
        _ALLOC.c.resource_provider_id, _ALLOC.c.resource_class_id,
        sa.func.sum(_ALLOC.c.used),
    ).group_by(_ALLOC.c.resource_provider_id, _ALLOC.c.resource_class_id)
    if rc_ids is not None:
        query = query.where(_ALLOC.c.resource_class_id.in_(rc_ids))
    if providers is not None:
        query = query.where(_ALLOC.c.resource_provider_id.in_(providers))
    return {(rp_id, rc_id): int(used)
            for rp_id, rc_id, used in _rows(context, query)}


def has_trees(context):
    """Whether some provider anywhere has a parent."""
    query = sa.select(_RP.c.id).where(
        _RP.c.parent_provider_id.is_not(None)).limit(1)
    return context.session.connection().execute(query).first() is not None


def _in_root_range(query, root_range):
    """``query`` limited to the trees whose root id is in ``root_range``
    (an inclusive ``(low, high)`` pair, or None for all trees).
    """
    if root_range is None:
        return query
    return query.where(_RP.c.root_provider_id.between(*root_range))


def max_provider_id(context):
    return context.session.connection().execute(
        sa.select(sa.func.max(_RP.c.id))).scalar() or 0


def trait_ids(context, names):
    """{trait name: id} of the known ones among ``names``."""
    query = sa.select(_TRAIT.c.name, _TRAIT.c.id).where(
        _TRAIT.c.name.in_(sorted(names)))
    return dict(_rows(context, query))


def has_provider_with_trait(context, trait_id):
    query = sa.select(_RPT.c.resource_provider_id).where(
        _RPT.c.trait_id == trait_id).limit(1)
    return context.session.connection().execute(query).first() is not None


def providers_with_traits(context, trait_ids, root_range=None):
    """{trait id: {provider id}} and {provider id: (uuid, root id)}."""
    by_trait = {trait_id: set() for trait_id in trait_ids}
    providers = {}
    if not trait_ids:
        return by_trait, providers
    query = sa.select(
        _RPT.c.trait_id, _RP.c.id, _RP.c.uuid, _RP.c.root_provider_id,
    ).select_from(_RPT.join(_RP, _RP.c.id == _RPT.c.resource_provider_id)
                  ).where(_RPT.c.trait_id.in_(sorted(trait_ids)))
    query = _in_root_range(query, root_range)
    for trait_id, rp_id, uuid, root_id in _rows(context, query):
        by_trait[trait_id].add(rp_id)
        providers[rp_id] = (uuid, root_id)
    return by_trait, providers


def providers_in_aggregates(context, agg_uuids, root_range=None):
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
    query = _in_root_range(query, root_range)
    for agg_uuid, rp_id, uuid, root_id in _rows(context, query):
        by_agg[agg_uuid].add(rp_id)
        providers[rp_id] = (uuid, root_id)
    return by_agg, providers


def roots_of_uuids(context, uuids):
    """{provider uuid: root id} of the known ones among ``uuids``."""
    if not uuids:
        return {}
    query = sa.select(_RP.c.uuid, _RP.c.root_provider_id).where(
        _RP.c.uuid.in_(sorted(uuids)))
    return dict(_rows(context, query))


def root_lacking_traits_exists(context, trait_ids):
    """Whether some root provider has none of ``trait_ids``."""
    having = sa.select(_RPT.c.resource_provider_id).where(
        _RPT.c.trait_id.in_(sorted(trait_ids)))
    query = sa.select(_RP.c.id).where(
        _RP.c.parent_provider_id.is_(None),
        _RP.c.id.not_in(having)).limit(1)
    return context.session.connection().execute(query).first() is not None


def usage(context):
    """{(provider id, class id): used} of every provider and class."""
    return _usage(context)


# The inventory rows the search works on: (class id, provider id, uuid,
# root id, total, reserved, allocation ratio, min_unit, max_unit,
# step_size).
_INVENTORY_ROW = sa.select(
    _INV.c.resource_class_id, _RP.c.id, _RP.c.uuid, _RP.c.root_provider_id,
    _INV.c.total, _INV.c.reserved, _INV.c.allocation_ratio,
    _INV.c.min_unit, _INV.c.max_unit, _INV.c.step_size,
).select_from(_INV.join(_RP, _RP.c.id == _INV.c.resource_provider_id))


def inventories_of_trees(context, rc_ids):
    """The inventory rows (``_INVENTORY_ROW``), in provider id order, of
    every provider of the trees holding an inventory of one of ``rc_ids``:
    what both the search of a whole database and its summaries read.
    """
    holding = sa.select(_RP.c.root_provider_id).select_from(
        _INV.join(_RP, _RP.c.id == _INV.c.resource_provider_id)).where(
        _INV.c.resource_class_id.in_(sorted(rc_ids)))
    return _rows(context, _INVENTORY_ROW.where(
        _RP.c.root_provider_id.in_(holding)).order_by(_RP.c.id))


def fitting_providers(context, demands, root_id=None, root_range=None,
                      usage=None):
    """``fits`` of ``demands`` over the inventory rows of their classes;
    with ``root_id`` only providers of that tree, with ``root_range`` only
    those of the trees whose root id is in that range. ``usage``, when
    given, is the usage of (at least) these providers and classes, and is
    not read again.
    """
    # The unit checks per class are also one CASE on the class, not an OR
    # of "class = x AND ...": an OR makes SQLite read the inventories
    # through the class index even when a few trees are asked for. The
    # room check needs the usage, read apart (``_usage``).
    units = {}
    for rc_id, amount in demands:
        amount = sa.literal(amount, sa.Integer)
        units[rc_id] = sa.and_(
            _INV.c.min_unit <= amount,
            _INV.c.max_unit >= amount,
            amount % _INV.c.step_size == 0)
    query = _INVENTORY_ROW.where(
        _INV.c.resource_class_id.in_(list(units)),
        sa.case(units, value=_INV.c.resource_class_id, else_=sa.false()),
    ).order_by(_RP.c.id)
    # Filtering on the inventories' own column lets the database read
    # only the inventories of the trees asked for.
    trees = None
    if root_id is not None:
        trees = sa.select(_RP.c.id).where(_RP.c.root_provider_id == root_id)
    elif root_range is not None:
        trees = _in_root_range(sa.select(_RP.c.id), root_range)
    if trees is not None:
        query = query.where(_INV.c.resource_provider_id.in_(trees))
    if usage is None:
        usage = _usage(context, list(units), trees)
    return fits(_rows(context, query), usage, demands)


def fits(rows, usage, demands):
    """The providers of the inventory ``rows`` with room for each
    ``(class id, amount)`` demand.

    Room means ``used + amount <= (total - reserved) * allocation_ratio``,
    ``min_unit <= amount <= max_unit`` and ``amount % step_size == 0``.
    Returns ``{class id: [(id, uuid, root id, room)]}`` in the order of
    ``rows``, where ``room`` is what a sum of amounts may reach:
    ``min(capacity - used, max_unit)``.
    """
    amounts = dict(demands)
    by_class = {rc_id: [] for rc_id in amounts}
    for (rc_id, rp_id, uuid, root, total, reserved, ratio, min_unit,
         max_unit, step_size) in rows:
        amount = amounts.get(rc_id)
        if (amount is None or not min_unit <= amount <= max_unit
                or not step_size or amount % step_size):
            continue
        used = usage.get((rp_id, rc_id), 0)
        if used + amount <= (total - reserved) * ratio:
            by_class[rc_id].append(
                (rp_id, uuid, root,
                 min(int((total - reserved) * ratio) - used, max_unit)))
    return by_class


def sharing_anchors(context, sharing_ids):
    """{sharing provider id: {root ids of trees sharing an aggregate}}.

    A provider's own root is always among its anchors.
    """
    anchors = collections.defaultdict(set)
    other = _RPA.alias('other')
    for condition in _id_filters(_RPA.c.resource_provider_id, sharing_ids):
        query = sa.select(
            _RPA.c.resource_provider_id, _RP.c.root_provider_id,
        ).select_from(
            _RPA.join(other, other.c.aggregate_id == _RPA.c.aggregate_id
                      ).join(_RP, _RP.c.id == other.c.resource_provider_id)
        ).where(condition).distinct()
        for sp_id, root_id in _rows(context, query):
            if sp_id in sharing_ids:
                anchors[sp_id].add(root_id)
    return anchors


def _in_trees(context, query, root_ids):
    """The rows of ``query`` (whose last column is the root id) in the
    trees of ``root_ids``, without that column.
    """
    root_ids = set(root_ids)
    return [row[:-1]
            for condition in _id_filters(_RP.c.root_provider_id, root_ids)
            for row in _rows(context, query.where(condition))
            if row[-1] in root_ids]


def tree_providers(context, root_ids):
    """(id, uuid, parent id, root id) of every provider of the trees."""
    return _in_trees(context, sa.select(
        _RP.c.id, _RP.c.uuid, _RP.c.parent_provider_id,
        _RP.c.root_provider_id, _RP.c.root_provider_id), root_ids)


def tree_inventories(context, root_ids, usage=None):
    """The inventory rows (``_INVENTORY_ROW``) of the trees, and their
    usage (``usage`` itself when given: it then covers the trees).
    """
    root_ids = set(root_ids)
    rows = []
    read_usage = usage is None
    if read_usage:
        usage = {}
    for condition in _id_filters(_RP.c.root_provider_id, root_ids):
        if read_usage:
            usage.update(_usage(context, providers=sa.select(_RP.c.id).where(
                condition)))
        rows.extend(row for row in _rows(context, _INVENTORY_ROW.where(
            condition)) if row[3] in root_ids)
    return rows, usage


def tree_traits(context, root_ids):
    """(provider id, trait name) of every provider of the trees."""
    return _in_trees(context, sa.select(
        _RPT.c.resource_provider_id, _TRAIT.c.name, _RP.c.root_provider_id,
    ).select_from(
        _RPT.join(_RP, _RP.c.id == _RPT.c.resource_provider_id).join(
            _TRAIT, _TRAIT.c.id == _RPT.c.trait_id)), root_ids)
