"""The life of a compute host and an instance, driven as Nova drives it.

Requests go through a keystoneauth1 ``Adapter`` (service type
``placement``, ``OpenStack-API-Version`` per call, JSON bodies) to a
``PlacementFixture``, with the microversions Nova's report client,
openstacksdk and the openstack CLI use (spec pitfalls 22-29).
"""

from keystoneauth1 import adapter
from keystoneauth1 import session
from keystoneauth1 import token_endpoint
from oslo_utils import uuidutils
import testtools

from placement.tests.functional.fixtures import capture
from placement.tests.functional.fixtures import placement

PROJECT = 'c5a1d0e1-0000-4000-8000-00000000a001'
USER = 'c5a1d0e1-0000-4000-8000-00000000b001'
AGGREGATE = 'c5a1d0e1-0000-4000-8000-00000000c001'
HOST_TRAITS = ['COMPUTE_VOLUME_EXTEND', 'HW_CPU_X86_AVX2']
GPU_TRAIT = 'CUSTOM_GPU_NVIDIA'
MAX_INT = 2147483647
# Inventories of a compute node: totals, reserved and ratios as Nova's
# resource tracker reports them.
HOST_INVENTORY = {
    'VCPU': {'total': 16, 'reserved': 2, 'min_unit': 1, 'max_unit': 16,
             'step_size': 1, 'allocation_ratio': 4.0},
    'MEMORY_MB': {'total': 32768, 'reserved': 512, 'min_unit': 1,
                  'max_unit': 32768, 'step_size': 1,
                  'allocation_ratio': 1.5},
    'DISK_GB': {'total': 500, 'reserved': 10, 'min_unit': 1,
                'max_unit': 500, 'step_size': 1, 'allocation_ratio': 1.0},
}
# Default min_unit, max_unit, step_size and allocation_ratio apply.
VGPU_RECORD = {'total': 4, 'reserved': 0}
VGPU_FULL = {'total': 4, 'reserved': 0, 'min_unit': 1, 'max_unit': MAX_INT,
             'step_size': 1, 'allocation_ratio': 1.0}
FLAVOR = {'VCPU': 2, 'MEMORY_MB': 2048, 'DISK_GB': 20}


def _link_names(version):
    names = ['self', 'inventories', 'usages', 'aggregates', 'traits']
    if version >= (1, 11):
        names.append('allocations')
    return names


