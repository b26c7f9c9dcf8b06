"""HTTP client of the benchmark: keep-alive sessions, one per thread."""

import concurrent.futures
import threading

import requests

# What Nova sends: candidates and claims at 1.36, allocations at 1.28.
CANDIDATES_VERSION = '1.36'
CLAIM_VERSION = '1.36'
ALLOCATIONS_VERSION = '1.28'
# World loading: providers with a body on POST (1.20), aggregates with a
# generation (1.19), custom classes by PUT (1.7).
LOAD_VERSION = '1.36'


class UnexpectedResponse(Exception):

    def __init__(self, resp):
        super().__init__('%s %s -> %d: %s' % (
            resp.request.method, resp.request.url, resp.status_code,
            resp.text[:500]))
        self.response = resp


class Client(object):
    """Requests to one placement endpoint as the noauth2 admin."""

    def __init__(self, url, timeout=120):
        self.url = url.rstrip('/')
        self.timeout = timeout
        self._local = threading.local()

    def _session(self):
        session = getattr(self._local, 'session', None)
        if session is None:
            session = requests.Session()
            session.headers.update({'x-auth-token': 'admin',
                                    'accept': 'application/json'})
            self._local.session = session
        return session

    def request(self, method, path, version, body=None, expect=None):
        """Send one request; check the status if ``expect`` is given."""
        resp = self._session().request(
            method, self.url + path, json=body, timeout=self.timeout,
            headers={'openstack-api-version': 'placement %s' % version})
        if expect is not None and resp.status_code not in expect:
            raise UnexpectedResponse(resp)
        return resp

    def get(self, path, version=LOAD_VERSION, expect=(200,)):
        return self.request('GET', path, version, expect=expect)

    def put(self, path, body=None, version=LOAD_VERSION,
            expect=(200, 201, 204)):
        return self.request('PUT', path, version, body, expect)

    def post(self, path, body, version=LOAD_VERSION,
             expect=(200, 201, 204)):
        return self.request('POST', path, version, body, expect)


def parallel(func, items, threads):
    """``[func(item) for item in items]`` on ``threads`` threads.

    The first exception raised by a call is raised here.
    """
    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        return list(pool.map(func, items))
