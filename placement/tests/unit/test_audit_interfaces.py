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
"""Audit of the Python-level interfaces of spec README.md and config.md.

Entry points, public signatures, the ``loadapp`` start-up work, the
``OS_WSGI_PROFILER`` layer and secrets kept out of the logs.
"""

import configparser
import inspect
import logging
import os
import sys
import types
from unittest import mock

import fixtures
from oslo_config import cfg
import sqlalchemy as sa
import testtools

from placement import conf as placement_conf
from placement import db_api
from placement.db.sqlalchemy import migration
from placement.db.sqlalchemy import models
from placement import deploy
from placement import direct
from placement import policy
from placement.tests.functional.fixtures import placement as fixture_mod
from placement.tests.unit import test_deploy
from placement import wsgi

REPO = os.path.abspath(os.path.join(
    os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))

# Spec README.md, "entry points" row, plus the console scripts of cli.md.
ENTRY_POINTS = {
    'oslo.config.opts': {'placement.conf': 'placement.conf.opts:list_opts'},
    'oslo.config.opts.defaults': {
        'placement.conf': 'placement.conf.base:set_lib_defaults'},
    'oslo.policy.enforcer': {'placement': 'placement.policy:get_enforcer'},
    'oslo.policy.policies': {'placement': 'placement.policies:list_rules'},
    'console_scripts': {
        'placement-manage': 'placement.cmd.manage:main',
        'placement-status': 'placement.cmd.status:main'},
}


def _setup_cfg_entry_points():
    parser = configparser.ConfigParser()
    parser.read(os.path.join(REPO, 'setup.cfg'))
    groups = {}
    for group, text in parser['entry_points'].items():
        groups[group] = dict(
            (part.strip() for part in line.split('=', 1))
            for line in text.splitlines() if '=' in line)
    return groups


class TestEntryPoints(testtools.TestCase):

    def test_spec_entry_points_declared(self):
        declared = _setup_cfg_entry_points()
        for group, points in ENTRY_POINTS.items():
            for name, target in points.items():
                self.assertEqual(target, declared[group].get(name),
                                 (group, name))

    def test_targets_importable(self):
        for points in ENTRY_POINTS.values():
            for target in points.values():
                module, attr = target.split(':')
                __import__(module)
                self.assertTrue(callable(getattr(sys.modules[module], attr)),
                                target)


class TestSignatures(testtools.TestCase):

    def _params(self, func):
        return [(p.name, p.default) for p in
                inspect.signature(func).parameters.values()]

    def test_placement_direct(self):
        self.assertEqual(
            [('conf', inspect.Parameter.empty),
             ('latest_microversion', False)],
            self._params(direct.PlacementDirect))

    def test_placement_fixture(self):
        self.assertEqual(
            [('token', 'admin'), ('conf_fixture', None), ('db', True),
             ('use_intercept', True), ('register_opts', True)],
            self._params(fixture_mod.PlacementFixture))

    def test_loadapp_takes_conf_first(self):
        self.assertEqual('conf', self._params(deploy.loadapp)[0][0])

    def test_init_application_takes_nothing(self):
        self.assertEqual([], self._params(wsgi.init_application))


def _parsed_conf(connection):
    """A ConfigOpts with placement's options, parsed without files."""
    conf = cfg.ConfigOpts()
    placement_conf.register_opts(conf)
    conf.set_default('connection', connection, group='placement_database')
    conf([], project='placement', default_config_files=[],
         default_config_dirs=[])
    return conf


class TestLoadappStartupWork(testtools.TestCase):
    """loadapp: pipeline, policy, then sync_on_startup and standard data."""

    def setUp(self):
        super().setUp()
        url = 'sqlite:///%s' % os.path.join(
            self.useFixture(fixtures.TempDir()).path, 'empty.db')
        self.conf = _parsed_conf(url)
        self.conf.set_override('auth_strategy', 'noauth2', group='api')
        self.addCleanup(policy.reset)
        factory = db_api.PlacementTransactionFactory()
        factory.configure(connection=url, max_retries=0)
        self.addCleanup(factory.dispose_pool)
        self.addCleanup(
            db_api.placement_context_manager.patch_factory(factory))
        self.engine = factory.get_writer_engine()

    def test_sync_on_startup_migrates_and_syncs(self):
        self.conf.set_override('sync_on_startup', True,
                               group='placement_database')
        policy.reset()
        app = deploy.loadapp(self.conf)
        self.assertTrue(callable(app))
        self.assertEqual('a082b8bb98d0', migration.version(self.engine))
        with self.engine.connect() as conn:
            names = set(conn.execute(sa.text(
                'SELECT name FROM resource_classes')).scalars())
            traits = conn.execute(sa.text(
                "SELECT count(*) FROM traits WHERE name = 'HW_CPU_X86_AVX'"
            )).scalar()
        self.assertIn('VCPU', names)
        self.assertEqual(1, traits)
        self.assertIsNotNone(policy._ENFORCER)
        self.assertIs(self.conf, policy._ENFORCER.conf)

    def test_no_migration_without_sync_on_startup(self):
        models.BASE.metadata.create_all(self.engine)
        deploy.loadapp(self.conf)
        self.assertIsNone(migration.version(self.engine))
        with self.engine.connect() as conn:
            self.assertEqual('VCPU', conn.execute(sa.text(
                'SELECT name FROM resource_classes WHERE id = 0')).scalar())


