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
"""Tests of placement.conf: options, env vars, library groups, sample."""

import configparser
import os
import re
import subprocess
import sys
from unittest import mock

import fixtures
from importlib import metadata
from oslo_config import cfg
from oslo_middleware import cors
import testtools

from placement import conf
from placement.conf import base
from placement.conf import opts

REPO = os.path.abspath(os.path.join(
    os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))
NIL = '00000000-0000-0000-0000-000000000000'

# group, name, type, default, choices, secret (config.md §Options).
EXPECTED = [
    ('DEFAULT', 'tempdir', cfg.StrOpt, None, None, False),
    ('DEFAULT', 'state_path', cfg.StrOpt, '$pybasedir', None, False),
    ('DEFAULT', 'log_options', cfg.BoolOpt, True, None, False),
    ('api', 'auth_strategy', cfg.StrOpt, 'keystone',
     ['keystone', 'noauth2'], False),
    ('placement', 'randomize_allocation_candidates', cfg.BoolOpt, False,
     None, False),
    ('placement', 'incomplete_consumer_project_id', cfg.StrOpt, NIL, None,
     False),
    ('placement', 'incomplete_consumer_user_id', cfg.StrOpt, NIL, None,
     False),
    ('placement', 'allocation_conflict_retry_count', cfg.IntOpt, 10, None,
     False),
    ('placement', 'max_allocation_candidates', cfg.IntOpt, -1, None, False),
    ('placement', 'allocation_candidates_generation_strategy', cfg.StrOpt,
     'depth-first', ['depth-first', 'breadth-first'], False),
    ('placement_database', 'connection', cfg.StrOpt, None, None, True),
    ('placement_database', 'connection_parameters', cfg.StrOpt, '', None,
     False),
    ('placement_database', 'sqlite_synchronous', cfg.BoolOpt, True, None,
     False),
    ('placement_database', 'slave_connection', cfg.StrOpt, None, None,
     True),
    ('placement_database', 'mysql_sql_mode', cfg.StrOpt, 'TRADITIONAL',
     None, False),
    ('placement_database', 'connection_recycle_time', cfg.IntOpt, 3600,
     None, False),
    ('placement_database', 'max_pool_size', cfg.IntOpt, None, None, False),
    ('placement_database', 'max_retries', cfg.IntOpt, 10, None, False),
    ('placement_database', 'retry_interval', cfg.IntOpt, 10, None, False),
    ('placement_database', 'max_overflow', cfg.IntOpt, None, None, False),
    ('placement_database', 'connection_debug', cfg.IntOpt, 0, None, False),
    ('placement_database', 'connection_trace', cfg.BoolOpt, False, None,
     False),
    ('placement_database', 'pool_timeout', cfg.IntOpt, None, None, False),
    ('placement_database', 'sync_on_startup', cfg.BoolOpt, False, None,
     False),
    ('workarounds', 'optimize_for_wide_provider_trees', cfg.BoolOpt, False,
     None, False),
]


def _opt(conf_, group, name):
    return conf_._get_opt_info(name, None if group == 'DEFAULT'
                               else group)['opt']


class RegisteredConf(fixtures.Fixture):
    """A fresh ConfigOpts with every placement option registered."""

    def _setUp(self):
        self.conf = cfg.ConfigOpts()
        conf.register_opts(self.conf)
        self.addCleanup(self.conf.reset)

    def parse(self, *config_files):
        self.conf([], project='placement', default_config_files=list(
            config_files), default_config_dirs=[])