class NovaScenarioBase(testtools.TestCase):
    """A placement fixture and the client helpers Nova's calls need."""

    def setUp(self):
        super().setUp()
        self.useFixture(capture.Logging())
        self.placement = self.useFixture(placement.PlacementFixture())
        self.endpoint = self.placement.endpoint
        auth = token_endpoint.Token(self.endpoint, self.placement.token)
        self.client = adapter.Adapter(
            session.Session(auth=auth), service_type='placement',
            endpoint_override=self.endpoint, raise_exc=False)

    # -- requests ---------------------------------------------------------

    def call(self, method, url, version, status, body=None, **kwargs):
        """Send one request at ``version`` (None: no header), check status."""
        if body is not None:
            kwargs['json'] = body
        resp = self.client.request(url, method, microversion=version,
                                   **kwargs)
        self.assertEqual(status, resp.status_code,
                         '%s %s: %s' % (method, url, resp.text))
        # A 406 for the version itself cannot name a version.
        if version is not None and status != 406:
            self.assertEqual('placement %s' % version,
                             resp.headers['openstack-api-version'])
        return resp

    def assert_json(self, resp, expected):
        self.assertEqual('application/json', resp.headers['content-type'])
        self.assertEqual(expected, resp.json())

    def assert_no_body(self, resp):
        self.assertEqual(b'', resp.content)
        self.assertNotIn('content-type', resp.headers)

    def assert_error(self, resp, code, detail):
        error, = resp.json()['errors']
        self.assertEqual(code, error['code'])
        self.assertIn(detail, error['detail'])

    # -- the compute host ---------------------------------------------------

    def provider_doc(self, rp_uuid, name, generation, parent=None,
                     root=None, version=(1, 20)):
        href = '/placement/resource_providers/%s' % rp_uuid
        doc = {
            'uuid': rp_uuid, 'name': name, 'generation': generation,
            'links': [{'rel': rel,
                       'href': href if rel == 'self' else href + '/' + rel}
                      for rel in _link_names(version)]}
        if version >= (1, 14):
            doc['parent_provider_uuid'] = parent
            doc['root_provider_uuid'] = root or rp_uuid
        return doc

    def create_root(self, name):
        """``POST /resource_providers`` at 1.20, as Nova's report client."""
        rp_uuid = uuidutils.generate_uuid()
        resp = self.call('POST', '/resource_providers', '1.20', 200,
                         {'name': name, 'uuid': rp_uuid})
        self.assert_json(resp, self.provider_doc(rp_uuid, name, 0))
        self.assertEqual(self.endpoint + '/resource_providers/' + rp_uuid,
                         resp.headers['location'])
        self.assertEqual('no-cache', resp.headers['cache-control'])
        self.assertIn('last-modified', resp.headers)
        self.assertEqual('openstack-api-version', resp.headers['vary'])
        return rp_uuid

    def create_child(self, name, parent):
        """``POST /resource_providers`` at 1.14 with a parent: 201."""
        rp_uuid = uuidutils.generate_uuid()
        resp = self.call('POST', '/resource_providers', '1.14', 201,
                         {'name': name, 'uuid': rp_uuid,
                          'parent_provider_uuid': parent})
        self.assert_no_body(resp)
        self.assertEqual(self.endpoint + '/resource_providers/' + rp_uuid,
                         resp.headers['location'])
        return rp_uuid

    def set_inventories(self, rp_uuid, generation, inventories, expected):
        resp = self.call('PUT', '/resource_providers/%s/inventories'
                         % rp_uuid, '1.26', 200,
                         {'resource_provider_generation': generation,
                          'inventories': inventories})
        self.assert_json(resp, {'resource_provider_generation':
                                generation + 1, 'inventories': expected})

    def set_aggregates(self, rp_uuid, generation, aggregates):
        resp = self.call('PUT', '/resource_providers/%s/aggregates'
                         % rp_uuid, '1.19', 200,
                         {'resource_provider_generation': generation,
                          'aggregates': aggregates})
        self.assert_json(resp, {'resource_provider_generation':
                                generation + 1, 'aggregates': aggregates})

    def set_traits(self, rp_uuid, generation, traits):
        resp = self.call('PUT', '/resource_providers/%s/traits' % rp_uuid,
                         '1.6', 200,
                         {'resource_provider_generation': generation,
                          'traits': traits})
        body = resp.json()
        self.assertEqual(generation + 1,
                         body['resource_provider_generation'])
        self.assertEqual(sorted(traits), sorted(body['traits']))

    def create_host(self, name, vgpu_on_root=False):
        """A compute node the way Nova's resource tracker builds it.

        Returns the root uuid; the root is at generation 3 afterwards.
        """
        root = self.create_root(name)
        inventory = dict(HOST_INVENTORY)
        expected = dict(HOST_INVENTORY)
        if vgpu_on_root:
            inventory['VGPU'] = VGPU_RECORD
            expected['VGPU'] = VGPU_FULL
        self.set_inventories(root, 0, inventory, expected)
        self.set_aggregates(root, 1, [AGGREGATE])
        self.set_traits(root, 2, HOST_TRAITS)
        return root

    def add_gpu_child(self, root, name):
        """A pGPU child with VGPU inventory and a custom trait; gen 2."""
        self.call('PUT', '/traits/%s' % GPU_TRAIT, '1.6', 201)
        child = self.create_child(name, root)
        self.set_inventories(child, 0, {'VGPU': VGPU_RECORD},
                             {'VGPU': VGPU_FULL})
        self.set_traits(child, 1, [GPU_TRAIT])
        return child

    def allocations_of(self, consumer, version='1.28'):
        return self.call('GET', '/allocations/%s' % consumer, version,
                         200).json()

    def claim(self, consumer, allocations, generation, version='1.28'):
        body = {'allocations': allocations, 'project_id': PROJECT,
                'user_id': USER, 'consumer_generation': generation}
        self.call('PUT', '/allocations/%s' % consumer, version, 204, body)

    def generation_of(self, rp_uuid):
        return self.call('GET', '/resource_providers/%s' % rp_uuid, '1.14',
                         200).json()['generation']


