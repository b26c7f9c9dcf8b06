"""Inventories: what a resource provider offers of each resource class.

Every write (add, update, delete, set) is one writer transaction that ends
with the provider's ``increment_generation()``, a compare-and-swap on the
generation read when the provider was looked up: a concurrent writer makes
it fail with ``ResourceProviderConcurrentUpdateDetected`` and the whole
transaction rolls back.

Capacity rule (spec inventories.md): ``int((total - reserved) * ratio)``
must be at least ``min_capacity``; the writers take it as a keyword
argument because it depends on the microversion (1 below 1.26, 0 from
1.26) and the reshaper does not check it at all (``None``).
"""

from oslo_log import log as logging
from oslo_versionedobjects import fields
import sqlalchemy as sa

from placement import attribute_cache
from placement.db.sqlalchemy import models
from placement import db_api
from placement import exception
from placement.objects import base

LOG = logging.getLogger(__name__)

MAX_INT = 2147483647
# The capacity rule below microversion 1.26 and from 1.26 on.
MIN_CAPACITY_BEFORE_1_26 = 1
MIN_CAPACITY = 0
# The values of an inventory: its columns besides the keys, its API form.
VALUE_FIELDS = (
    'total', 'reserved', 'min_unit', 'max_unit', 'step_size',
    'allocation_ratio')

_INV_TBL = models.Inventory.__table__
_ALLOC_TBL = models.Allocation.__table__


class Inventory(base.VersionedObject, base.TimestampedObject):

    fields = {
        'id': fields.IntegerField(read_only=True),
        'resource_provider': fields.ObjectField('ResourceProvider'),
        'resource_class': fields.StringField(read_only=True),
        'total': fields.NonNegativeIntegerField(),
        'reserved': fields.NonNegativeIntegerField(default=0),
        'min_unit': fields.NonNegativeIntegerField(default=1),
        'max_unit': fields.NonNegativeIntegerField(default=MAX_INT),
        'step_size': fields.NonNegativeIntegerField(default=1),
        'allocation_ratio': fields.FloatField(default=1.0),
    }

    def __init__(self, context=None, **kwargs):
        super().__init__(context, **kwargs)
        # Omitted optional values take their defaults (obj_set_defaults()
        # would reset the given ones too).
        for name, field in self.fields.items():
            if field.default != fields.UnspecifiedDefault and (
                    name not in kwargs):
                setattr(self, name, field.default)

    @property
    def capacity(self):
        """What can be allocated: ``int((total - reserved) * ratio)``."""
        return int((self.total - self.reserved) * self.allocation_ratio)

    def values(self):
        """The stored values as a dict (the API representation)."""
        return {name: getattr(self, name) for name in VALUE_FIELDS}


def find(inventories, resource_class):
    """The inventory of ``resource_class`` in ``inventories``, or None."""
    for inv in inventories:
        if inv.resource_class == resource_class:
            return inv
    return None


def _check_capacity(rp, inventories, min_capacity):
    """Refuse an inventory whose capacity is below ``min_capacity``.

    :raises InvalidInventoryCapacity: capacity < 1 (below v1.26).
    :raises InvalidInventoryCapacityReservedCanBeTotal: capacity < 0.
    """
    if min_capacity is None:
        return
    if min_capacity > 0:
        error = exception.InvalidInventoryCapacity
    else:
        error = exception.InvalidInventoryCapacityReservedCanBeTotal
    for inv in inventories:
        if inv.capacity < min_capacity:
            raise error(resource_class=inv.resource_class,
                        resource_provider=rp.uuid)


def _rc_ids(context, inventories):
    """{rc_id: inventory}; raises ResourceClassNotFound for a bad name."""
    rc_cache = attribute_cache.resource_class_cache(context)
    return {rc_cache.id_from_string(inv.resource_class): inv
            for inv in inventories}


@db_api.placement_context_manager.reader
def get_all_by_resource_provider(context, rp):
    """The inventories of provider ``rp`` in DB order."""
    cols = _INV_TBL.c
    query = sa.select(_INV_TBL).where(cols.resource_provider_id == rp.id)
    rc_cache = attribute_cache.resource_class_cache(context)
    inventories = []
    for row in context.session.execute(query).mappings():
        inv = Inventory(
            context, id=row['id'], resource_provider=rp,
            resource_class=rc_cache.string_from_id(row['resource_class_id']),
            created_at=row['created_at'], updated_at=row['updated_at'],
            **{name: row[name] for name in VALUE_FIELDS})
        inv.obj_reset_changes()
        inventories.append(inv)
    return inventories


def _current_rc_ids(context, rp):
    query = sa.select(_INV_TBL.c.resource_class_id).where(
        _INV_TBL.c.resource_provider_id == rp.id)
    return set(context.session.execute(query).scalars())


def _check_not_in_use(context, rp, rc_ids):
    """Raise InventoryInUse when ``rp`` has allocations of ``rc_ids``."""
    if not rc_ids:
        return
    cols = _ALLOC_TBL.c
    query = sa.select(cols.resource_class_id).distinct().where(
        cols.resource_provider_id == rp.id,
        cols.resource_class_id.in_(rc_ids))
    in_use = sorted(context.session.execute(query).scalars())
    if in_use:
        rc_cache = attribute_cache.resource_class_cache(context)
        raise exception.InventoryInUse(
            resource_classes=', '.join(
                rc_cache.string_from_id(rc_id) for rc_id in in_use),
            resource_provider=rp.uuid)


