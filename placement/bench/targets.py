"""The targets of issue 5 and the reference measurements behind them.

Each check reads ``metric`` of the measurement ``measurement`` (a
``<workload>.<name>`` id) and compares it with the backend's target.
``mysql`` is the issue's MariaDB column; PostgreSQL has no targets.
"""

import collections
import operator

Check = collections.namedtuple(
    'Check', 'measurement metric op label targets references')

OPS = {'<=': operator.le, '>=': operator.ge, '==': operator.eq}


def _both(sqlite, mysql):
    return {'sqlite': sqlite, 'mysql': mysql}


CHECKS = [
    Check('flat1k.nolimit', 'median_ms', '<=',
          'flat 1k, no limit (1,000 candidates)',
          _both(40, 80), _both(125, 245)),
    Check('flat1k.limit50', 'median_ms', '<=', 'flat 1k, limit=50',
          _both(15, 30), _both(51, 228)),
    Check('flat1k.after_consumers', 'median_ms', '<=',
          'flat 1k after 2,000 consumers', _both(40, 65),
          _both('78-144', 196)),
    Check('nested.nolimit', 'median_ms', '<=',
          'nested 500 (SQLite) / 1,000 (MariaDB) trees, no limit',
          _both(55, 180), _both(174, 565)),
    Check('flat1k.concurrent', 'throughput_rps', '>=',
          '10 concurrent clients, flat query', _both(22, 19),
          _both(7.3, 6.3)),
    Check('nested.concurrent', 'throughput_rps', '>=',
          '10 concurrent clients, nested query', _both(12, 6),
          _both(4.1, 1.8)),
    Check('claims.loop', 'claims_per_s', '>=', 'claim loop, 10 schedulers',
          _both(13, 13), _both(6.5, 6.3)),
    Check('claims.loop', 'over_capacity', '==', 'claims: over capacity',
          _both(0, 0), {}),
    Check('claims.loop', 'unclaimed', '==',
          'claims: pool filled exactly', _both(0, 0), {}),
    Check('claims.loop', 'server_errors', '==', 'claims: 5xx responses',
          _both(0, 0), {}),
    Check('devices.groups4', 'median_ms', '<=',
          'devices, 4 groups, no limit (33,600 candidates)',
          _both(1000, 1000), _both(2900, 2900)),
    Check('devices.groups4', 'peak_rss_mb', '<=',
          'devices, 4 groups: peak server RSS', _both(200, 200),
          _both(283, 420)),
    Check('devices.groups8_limit10', 'median_ms', '<=',
          'devices, 8 groups, limit=10', _both(100, 100),
          _both('>120000', '>120000')),
    Check('devices.groups8_limit10', 'roots', '>=',
          'devices, 8 groups, limit=10: distinct computes',
          _both(10, 10), _both('7-9', '7-9')),
    Check('flat10k.nolimit', 'median_ms', '<=',
          'flat 10k, no limit (10,000 candidates)', {'sqlite': 330},
          {'sqlite': 1000}),
    Check('flat10k.limit50', 'median_ms', '<=', 'flat 10k, limit=50',
          {'sqlite': 50}, {'sqlite': 825}),
    Check('flat10k.concurrent', 'throughput_rps', '>=',
          'flat 10k, 10 concurrent clients', {'sqlite': 2.5},
          {'sqlite': 0.74}),
    Check('flat10k.memory', 'peak_rss_mb', '<=',
          'flat 10k, peak server memory', {'sqlite': 250},
          {'sqlite': 515}),
    Check('flat1k.memory', 'peak_worker_mb', '<=',
          'peak server memory, flat world, 1 worker', _both(180, 180),
          _both(180, 180)),
]


def evaluate(backend, measurements):
    """One row per check whose measurement was run.

    ``status`` is PASS or MISS; ``n/a`` when the backend has no target;
    MISS also when the measurement failed (its ``error`` is shown).
    """
    rows = []
    for check in CHECKS:
        result = measurements.get(check.measurement)
        if result is None:
            continue
        target = check.targets.get(backend)
        measured = result.get(check.metric)
        if target is None:
            status = 'n/a'
        elif measured is None:
            status = 'MISS'
        else:
            status = 'PASS' if OPS[check.op](measured, target) else 'MISS'
        rows.append({
            'measurement': check.measurement, 'label': check.label,
            'metric': check.metric, 'op': check.op, 'target': target,
            'reference': check.references.get(backend),
            'measured': measured if measured is not None
            else result.get('error', 'not measured'),
            'status': status})
    return rows
