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
"""Audit of spec cli.md facts not covered by test_cli."""

import json
import os

import testtools

from placement.cmd import status
from placement.tests.functional.db import test_cli


class TestPolicyJsonCheck(test_cli._LegacyData, testtools.TestCase):
    """``Policy File JSON to YAML Migration`` reads this ConfigOpts."""

    def _status(self):
        code, out = self.run_command(status.main, 'upgrade', 'check',
                                     '--json')
        checks = {check['check']: (check['result'], check['details'])
                  for check in json.loads(out)['checks']}
        return code, checks['Policy File JSON to YAML Migration']

    def _policy_file(self, name, text):
        conf_dir = os.path.dirname(self.conf_file)
        with open(os.path.join(conf_dir, name), 'w') as policy_file:
            policy_file.write(text)
        with open(self.conf_file, 'a') as conf_file:
            conf_file.write('[oslo_policy]\npolicy_file = %s\n' % name)

    def test_yaml_policy_file_passes(self):
        self._policy_file('policy.yaml', '"admin_api": "role:admin"\n')
        self.assertEqual((0, (0, None)), self._status())

    def test_json_policy_file_is_a_warning(self):
        self._policy_file('policy.json', '{"admin_api": "role:admin"}\n')
        code, (result, details) = self._status()
        self.assertEqual(1, code)
        self.assertEqual(1, result)
        self.assertIn('JSON-formatted', details)
