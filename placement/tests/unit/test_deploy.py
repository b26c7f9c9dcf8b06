# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.
"""Tests of placement.deploy: the paste pipeline and its discovery."""

import filecmp
import os
from unittest import mock

import fixtures
from oslo_config import cfg
import testtools
import webob

from placement import conf as placement_conf
from placement import deploy
from placement import handler
from placement import policy
from placement.tests import fixtures as db_fixtures
from placement import util
from placement import wsgi_wrapper

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))))


@wsgi_wrapper.PlacementWsgify
def _created(req):
    """A handler answering 201 with a Location, like a create does."""
    req.response.status = 201
    req.response.location = util.url_for(req.environ, '/things/1')
    return req.response


@wsgi_wrapper.PlacementWsgify
def _whoami(req):
    ctx = req.environ['placement.context']
    return util.send_json(req, {'user_id': ctx.user_id,
                                'project_id': ctx.project_id,
                                'roles': ctx.roles,
                                'system_scope': ctx.system_scope})


TEST_ROUTES = {'/things': {'POST': _created}, '/whoami': {'GET': _whoami}}


def teapot_factory(global_conf, **local_conf):
    """The application of the deployer paste file of the tests."""
    return webob.exc.HTTPServiceUnavailable()


class Pipeline(fixtures.Fixture):
    """The full application on a fresh database, plus two test routes.

    :param config_text: content of a placement.conf to parse (in a
        temporary directory, available as ``config_dir``).
    :param overrides: {(group, name): value} set before loading.
    """

    def __init__(self, config_text=None, overrides=None):
        super().__init__()
        self.config_text = config_text
        self.overrides = overrides or {}

    def _setUp(self):
        self.config_dir = self.useFixture(fixtures.TempDir()).path
        files = []
        if self.config_text is not None:
            files.append(os.path.join(self.config_dir, 'placement.conf'))
            with open(files[0], 'w') as conf_file:
                conf_file.write(self.config_text)
        self.conf = cfg.ConfigOpts()
        self.addCleanup(self.conf.reset)
        placement_conf.register_opts(self.conf)
        placement_conf.base.set_lib_defaults()
        self.conf.set_default('auth_strategy', 'noauth2', group='api')
        # Database points the connection at its own database.
        self.conf.set_default('connection', 'sqlite://',
                              group='placement_database')
        self.conf([], project='placement', default_config_files=files,
                  default_config_dirs=[])
        for (group, name), value in self.overrides.items():
            self.conf.set_override(name, value, group=group)
        self.useFixture(db_fixtures.Database(_ConfFixture(self.conf)))
        self.addCleanup(policy.reset)
        self.useFixture(fixtures.MockPatchObject(
            handler, 'ROUTE_DECLARATIONS',
            dict(handler.ROUTE_DECLARATIONS, **TEST_ROUTES)))
        self.app = deploy.loadapp(self.conf)

    def request(self, path, method='GET', **kwargs):
        return webob.Request.blank(path, method=method,
                                   **kwargs).get_response(self.app)


class _ConfFixture(object):
    """The part of oslo.config's Config fixture that Database uses."""

    def __init__(self, conf):
        self.conf = conf

    def config(self, group=None, **kwargs):
        for name, value in kwargs.items():
            self.conf.set_override(name, value, group=group)


