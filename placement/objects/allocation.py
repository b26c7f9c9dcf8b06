"""Allocations: the write algorithm and the reads of the allocation API.

``replace_all`` implements steps 3-7 of the write algorithm of spec
allocations-and-consumers.md. Why it is safe under concurrent writers:

* Every attempt is a new transaction, so the usage it checks capacity
  against is fresh; a retry inside an old REPEATABLE READ snapshot would
  re-check stale usage and over-allocate (spec pitfall 20).
* Provider generations are read before the usage. Under READ COMMITTED
  (PostgreSQL) each statement sees newer data than the one before, so the
  generation is never newer than the usage it guards; under REPEATABLE
  READ both come from one snapshot.
* Every involved provider's generation is bumped with a compare-and-swap
  UPDATE, which sees the latest committed row and waits for uncommitted
  ones: of two writers that checked capacity on the same snapshot, the
  second finds 0 rows, rolls back and retries.
* Old rows are deleted by primary key and providers are locked in id
  order, which keeps InnoDB gap-lock deadlocks away; deadlocks that still
  happen are retried by ``wrap_db_retry``.
"""

import collections

from oslo_db import api as oslo_db_api
from oslo_db import exception as db_exc
from oslo_log import log as logging
import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception

LOG = logging.getLogger(__name__)

_ALLOCATIONS = models.Allocation.__table__
_CONSUMERS = models.Consumer.__table__
_CONSUMER_TYPES = models.ConsumerType.__table__
_INVENTORIES = models.Inventory.__table__
_PROJECTS = models.Project.__table__
_PROVIDERS = models.ResourceProvider.__table__
_USERS = models.User.__table__

# One item of a write: ``consumer`` is a Consumer object; ``used`` 0 marks
# the removal of an old allocation (the consumer's new set is empty).
AllocationItem = collections.namedtuple(
    'AllocationItem',
    'consumer provider_id provider_uuid resource_class used')


@db_api.placement_context_manager.reader
def get_provider_ids(context, provider_uuids):
    """Map each existing provider uuid of *provider_uuids* to its id."""
    rows = context.session.execute(
        sa.select(_PROVIDERS.c.uuid, _PROVIDERS.c.id).where(
            _PROVIDERS.c.uuid.in_(set(provider_uuids))))
    return dict(rows.all())


def _read_generations(session, provider_ids):
    rows = session.execute(
        sa.select(_PROVIDERS.c.id, _PROVIDERS.c.generation).where(
            _PROVIDERS.c.id.in_(provider_ids)))
    return dict(rows.all())


def _read_inventories(session, provider_ids, rc_ids):
    """Inventory and current usage of the (provider, class) pairs.

    :returns: {(provider id, class id): row with the inventory fields and
        ``used``}
    """
    usage = sa.select(
        _ALLOCATIONS.c.resource_provider_id,
        _ALLOCATIONS.c.resource_class_id,
        sa.func.sum(_ALLOCATIONS.c.used).label('used'),
    ).where(
        _ALLOCATIONS.c.resource_provider_id.in_(provider_ids),
        _ALLOCATIONS.c.resource_class_id.in_(rc_ids),
    ).group_by(_ALLOCATIONS.c.resource_provider_id,
               _ALLOCATIONS.c.resource_class_id).subquery()
    inv = _INVENTORIES.c
    query = sa.select(
        inv.resource_provider_id, inv.resource_class_id, inv.total,
        inv.reserved, inv.min_unit, inv.max_unit, inv.step_size,
        inv.allocation_ratio, sa.func.coalesce(usage.c.used, 0).label('used'),
    ).select_from(_INVENTORIES.outerjoin(usage, sa.and_(
        inv.resource_provider_id == usage.c.resource_provider_id,
        inv.resource_class_id == usage.c.resource_class_id,
    ))).where(inv.resource_provider_id.in_(provider_ids),
              inv.resource_class_id.in_(rc_ids))
    return {(row.resource_provider_id, row.resource_class_id): row
            for row in session.execute(query)}


def _read_old_allocations(session, consumer_uuids):
    return session.execute(
        sa.select(_ALLOCATIONS.c.id, _ALLOCATIONS.c.resource_provider_id,
                  _ALLOCATIONS.c.resource_class_id, _ALLOCATIONS.c.used)
        .where(_ALLOCATIONS.c.consumer_id.in_(consumer_uuids))).all()


def _unique(values):
    return list(dict.fromkeys(values))


