"""Concurrent claims through several real server processes never
over-allocate and never fail with a 5xx (spec pitfalls 20 and 21).

Three gunicorn processes (one worker, four threads each) serve the same
database of the backend selected by ``PLACEMENT_TEST_DB`` with its default
isolation level. Ten client threads claim one VCPU at a time for new
consumers until every provider is full. Every claim must either succeed
or get a 409 with a spec error code, and the successful claims must fill
each provider exactly to its capacity.
"""

import collections
import os
import random
import socket
import subprocess
import sys
import threading
import time

import fixtures
from oslo_config import cfg
from oslo_config import fixture as config_fixture
from oslo_utils import uuidutils
import requests
import sqlalchemy as sa
import testtools
from testtools import content

from placement import conf as placement_conf
from placement.db.sqlalchemy import models
from placement.tests import fixtures as db_fixtures

SERVERS = 3
CLIENTS = 10
# (inventory, capacity = (total - reserved) * allocation_ratio)
INVENTORIES = [
    ({'total': 10}, 10),
    ({'total': 8, 'reserved': 1}, 7),
    ({'total': 4, 'allocation_ratio': 1.5}, 6),
]
HEADERS = {'x-auth-token': 'admin', 'accept': 'application/json',
           'openstack-api-version': 'placement 1.28'}
CONF_TEMPLATE = """
[api]
auth_strategy = noauth2
[placement_database]
connection = %s
"""
CAPACITY_MESSAGE = 'The requested amount would exceed the capacity'
STARTUP_TIMEOUT = 60
RUN_TIMEOUT = 120


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


class _Server(object):
    """One gunicorn process serving placement.wsgi.api:application."""

    def __init__(self, config_dir):
        self.port = _free_port()
        self.url = 'http://127.0.0.1:%d' % self.port
        self.log_path = os.path.join(config_dir, 'server-%d.log' % self.port)
        env = dict(os.environ, OS_PLACEMENT_CONFIG_DIR=config_dir)
        gunicorn = os.path.join(os.path.dirname(sys.executable), 'gunicorn')
        with open(self.log_path, 'wb') as log:
            self.process = subprocess.Popen(
                [gunicorn, '--workers', '1', '--threads', '4',
                 '--no-control-socket',
                 '--bind', '127.0.0.1:%d' % self.port,
                 'placement.wsgi.api:application'],
                env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError('server exited: %s' % self.log())
            try:
                if requests.get(self.url + '/', timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError('server not ready: %s' % self.log())

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log(self):
        with open(self.log_path, errors='replace') as log:
            return log.read()[-5000:]


class TestConcurrentClaims(testtools.TestCase):

    def setUp(self):
        super().setUp()
        config = cfg.ConfigOpts()
        placement_conf.register_opts(config)
        conf_fixture = self.useFixture(config_fixture.Config(config))
        self.db = self.useFixture(db_fixtures.Database(conf_fixture))
        config_dir = self.useFixture(fixtures.TempDir()).path
        with open(os.path.join(config_dir, 'placement.conf'), 'w') as conf:
            conf.write(CONF_TEMPLATE % self.db.url)
        self.servers = [_Server(config_dir) for _i in range(SERVERS)]
        for server in self.servers:
            self.addCleanup(server.stop)
            self.addOnException(
                lambda _exc_info, s=server: self.addDetail(
                    'log-%d' % s.port,
                    content.text_content(s.log())))
        deadline = time.monotonic() + STARTUP_TIMEOUT
        for server in self.servers:
            server.wait_ready(deadline)

    def request(self, method, path, server=0, session=requests, **kwargs):
        return session.request(method, self.servers[server].url + path,
                               headers=HEADERS, timeout=60, **kwargs)

    def make_provider(self, inventory):
        uuid = uuidutils.generate_uuid()
        resp = self.request('POST', '/resource_providers',
                            json={'name': uuid, 'uuid': uuid})
        self.assertEqual(200, resp.status_code, resp.text)
        resp = self.request(
            'PUT', '/resource_providers/%s/inventories' % uuid,
            json={'resource_provider_generation': 0,
                  'inventories': {'VCPU': inventory}})
        self.assertEqual(200, resp.status_code, resp.text)
        return uuid

    def claim_until_full(self, index, providers, outcomes):
        """One client: claim 1 VCPU on random providers until all full."""
        session = requests.Session()
        server = index % SERVERS
        open_providers = list(providers)
        deadline = time.monotonic() + RUN_TIMEOUT
        while open_providers and time.monotonic() < deadline:
            rp_uuid = random.choice(open_providers)
            resp = self.request(
                'PUT', '/allocations/%s' % uuidutils.generate_uuid(),
                server=server, session=session,
                json={'allocations': {rp_uuid: {'resources': {'VCPU': 1}}},
                      'project_id': 'project', 'user_id': 'user',
                      'consumer_generation': None})
            if resp.status_code == 204:
                outcomes.append(('claimed', rp_uuid))
                continue
            try:
                error = resp.json()['errors'][0]
                code, detail = error['code'], error['detail']
            except (ValueError, KeyError, IndexError):
                code, detail = None, resp.text
            outcomes.append((resp.status_code, code))
            if resp.status_code == 409 and CAPACITY_MESSAGE in detail:
                open_providers.remove(rp_uuid)
            elif resp.status_code != 409:
                outcomes.append(('unexpected', resp.status_code, detail))
                return

    def scalar(self, query):
        with self.db.engine.connect() as conn:
            return conn.execute(query).scalar()

    def test_claims_fill_capacity_exactly(self):
        capacities = {self.make_provider(inventory): capacity
                      for inventory, capacity in INVENTORIES}
        outcomes = []
        clients = [threading.Thread(target=self.claim_until_full,
                                    args=(index, list(capacities), outcomes))
                   for index in range(CLIENTS)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()

        unexpected = [o for o in outcomes if o[0] not in ('claimed', 409)]
        self.assertEqual([], unexpected)
        self.assertEqual(
            set(), {o[1] for o in outcomes if o[0] == 409} - {
                'placement.concurrent_update', 'placement.undefined_code'})
        claimed = collections.Counter(o[1] for o in outcomes
                                      if o[0] == 'claimed')
        self.assertEqual(capacities, dict(claimed))

        allocations = models.Allocation.__table__
        providers = models.ResourceProvider.__table__
        for rp_uuid, capacity in capacities.items():
            resp = self.request('GET', '/resource_providers/%s/usages'
                                % rp_uuid, server=1)
            self.assertEqual({'VCPU': capacity}, resp.json()['usages'])
            # Provider create (0), inventory PUT (+1), one per claim.
            resp = self.request('GET', '/resource_providers/%s' % rp_uuid,
                                server=2)
            self.assertEqual(1 + capacity, resp.json()['generation'])
            used = self.scalar(
                sa.select(sa.func.sum(allocations.c.used))
                .select_from(allocations.join(
                    providers,
                    allocations.c.resource_provider_id == providers.c.id))
                .where(providers.c.uuid == rp_uuid))
            self.assertEqual(capacity, used)
        # Losing claims leave no consumer behind.
        self.assertEqual(
            sum(capacities.values()),
            self.scalar(sa.select(sa.func.count()).select_from(
                models.Consumer.__table__)))
