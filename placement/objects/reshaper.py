"""The reshaper: move inventory and allocations in one transaction.

Spec reshaper.md step 4: (a) interim inventories (current overlaid with
the new records, so that allocations can move before classes disappear),
(b) the allocation write, (c) the final inventories.
"""

from oslo_db import api as oslo_db_api

from placement import db_api
from placement.objects import allocation
from placement.objects import inventory


def _interim(context, rp, new_inventories):
    by_class = {inv.resource_class: inv for inv in
                inventory.get_all_by_resource_provider(context, rp)}
    by_class.update((inv.resource_class, inv) for inv in new_inventories)
    return list(by_class.values())


@oslo_db_api.wrap_db_retry(max_retries=5, retry_on_deadlock=True)
@db_api.placement_context_manager.writer
def reshape(context, inventories, items):
    """Replace inventories and allocations atomically.

    :param inventories: list of (ResourceProvider, list of Inventory), the
        provider generations already checked by the caller.
    :param items: ``allocation.AllocationItem`` list of the consumers.
    :raises: whatever ``inventory.set_inventory`` and
        ``allocation.replace_all`` raise; nothing is written then.
    """
    for rp, new_inventories in inventories:
        if new_inventories:
            inventory.set_inventory(
                context, rp, _interim(context, rp, new_inventories),
                min_capacity=None)
    new_generations = allocation.replace_all(context, items)
    for rp, new_inventories in inventories:
        rp.generation = new_generations.get(rp.id, rp.generation)
        inventory.set_inventory(context, rp, new_inventories,
                                min_capacity=None)
