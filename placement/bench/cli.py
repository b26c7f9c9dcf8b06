"""placement-bench: load worlds into a placement service over HTTP and
measure allocation candidates, concurrent clients, claims and memory.

By default each workload gets its own server: the real WSGI application
(placement.wsgi.api:application) under gunicorn gthread on a fresh
database, dropped afterwards. With --url the tool attaches to a running
service instead (noauth2, token "admin"); memory is then only measured
when --server-pid is given.

Workloads: flat<N> or flat<N>k (flat1k, flat10k, ...), nested, devices,
claims. Every workload ends with a capacity audit. Results go to stdout
as tables (with the issue 5 targets: PASS/MISS) and to --output as JSON.

examples:
  placement-bench run --db sqlite
  placement-bench run --db mysql --workloads flat1k,claims -o mysql.json
  placement-bench run --workloads all
  placement-bench report results.json
  placement-bench targets
"""

import argparse
import datetime
import json
import os
import platform
import sys

import gunicorn
import requests

from placement.bench import audit
from placement.bench import client as bench_client
from placement.bench import database
from placement.bench import memory
from placement.bench import report
from placement.bench import server as bench_server
from placement.bench import targets
from placement.bench import workloads


def _positive(value):
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError('must be at least 1')
    return number


def _add_run_options(run):
    run.add_argument('--db', choices=database.BACKENDS, default='sqlite',
                     help='backend of the started server (default sqlite; '
                     'mysql and postgresql get a fresh database on '
                     '127.0.0.1, dropped after each workload)')
    run.add_argument('--url', help='attach to this running service '
                     'instead of starting one per workload')
    run.add_argument('--server-pid', type=int, help='with --url: pid of '
                     'the server (master) whose memory to sample')
    run.add_argument('--workloads', default=workloads.DEFAULT,
                     help='comma-separated list, or "all" (= %s); '
                     'default %s' % (workloads.ALL, workloads.DEFAULT))
    run.add_argument('--workers', type=_positive, help='gunicorn workers '
                     '(default 1 on sqlite, 2 otherwise)')
    run.add_argument('--threads', type=_positive,
                     help='gunicorn threads per worker (default 1 on sqlite, '
                     '10 otherwise)')
    run.add_argument('--requests', type=_positive, default=30,
                     help='timed sequential requests per query '
                     '(default 30)')
    run.add_argument('--slow-requests', type=_positive, default=10,
                     help='timed requests when the warm-up took over 1 s '
                     '(default 10)')
    run.add_argument('--clients', type=_positive, default=10,
                     help='concurrent clients and schedulers (default 10)')
    run.add_argument('--duration', type=float, default=20.0,
                     help='seconds of each concurrent run (default 20)')
    run.add_argument('--timeout', type=float, default=120.0,
                     help='HTTP timeout per request, seconds (default 120)')
    run.add_argument('--load-threads', type=_positive, default=8,
                     help='parallel threads loading worlds (default 8)')
    run.add_argument('--nested-trees', type=_positive,
                     help='trees of the nested world (default 500 on '
                     'sqlite, 1000 otherwise)')
    run.add_argument('--consumers-per-provider', type=int, default=2,
                     help='consumers added to flat worlds (default 2)')
    run.add_argument('--claim-pool', type=_positive, default=6,
                     help='providers in the claims pool (default 6)')
    run.add_argument('--claim-vcpus', type=_positive, default=16,
                     help='VCPUs per pool provider (default 16)')
    run.add_argument('-o', '--output', help='write the JSON result here')


def build_parser():
    parser = argparse.ArgumentParser(
        prog='placement-bench', description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest='command', required=True)
    _add_run_options(commands.add_parser(
        'run', help='run workloads and report'))
    show = commands.add_parser('report', help='print the tables of a JSON '
                               'result file')
    show.add_argument('file')
    commands.add_parser('targets', help='print the targets of issue 5')
    return parser


def machine():
    """Where the numbers were taken."""
    cpu = platform.processor() or 'unknown CPU'
    with open('/proc/cpuinfo') as cpuinfo:
        for line in cpuinfo:
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    with open('/proc/meminfo') as meminfo:
        total_kb = int(meminfo.readline().split()[1])
    return {'cpu': cpu, 'cores': os.cpu_count(),
            'memory': '%.1f GiB' % (total_kb / 1024.0 ** 2),
            'kernel': platform.release(),
            'python': platform.python_version()}


def _run_workload(name, options):
    """Start a server (unless attaching), run one workload, audit."""
    result = {'name': name, 'measurements': {}}
    func = workloads.lookup(name)
    server = None
    url, pid = options.url, options.server_pid
    try:
        if url is None:
            server = bench_server.Server(options.db, options.workers,
                                         options.threads)
            server.start()
            url, pid = server.url, server.pid
        client = bench_client.Client(url, options.timeout)
        sampler = memory.MemorySampler(pid).start() if pid else None
        ctx = workloads.Context(client, options, sampler)
        result['world'] = ctx.world_info
        result['measurements'] = ctx.measurements
        try:
            world = func(ctx)
            result['audit'] = audit.audit(
                client, options.load_threads,
                [p.uuid for p in world.providers])
        except (requests.RequestException,
                bench_client.UnexpectedResponse) as exc:
            result['error'] = str(exc)[:1000]
            if server is not None:
                result['server_log_tail'] = server.log_tail()
        if sampler:
            result['server_memory'] = sampler.stop()
            ctx.measurements['memory'] = dict(result['server_memory'])
    except bench_server.ServerError as exc:
        result['error'] = str(exc)
    finally:
        if server is not None:
            server.stop()
    return result


def run(options):
    if options.workers is None:
        options.workers = bench_server.DEFAULT_WORKERS[options.db]
    if options.threads is None:
        options.threads = bench_server.DEFAULT_THREADS[options.db]
    names = (workloads.ALL if options.workloads == 'all'
             else options.workloads).split(',')
    for name in names:
        workloads.lookup(name)
    results = {
        'started': datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec='seconds'),
        'machine': machine(), 'backend': options.db,
        'server': options.url or 'gunicorn %s gthread, %d worker(s) x %d '
        'threads' % (gunicorn.__version__, options.workers, options.threads),
        'options': vars(options), 'workloads': []}
    for name in names:
        results['workloads'].append(_run_workload(name, options))
        print('%s done' % name, file=sys.stderr)
    flat = {'%s.%s' % (w['name'], m): result
            for w in results['workloads']
            for m, result in w['measurements'].items()}
    results['checks'] = targets.evaluate(options.db, flat)
    if options.output:
        with open(options.output, 'w') as output:
            json.dump(results, output, indent=1, sort_keys=True)
    print(report.render(results))
    return 0


def main(argv=None):
    options = build_parser().parse_args(argv)
    if options.command == 'targets':
        print(report.targets_table(targets.CHECKS))
        return 0
    if options.command == 'report':
        with open(options.file) as result_file:
            print(report.render(json.load(result_file)))
        return 0
    try:
        return run(options)
    except ValueError as exc:
        build_parser().error(str(exc))
