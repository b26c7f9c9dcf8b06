"""The version document at the root of the service (conventions.md 11)."""

from placement import microversion
from placement import util
from placement import wsgi_wrapper


@wsgi_wrapper.PlacementWsgify
def home(req):
    version_data = {
        'id': 'v%s' % microversion.min_version_string(),
        'max_version': microversion.max_version_string(),
        'min_version': microversion.min_version_string(),
        # Version discovery in clients (keystoneauth) needs a self link.
        'status': 'CURRENT',
        'links': [{'rel': 'self', 'href': ''}],
    }
    return util.send_json(req, {'versions': [version_data]},
                          last_modified=util.utcnow())
