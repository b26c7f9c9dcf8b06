"""An openstacksdk scenario against placement behind a real Keystone.

Run by tools/keystone-test.sh with the python of its Keystone virtualenv
(python-openstackclient brings openstacksdk). The credentials come from
the OS_* environment variables, so placement is found through the service
catalog, as a deployment's clients find it. Every step compares what
placement answered with what it must answer, prints one "ok" or "FAIL"
line, and the script exits 1 when any step failed or raised.

Usage: python sdk_scenario.py NAME_SUFFIX
"""

import sys
import uuid

import openstack

FAILED = []
# The max_unit of an inventory written without one.
MAX_UNIT_DEFAULT = 2147483647


def step(name, got, want):
    """Print whether GOT equals WANT, remembering a mismatch."""
    if got == want:
        print('ok: %s' % name)
    else:
        FAILED.append(name)
        print('FAIL: %s: wanted %r, got %r' % (name, want, got))


def provider_steps(placement, name):
    """Create, list and show a provider; return it (generation 0)."""
    rp = placement.create_resource_provider(name=name)
    step('create provider', (rp.name, rp.generation), (name, 0))
    listed = [(p.id, p.name) for p in placement.resource_providers(name=name)]
    step('list providers by name', listed, [(rp.id, name)])
    shown = placement.get_resource_provider(rp.id)
    step('show provider',
         (shown.id, shown.name, shown.generation, shown.root_provider_id,
          shown.parent_provider_id),
         (rp.id, name, 0, rp.id, None))
    return shown


def inventory_steps(placement, rp):
    """Give RP VCPU 16 (ratio 2) and MEMORY_MB 4096; generation 3."""
    inv = placement.create_resource_provider_inventory(
        rp, 'VCPU', total=8, resource_provider_generation=0)
    step('create VCPU inventory',
         (inv.resource_class, inv.total, inv.resource_provider_generation),
         ('VCPU', 8, 1))
    inv = placement.update_resource_provider_inventory(
        'VCPU', rp, resource_provider_generation=1, total=16,
        allocation_ratio=2.0)
    step('update VCPU inventory',
         (inv.total, inv.allocation_ratio, inv.resource_provider_generation),
         (16, 2.0, 2))
    inv = placement.create_resource_provider_inventory(
        rp, 'MEMORY_MB', total=4096, resource_provider_generation=2)
    step('create MEMORY_MB inventory',
         (inv.total, inv.resource_provider_generation), (4096, 3))
    inventories = {
        i.resource_class: (i.total, i.reserved, i.min_unit, i.max_unit,
                           i.step_size, i.allocation_ratio,
                           i.resource_provider_generation)
        for i in placement.resource_provider_inventories(rp)}
    step('list inventories', inventories,
         {'VCPU': (16, 0, 1, MAX_UNIT_DEFAULT, 1, 2.0, 3),
          'MEMORY_MB': (4096, 0, 1, MAX_UNIT_DEFAULT, 1, 1.0, 3)})
    shown = placement.get_resource_provider_inventory('VCPU', rp)
    step('show VCPU inventory', (shown.total, shown.allocation_ratio),
         (16, 2.0))


def catalogue_steps(placement):
    """The standard resource classes and traits are listed."""
    classes = {c.name for c in placement.resource_classes()}
    step('list resource classes',
         {'VCPU', 'MEMORY_MB', 'DISK_GB'} <= classes, True)
    traits = {t.name for t in placement.traits(name='startswith:HW_CPU_X86_')}
    step('list traits by prefix',
         ('HW_CPU_X86_AVX2' in traits,
          all(t.startswith('HW_CPU_X86_') for t in traits)),
         (True, True))


