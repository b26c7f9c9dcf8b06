"""Timing of candidate queries: sequential and with concurrent clients."""

import math
import statistics
import threading
import time

import requests

from placement.bench import client as bench_client

CANDIDATES = '/allocation_candidates?'


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def summarise(seconds):
    """Median, p90, p99, min and max in milliseconds."""
    if not seconds:
        return {}
    values = {'median_ms': statistics.median(seconds), 'min_ms': min(seconds),
              'max_ms': max(seconds), 'p90_ms': percentile(seconds, 0.9),
              'p99_ms': percentile(seconds, 0.99)}
    return {name: round(value * 1000.0, 1) for name, value in values.items()}


def describe(body):
    """Counts of one candidates response.

    ``roots`` is the number of distinct root providers the allocation
    requests land on (where the scheduler's alternates would go).
    """
    summaries = body['provider_summaries']
    roots = set()
    for request in body['allocation_requests']:
        for rp_uuid in request['allocations']:
            summary = summaries.get(rp_uuid, {})
            roots.add(summary.get('root_provider_uuid', rp_uuid))
    return {'candidates': len(body['allocation_requests']),
            'summaries': len(summaries), 'roots': len(roots)}


def _timed_get(client, query):
    start = time.perf_counter()
    resp = client.get(CANDIDATES + query,
                      version=bench_client.CANDIDATES_VERSION, expect=None)
    return time.perf_counter() - start, resp


def sequential(client, query, count, slow_count=None):
    """One warm-up request (described), then ``count`` timed ones.

    When the warm-up took more than a second, ``slow_count`` requests
    are timed instead. A timeout or error status ends the run and is
    reported.
    """
    result = {'query': query, 'requests': 0}
    try:
        elapsed, resp = _timed_get(client, query)
        if resp.status_code != 200:
            raise bench_client.UnexpectedResponse(resp)
        result.update(describe(resp.json()), response_bytes=len(
            resp.content), first_ms=round(elapsed * 1000.0, 1))
        if slow_count is not None and elapsed > 1.0:
            count = slow_count
        timings = []
        for _i in range(count):
            elapsed, resp = _timed_get(client, query)
            if resp.status_code != 200:
                raise bench_client.UnexpectedResponse(resp)
            timings.append(elapsed)
    except (requests.RequestException,
            bench_client.UnexpectedResponse) as exc:
        result['error'] = str(exc)[:300]
        return result
    result['requests'] = len(timings)
    result.update(summarise(timings))
    return result


def concurrent(client, query, clients, duration):
    """``clients`` threads repeating the query for ``duration`` seconds.

    Requests still running at the deadline finish and count; throughput
    is completed requests over the time until the last one ended.
    """
    timings, errors = [], []
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + duration

    def worker():
        while time.perf_counter() < deadline:
            try:
                elapsed, resp = _timed_get(client, query)
                failed = resp.status_code != 200 and resp.status_code
            except requests.RequestException as exc:
                failed = type(exc).__name__
            with lock:
                if failed:
                    errors.append(failed)
                else:
                    timings.append(elapsed)

    threads = [threading.Thread(target=worker) for _i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    result = {'query': query, 'clients': clients, 'requests': len(timings),
              'errors': len(errors), 'seconds': round(wall, 2),
              'throughput_rps': round(len(timings) / wall, 2)}
    result.update(summarise(timings))
    return result
