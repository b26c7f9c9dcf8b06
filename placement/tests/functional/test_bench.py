"""Smoke test of ``placement-bench`` against the real server.

A tiny flat world and a tiny claims pool, each on its own gunicorn
server on a fresh SQLite database, a few requests each: the JSON
result has its documented shape and the audits find no overuse.
"""

import contextlib
import io
import json
import os

import fixtures
import testtools

from placement.bench import cli
from placement.bench import targets


class TestBenchSmoke(testtools.TestCase):

    def run_bench(self, *args):
        output = os.path.join(self.useFixture(fixtures.TempDir()).path,
                              'result.json')
        stdout = io.StringIO()
        with contextlib.redirect_stdout(stdout):
            status = cli.main(['run', '--db', 'sqlite', '--output', output,
                               '--requests', '2', '--duration', '1',
                               '--clients', '3', '--load-threads', '4']
                              + list(args))
        self.assertEqual(0, status)
        with open(output) as result:
            return json.load(result), stdout.getvalue()

    def test_flat_and_claims(self):
        result, table = self.run_bench(
            '--workloads', 'flat20,claims', '--consumers-per-provider', '1',
            '--claim-pool', '2', '--claim-vcpus', '3')
        self.assertEqual('sqlite', result['backend'])
        self.assertEqual({'cpu', 'cores', 'memory', 'kernel', 'python'},
                         set(result['machine']))
        flat, claims = result['workloads']
        self.assertEqual('flat20', flat['name'])
        self.assertNotIn('error', flat)
        self.assertEqual(20, flat['world']['providers'])
        self.assertEqual(20, flat['world']['consumers'])
        self.assertEqual({'nolimit', 'limit50', 'concurrent',
                          'after_consumers', 'memory'},
                         set(flat['measurements']))
        nolimit = flat['measurements']['nolimit']
        self.assertEqual((20, 20, 2),
                         (nolimit['candidates'], nolimit['roots'],
                          nolimit['requests']))
        for key in ('median_ms', 'p90_ms', 'p99_ms', 'response_bytes',
                    'peak_rss_mb'):
            self.assertGreater(nolimit[key], 0, key)
        concurrent = flat['measurements']['concurrent']
        self.assertEqual(0, concurrent['errors'])
        self.assertGreater(concurrent['throughput_rps'], 0)
        self.assertGreater(flat['server_memory']['peak_worker_mb'], 0)
        self.assertEqual({'providers': 20, 'ok': True,
                          'over_capacity': []},
                         {k: flat['audit'][k]
                          for k in ('providers', 'ok', 'over_capacity')})
        # One consumer of VCPU:1 on each provider.
        self.assertEqual(20, flat['audit']['used']['VCPU'])

        self.assertEqual('claims', claims['name'])
        loop = claims['measurements']['loop']
        self.assertEqual((6, 6, 0, 0, 0),
                         (loop['claims'], loop['capacity'],
                          loop['unclaimed'], loop['over_capacity'],
                          loop['server_errors']))
        self.assertTrue(claims['audit']['ok'])
        statuses = {(row['measurement'], row['metric']): row['status']
                    for row in result['checks']}
        self.assertEqual('PASS', statuses[('claims.loop', 'unclaimed')])
        self.assertIn('Targets (issue 5)', table)


class TestEvaluate(testtools.TestCase):

    def test_statuses(self):
        rows = targets.evaluate('sqlite', {
            'flat1k.nolimit': {'median_ms': 39.0},
            'flat1k.limit50': {'median_ms': 15.5},
            'devices.groups8_limit10': {'error': 'timed out'}})
        found = {(r['measurement'], r['metric']):
                 (r['measured'], r['status']) for r in rows}
        self.assertEqual({
            ('flat1k.nolimit', 'median_ms'): (39.0, 'PASS'),
            ('flat1k.limit50', 'median_ms'): (15.5, 'MISS'),
            ('devices.groups8_limit10', 'median_ms'): ('timed out', 'MISS'),
            ('devices.groups8_limit10', 'roots'): ('timed out', 'MISS'),
        }, found)

    def test_backend_without_targets(self):
        rows = targets.evaluate('postgresql',
                                {'flat1k.nolimit': {'median_ms': 1.0}})
        self.assertEqual(['n/a'], [r['status'] for r in rows])
