"""PlacementDirect: the in-process client of spec README."""

from keystoneauth1 import exceptions as ks_exc
from oslo_config import cfg
from oslo_config import fixture as config_fixture
from oslo_utils import uuidutils
import testtools

from placement import direct
from placement import microversion
from placement import policy
from placement.tests import fixtures as db_fixtures
from placement.tests.functional.fixtures import capture


class TestDirect(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(capture.Logging())
        self.conf = cfg.ConfigOpts()
        conf_fixture = self.useFixture(config_fixture.Config(self.conf))
        db_fixtures.parse_test_config(self.conf)
        # keystone is the default: PlacementDirect must override it.
        conf_fixture.config(group='api', auth_strategy='keystone')
        self.useFixture(db_fixtures.Database(conf_fixture, set_config=True))
        self.addCleanup(policy.reset)

    def test_root(self):
        with direct.PlacementDirect(self.conf) as client:
            resp = client.get('/')
        self.assertEqual(200, resp.status_code)
        self.assertEqual('placement 1.0',
                         resp.headers['openstack-api-version'])
        versions = resp.json()['versions']
        self.assertEqual(microversion.max_version_string(),
                         versions[0]['max_version'])
        self.assertEqual([{'rel': 'self', 'href': ''}],
                         versions[0]['links'])
        self.assertEqual('noauth2', self.conf.api.auth_strategy)

    def test_latest_microversion(self):
        with direct.PlacementDirect(self.conf,
                                    latest_microversion=True) as client:
            resp = client.get('/')
        self.assertEqual(
            'placement %s' % microversion.max_version_string(),
            resp.headers['openstack-api-version'])

    def test_provider_create_and_list(self):
        rp_uuid = uuidutils.generate_uuid()
        with direct.PlacementDirect(self.conf,
                                    latest_microversion=True) as client:
            resp = client.post('/resource_providers',
                               json={'name': 'direct-rp', 'uuid': rp_uuid})
            self.assertEqual(200, resp.status_code, resp.text)
            self.assertEqual(rp_uuid, resp.json()['uuid'])
            resp = client.get('/resource_providers')
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual(
            [(rp_uuid, 'direct-rp')],
            [(rp['uuid'], rp['name'])
             for rp in resp.json()['resource_providers']])

    def test_intercept_removed_on_exit(self):
        placement = direct.PlacementDirect(self.conf)
        with placement as client:
            self.assertEqual(200, client.get('/').status_code)
        # The random host exists nowhere once the intercept is gone.
        self.assertRaises(ks_exc.ConnectFailure, client.get, '/')