class TestVersionDiscovery(NovaScenarioBase):

    def test_root_document(self):
        resp = self.call('GET', '/', None, 200)
        self.assertEqual('placement 1.0',
                         resp.headers['openstack-api-version'])
        self.assert_json(resp, {'versions': [{
            'id': 'v1.0', 'max_version': '1.39', 'min_version': '1.0',
            'status': 'CURRENT', 'links': [{'rel': 'self', 'href': ''}]}]})

    def test_keystoneauth_discovery(self):
        """keystoneauth reads the microversion range from the root."""
        data = self.client.get_endpoint_data()
        self.assertEqual((1, 0), data.min_microversion)
        self.assertEqual((1, 39), data.max_microversion)

    def test_cli_negotiation_and_406(self):
        """The CLI reads max_version from the root, then from a 406."""
        resp = self.call('GET', '/', '1.29', 200)
        self.assertEqual('1.39', resp.json()['versions'][0]['max_version'])
        resp = self.call('GET', '/resource_providers', '1.40', 406)
        self.assertNotIn('openstack-api-version', resp.headers)
        error, = resp.json()['errors']
        self.assertEqual(406, error['status'])
        self.assertEqual('1.39', error['max_version'])
        self.assertEqual('1.0', error['min_version'])
        self.assertNotIn('code', error)
        self.assertIn('Unacceptable version header: 1.40', error['detail'])


class TestComputeHost(NovaScenarioBase):

    def test_create_host_and_tree(self):
        root = self.create_host('compute-1')
        numa = self.create_child('compute-1_NUMA0', root)
        gpu = self.add_gpu_child(root, 'compute-1_pci_0000_84_00_0')
        resp = self.call('GET', '/resource_providers?in_tree=%s' % numa,
                         '1.14', 200)
        listed = {rp['uuid']: rp for rp in resp.json()['resource_providers']}
        version = (1, 14)
        self.assertEqual({
            root: self.provider_doc(root, 'compute-1', 3, version=version),
            numa: self.provider_doc(numa, 'compute-1_NUMA0', 0, root, root,
                                    version=version),
            gpu: self.provider_doc(gpu, 'compute-1_pci_0000_84_00_0', 2,
                                   root, root, version=version),
        }, listed)
        resp = self.call('GET', '/resource_providers/%s/aggregates' % root,
                         '1.19', 200)
        self.assert_json(resp, {'aggregates': [AGGREGATE],
                                'resource_provider_generation': 3})

    def test_stale_inventory_generation(self):
        root = self.create_host('compute-1')
        resp = self.call('PUT', '/resource_providers/%s/inventories' % root,
                         '1.26', 409,
                         {'resource_provider_generation': 0,
                          'inventories': HOST_INVENTORY})
        self.assert_error(resp, 'placement.concurrent_update',
                          'resource provider generation conflict')

    def test_delete_host(self):
        root = self.create_host('compute-1')
        gpu = self.add_gpu_child(root, 'compute-1_pgpu')
        resp = self.call('DELETE', '/resource_providers/%s' % root, '1.39',
                         409)
        self.assert_error(
            resp, 'placement.resource_provider.cannot_delete_parent',
            'Unable to delete parent resource provider %s: It has child '
            'resource providers.' % root)
        self.assert_no_body(self.call(
            'DELETE', '/resource_providers/%s' % gpu, None, 204))
        self.call('DELETE', '/resource_providers/%s' % root, None, 204)
        resp = self.call('GET', '/resource_providers?in_tree=%s' % root,
                         '1.14', 200)
        self.assert_json(resp, {'resource_providers': []})


