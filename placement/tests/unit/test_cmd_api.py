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
"""Tests of the zero-config development server ``placement-api``."""

import os

import fixtures
from oslo_config import cfg
import sqlalchemy as sa
import testtools
import webob

from placement.cmd import api
from placement import db_api
from placement import policy
from placement.tests import fixtures as db_fixtures
from placement import wsgi


class TestZeroConfig(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.data_home = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable('XDG_DATA_HOME',
                                                     self.data_home))
        self.useFixture(fixtures.EnvironmentVariable('OS_API__AUTH_STRATEGY'))
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_PLACEMENT_DATABASE__CONNECTION'))
        self.db_file = os.path.join(self.data_home, 'placement',
                                    'placement.sqlite')

    def _conf(self, config_files=()):
        conf = cfg.ConfigOpts()
        self.addCleanup(conf.reset)
        wsgi.parse_config(
            conf, default_config_files=list(config_files),
            defaults={('placement_database', 'connection'):
                      api.sqlite_url()})
        return conf

    def test_defaults(self):
        conf = self._conf()
        warnings = api.apply_zero_config(conf)
        self.assertEqual('sqlite:///%s' % self.db_file,
                         conf.placement_database.connection)
        self.assertTrue(os.path.isdir(os.path.dirname(self.db_file)))
        self.assertTrue(conf.placement_database.sync_on_startup)
        self.assertEqual('noauth2', conf.api.auth_strategy)
        self.assertEqual(2, len(warnings))
        self.assertIn(self.db_file, warnings[0])
        self.assertIn('WITHOUT AUTHENTICATION', warnings[1])

    def test_configured_service_is_left_alone(self):
        path = os.path.join(self.data_home, 'placement.conf')
        with open(path, 'w') as conf_file:
            conf_file.write('[placement_database]\nconnection = sqlite://\n')
        conf = self._conf([path])
        self.assertEqual([], api.apply_zero_config(conf))
        self.assertFalse(conf.placement_database.sync_on_startup)
        self.assertEqual('keystone', conf.api.auth_strategy)
        self.assertFalse(os.path.exists(os.path.dirname(self.db_file)))

    def test_auth_strategy_from_environment(self):
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_API__AUTH_STRATEGY', 'keystone'))
        conf = self._conf()
        warnings = api.apply_zero_config(conf)
        self.assertEqual('keystone', conf.api.auth_strategy)
        self.assertEqual(1, len(warnings))

    def test_built_application_answers(self):
        conf = self._conf()
        api.apply_zero_config(conf)
        # The process-wide facade and logging stay untouched: the
        # application uses a factory on the same SQLite file instead.
        self.useFixture(fixtures.MockPatchObject(wsgi, 'setup_logging'))
        self.useFixture(fixtures.MockPatchObject(db_api, 'configure'))
        factory = db_fixtures.make_factory(conf.placement_database.connection)
        self.addCleanup(
            db_api.placement_context_manager.patch_factory(factory))
        self.addCleanup(policy.reset)
        app = wsgi.build_application(conf)
        self.addCleanup(factory.get_writer_engine().dispose)
        # sync_on_startup created the schema in the data directory.
        engine = factory.get_writer_engine()
        self.assertTrue(sa.inspect(engine).has_table('resource_providers'))
        resp = webob.Request.blank('/').get_response(app)
        self.assertEqual(200, resp.status_int)
        resp = webob.Request.blank(
            '/resource_providers',
            headers={'X-Auth-Token': 'admin'}).get_response(app)
        self.assertNotEqual(401, resp.status_int)
