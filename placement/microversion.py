"""Microversion handling: the known versions and per-handler gates.

The header is parsed by ``microversion_parse.MicroversionMiddleware``
(spec conventions.md section 3); this module says which versions exist and
lets a handler declare the range it serves.
"""

import collections
import functools

import microversion_parse
import webob

SERVICE_TYPE = 'placement'
MICROVERSION_ENVIRON = '%s.microversion' % SERVICE_TYPE

# The announced maximum is the highest microversion whose behaviour is
# implemented; it rises as the API grows.
VERSIONS = ['1.%d' % minor for minor in range(0, 40)]

# Handlers with several implementations, keyed by qualified name, each a
# list of (min, max, function).
VERSIONED_METHODS = collections.defaultdict(list)


def max_version_string():
    return VERSIONS[-1]


def min_version_string():
    return VERSIONS[0]


def parse_version_string(version_string):
    """Turn '1.5' into a ``microversion_parse.Version``."""
    return microversion_parse.parse_version_string(version_string)


def _extract(version_string):
    return microversion_parse.parse_version_string(version_string)


def version_handler(min_ver, max_ver=None, status_code=404):
    """Serve the decorated handler only within ``[min_ver, max_ver]``.

    Several handlers with the same qualified name and disjoint ranges may be
    registered; the one matching the request's microversion is called.
    Outside every range the answer is ``status_code`` (404 with an empty
    detail, or 405 for the one endpoint that says so).
    """
    def decorator(func):
        min_version = _extract(min_ver)
        max_version = _extract(max_ver or max_version_string())
        key = '%s.%s' % (func.__module__, func.__qualname__)
        VERSIONED_METHODS[key].append((min_version, max_version, func))

        @functools.wraps(func)
        def decorated(req, *args, **kwargs):
            version = req.environ[MICROVERSION_ENVIRON]
            for low, high, candidate in VERSIONED_METHODS[key]:
                if version.matches(low, high):
                    return candidate(req, *args, **kwargs)
            if status_code == 405:
                raise webob.exc.HTTPMethodNotAllowed()
            raise webob.exc.HTTPNotFound()

        # Newest registration sorts last; ranges must not overlap.
        VERSIONED_METHODS[key].sort(key=lambda entry: entry[1])
        return decorated
    return decorator