class TestInstanceLife(NovaScenarioBase):
    """Schedule, claim, migrate and delete one instance."""

    def setUp(self):
        super().setUp()
        self.root = self.create_host('compute-1')
        self.numa = self.create_child('compute-1_NUMA0', self.root)
        self.gpu = self.add_gpu_child(self.root, 'compute-1_pgpu')
        self.instance = uuidutils.generate_uuid()

    def candidates(self, version='1.36'):
        query = ('resources=VCPU:2,MEMORY_MB:2048,DISK_GB:20'
                 '&required=HW_CPU_X86_AVX2&member_of=%s'
                 '&resources_VGPU=VGPU:1&required_VGPU=%s'
                 '&group_policy=isolate' % (AGGREGATE, GPU_TRAIT))
        return self.call('GET', '/allocation_candidates?' + query, version,
                         200)

    def expected_request(self):
        return {'allocations': {self.root: {'resources': FLAVOR},
                                self.gpu: {'resources': {'VGPU': 1}}},
                'mappings': {'': [self.root], '_VGPU': [self.gpu]}}

    def schedule_and_claim(self):
        request = self.candidates().json()['allocation_requests'][0]
        self.claim(self.instance, request['allocations'], None,
                   version='1.36')
        return request

    def test_allocation_candidates(self):
        resp = self.candidates()
        self.assertEqual('no-cache', resp.headers['cache-control'])
        body = resp.json()
        self.assertEqual([self.expected_request()],
                         body['allocation_requests'])
        summaries = body['provider_summaries']
        for summary in summaries.values():
            summary['traits'].sort()
        self.assertEqual({
            self.root: {
                'resources': {
                    'VCPU': {'capacity': 56, 'used': 0},
                    'MEMORY_MB': {'capacity': 48384, 'used': 0},
                    'DISK_GB': {'capacity': 490, 'used': 0}},
                'traits': HOST_TRAITS,
                'parent_provider_uuid': None,
                'root_provider_uuid': self.root},
            self.numa: {
                'resources': {}, 'traits': [],
                'parent_provider_uuid': self.root,
                'root_provider_uuid': self.root},
            self.gpu: {
                'resources': {'VGPU': {'capacity': 4, 'used': 0}},
                'traits': [GPU_TRAIT],
                'parent_provider_uuid': self.root,
                'root_provider_uuid': self.root},
        }, summaries)

    def test_claim_and_stale_claim(self):
        request = self.schedule_and_claim()
        self.assertEqual({
            'allocations': {
                self.root: {'generation': 4, 'resources': FLAVOR},
                self.gpu: {'generation': 3, 'resources': {'VGPU': 1}}},
            'project_id': PROJECT, 'user_id': USER,
            'consumer_generation': 1}, self.allocations_of(self.instance))
        # A second scheduler claims the same instance, unaware of the
        # first claim: Nova recognises the conflict by code and words.
        body = dict(request, project_id=PROJECT, user_id=USER,
                    consumer_generation=None)
        resp = self.call('PUT', '/allocations/%s' % self.instance, '1.36',
                         409, body)
        self.assert_error(
            resp, 'placement.concurrent_update',
            'consumer generation conflict - expected 1 but got None')

    def test_usages(self):
        self.schedule_and_claim()
        resp = self.call('GET', '/usages?project_id=%s&user_id=%s'
                         % (PROJECT, USER), '1.9', 200)
        self.assert_json(resp, {'usages': dict(FLAVOR, VGPU=1)})
        resp = self.call('GET', '/resource_providers/%s/usages' % self.root,
                         '1.9', 200)
        self.assert_json(resp, {'resource_provider_generation': 4,
                                'usages': FLAVOR})

    def test_resize_to_other_host(self):
        """Nova moves the instance's allocations to a migration consumer."""
        self.schedule_and_claim()
        dest = self.create_host('compute-2')
        migration = uuidutils.generate_uuid()
        source_allocations = self.allocations_of(self.instance)['allocations']
        for alloc in source_allocations.values():
            del alloc['generation']
        body = {
            migration: {'allocations': source_allocations,
                        'project_id': PROJECT, 'user_id': USER,
                        'consumer_generation': None},
            self.instance: {'allocations': {dest: {'resources': FLAVOR}},
                            'project_id': PROJECT, 'user_id': USER,
                            'consumer_generation': 1},
        }
        self.assert_no_body(
            self.call('POST', '/allocations', '1.28', 204, body))
        self.assertEqual({
            'allocations': {
                self.root: {'generation': 5, 'resources': FLAVOR},
                self.gpu: {'generation': 4, 'resources': {'VGPU': 1}}},
            'project_id': PROJECT, 'user_id': USER,
            'consumer_generation': 1}, self.allocations_of(migration))
        self.assertEqual({
            'allocations': {dest: {'generation': 4, 'resources': FLAVOR}},
            'project_id': PROJECT, 'user_id': USER,
            'consumer_generation': 2}, self.allocations_of(self.instance))
        # Confirming the resize drops the migration's allocations.
        self.claim(migration, {}, 1)
        self.assertEqual({'allocations': {}}, self.allocations_of(migration))
        resp = self.call('GET', '/resource_providers/%s/usages' % self.root,
                         '1.9', 200)
        self.assertEqual({'VCPU': 0, 'MEMORY_MB': 0, 'DISK_GB': 0},
                         resp.json()['usages'])

    def test_allocations_round_trip(self):
        """GET then PUT the same document back, as the CLI does."""
        self.schedule_and_claim()
        document = self.allocations_of(self.instance)
        self.call('PUT', '/allocations/%s' % self.instance, '1.28', 204,
                  document)
        again = self.allocations_of(self.instance)
        self.assertEqual(2, again['consumer_generation'])
        self.assertEqual(
            {self.root: 5, self.gpu: 4},
            {rp: alloc['generation']
             for rp, alloc in again['allocations'].items()})

    def test_delete_instance_then_host(self):
        self.schedule_and_claim()
        resp = self.call('DELETE', '/resource_providers/%s' % self.gpu,
                         '1.39', 409)
        self.assert_error(resp, 'placement.resource_provider.inuse',
                          'Resource provider has allocations.')
        self.claim(self.instance, {}, 1)
        resp = self.call('GET', '/allocations/%s' % self.instance, '1.28',
                         200)
        self.assert_json(resp, {'allocations': {}})
        for rp_uuid in (self.gpu, self.numa, self.root):
            self.call('DELETE', '/resource_providers/%s' % rp_uuid, None,
                      204)
        self.call('GET', '/resource_providers/%s' % self.root, None, 404)