def _fake_werkzeug():
    """Modules standing in for werkzeug's profiler middleware."""
    profiler = types.ModuleType('werkzeug.middleware.profiler')

    class ProfilerMiddleware(object):
        def __init__(self, app, profile_dir=None):
            self.app = app
            self.profile_dir = profile_dir

    profiler.ProfilerMiddleware = ProfilerMiddleware
    middleware = types.ModuleType('werkzeug.middleware')
    middleware.profiler = profiler
    werkzeug = types.ModuleType('werkzeug')
    werkzeug.middleware = middleware
    return {'werkzeug': werkzeug, 'werkzeug.middleware': middleware,
            'werkzeug.middleware.profiler': profiler}


class TestWsgiProfiler(testtools.TestCase):
    """OS_WSGI_PROFILER (config.md, conventions.md section 1 layer 9)."""

    def _inner(self):
        return object()

    def test_unset_is_a_no_op(self):
        self.useFixture(fixtures.EnvironmentVariable('OS_WSGI_PROFILER'))
        inner = self._inner()
        self.assertIs(inner, deploy.wsgi_profiler_factory({})(inner))

    def test_set_wraps_in_werkzeug_profiler(self):
        self.useFixture(fixtures.EnvironmentVariable('OS_WSGI_PROFILER',
                                                     '/tmp/profiles'))
        for name, module in _fake_werkzeug().items():
            self.useFixture(fixtures.MonkeyPatch(
                'sys.modules', dict(sys.modules, **{name: module})))
        inner = self._inner()
        wrapped = deploy.wsgi_profiler_factory({})(inner)
        self.assertIs(inner, wrapped.app)
        self.assertEqual('/tmp/profiles', wrapped.profile_dir)

    def test_set_without_werkzeug_fails(self):
        self.useFixture(fixtures.EnvironmentVariable('OS_WSGI_PROFILER',
                                                     '/tmp/profiles'))
        self.useFixture(fixtures.MonkeyPatch(
            'sys.modules', dict(sys.modules, werkzeug=None)))
        self.assertRaises(ImportError, deploy.wsgi_profiler_factory({}),
                          self._inner())


SECRET = 'S3cretPassw0rd'
TOKEN = 'tok-%s' % SECRET


class TestSecretsNotLogged(testtools.TestCase):

    def _logger(self, name=''):
        return self.useFixture(fixtures.FakeLogger(
            name=name, level=logging.DEBUG,
            format='%(levelname)s %(message)s'))

    def test_log_options_masks_secret_options(self):
        url = 'mysql+pymysql://placement:%s@db/placement' % SECRET
        conf = _parsed_conf(url)
        conf.set_override('slave_connection', url,
                          group='placement_database')
        self.useFixture(fixtures.MockPatchObject(wsgi, 'setup_logging'))
        self.useFixture(fixtures.MockPatchObject(db_api, 'configure'))
        loadapp = self.useFixture(fixtures.MockPatchObject(
            deploy, 'loadapp')).mock
        logger = self._logger()
        self.assertIs(loadapp.return_value, wsgi.build_application(conf))
        output = logger.output
        for name in ('connection', 'slave_connection'):
            self.assertRegex(
                output, r'placement_database\.%s +=  ?\*{4}\n' % name)
        self.assertNotIn(SECRET, output)

    def test_request_log_lines_do_not_contain_tokens(self):
        # Under noauth2 the token is the user id, which other layers may
        # log as such; the request log itself never logs headers.
        pipeline = self.useFixture(test_deploy.Pipeline())
        logger = self._logger('placement.requestlog')
        for path in ('/', '/whoami?x=1', '/resource_providers'):
            pipeline.request(path, headers={'X-Auth-Token': TOKEN,
                                            'X-Service-Token': TOKEN})
        output = logger.output
        self.assertIn('"GET /whoami?x=1" status: 200', output)
        self.assertIn('"GET /resource_providers" status: 403', output)
        self.assertNotIn(SECRET, output)


class TestProfilerInit(testtools.TestCase):
    """config.md WSGI start step 6: osprofiler init if installed and
    ``[profiler]enabled``.
    """

    def setUp(self):
        super().setUp()
        self.conf = _parsed_conf('sqlite://')
        # What osprofiler.opts registers when it is installed.
        self.conf.register_opts([cfg.BoolOpt('enabled', default=False)],
                                group='profiler')
        self.initializer = mock.Mock()
        self.useFixture(fixtures.MockPatchObject(
            wsgi, 'osprofiler_initializer', self.initializer))

    def test_enabled(self):
        self.conf.set_override('enabled', True, group='profiler')
        wsgi.init_profiler(self.conf)
        self.initializer.init_from_conf.assert_called_once_with(
            conf=self.conf, context={}, project='placement',
            service='placement', host=mock.ANY)

    def test_disabled(self):
        wsgi.init_profiler(self.conf)
        self.initializer.init_from_conf.assert_not_called()

    def test_not_installed(self):
        self.conf.set_override('enabled', True, group='profiler')
        self.useFixture(fixtures.MockPatchObject(
            wsgi, 'osprofiler_initializer', None))
        wsgi.init_profiler(self.conf)
        self.initializer.init_from_conf.assert_not_called()

    def test_build_application_initialises_before_loadapp(self):
        self.conf.set_override('enabled', True, group='profiler')
        self.useFixture(fixtures.MockPatchObject(wsgi, 'setup_logging'))
        self.useFixture(fixtures.MockPatchObject(db_api, 'configure'))
        calls = []
        self.initializer.init_from_conf.side_effect = (
            lambda **kw: calls.append('profiler'))
        self.useFixture(fixtures.MockPatchObject(
            deploy, 'loadapp', lambda conf: calls.append('loadapp')))
        wsgi.build_application(self.conf)
        self.assertEqual(['profiler', 'loadapp'], calls)
