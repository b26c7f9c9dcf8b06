"""Worlds loaded over HTTP, each with the query that measures it.

A world is a list of provider trees; a tree is created parent first by
one loading thread, the trees in parallel.
"""

import dataclasses
import itertools
import urllib.parse
import uuid

from placement.bench import client as bench_client

PROJECT_ID = 'bench-project'
USER_ID = 'bench-user'
CONSUMER_BATCH = 100
CLAIM_LIMIT = 10


@dataclasses.dataclass
class Provider(object):
    name: str
    inventories: dict
    parent: 'Provider' = None
    aggregates: list = dataclasses.field(default_factory=list)
    traits: list = dataclasses.field(default_factory=list)
    uuid: str = dataclasses.field(
        default_factory=lambda: str(uuid.uuid4()))


@dataclasses.dataclass
class World(object):
    name: str
    trees: list
    queries: dict
    custom_classes: list = dataclasses.field(default_factory=list)
    custom_traits: list = dataclasses.field(default_factory=list)

    @property
    def providers(self):
        return [p for tree in self.trees for p in tree]


def inventory(total, **fields):
    return dict(fields, total=total)


def query(**params):
    """A query string; list values repeat the parameter."""
    return urllib.parse.urlencode(params, doseq=True, safe=':,!')


def flat(size):
    """``size`` compute nodes in cycling aggregates and traits."""
    aggs = [str(uuid.uuid4()) for _i in range(3)]
    agg_cycle = itertools.cycle([aggs[:1], aggs[:2], aggs[:3]])
    trait_cycle = itertools.cycle([
        ['HW_CPU_X86_AVX2'],
        ['HW_CPU_X86_AVX2', 'HW_CPU_X86_SSE2'],
        ['HW_CPU_X86_AVX2', 'HW_CPU_X86_SSE2', 'STORAGE_DISK_SSD']])
    trees = [[Provider(
        name='flat-%d-%s' % (i, uuid.uuid4().hex[:8]),
        inventories={
            'VCPU': inventory(32, max_unit=16),
            'MEMORY_MB': inventory(8192, min_unit=128),
            'DISK_GB': inventory(8192, min_unit=5)},
        aggregates=next(agg_cycle), traits=next(trait_cycle))]
        for i in range(size)]
    params = dict(resources='VCPU:1,DISK_GB:10,MEMORY_MB:256',
                  member_of=aggs[0], required='HW_CPU_X86_AVX2')
    return World('flat%d' % size, trees, {
        'nolimit': query(**params),
        'limit50': query(limit=50, **params)})


def _nested_tree(i):
    suffix = '%d-%s' % (i, uuid.uuid4().hex[:8])
    compute = Provider('cn-' + suffix, {'DISK_GB': inventory(2048)},
                       traits=['COMPUTE_VOLUME_MULTI_ATTACH'])
    numa = [Provider('numa%d-%s' % (n, suffix),
                     {'VCPU': inventory(16),
                      'MEMORY_MB': inventory(32768, min_unit=128)},
                     parent=compute, traits=traits)
            for n, traits in enumerate([['CUSTOM_FOO'], []])]
    fpgas = [Provider('fpga%d-%s' % (n, suffix), {'FPGA': inventory(1)},
                      parent=numa[n]) for n in range(2)]
    pgpu = Provider('pgpu-' + suffix, {'PGPU': inventory(1)},
                    parent=compute)
    return [compute] + numa + fpgas + [pgpu]


def nested(size):
    """``size`` trees: compute, two NUMA nodes each with an FPGA, a PGPU.

    The FPGAs hang under the NUMA nodes: ``same_subtree=_COMPUTE,_FPGA``
    needs one of the two providers to be an ancestor of the other.
    """
    trees = [_nested_tree(i) for i in range(size)]
    return World('nested%d' % size, trees, {
        'nolimit': query(
            resources='DISK_GB:10', required='COMPUTE_VOLUME_MULTI_ATTACH',
            resources_COMPUTE='VCPU:1,MEMORY_MB:256',
            required_COMPUTE='CUSTOM_FOO', resources_FPGA='FPGA:1',
            group_policy='none', same_subtree='_COMPUTE,_FPGA')},
        custom_traits=['CUSTOM_FOO'])


def _device_query(groups, **params):
    for group in range(1, groups + 1):
        params['resources%d' % group] = 'CUSTOM_PCI_DEV:1'
    return query(group_policy='isolate', **params)


def devices(computes=20, children=8):
    """Computes without inventory, each with one-device children."""
    trees = []
    for i in range(computes):
        suffix = '%d-%s' % (i, uuid.uuid4().hex[:8])
        root = Provider('dev-cn-' + suffix, {})
        trees.append([root] + [
            Provider('dev-%d-%s' % (n, suffix),
                     {'CUSTOM_PCI_DEV': inventory(1)}, parent=root)
            for n in range(children)])
    return World('devices%d' % computes, trees, {
        'groups4': _device_query(4),
        'groups8_limit10': _device_query(8, limit=10)},
        custom_classes=['CUSTOM_PCI_DEV'])


def claim_pool(size, vcpus):
    """A small aggregate of providers that claims of one VCPU fill."""
    agg = str(uuid.uuid4())
    trees = [[Provider(
        'pool-%d-%s' % (i, uuid.uuid4().hex[:8]),
        {'VCPU': inventory(vcpus, max_unit=vcpus),
         'MEMORY_MB': inventory(vcpus * 512, min_unit=128)},
        aggregates=[agg])] for i in range(size)]
    return World('claims', trees, {
        'claim': query(resources='VCPU:1,MEMORY_MB:256', member_of=agg,
                       limit=CLAIM_LIMIT)})


def _create_tree(client, tree):
    for provider in tree:
        body = {'uuid': provider.uuid, 'name': provider.name}
        if provider.parent is not None:
            body['parent_provider_uuid'] = provider.parent.uuid
        gen = client.post('/resource_providers', body).json()['generation']
        path = '/resource_providers/%s/' % provider.uuid
        if provider.inventories:
            gen = client.put(path + 'inventories', {
                'resource_provider_generation': gen,
                'inventories': provider.inventories,
            }).json()['resource_provider_generation']
        if provider.aggregates:
            gen = client.put(path + 'aggregates', {
                'resource_provider_generation': gen,
                'aggregates': provider.aggregates,
            }).json()['resource_provider_generation']
        if provider.traits:
            client.put(path + 'traits', {
                'resource_provider_generation': gen,
                'traits': provider.traits})


def load(client, world, threads):
    for name in world.custom_classes:
        client.put('/resource_classes/%s' % name)
    for name in world.custom_traits:
        client.put('/traits/%s' % name)
    bench_client.parallel(lambda tree: _create_tree(client, tree),
                          world.trees, threads)


def add_consumers(client, world, per_provider, resources, threads):
    """``per_provider`` consumers on every provider of a flat world."""
    consumers = [(str(uuid.uuid4()), {
        'allocations': {p.uuid: {'resources': resources}},
        'project_id': PROJECT_ID, 'user_id': USER_ID,
        'consumer_generation': None})
        for p in world.providers for _i in range(per_provider)]
    batches = [dict(consumers[i:i + CONSUMER_BATCH])
               for i in range(0, len(consumers), CONSUMER_BATCH)]
    bench_client.parallel(
        lambda batch: client.post(
            '/allocations', batch,
            version=bench_client.ALLOCATIONS_VERSION),
        batches, threads)
    return len(consumers)
