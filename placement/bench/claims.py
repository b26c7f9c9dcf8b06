"""Concurrent schedulers claiming from a small pool until it is full."""

import collections
import threading
import time
import uuid

import requests

from placement.bench import client as bench_client
from placement.bench import measure
from placement.bench import worlds


def _claim(client, candidate):
    """PUT the candidate for a new consumer; return the status code."""
    body = {'allocations': candidate['allocations'],
            'project_id': worlds.PROJECT_ID, 'user_id': worlds.USER_ID,
            'consumer_generation': None}
    if 'mappings' in candidate:
        body['mappings'] = candidate['mappings']
    resp = client.put('/allocations/%s' % uuid.uuid4(), body,
                      version=bench_client.CLAIM_VERSION, expect=None)
    return resp.status_code


def _scheduler(client, query, counts, lock):
    """Nova's loop: ask for candidates, claim the first that fits.

    Ends when the pool returns no candidate (or the query fails). A 409
    moves to the next candidate; when the list is exhausted, ask again.
    """
    while True:
        resp = client.get(measure.CANDIDATES + query,
                          version=bench_client.CANDIDATES_VERSION,
                          expect=None)
        with lock:
            counts['queries'] += 1
        if resp.status_code != 200:
            with lock:
                counts['query_%d' % resp.status_code] += 1
            return
        candidates = resp.json()['allocation_requests']
        if not candidates:
            return
        for candidate in candidates:
            status = _claim(client, candidate)
            with lock:
                counts[str(status)] += 1
            if status == 204:
                break


def run(client, query, clients):
    """Run ``clients`` schedulers to the end; return counts and rate."""
    counts = collections.Counter()
    lock = threading.Lock()
    failures = []

    def target():
        try:
            _scheduler(client, query, counts, lock)
        except requests.RequestException as exc:
            failures.append(str(exc)[:300])

    start = time.perf_counter()
    threads = [threading.Thread(target=target) for _i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    server_errors = sum(n for key, n in counts.items()
                        if key.rpartition('_')[2].startswith('5'))
    return {'query': query, 'clients': clients, 'seconds': round(wall, 2),
            'claims': counts['204'], 'conflicts': counts['409'],
            'server_errors': server_errors, 'queries': counts['queries'],
            'statuses': dict(counts), 'client_failures': failures,
            'claims_per_s': round(counts['204'] / wall, 2)}