class TestPipeline(testtools.TestCase):

    def test_root(self):
        pipeline = self.useFixture(Pipeline())
        resp = pipeline.request('/')
        self.assertEqual(200, resp.status_int)
        self.assertEqual([{'rel': 'self', 'href': ''}],
                         resp.json['versions'][0]['links'])
        self.assertEqual('1.39', resp.json['versions'][0]['max_version'])

    def test_microversion_errors(self):
        pipeline = self.useFixture(Pipeline())
        resp = pipeline.request(
            '/', headers={'OpenStack-API-Version': 'placement 1.40'})
        self.assertEqual(406, resp.status_int)
        error = resp.json['errors'][0]
        self.assertEqual(('1.39', '1.0'),
                         (error['max_version'], error['min_version']))
        self.assertIn('Invalid microversion: Unacceptable version header: '
                      '1.40', error['detail'])
        self.assertNotIn('code', error)
        for value in ('placement 1.x', 'placement Latest'):
            resp = pipeline.request(
                '/', headers={'OpenStack-API-Version': value})
            self.assertEqual(400, resp.status_int)
            error = resp.json['errors'][0]
            self.assertIn('Invalid microversion: invalid version string: ',
                          error['detail'])
            self.assertEqual({'status', 'title', 'detail', 'request_id'},
                             set(error))

    def test_cors_off_without_allowed_origin(self):
        pipeline = self.useFixture(Pipeline())
        resp = pipeline.request(
            '/', method='OPTIONS',
            headers={'Origin': 'http://example.com',
                     'Access-Control-Request-Method': 'GET'})
        self.assertEqual(405, resp.status_int)
        self.assertEqual('GET', resp.headers['allow'])

    def test_cors_preflight(self):
        pipeline = self.useFixture(Pipeline(overrides={
            ('cors', 'allowed_origin'): ['http://example.com']}))
        resp = pipeline.request(
            '/resource_providers', method='OPTIONS',
            headers={'Origin': 'http://example.com',
                     'Access-Control-Request-Method': 'GET'})
        self.assertEqual(200, resp.status_int)
        self.assertEqual('http://example.com',
                         resp.headers['Access-Control-Allow-Origin'])

    def test_location_absolute(self):
        pipeline = self.useFixture(Pipeline())
        resp = pipeline.request('/things', method='POST',
                                headers={'X-Auth-Token': 'admin'})
        self.assertEqual(201, resp.status_int)
        self.assertEqual('http://localhost/things/1',
                         resp.headers['Location'])
        resp = pipeline.request('/things', method='POST',
                                headers={'X-Auth-Token': 'admin',
                                         'X-Forwarded-Proto': 'https',
                                         'X-Forwarded-Host': 'api.test'})
        self.assertEqual('http://localhost/things/1',
                         resp.headers['Location'])

    def test_proxy_headers_parsing(self):
        pipeline = self.useFixture(Pipeline(overrides={
            ('oslo_middleware', 'enable_proxy_headers_parsing'): True}))
        resp = pipeline.request('/things', method='POST',
                                headers={'X-Auth-Token': 'admin',
                                         'X-Forwarded-Proto': 'https',
                                         'X-Forwarded-Host': 'api.test'})
        self.assertEqual('https://api.test/things/1',
                         resp.headers['Location'])


class TestPasteDiscovery(testtools.TestCase):

    def test_shipped_copies_identical(self):
        self.assertTrue(filecmp.cmp(
            deploy.BUILTIN_PASTE_FILE,
            os.path.join(REPO, 'etc', 'placement', 'api-paste.ini'),
            shallow=False))

    def test_builtin_without_deployer_file(self):
        conf = mock.Mock()
        conf.find_file.return_value = None
        self.assertEqual(deploy.BUILTIN_PASTE_FILE,
                         deploy.find_paste_config(conf))
        conf.find_file.assert_called_once_with('api-paste.ini')

    def test_deployer_file_preferred(self):
        pipeline = self.useFixture(Pipeline(config_text=''))
        self.assertEqual(deploy.BUILTIN_PASTE_FILE,
                         deploy.find_paste_config(pipeline.conf))
        paste_file = os.path.join(pipeline.config_dir, 'api-paste.ini')
        with open(paste_file, 'w') as f:
            f.write('[app:main]\npaste.app_factory = '
                    'placement.tests.unit.test_deploy:teapot_factory\n')
        self.assertEqual(paste_file, deploy.find_paste_config(pipeline.conf))
        app = deploy.deploy(pipeline.conf)
        self.assertEqual(
            503, webob.Request.blank('/').get_response(app).status_int)