class TestReshape(NovaScenarioBase):
    """VGPU inventory and allocations move from the root to a child."""

    def setUp(self):
        super().setUp()
        self.root = self.create_host('compute-1', vgpu_on_root=True)
        self.instance = uuidutils.generate_uuid()
        self.claim(self.instance,
                   {self.root: {'resources': dict(FLAVOR, VGPU=1)}}, None)
        self.gpu = self.create_root_child()

    def create_root_child(self):
        """Nova creates the new child at 1.20 before reshaping."""
        gpu = uuidutils.generate_uuid()
        resp = self.call('POST', '/resource_providers', '1.20', 200,
                         {'name': 'compute-1_pgpu', 'uuid': gpu,
                          'parent_provider_uuid': self.root})
        self.assert_json(resp, self.provider_doc(
            gpu, 'compute-1_pgpu', 0, self.root, self.root))
        return gpu

    def reshape_body(self):
        return {
            'inventories': {
                self.root: {'resource_provider_generation': 4,
                            'inventories': HOST_INVENTORY},
                self.gpu: {'resource_provider_generation': 0,
                           'inventories': {'VGPU': VGPU_RECORD}}},
            'allocations': {
                self.instance: {
                    'allocations': {
                        self.root: {'resources': FLAVOR},
                        self.gpu: {'resources': {'VGPU': 1}}},
                    'project_id': PROJECT, 'user_id': USER,
                    'consumer_generation': 1}}}

    def test_reshape_needs_service_role(self):
        """Legacy defaults (the fixture's) accept service or admin."""
        resp = self.call('POST', '/reshaper', '1.30', 403,
                         self.reshape_body(), headers={'X-Roles': 'member'})
        self.assert_error(
            resp, 'placement.undefined_code',
            'Policy does not allow placement:reshaper:reshape to be '
            'performed.')
        self.call('POST', '/reshaper', '1.30', 204, self.reshape_body())

    def test_reshape(self):
        self.assert_no_body(self.call(
            'POST', '/reshaper', '1.30', 204, self.reshape_body(),
            headers={'X-Roles': 'service'}))
        resp = self.call('GET', '/resource_providers/%s/inventories'
                         % self.root, '1.26', 200)
        self.assertEqual(HOST_INVENTORY, resp.json()['inventories'])
        resp = self.call('GET', '/resource_providers/%s/inventories'
                         % self.gpu, '1.26', 200)
        self.assertEqual({'VGPU': VGPU_FULL}, resp.json()['inventories'])
        allocations = self.allocations_of(self.instance)
        self.assertEqual(2, allocations['consumer_generation'])
        self.assertEqual(
            {self.root: {'resources': FLAVOR},
             self.gpu: {'resources': {'VGPU': 1}}},
            {rp: {'resources': alloc['resources']}
             for rp, alloc in allocations['allocations'].items()})
        resp = self.call('GET', '/resource_providers/%s/usages' % self.gpu,
                         '1.9', 200)
        self.assertEqual({'VGPU': 1}, resp.json()['usages'])

    def test_stale_reshape(self):
        body = self.reshape_body()
        body['allocations'][self.instance]['consumer_generation'] = 0
        resp = self.call('POST', '/reshaper', '1.30', 409, body,
                         headers={'X-Roles': 'service'})
        self.assert_error(
            resp, 'placement.concurrent_update',
            'consumer generation conflict - expected 1 but got 0')
        resp = self.call('GET', '/resource_providers/%s/inventories'
                         % self.gpu, '1.26', 200)
        self.assertEqual({}, resp.json()['inventories'])