def _warn_if_over_capacity(context, rp, rc_ids_to_inv):
    """Log a warning for each class whose usage exceeds its new capacity.

    Shrinking an inventory below what is allocated is allowed; the
    allocations are then over capacity until some are removed.
    """
    cols = _ALLOC_TBL.c
    query = sa.select(cols.resource_class_id, sa.func.sum(cols.used)).where(
        cols.resource_provider_id == rp.id,
        cols.resource_class_id.in_(list(rc_ids_to_inv))).group_by(
        cols.resource_class_id)
    for rc_id, used in context.session.execute(query):
        inv = rc_ids_to_inv[rc_id]
        if used > inv.capacity:
            LOG.warning(
                'Resource provider %(uuid)s is now over-capacity for '
                '%(rc)s: capacity %(cap)d, usage %(used)d.',
                {'uuid': rp.uuid, 'rc': inv.resource_class,
                 'cap': inv.capacity, 'used': used})


def _insert(context, rp, rc_ids_to_inv):
    for rc_id, inv in rc_ids_to_inv.items():
        context.session.execute(sa.insert(_INV_TBL).values(
            resource_provider_id=rp.id, resource_class_id=rc_id,
            **inv.values()))


def _update(context, rp, rc_ids_to_inv):
    """Update existing rows; a missing one raises a not-found error."""
    cols = _INV_TBL.c
    for rc_id, inv in rc_ids_to_inv.items():
        result = context.session.execute(
            sa.update(_INV_TBL).where(
                cols.resource_provider_id == rp.id,
                cols.resource_class_id == rc_id).values(**inv.values()))
        if not result.rowcount:
            raise exception.InventoryWithResourceClassNotFound(
                resource_class=inv.resource_class)
    _warn_if_over_capacity(context, rp, rc_ids_to_inv)


def _delete(context, rp, rc_ids):
    cols = _INV_TBL.c
    return context.session.execute(sa.delete(_INV_TBL).where(
        cols.resource_provider_id == rp.id,
        cols.resource_class_id.in_(rc_ids))).rowcount


@db_api.placement_context_manager.writer
def add_inventory(context, rp, inv, min_capacity=MIN_CAPACITY):
    """Add one inventory to ``rp`` (no generation check by the caller).

    :raises InvalidInventoryCapacity...: see ``_check_capacity``.
    :raises ResourceClassNotFound: unknown class.
    :raises oslo_db.exception.DBDuplicateEntry: the class already has
        inventory on ``rp``.
    :raises ResourceProviderConcurrentUpdateDetected: generation changed.
    """
    _check_capacity(rp, [inv], min_capacity)
    _insert(context, rp, _rc_ids(context, [inv]))
    rp.increment_generation()


@db_api.placement_context_manager.writer
def update_inventory(context, rp, inv, min_capacity=MIN_CAPACITY):
    """Update the existing inventory of ``inv.resource_class`` on ``rp``.

    :raises InvalidInventoryCapacity...: see ``_check_capacity``.
    :raises ResourceClassNotFound: unknown class.
    :raises InventoryWithResourceClassNotFound: no such inventory on ``rp``.
    :raises ResourceProviderConcurrentUpdateDetected: generation changed.
    """
    _check_capacity(rp, [inv], min_capacity)
    _update(context, rp, _rc_ids(context, [inv]))
    rp.increment_generation()


@db_api.placement_context_manager.writer
def delete_inventory(context, rp, resource_class):
    """Delete the inventory of ``resource_class`` (a name) from ``rp``.

    :raises ResourceClassNotFound: unknown class.
    :raises NotFound: ``rp`` has no inventory of that class.
    :raises InventoryInUse: the class has allocations on ``rp``.
    :raises ResourceProviderConcurrentUpdateDetected: generation changed.
    """
    rc_cache = attribute_cache.resource_class_cache(context)
    rc_id = rc_cache.id_from_string(resource_class)
    _check_not_in_use(context, rp, [rc_id])
    if not _delete(context, rp, [rc_id]):
        raise exception.NotFound(
            'No inventory of class %s found for delete' % resource_class)
    rp.increment_generation()


@db_api.placement_context_manager.writer
def set_inventory(context, rp, inventories, min_capacity=MIN_CAPACITY):
    """Make ``inventories`` the whole inventory of ``rp``.

    Classes absent from ``inventories`` are deleted, new ones inserted and
    the others updated; the generation is incremented exactly once, even
    when nothing changed. An empty list removes all inventory.

    Joins the caller's writer transaction when there is one (the reshaper
    calls it several times in its own): the reshaper passes
    ``min_capacity=None``, which skips the capacity rule.

    :raises InvalidInventoryCapacity...: see ``_check_capacity``.
    :raises ResourceClassNotFound: unknown class.
    :raises InventoryInUse: a deleted class has allocations on ``rp``.
    :raises InventoryWithResourceClassNotFound: a row to update vanished
        (deleted concurrently).
    :raises ResourceProviderConcurrentUpdateDetected: generation changed.
    """
    _check_capacity(rp, inventories, min_capacity)
    wanted = _rc_ids(context, inventories)
    current = _current_rc_ids(context, rp)
    to_delete = current - set(wanted)
    _check_not_in_use(context, rp, to_delete)
    if to_delete:
        _delete(context, rp, to_delete)
    _insert(context, rp, {rc_id: inv for rc_id, inv in wanted.items()
                          if rc_id not in current})
    to_update = {rc_id: inv for rc_id, inv in wanted.items()
                 if rc_id in current}
    if to_update:
        _update(context, rp, to_update)
    rp.increment_generation()
