"""Usages: sums of allocated amounts, per provider or per project/user.

Plain dicts are returned (resource class name -> amount); each function is
a single grouped query (two for the consumer type groups, whose consumer
counts span every class of the group).
"""

import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import db_api

# Group names of GET /usages at v1.38+ besides consumer type names.
ALL_CONSUMERS = 'all'
UNKNOWN_TYPE = 'unknown'
CONSUMER_COUNT = 'consumer_count'

_INV_TBL = models.Inventory.__table__
_ALLOC_TBL = models.Allocation.__table__
_CONSUMER_TBL = models.Consumer.__table__
_PROJECT_TBL = models.Project.__table__
_USER_TBL = models.User.__table__
_TYPE_TBL = models.ConsumerType.__table__


@db_api.placement_context_manager.reader
def get_usages_by_provider(context, rp):
    """{class name: used} for every class ``rp`` has inventory of.

    A class without allocations is 0; classes without inventory (even if
    somehow allocated) are absent.
    """
    inv = _INV_TBL.c
    alloc = _ALLOC_TBL.c
    joined = sa.outerjoin(_INV_TBL, _ALLOC_TBL, sa.and_(
        alloc.resource_provider_id == inv.resource_provider_id,
        alloc.resource_class_id == inv.resource_class_id))
    query = sa.select(
        inv.resource_class_id, sa.func.coalesce(sa.func.sum(alloc.used), 0)
    ).select_from(joined).where(
        inv.resource_provider_id == rp.id).group_by(inv.resource_class_id)
    rc_cache = attribute_cache.resource_class_cache(context)
    return {rc_cache.string_from_id(rc_id): int(used)
            for rc_id, used in context.session.execute(query)}


def _consumer_allocations(project_id, user_id, consumer_type):
    """FROM clause and conditions selecting the wanted allocations.

    ``consumer_type`` None means any type (joined with an outer join so the
    type name is selectable), ``UNKNOWN_TYPE`` only consumers without a
    type, ``ALL_CONSUMERS`` any type, anything else that type name.
    """
    alloc = _ALLOC_TBL.c
    consumer = _CONSUMER_TBL.c
    joined = sa.join(_ALLOC_TBL, _CONSUMER_TBL,
                     alloc.consumer_id == consumer.uuid)
    joined = joined.join(_PROJECT_TBL, consumer.project_id ==
                         _PROJECT_TBL.c.id)
    conditions = [_PROJECT_TBL.c.external_id == project_id]
    if user_id is not None:
        joined = joined.join(_USER_TBL, consumer.user_id == _USER_TBL.c.id)
        conditions.append(_USER_TBL.c.external_id == user_id)
    if consumer_type is None:
        joined = joined.outerjoin(
            _TYPE_TBL, consumer.consumer_type_id == _TYPE_TBL.c.id)
    elif consumer_type == UNKNOWN_TYPE:
        conditions.append(consumer.consumer_type_id.is_(None))
    elif consumer_type != ALL_CONSUMERS:
        joined = joined.join(
            _TYPE_TBL, consumer.consumer_type_id == _TYPE_TBL.c.id)
        conditions.append(_TYPE_TBL.c.name == consumer_type)
    return joined, conditions


@db_api.placement_context_manager.reader
def get_total_usages(context, project_id, user_id=None):
    """{class name: used} over the allocations of a project (and user).

    An unknown project or user gives ``{}``.
    """
    joined, conditions = _consumer_allocations(
        project_id, user_id, ALL_CONSUMERS)
    alloc = _ALLOC_TBL.c
    query = sa.select(alloc.resource_class_id, sa.func.sum(alloc.used)
                      ).select_from(joined).where(*conditions).group_by(
        alloc.resource_class_id)
    rc_cache = attribute_cache.resource_class_cache(context)
    return {rc_cache.string_from_id(rc_id): int(used)
            for rc_id, used in context.session.execute(query)}


@db_api.placement_context_manager.reader
def get_total_usages_by_consumer_type(context, project_id, user_id=None,
                                      consumer_type=None):
    """Usages of a project (and user) grouped by consumer type (v1.38).

    Returns ``{group: {class name: used, ..., 'consumer_count': n}}``.
    Without ``consumer_type`` there is one group per type name, consumers
    without a type forming ``unknown``; ``all`` puts every consumer into
    one group ``all``; ``unknown`` or a type name select that one group.
    ``consumer_count`` counts the distinct consumers of the group.
    """
    joined, conditions = _consumer_allocations(
        project_id, user_id, consumer_type)
    # One selected group column, or none when a single group is asked for
    # (a constant in GROUP BY is an error on PostgreSQL).
    if consumer_type is None:
        group_cols = [sa.func.coalesce(_TYPE_TBL.c.name, UNKNOWN_TYPE)]
    else:
        group_cols = []

    def group_name(row):
        return row[0] if consumer_type is None else consumer_type

    alloc = _ALLOC_TBL.c
    counts = sa.select(
        *group_cols, sa.func.count(sa.distinct(_CONSUMER_TBL.c.id))
    ).select_from(joined).where(*conditions).group_by(*group_cols)
    usages = {group_name(row): {CONSUMER_COUNT: row[-1]}
              for row in context.session.execute(counts) if row[-1]}
    if not usages:
        return usages
    sums = sa.select(
        *group_cols, alloc.resource_class_id, sa.func.sum(alloc.used)
    ).select_from(joined).where(*conditions).group_by(
        *group_cols, alloc.resource_class_id)
    rc_cache = attribute_cache.resource_class_cache(context)
    for row in context.session.execute(sums):
        rc_name = rc_cache.string_from_id(row[-2])
        usages[group_name(row)][rc_name] = int(row[-1])
    return usages
