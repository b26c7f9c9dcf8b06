"""The workloads: load a world, then measure its queries.

A workload function takes a ``Context`` and returns the world it
loaded; measurements are recorded on the context.
"""

import re
import time

from placement.bench import audit
from placement.bench import claims
from placement.bench import measure
from placement.bench import worlds

FLAT_CONSUMER_RESOURCES = {'VCPU': 1, 'MEMORY_MB': 256, 'DISK_GB': 10}
NESTED_TREES = {'sqlite': 500, 'mysql': 1000, 'postgresql': 1000}


class Context(object):
    """What a workload needs: the client, the options, memory peaks."""

    def __init__(self, client, options, sampler=None):
        self.client = client
        self.options = options
        self.sampler = sampler
        self.world_info = {}
        self.measurements = {}

    def load(self, world):
        start = time.perf_counter()
        worlds.load(self.client, world, self.options.load_threads)
        self.world_info.update(
            name=world.name, trees=len(world.trees),
            providers=len(world.providers),
            load_seconds=round(time.perf_counter() - start, 1))
        self._peak()

    def _peak(self):
        """Peak summed server RSS since the previous call."""
        return self.sampler.take_peak() if self.sampler else None

    def record(self, name, result):
        peak = self._peak()
        if peak is not None:
            result['peak_rss_mb'] = peak
        self.measurements[name] = result
        return result

    def sequential(self, name, query):
        return self.record(name, measure.sequential(
            self.client, query, self.options.requests,
            self.options.slow_requests))

    def concurrent(self, name, query):
        return self.record(name, measure.concurrent(
            self.client, query, self.options.clients,
            self.options.duration))


def flat(ctx, size):
    world = worlds.flat(size)
    ctx.load(world)
    ctx.sequential('nolimit', world.queries['nolimit'])
    ctx.sequential('limit50', world.queries['limit50'])
    ctx.concurrent('concurrent', world.queries['nolimit'])
    start = time.perf_counter()
    ctx.world_info['consumers'] = worlds.add_consumers(
        ctx.client, world, ctx.options.consumers_per_provider,
        FLAT_CONSUMER_RESOURCES, ctx.options.load_threads)
    ctx.world_info['consumers_load_seconds'] = round(
        time.perf_counter() - start, 1)
    ctx.sequential('after_consumers', world.queries['nolimit'])
    return world


def nested(ctx):
    world = worlds.nested(ctx.options.nested_trees or
                          NESTED_TREES[ctx.options.db])
    ctx.load(world)
    ctx.sequential('nolimit', world.queries['nolimit'])
    ctx.concurrent('concurrent', world.queries['nolimit'])
    return world


def devices(ctx):
    world = worlds.devices()
    ctx.load(world)
    ctx.sequential('groups4', world.queries['groups4'])
    ctx.sequential('groups8_limit10', world.queries['groups8_limit10'])
    return world


def claim_loop(ctx):
    world = worlds.claim_pool(ctx.options.claim_pool,
                              ctx.options.claim_vcpus)
    ctx.load(world)
    result = claims.run(ctx.client, world.queries['claim'],
                        ctx.options.clients)
    pool = audit.audit(ctx.client, ctx.options.load_threads,
                       [p.uuid for p in world.providers])
    result['over_capacity'] = len(pool['over_capacity'])
    result['capacity'] = pool['capacity']['VCPU']
    result['unclaimed'] = (pool['capacity']['VCPU'] -
                           pool['used'].get('VCPU', 0))
    ctx.record('loop', result)
    return world


FLAT_NAME = re.compile(r'^flat(\d+)(k?)$')
WORKLOADS = {'nested': nested, 'devices': devices, 'claims': claim_loop}
DEFAULT = 'flat1k,nested,devices,claims'
ALL = 'flat1k,flat10k,nested,devices,claims'


def lookup(name):
    """The function of a workload name; ``flat<N>`` or ``flat<N>k``."""
    match = FLAT_NAME.match(name)
    if match:
        size = int(match.group(1)) * (1000 if match.group(2) else 1)
        return lambda ctx: flat(ctx, size)
    try:
        return WORKLOADS[name]
    except KeyError:
        raise ValueError('unknown workload %r' % name)
