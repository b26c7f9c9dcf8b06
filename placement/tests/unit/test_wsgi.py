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
"""Tests of placement.wsgi.init_application: configuration and start."""

import os

import fixtures
import testtools

from placement import db_api
from placement import wsgi


class TestInitApplication(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.config_dir = self.useFixture(fixtures.TempDir()).path
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_PLACEMENT_CONFIG_DIR', self.config_dir))
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_PLACEMENT_DATABASE__CONNECTION'))
        # Neither the process logging nor the process-wide database
        # facade may be touched by these tests.
        self.useFixture(fixtures.MockPatchObject(wsgi, 'setup_logging'))
        self.facade = self.useFixture(fixtures.MockPatchObject(
            db_api, 'placement_context_manager')).mock
        self.useFixture(fixtures.MockPatchObject(db_api, '_configured',
                                                 False))
        self.loadapp = self.useFixture(fixtures.MockPatchObject(
            wsgi.deploy, 'loadapp')).mock

    def _write(self, text):
        path = os.path.join(self.config_dir, 'placement.conf')
        with open(path, 'w') as conf_file:
            conf_file.write(text)
        return path

    def _fail(self):
        exc = self.assertRaises(SystemExit, wsgi.init_application)
        message = str(exc)
        self.assertTrue(message.startswith('placement cannot start: '),
                        message)
        self.assertNotIn('\n', message)
        self.loadapp.assert_not_called()
        return message

    def test_reads_config_dir(self):
        path = self._write('[placement_database]\nconnection = sqlite://\n'
                           'max_pool_size = 7\n')
        self.assertIs(self.loadapp.return_value, wsgi.init_application())
        conf = self.loadapp.call_args[0][0]
        self.assertEqual([path], conf.config_file)
        self.assertEqual('sqlite://', conf.placement_database.connection)
        options = self.facade.configure.call_args[1]
        self.assertEqual(7, options['max_pool_size'])
        self.assertNotIn('sync_on_startup', options)

    def test_environment_variable_option(self):
        self._write('[placement_database]\nconnection = sqlite://\n')
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_API__AUTH_STRATEGY', 'noauth2'))
        wsgi.init_application()
        self.assertEqual('noauth2',
                         self.loadapp.call_args[0][0].api.auth_strategy)

    def test_missing_file(self):
        self.assertIn('placement.conf', self._fail())

    def test_blank_config_dir_uses_default_search(self):
        self.useFixture(fixtures.EnvironmentVariable(
            'OS_PLACEMENT_CONFIG_DIR', '  '))
        self.assertIsNone(wsgi._config_files())

    def test_no_connection(self):
        self._write('[api]\nauth_strategy = noauth2\n')
        self.assertIn('connection', self._fail())

    def test_bad_int_value(self):
        self._write('[placement_database]\nconnection = sqlite://\n'
                    'max_pool_size = lots\n')
        self.assertIn('max_pool_size', self._fail())

    def test_bad_choice(self):
        self._write('[placement_database]\nconnection = sqlite://\n'
                    '[api]\nauth_strategy = magic\n')
        self.assertIn('auth_strategy', self._fail())