class TestOpenStackSDK(NovaScenarioBase):
    """openstacksdk caps its placement calls at fixed microversions."""

    def test_resource_classes_at_1_2(self):
        resp = self.call('POST', '/resource_classes', '1.2', 201,
                         {'name': 'CUSTOM_FPGA'})
        self.assertEqual(self.endpoint + '/resource_classes/CUSTOM_FPGA',
                         resp.headers['location'])
        resp = self.call('GET', '/resource_classes/CUSTOM_FPGA', '1.2', 200)
        self.assert_json(resp, {'name': 'CUSTOM_FPGA', 'links': [
            {'rel': 'self',
             'href': '/placement/resource_classes/CUSTOM_FPGA'}]})
        names = [rc['name'] for rc in self.call(
            'GET', '/resource_classes', '1.2', 200).json()[
                'resource_classes']]
        self.assertIn('VCPU', names)
        self.assertIn('CUSTOM_FPGA', names)

    def test_traits_and_providers(self):
        root = self.create_host('compute-1')
        resp = self.call('GET', '/traits?name=startswith:HW_CPU_X86_AVX2',
                         '1.6', 200)
        self.assertIn('HW_CPU_X86_AVX2', resp.json()['traits'])
        resp = self.call('GET', '/resource_providers?name=compute-1',
                         '1.20', 200)
        self.assert_json(resp, {'resource_providers': [
            self.provider_doc(root, 'compute-1', 3)]})

    def test_candidates_allocations_usages(self):
        root = self.create_host('compute-1')
        resp = self.call('GET', '/allocation_candidates?resources=VCPU:1',
                         '1.34', 200)
        self.assertEqual(
            [{'allocations': {root: {'resources': {'VCPU': 1}}},
              'mappings': {'': [root]}}],
            resp.json()['allocation_requests'])
        consumer = uuidutils.generate_uuid()
        self.claim(consumer, {root: {'resources': {'VCPU': 1}}}, None)
        body = self.call('GET', '/allocations/%s' % consumer, '1.38',
                         200).json()
        self.assertEqual('unknown', body['consumer_type'])
        body['consumer_type'] = 'INSTANCE'
        self.call('PUT', '/allocations/%s' % consumer, '1.38', 204, body)
        resp = self.call('GET', '/usages?project_id=%s' % PROJECT, '1.38',
                         200)
        self.assert_json(resp, {'usages': {
            'INSTANCE': {'VCPU': 1, 'consumer_count': 1}}})

    def test_single_inventory_without_version(self):
        root = self.create_host('compute-1')
        resp = self.call('PUT', '/resource_providers/%s/inventories/VCPU'
                         % root, None, 200,
                         {'resource_provider_generation': 3, 'total': 32})
        self.assertEqual('placement 1.0',
                         resp.headers['openstack-api-version'])
        self.assert_json(resp, {
            'resource_provider_generation': 4, 'total': 32, 'reserved': 0,
            'min_unit': 1, 'max_unit': MAX_INT, 'step_size': 1,
            'allocation_ratio': 1.0})
