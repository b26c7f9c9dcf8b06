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
"""The request context of placement."""

from oslo_context import context
from oslo_db.sqlalchemy import enginefacade

from placement import policy


@enginefacade.transaction_context_provider
class RequestContext(context.RequestContext):
    """oslo.context request context carrying the service configuration.

    ``config`` is the service ``ConfigOpts``; the policy enforcer and the
    object layer read options through it.
    """

    def __init__(self, *args, config=None, **kwargs):
        self.config = config
        super().__init__(*args, **kwargs)

    def can(self, action, target=None, fatal=True):
        """Verify that the context may perform *action* on *target*.

        :param target: defaults to the context's own project and user.
        :param fatal: if False, return False instead of raising.
        :raises placement.exception.PolicyNotAuthorized: when denied and
            *fatal* (``placement.exception.InvalidScope`` for a scope
            mismatch).
        """
        if target is None:
            target = {'project_id': self.project_id,
                      'user_id': self.user_id}
        return policy.authorize(self, action, target, do_raise=fatal)
