"""Human tables of a benchmark result (the JSON document)."""

import prettytable

COLUMNS = [('measurement', None), ('candidates', 'candidates'),
           ('roots', 'roots'), ('KiB', 'response_bytes'),
           ('requests', 'requests'), ('median ms', 'median_ms'),
           ('p90 ms', 'p90_ms'), ('p99 ms', 'p99_ms'),
           ('req/s', 'throughput_rps'), ('peak RSS MB', 'peak_rss_mb')]


def _cell(result, key):
    value = result.get(key)
    if value is None:
        return '-'
    if key == 'response_bytes':
        return round(value / 1024.0, 1)
    return value


def _measurements(workload):
    table = prettytable.PrettyTable([title for title, _key in COLUMNS])
    table.align = 'r'
    table.align['measurement'] = 'l'
    for name, result in workload['measurements'].items():
        table.add_row([name] + [_cell(result, key)
                                for _title, key in COLUMNS[1:]])
    return table


def _workload_lines(workload):
    world = workload.get('world', {})
    lines = ['== %s: %s' % (workload['name'], ', '.join(
        '%s=%s' % item for item in sorted(world.items())))]
    if workload.get('error'):
        lines.append('ERROR: %s' % workload['error'])
    if workload.get('server_memory'):
        lines.append('server memory: %s' % ', '.join(
            '%s=%s' % item for item in workload['server_memory'].items()))
    audit = workload.get('audit')
    if audit:
        lines.append('audit: %d providers, %d over capacity: %s' % (
            audit['providers'], len(audit['over_capacity']),
            'OK' if audit['ok'] else audit['over_capacity'][:5]))
    for name, result in workload['measurements'].items():
        if result.get('error'):
            lines.append('%s failed: %s' % (name, result['error']))
        if 'claims' in result:
            lines.append(
                '%s: %d claims in %ss (%s/s), %d conflicts (409), %d '
                'server errors, capacity %s, unclaimed %s' % (
                    name, result['claims'], result['seconds'],
                    result['claims_per_s'], result['conflicts'],
                    result['server_errors'], result['capacity'],
                    result['unclaimed']))
    lines.append(_measurements(workload).get_string())
    return lines


def checks_table(checks):
    table = prettytable.PrettyTable(
        ['target', 'metric', 'target value', 'reference', 'measured',
         'status'])
    table.align = 'l'
    for row in checks:
        table.add_row([row['label'], row['metric'],
                       '%s %s' % (row['op'], row['target']),
                       '-' if row['reference'] is None else row['reference'],
                       row['measured'], row['status']])
    return table


def targets_table(checks):
    """The encoded targets and references, per backend."""
    table = prettytable.PrettyTable(
        ['target', 'metric', 'SQLite target', 'MariaDB target',
         'SQLite reference', 'MariaDB reference'])
    table.align = 'l'
    for check in checks:
        table.add_row(
            [check.label, check.metric] +
            ['%s %s' % (check.op, check.targets[db]) if db in check.targets
             else '-' for db in ('sqlite', 'mysql')] +
            [check.references.get(db, '-') for db in ('sqlite', 'mysql')])
    return table.get_string()


def render(results):
    machine = results['machine']
    lines = ['placement-bench on %s: %s cores, %s, backend %s, %s' % (
        machine['cpu'], machine['cores'], machine['memory'],
        results['backend'], results['server'])]
    for workload in results['workloads']:
        lines.append('')
        lines.extend(_workload_lines(workload))
    lines.extend(['', 'Targets (issue 5)',
                  checks_table(results['checks']).get_string()])
    return '\n'.join(lines)