def _check_inventory_exists(claims, inventories):
    """Every claimed provider needs inventory of the claimed classes."""
    with_inventory = {provider_id for provider_id, _rc in inventories}
    missing = _unique(item.provider_uuid for item in claims
                      if item.provider_id not in with_inventory)
    if missing:
        raise exception.InvalidInventory(
            resource_class=', '.join(_unique(
                item.resource_class for item in claims)),
            resource_provider=', '.join(missing))


def _check_claims(claims, rc_ids, inventories, old_usage):
    """Step 5: inventory, min/max/step and capacity of each claim.

    *inventories* holds the usage before the request (P); the usage once
    the consumers' old allocations are gone (U) is P minus *old_usage*.
    """
    totals = collections.Counter()
    for item in claims:
        totals[item.provider_id, rc_ids[item.resource_class]] += item.used
    for item in claims:
        key = (item.provider_id, rc_ids[item.resource_class])
        inv = inventories.get(key)
        if inv is None:
            raise exception.InvalidInventory(
                resource_class=item.resource_class,
                resource_provider=item.provider_uuid)
        amount = item.used
        if (amount < inv.min_unit or amount > inv.max_unit
                or amount % inv.step_size):
            raise exception.InvalidAllocationConstraintsViolated(
                resource_class=item.resource_class,
                resource_provider=item.provider_uuid)
        capacity = (inv.total - inv.reserved) * inv.allocation_ratio
        previous = inv.used
        usage = previous - old_usage[key]
        wanted = usage + max(amount, totals[key])
        # A change that does not worsen an existing overcommit is allowed.
        if capacity < wanted and usage + totals[key] > previous:
            raise exception.InvalidAllocationCapacityExceeded(
                resource_class=item.resource_class,
                resource_provider=item.provider_uuid)


def _bump_providers(session, generations):
    """Compare-and-swap the generations, in id order (lock ordering)."""
    new_generations = {}
    for provider_id in sorted(generations):
        generation = generations[provider_id]
        result = session.execute(_PROVIDERS.update().where(
            _PROVIDERS.c.id == provider_id,
            _PROVIDERS.c.generation == generation,
        ).values(generation=generation + 1))
        if result.rowcount != 1:
            raise exception.ResourceProviderConcurrentUpdateDetected()
        new_generations[provider_id] = generation + 1
    return new_generations


@db_api.placement_context_manager.writer
def _write(context, items):
    """One attempt of steps 3-6 in the caller's or a new transaction."""
    session = context.session
    rc_cache = attribute_cache.resource_class_cache(context)
    claims = [item for item in items if item.used]
    rc_ids = {item.resource_class: rc_cache.id_from_string(
        item.resource_class) for item in claims}
    consumers = {item.consumer.uuid: item.consumer for item in items}
    # Generations first: see the module docstring.
    generations = _read_generations(
        session, _unique(item.provider_id for item in items))
    old_rows = _read_old_allocations(session, list(consumers))
    if claims:
        inventories = _read_inventories(
            session, _unique(item.provider_id for item in claims),
            set(rc_ids.values()))
        _check_inventory_exists(claims, inventories)
        old_usage = collections.Counter()
        for row in old_rows:
            old_usage[row.resource_provider_id, row.resource_class_id] += (
                row.used)
        _check_claims(claims, rc_ids, inventories, old_usage)
    if old_rows:
        session.execute(_ALLOCATIONS.delete().where(
            _ALLOCATIONS.c.id.in_([row.id for row in old_rows])))
    if claims:
        session.execute(_ALLOCATIONS.insert(), [
            {'resource_provider_id': item.provider_id,
             'resource_class_id': rc_ids[item.resource_class],
             'consumer_id': item.consumer.uuid, 'used': item.used}
            for item in claims])
    new_generations = _bump_providers(session, generations)
    for consumer in consumers.values():
        consumer.increment_generation()
    claimants = {item.consumer.uuid for item in claims}
    emptied = [consumer.id for uuid, consumer in consumers.items()
               if uuid not in claimants]
    if emptied:
        session.execute(
            _CONSUMERS.delete().where(_CONSUMERS.c.id.in_(emptied)))
    return new_generations


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
def _write_in_new_transaction(context, items):
    # A failed attempt may have bumped consumer objects before rolling back.
    generations = {item.consumer.uuid: item.consumer.generation
                   for item in items}
    try:
        return _write(context, items)
    except Exception:
        for item in items:
            item.consumer.generation = generations[item.consumer.uuid]
        raise


def _in_transaction(context):
    try:
        context.transaction_ctx
    except db_exc.NoEngineContextEstablished:
        return False
    return True