class TestRegisterOpts(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.conf = self.useFixture(RegisteredConf()).conf

    def test_placement_options(self):
        for group, name, type_, default, choices, secret in EXPECTED:
            opt = _opt(self.conf, group, name)
            self.assertIsInstance(opt, type_, name)
            self.assertEqual(default, opt.default, name)
            self.assertEqual(secret, opt.secret, name)
            self.assertTrue(opt.help, name)
            got_choices = (list(opt.type.choices) if choices else None)
            self.assertEqual(choices, got_choices, name)

    def test_pybasedir_is_parent_of_package(self):
        opt = _opt(self.conf, 'DEFAULT', 'pybasedir')
        self.assertEqual('<Path>', opt.sample_default)
        self.assertTrue(os.path.isdir(os.path.join(
            self.conf.pybasedir, 'placement', 'conf')))
        self.assertEqual(self.conf.pybasedir, self.conf.state_path)

    def test_connection_is_required(self):
        self.assertTrue(
            _opt(self.conf, 'placement_database', 'connection').required)
        self.assertRaises(cfg.RequiredOptError, self.conf, [],
                          project='placement', default_config_files=[],
                          default_config_dirs=[])

    def test_connection_debug_bounds(self):
        self.assertRaises(ValueError, self.conf.set_override,
                          'connection_debug', 101,
                          group='placement_database')

    def test_library_groups(self):
        self.assertFalse(self.conf.debug)
        self.assertFalse(
            self.conf.oslo_middleware.enable_proxy_headers_parsing)
        self.assertIsNone(self.conf.cors.allowed_origin)
        self.assertTrue(self.conf.cors.allow_credentials)
        self.assertEqual(3600, self.conf.cors.max_age)
        self.assertEqual('policy.yaml', self.conf.oslo_policy.policy_file)
        self.assertEqual(['policy.d'], self.conf.oslo_policy.policy_dirs)
        self.assertTrue(self.conf.oslo_policy.enforce_new_defaults)
        self.assertNotIn('profiler', self.conf)

    def test_profiler_group_when_osprofiler_installed(self):
        fake = mock.Mock()
        fake.list_opts.return_value = [
            ('profiler', [cfg.BoolOpt('enabled', default=False)])]
        with mock.patch.object(conf, 'osprofiler_opts', fake):
            conf.register_opts(self.conf)
        self.assertFalse(self.conf.profiler.enabled)

    def test_register_twice(self):
        conf.register_opts(self.conf)
        self.assertEqual('keystone', self.conf.api.auth_strategy)


class TestConfigSources(testtools.TestCase):

    def setUp(self):
        super().setUp()
        self.fixture = self.useFixture(RegisteredConf())
        self.conf = self.fixture.conf
        self.tmp = self.useFixture(fixtures.TempDir()).path

    def _write(self, text):
        path = os.path.join(self.tmp, 'placement.conf')
        with open(path, 'w') as f:
            f.write(text)
        return path

    def _env(self, name, value):
        self.useFixture(fixtures.EnvironmentVariable(name, value))

    def test_deprecated_default_auth_strategy(self):
        self.fixture.parse(self._write(
            '[DEFAULT]\nauth_strategy = noauth2\n'
            '[placement_database]\nconnection = sqlite://\n'))
        self.assertEqual('noauth2', self.conf.api.auth_strategy)

    def test_env_vars(self):
        self._env('OS_PLACEMENT_DATABASE__CONNECTION', 'sqlite:///env.db')
        self._env('OS_API__AUTH_STRATEGY', 'noauth2')
        self._env('OS_PLACEMENT__MAX_ALLOCATION_CANDIDATES', '42')
        self._env('OS_DEFAULT__DEBUG', 'true')
        self.fixture.parse()
        self.assertEqual('sqlite:///env.db',
                         self.conf.placement_database.connection)
        self.assertEqual('noauth2', self.conf.api.auth_strategy)
        self.assertEqual(42, self.conf.placement.max_allocation_candidates)
        self.assertTrue(self.conf.debug)

    def test_env_var_beats_config_file(self):
        self._env('OS_API__AUTH_STRATEGY', 'noauth2')
        self.fixture.parse(self._write(
            '[api]\nauth_strategy = keystone\n'
            '[placement_database]\nconnection = sqlite://\n'))
        self.assertEqual('noauth2', self.conf.api.auth_strategy)
        self.assertEqual('sqlite://',
                         self.conf.placement_database.connection)

    def test_env_var_bad_int(self):
        self._env('OS_PLACEMENT_DATABASE__CONNECTION', 'sqlite://')
        self._env('OS_PLACEMENT__MAX_ALLOCATION_CANDIDATES', 'abc')
        self.fixture.parse()
        exc = self.assertRaises(
            cfg.ConfigSourceValueError,
            lambda: self.conf.placement.max_allocation_candidates)
        self.assertIn('OS_PLACEMENT__MAX_ALLOCATION_CANDIDATES', str(exc))
        self.assertIn("invalid literal for int() with base 10: 'abc'",
                      str(exc))

    def test_env_var_bad_choice(self):
        self._env('OS_PLACEMENT_DATABASE__CONNECTION', 'sqlite://')
        self._env('OS_API__AUTH_STRATEGY', 'basic')
        self.fixture.parse()
        exc = self.assertRaises(cfg.ConfigSourceValueError,
                                lambda: self.conf.api.auth_strategy)
        self.assertIn('OS_API__AUTH_STRATEGY', str(exc))


class TestSetLibDefaults(testtools.TestCase):

    def setUp(self):
        super().setUp()
        saved = {opt.dest: opt.default for opt in cors.CORS_OPTS}
        self.addCleanup(cfg.set_defaults, cors.CORS_OPTS, **saved)

    def test_cors_defaults(self):
        base.set_lib_defaults()
        conf_ = self.useFixture(RegisteredConf()).conf
        self.assertEqual(['GET', 'PUT', 'POST', 'DELETE', 'PATCH'],
                         conf_.cors.allow_methods)
        self.assertEqual(
            ['X-Auth-Token', 'X-Openstack-Request-Id', 'X-Identity-Status',
             'X-Roles', 'X-Service-Catalog', 'X-User-Id', 'X-Tenant-Id',
             'OpenStack-API-Version'],
            conf_.cors.allow_headers)
        self.assertEqual(
            ['X-Auth-Token', 'X-Openstack-Request-Id', 'X-Subject-Token',
             'X-Service-Token', 'OpenStack-API-Version'],
            conf_.cors.expose_headers)
        self.assertTrue(conf_.cors.allow_credentials)
        self.assertEqual(3600, conf_.cors.max_age)


class TestListOpts(testtools.TestCase):

    def test_placement_groups_only(self):
        listed = {str(group): {opt.dest for opt in group_opts}
                  for group, group_opts in opts.list_opts()}
        expected = {}
        for group, name, *_ in EXPECTED:
            expected.setdefault(group, set()).add(name)
        expected['DEFAULT'].add('pybasedir')
        self.assertEqual(expected, listed)


class EntryPoints(fixtures.Fixture):
    """Make setup.cfg's entry points visible to a subprocess.

    When placement is not installed, a throw-away dist-info directory
    carrying the ``[entry_points]`` of setup.cfg is put on ``PYTHONPATH``,
    so the oslo tools are exercised with the real entry point wiring.
    """

    def _setUp(self):
        paths = [REPO]
        if not metadata.entry_points(group='oslo.config.opts',
                                     name='placement.conf'):
            paths.append(self._fake_dist())
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))

    def _fake_dist(self):
        setup_cfg = configparser.ConfigParser()
        setup_cfg.read(os.path.join(REPO, 'setup.cfg'))
        entry_points = configparser.ConfigParser()
        for group, text in setup_cfg['entry_points'].items():
            entry_points[group] = dict(
                line.split('=', 1) for line in text.split('\n')
                if '=' in line)
        tmp = self.useFixture(fixtures.TempDir()).path
        dist = os.path.join(tmp, 'placement-0.dist-info')
        os.mkdir(dist)
        with open(os.path.join(dist, 'METADATA'), 'w') as f:
            f.write('Metadata-Version: 2.1\nName: placement\nVersion: 0\n')
        with open(os.path.join(dist, 'entry_points.txt'), 'w') as f:
            entry_points.write(f)
        return tmp

    def run(self, tool, *args):
        """Run console script *tool* of the venv in the repository."""
        cmd = [os.path.join(os.path.dirname(sys.executable), tool)]
        return subprocess.run(cmd + list(args), cwd=REPO, env=self.env,
                              capture_output=True, text=True, timeout=120)


