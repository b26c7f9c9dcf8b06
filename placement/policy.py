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
"""The policy enforcer of placement (oslo.policy).

One process-wide ``Enforcer`` built on the service ``ConfigOpts`` by
``init(conf)`` (called when the application is built).
"""

from oslo_config import cfg
from oslo_log import log as logging
from oslo_policy import policy

from placement import exception
from placement import policies

LOG = logging.getLogger(__name__)
_ENFORCER = None


class _Enforcer(policy.Enforcer):
    """oslo.policy's enforcer, honouring ``[oslo_policy]enforce_scope``.

    Releases of oslo.policy that dropped the option always enforce scope;
    with ``enforce_scope = False`` a mismatch is logged and the rule's
    check string decides, as it did before.
    """

    def _enforce_scope(self, creds, rule, *, do_raise):
        if getattr(self.conf.oslo_policy, 'enforce_scope', True):
            return super()._enforce_scope(creds, rule, do_raise=do_raise)
        if not super()._enforce_scope(creds, rule, do_raise=False):
            LOG.warning('Token scope does not match the scope types of '
                        'policy rule %s; allowed as enforce_scope is False',
                        getattr(rule, 'name', rule))
        return True


def reset():
    """Forget the enforcer; the next ``init`` builds a fresh one."""
    global _ENFORCER
    _ENFORCER = None


def init(conf):
    """Build the enforcer on *conf* and register the default rules.

    It replaces any previous enforcer, so the latest configuration (for
    example a new test's ConfigOpts) always wins. Policy files, policy dirs
    and ``enforce_scope`` / ``enforce_new_defaults`` come from
    ``conf.oslo_policy``.
    """
    global _ENFORCER
    enforcer = _Enforcer(conf)
    # Deployers are told about default changes by the release notes; the
    # per-rule warnings would flood the log at every start.
    enforcer.suppress_default_change_warnings = True
    enforcer.register_defaults(policies.list_rules())
    enforcer.load_rules()
    _ENFORCER = enforcer
    return enforcer


def get_enforcer():
    """Entry point ``oslo.policy.enforcer`` for the oslo.policy tools.

    Parses an empty argv for project ``placement`` (so config files are
    discovered as the service would), without placement's own options:
    the tools need only ``[oslo_policy]`` and must not fail on a missing
    ``[placement_database]connection``.
    """
    conf = cfg.ConfigOpts()
    conf([], project='placement')
    return init(conf)


def authorize(context, action, target, do_raise=True):
    """Check *action* for the credentials of *context* against *target*.

    :raises placement.exception.PolicyNotAuthorized: denied and *do_raise*.
    :raises placement.exception.InvalidScope: the token scope is not one of
        the rule's scope types (``[oslo_policy]enforce_scope``) and
        *do_raise*.
    :returns: whether the action is allowed.
    """
    enforcer = _ENFORCER or init(context.config)
    credentials = context.to_policy_values()
    try:
        return enforcer.authorize(
            action, target, credentials, do_raise=do_raise,
            exc=exception.PolicyNotAuthorized, action=action)
    except policy.InvalidScope:
        if do_raise:
            raise exception.InvalidScope(action=action)
        return False