def replace_all(context, items):
    """Replace all allocations of the consumers of *items* (steps 3-7).

    Outside a transaction, each attempt runs in a new one and a provider
    generation conflict is retried up to
    ``[placement]allocation_conflict_retry_count`` attempts. Inside the
    caller's transaction (the reshaper) there is a single attempt, since
    a retry in the same transaction would see the same data.

    :returns: {provider id: new generation} of the bumped providers.
    :raises: ResourceClassNotFound, InvalidInventory (and subclasses),
        ResourceProviderConcurrentUpdateDetected (retries exhausted),
        ConcurrentUpdateDetected (a consumer changed concurrently).
    """
    if not items:
        return {}
    if _in_transaction(context):
        return _write(context, items)
    attempts = max(context.config.placement.allocation_conflict_retry_count,
                   1)
    for attempt in range(attempts):
        try:
            return _write_in_new_transaction(context, items)
        except exception.ResourceProviderConcurrentUpdateDetected:
            LOG.debug('Provider generation conflict writing allocations '
                      '(attempt %d of %d)', attempt + 1, attempts)
    raise exception.ResourceProviderConcurrentUpdateDetected()


def removal_items(context, consumer):
    """Items that remove all current allocations of *consumer*."""
    return [AllocationItem(consumer, row['provider_id'],
                           row['provider_uuid'], row['resource_class'], 0)
            for row in get_for_consumer(context, consumer.uuid)]


def _rc_name(context, rc_id):
    return attribute_cache.resource_class_cache(context).string_from_id(rc_id)


@db_api.placement_context_manager.reader
def get_for_consumer(context, consumer_uuid):
    """Allocations of a consumer that has a consumer row.

    :returns: dicts with provider_id, provider_uuid, provider_generation,
        resource_class (name), used, created_at, project_id, user_id
        (external ids), consumer_generation and consumer_type (name or
        None).
    """
    alloc = _ALLOCATIONS.c
    query = sa.select(
        _PROVIDERS.c.id.label('provider_id'),
        _PROVIDERS.c.uuid.label('provider_uuid'),
        _PROVIDERS.c.generation.label('provider_generation'),
        alloc.resource_class_id, alloc.used, alloc.created_at,
        _PROJECTS.c.external_id.label('project_id'),
        _USERS.c.external_id.label('user_id'),
        _CONSUMERS.c.generation.label('consumer_generation'),
        _CONSUMER_TYPES.c.name.label('consumer_type'),
    ).select_from(
        _ALLOCATIONS
        .join(_CONSUMERS, alloc.consumer_id == _CONSUMERS.c.uuid)
        .join(_PROJECTS, _CONSUMERS.c.project_id == _PROJECTS.c.id)
        .join(_USERS, _CONSUMERS.c.user_id == _USERS.c.id)
        .outerjoin(_CONSUMER_TYPES,
                   _CONSUMERS.c.consumer_type_id == _CONSUMER_TYPES.c.id)
        .join(_PROVIDERS, alloc.resource_provider_id == _PROVIDERS.c.id)
    ).where(alloc.consumer_id == consumer_uuid).order_by(alloc.id)
    return [_with_class_name(context, row)
            for row in context.session.execute(query).mappings()]


@db_api.placement_context_manager.reader
def get_for_provider(context, provider_id):
    """Allocations on a provider, of consumers that have a consumer row.

    :returns: dicts with consumer_id (uuid), consumer_generation,
        resource_class (name), used and created_at.
    """
    alloc = _ALLOCATIONS.c
    query = sa.select(
        alloc.consumer_id, alloc.resource_class_id, alloc.used,
        alloc.created_at,
        _CONSUMERS.c.generation.label('consumer_generation'),
    ).select_from(
        _ALLOCATIONS.join(_CONSUMERS, alloc.consumer_id == _CONSUMERS.c.uuid)
    ).where(alloc.resource_provider_id == provider_id).order_by(alloc.id)
    return [_with_class_name(context, row)
            for row in context.session.execute(query).mappings()]


def _with_class_name(context, row):
    """*row* as a dict with ``resource_class`` (name) instead of its id."""
    values = dict(row)
    values['resource_class'] = _rc_name(
        context, values.pop('resource_class_id'))
    return values


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
@db_api.placement_context_manager.writer
def delete_for_consumer(context, consumer_uuid):
    """Delete all allocations of a consumer and its consumer row.

    No generation is checked or bumped (spec: DELETE is unsafe under
    concurrency). :returns: whether there were allocations.
    """
    deleted = context.session.execute(_ALLOCATIONS.delete().where(
        _ALLOCATIONS.c.consumer_id == consumer_uuid)).rowcount
    if deleted:
        context.session.execute(_CONSUMERS.delete().where(
            _CONSUMERS.c.uuid == consumer_uuid))
    return bool(deleted)
