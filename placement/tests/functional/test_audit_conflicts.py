"""HTTP answers to races that a gabbi file cannot provoke.

A concurrent writer is simulated by making the generation compare-and-swap
(or the insert that collides) fail; each test pins the status, the code
and the message text of the spec (inventories.md, traits.md,
aggregates.md, resource-classes.md).
"""

from unittest import mock

from oslo_config import cfg
from oslo_config import fixture as config_fixture
from oslo_db import exception as db_exc
from oslo_utils import uuidutils
import testtools

from placement import direct
from placement import exception
from placement.objects import resource_class as rc_obj
from placement.objects import resource_provider as rp_obj
from placement import policy
from placement.tests import fixtures as db_fixtures
from placement.tests.functional.fixtures import capture

_CAS_MESSAGE = ('Another thread concurrently updated the resource provider '
                'data. Please retry your update')


class TestRaceAnswers(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.useFixture(capture.Logging())
        self.conf = cfg.ConfigOpts()
        conf_fixture = self.useFixture(config_fixture.Config(self.conf))
        db_fixtures.parse_test_config(self.conf)
        self.useFixture(db_fixtures.Database(conf_fixture, set_config=True))
        self.addCleanup(policy.reset)
        self.client = self.enterContext(
            direct.PlacementDirect(self.conf, latest_microversion=True))
        self.rp_uuid = uuidutils.generate_uuid()
        self._ok(self.client.post('/resource_providers', json={
            'name': 'racer', 'uuid': self.rp_uuid}))
        self._ok(self.client.put(self._url('/inventories'), json={
            'resource_provider_generation': 0,
            'inventories': {'VCPU': {'total': 4}}}))

    def _url(self, suffix=''):
        return '/resource_providers/%s%s' % (self.rp_uuid, suffix)

    def _ok(self, resp):
        self.assertLess(resp.status_code, 300, resp.text)
        return resp

    def _assert_error(self, resp, status, code, message):
        self.assertEqual(status, resp.status_code, resp.text)
        error = resp.json()['errors'][0]
        self.assertEqual(code, error['code'])
        # webob's explanation, a blank line, the message, two spaces.
        self.assertTrue(error['detail'].endswith('\n\n %s  ' % message),
                        error['detail'])

    def _racing(self):
        """Make every generation compare-and-swap lose."""
        return mock.patch.object(
            rp_obj.ResourceProvider, 'increment_generation',
            autospec=True,
            side_effect=exception.ResourceProviderConcurrentUpdateDetected())

    def test_post_inventory(self):
        with self._racing():
            resp = self.client.post(self._url('/inventories'), json={
                'resource_class': 'DISK_GB', 'total': 10})
        self._assert_error(resp, 409, 'placement.concurrent_update',
                           'Update conflict: ' + _CAS_MESSAGE)

    def test_put_inventories(self):
        with self._racing():
            resp = self.client.put(self._url('/inventories'), json={
                'resource_provider_generation': 1,
                'inventories': {'VCPU': {'total': 8}}})
        self._assert_error(resp, 409, 'placement.concurrent_update',
                           'update conflict: ' + _CAS_MESSAGE)

    def test_put_inventories_class_vanished(self):
        vanished = exception.InventoryWithResourceClassNotFound(
            resource_class='VCPU')
        with mock.patch('placement.objects.inventory._update',
                        autospec=True, side_effect=vanished):
            resp = self.client.put(self._url('/inventories'), json={
                'resource_provider_generation': 1,
                'inventories': {'VCPU': {'total': 8}}})
        self._assert_error(
            resp, 409, 'placement.undefined_code',
            'Race condition detected when setting inventory. No inventory '
            'record with resource class for resource provider %s: No '
            'inventory of class VCPU found.' % self.rp_uuid)

    def test_put_inventory(self):
        with self._racing():
            resp = self.client.put(self._url('/inventories/VCPU'), json={
                'resource_provider_generation': 1, 'total': 8})
        self._assert_error(resp, 409, 'placement.concurrent_update',
                           'update conflict: ' + _CAS_MESSAGE)

    def test_delete_inventory(self):
        with self._racing():
            resp = self.client.delete(self._url('/inventories/VCPU'))
        self._assert_error(
            resp, 409, 'placement.concurrent_update',
            'Unable to delete inventory of class VCPU: ' + _CAS_MESSAGE)

    def test_delete_inventories(self):
        with self._racing():
            resp = self.client.delete(self._url('/inventories'))
        self._assert_error(
            resp, 409, 'placement.concurrent_update',
            'Unable to delete inventory for resource provider %s because '
            'the inventory was updated by another process. Please retry '
            'your request.' % self.rp_uuid)

    def test_put_provider_traits(self):
        with self._racing():
            resp = self.client.put(self._url('/traits'), json={
                'resource_provider_generation': 1,
                'traits': ['HW_CPU_X86_AVX']})
        self._assert_error(resp, 409, 'placement.concurrent_update',
                           _CAS_MESSAGE)

    def test_delete_provider_traits(self):
        self._ok(self.client.put(self._url('/traits'), json={
            'resource_provider_generation': 1,
            'traits': ['HW_CPU_X86_AVX']}))
        with self._racing():
            resp = self.client.delete(self._url('/traits'))
        self._assert_error(resp, 409, 'placement.concurrent_update',
                           _CAS_MESSAGE)

    def test_put_aggregates(self):
        with self._racing():
            resp = self.client.put(self._url('/aggregates'), json={
                'resource_provider_generation': 1,
                'aggregates': [uuidutils.generate_uuid()]})
        self._assert_error(resp, 409, 'placement.concurrent_update',
                           'Update conflict: ' + _CAS_MESSAGE)

    def test_put_aggregates_duplicate_row_race(self):
        with mock.patch.object(rp_obj, '_set_aggregates',
                               autospec=True,
                               side_effect=db_exc.DBDuplicateEntry()) as put:
            resp = self.client.put(self._url('/aggregates'), json={
                'resource_provider_generation': 1,
                'aggregates': [uuidutils.generate_uuid()]})
        self.assertEqual(409, resp.status_code, resp.text)
        error = resp.json()['errors'][0]
        self.assertEqual('placement.undefined_code', error['code'])
        self.assertIn('\n\n Update conflict: ', error['detail'])
        self.assertEqual(rp_obj.MAX_AGGREGATE_RETRIES, put.call_count)

    def test_create_resource_class_retries_exhausted(self):
        collision = db_exc.DBDuplicateEntry(columns=['id'])
        with mock.patch.object(rc_obj, '_insert_custom',
                               autospec=True, side_effect=collision) as insert:
            resp = self.client.post('/resource_classes',
                                    json={'name': 'CUSTOM_RACY'})
        self._assert_error(
            resp, 409, 'placement.undefined_code',
            'Max retries of DB transaction exceeded attempting to create '
            'resource class: CUSTOM_RACY, please try again.')
        self.assertEqual(rc_obj.MAX_CREATE_RETRIES, insert.call_count)