class TestConfigGenerator(testtools.TestCase):

    def test_sample_config(self):
        tools = self.useFixture(EntryPoints())
        out = os.path.join(self.useFixture(fixtures.TempDir()).path,
                           'placement.conf.sample')
        result = tools.run(
            'oslo-config-generator', '--config-file',
            'etc/placement/config-generator.conf', '--output-file', out)
        self.assertEqual(0, result.returncode, result.stderr)
        with open(out) as f:
            sample = f.read()
        self.assertEqual(
            ['DEFAULT', 'api', 'cors', 'keystone_authtoken', 'oslo_middleware',
             'oslo_policy', 'placement', 'placement_database', 'workarounds'],
            re.findall(r'^\[(\w+)\]$', sample, re.M))
        self.assertIn('#pybasedir = <Path>', sample)
        self.assertIn('# Deprecated group/name - [DEFAULT]/auth_strategy',
                      sample)
        self.assertIn('#auth_strategy = keystone', sample)
        self.assertIn('#sync_on_startup = false', sample)
        # oslo.config.opts.defaults entry point: placement's CORS defaults.
        self.assertIn('#allow_methods = GET,PUT,POST,DELETE,PATCH', sample)
        self.assertIn('#www_authenticate_uri', sample)
        self.assertIn('#debug = false', sample)
