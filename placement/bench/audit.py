"""Capacity audit over HTTP: no provider is used beyond its capacity."""

from placement.bench import client as bench_client


def _provider_state(client, rp_uuid):
    path = '/resource_providers/%s/' % rp_uuid
    inventories = client.get(path + 'inventories').json()['inventories']
    usages = client.get(path + 'usages').json()['usages']
    return rp_uuid, inventories, usages


def _violations(rp_uuid, inventories, usages):
    found = []
    for rc, used in usages.items():
        if not used:
            continue
        inv = inventories.get(rc)
        capacity = 0
        if inv is not None:
            capacity = (inv['total'] - inv['reserved']) * inv[
                'allocation_ratio']
        if used > capacity:
            found.append({'provider': rp_uuid, 'resource_class': rc,
                          'used': used, 'capacity': capacity})
    return found


def audit(client, threads, providers=None):
    """Read every provider's inventories and usages; report overuse.

    ``providers`` restricts the audit to those uuids (default: all).
    ``used``/``capacity`` sum the usages and capacities per class.
    """
    if providers is None:
        providers = [rp['uuid'] for rp in client.get(
            '/resource_providers').json()['resource_providers']]
    states = bench_client.parallel(
        lambda rp_uuid: _provider_state(client, rp_uuid), providers,
        threads)
    over, used, capacity = [], {}, {}
    for rp_uuid, inventories, usages in states:
        over.extend(_violations(rp_uuid, inventories, usages))
        for rc, amount in usages.items():
            used[rc] = used.get(rc, 0) + amount
        for rc, inv in inventories.items():
            capacity[rc] = capacity.get(rc, 0) + int(
                (inv['total'] - inv['reserved']) * inv['allocation_ratio'])
    return {'providers': len(states), 'over_capacity': over,
            'used': used, 'capacity': capacity, 'ok': not over}