def trait_and_aggregate_steps(placement, rp, aggregate):
    """Set two traits and one aggregate on RP; generation 5."""
    rp_traits = placement.get_resource_provider_trait(rp)
    step('show provider traits',
         (rp_traits.traits, rp_traits.resource_provider_generation), ([], 3))
    wanted = ['HW_CPU_X86_AVX2', 'STORAGE_DISK_SSD']
    placement.set_resource_provider_trait(rp_traits, traits=wanted)
    rp_traits = placement.get_resource_provider_trait(rp)
    step('set provider traits',
         (sorted(rp_traits.traits), rp_traits.resource_provider_generation),
         (wanted, 4))
    rp = placement.fetch_resource_provider_aggregates(rp.id)
    step('get aggregates', (rp.aggregates, rp.generation), ([], 4))
    placement.set_resource_provider_aggregates(rp, aggregate)
    rp = placement.fetch_resource_provider_aggregates(rp.id)
    step('set and get aggregates', (rp.aggregates, rp.generation),
         ([aggregate], 5))


def candidate_steps(placement, rp_id):
    """GET /allocation_candidates offers RP at microversion 1.34."""
    resp = placement.get('/allocation_candidates?resources=VCPU:1',
                         microversion='1.34')
    step('allocation candidates status', resp.status_code, 200)
    body = resp.json()
    mine = [r for r in body['allocation_requests']
            if rp_id in r['allocations']]
    step('allocation request for the provider', mine,
         [{'allocations': {rp_id: {'resources': {'VCPU': 1}}},
           'mappings': {'': [rp_id]}}])
    summary = body['provider_summaries'].get(rp_id, {})
    step('provider summary',
         (summary.get('resources'), summary.get('traits'),
          summary.get('parent_provider_uuid'),
          summary.get('root_provider_uuid')),
         ({'VCPU': {'capacity': 32, 'used': 0},
           'MEMORY_MB': {'capacity': 4096, 'used': 0}},
          ['HW_CPU_X86_AVX2', 'STORAGE_DISK_SSD'], None, rp_id))


def allocation_steps(placement, rp_id, project_id, user_id):
    """Write, read back and delete a consumer's allocations (1.38)."""
    consumer = str(uuid.uuid4())
    path = '/allocations/%s' % consumer
    resources = {'VCPU': 2, 'MEMORY_MB': 512}
    resp = placement.put(path, microversion='1.38', json={
        'allocations': {rp_id: {'resources': resources}},
        'project_id': project_id, 'user_id': user_id,
        'consumer_generation': None, 'consumer_type': 'INSTANCE'})
    step('put allocations', (resp.status_code, resp.text), (204, ''))
    resp = placement.get(path, microversion='1.38')
    step('read allocations back', (resp.status_code, resp.json()),
         (200, {'allocations': {rp_id: {'resources': resources,
                                        'generation': 6}},
                'project_id': project_id, 'user_id': user_id,
                'consumer_generation': 1, 'consumer_type': 'INSTANCE'}))
    usages = placement.fetch_resource_provider_usages(rp_id).usages
    step('provider usages', usages, {'VCPU': 2, 'MEMORY_MB': 512})
    resp = placement.delete(path, microversion='1.38')
    step('delete allocations', resp.status_code, 204)
    resp = placement.get(path, microversion='1.38')
    step('allocations gone', (resp.status_code, resp.json()),
         (200, {'allocations': {}}))


def delete_steps(placement, rp_id):
    """Delete RP; showing it is then a 404."""
    placement.delete_resource_provider(rp_id, ignore_missing=False)
    state = 'still there'
    try:
        placement.get_resource_provider(rp_id)
    except openstack.exceptions.NotFoundException:
        state = 'gone'
    step('delete provider', state, 'gone')


def scenario(conn, suffix):
    placement = conn.placement
    rp = provider_steps(placement, 'sdk-rp-%s' % suffix)
    inventory_steps(placement, rp)
    catalogue_steps(placement)
    trait_and_aggregate_steps(placement, rp, str(uuid.uuid4()))
    candidate_steps(placement, rp.id)
    allocation_steps(placement, rp.id, conn.current_project_id,
                     conn.current_user_id)
    delete_steps(placement, rp.id)


def main():
    suffix = sys.argv[1] if len(sys.argv) > 1 else uuid.uuid4().hex[:8]
    try:
        scenario(openstack.connect(), suffix)
    except Exception as exc:
        FAILED.append('exception')
        print('FAIL: %s: %s' % (type(exc).__name__, exc))
    print('sdk scenario: %d failed' % len(FAILED))
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
