"""PlacementFixture as other projects' functional tests use it."""

from oslo_utils import uuidutils
import requests
import testtools

from placement import microversion
from placement.tests.functional.fixtures import capture
from placement.tests.functional.fixtures import placement


class TestPlacementFixture(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(capture.Logging())
        self.placement = self.useFixture(placement.PlacementFixture())
        self.headers = {'x-auth-token': self.placement.token,
                        'openstack-api-version': 'placement latest'}

    def test_endpoint_and_token(self):
        self.assertEqual('admin', self.placement.token)
        self.assertRegex(self.placement.endpoint,
                         r'^http://[0-9a-f-]{36}/placement$')

    def test_root(self):
        resp = requests.get(self.placement.endpoint + '/')
        self.assertEqual(200, resp.status_code)
        self.assertEqual(microversion.max_version_string(),
                         resp.json()['versions'][0]['max_version'])

    def test_legacy_policy_and_noauth(self):
        conf = self.placement.conf_fixture.conf
        self.assertFalse(conf.oslo_policy.enforce_new_defaults)
        self.assertEqual('noauth2', conf.api.auth_strategy)
        resp = requests.get(self.placement.endpoint + '/resource_classes')
        self.assertEqual(401, resp.status_code)

    def test_provider_create_and_list(self):
        rp_uuid = uuidutils.generate_uuid()
        url = self.placement.endpoint + '/resource_providers'
        resp = requests.post(url, headers=self.headers,
                             json={'name': 'fixture-rp', 'uuid': rp_uuid})
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertTrue(resp.headers['location'].endswith(
            '/placement/resource_providers/%s' % rp_uuid))
        resp = requests.get(url, headers=self.headers)
        self.assertEqual(200, resp.status_code, resp.text)
        self.assertEqual(
            [rp_uuid],
            [rp['uuid'] for rp in resp.json()['resource_providers']])


class TestPlacementFixtureOptions(testtools.TestCase):

    def test_without_intercept(self):
        self.useFixture(capture.Logging())
        fix = self.useFixture(
            placement.PlacementFixture(token='nova', use_intercept=False))
        self.assertEqual('nova', fix.token)
        self.assertRaises(requests.ConnectionError, requests.get,
                          fix.endpoint + '/', timeout=5)
        self.assertTrue(callable(fix.app))
