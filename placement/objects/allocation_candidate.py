"""The allocation-candidate search (spec allocation-candidates.md, 6-7).

The search is set based: a few queries (``research_context``) give, per
requested (class, amount), the providers with room, the providers holding
the named traits and aggregates, and the sharing providers' anchors. Each
request group becomes one or more *levels*: for every anchor root, the
options of that level (an option is ``(allocations, provider)`` where
``allocations`` is a tuple of ``(provider id, class id, amount)``).
A suffixed group is one level; the unsuffixed group is one level per class
when trees or sharing providers exist.

Candidates are generated lazily: per anchor a depth-first walk over the
levels checks every constraint (isolation, room left for sums, the
unsuffixed group's traits, ``same_subtree``) as soon as it can be decided,
so a partial product that already fails is never extended, and ``limit`` or
``[placement]max_allocation_candidates`` stop the work early. Because the
pruning happens in every configuration, ``[workarounds]
optimize_for_wide_provider_trees`` needs no code of its own.
"""

import collections
import itertools
import operator
import random

from placement import attribute_cache
from placement import db_api
from placement import exception
from placement.objects import research_context as research

SHARING_TRAIT = 'MISC_SHARES_VIA_AGGREGATE'
# No inventory's max_unit goes beyond the database's integers: larger
# amounts never fit (and must not be bound as SQL parameters).
MAX_AMOUNT = 2147483647


class RequestGroup(object):
    """One request group of the query (suffix ``''`` = unsuffixed)."""

    def __init__(self, suffix='', resources=None, required_traits=None,
                 forbidden_traits=None, member_of=None,
                 forbidden_aggs=None, in_tree=None):
        self.suffix = suffix
        self.resources = resources or {}
        # A list of any-of sets of trait names.
        self.required_traits = required_traits or []
        self.forbidden_traits = forbidden_traits or set()
        # A list of any-of sets of aggregate uuids.
        self.member_of = member_of or []
        self.forbidden_aggs = forbidden_aggs or set()
        self.in_tree = in_tree

    @property
    def trait_names(self):
        return set().union(self.forbidden_traits, *self.required_traits)


class SearchParams(object):
    """Request-wide parameters and the groups, in request order."""

    def __init__(self, groups, limit=None, group_policy=None,
                 root_required=None, root_forbidden=None,
                 same_subtree=None, nested_aware=True,
                 all_inventories=True):
        self.groups = groups
        self.limit = limit
        self.group_policy = group_policy
        self.root_required = root_required or set()
        self.root_forbidden = root_forbidden or set()
        # A list of sets of suffixes.
        self.same_subtree = same_subtree or []
        # v1.29+: one request may use several providers of a tree.
        self.nested_aware = nested_aware
        # v1.27+: summaries list every inventory, not the requested ones.
        self.all_inventories = all_inventories


# allocations: {provider uuid: {class name: amount}};
# mappings: {suffix: [provider uuid]}.
AllocationRequest = collections.namedtuple(
    'AllocationRequest', 'allocations mappings')
# resources: {class name: {'capacity': int, 'used': int}}; traits: [name].
ProviderSummary = collections.namedtuple(
    'ProviderSummary',
    'resources traits parent_provider_uuid root_provider_uuid')
Candidates = collections.namedtuple(
    'Candidates', 'allocation_requests provider_summaries')

# A group's options for every anchor; ``isolate``: the chosen provider must
# differ from those of the other isolated levels; ``end_check``: a
# predicate on the set of providers chosen by the group, run at its last
# level.
Level = collections.namedtuple('Level', 'suffix by_anchor isolate end_check')


class _NoCandidates(Exception):
    """The answer is known to be empty: stop searching."""


_first = operator.itemgetter(0)


def _union(sets):
    return set().union(*sets)


def _memo(lookup):
    """``lookup`` with its answers kept in a dict (for hot loops)."""
    answers = {}

    def memo_lookup(key):
        try:
            return answers[key]
        except KeyError:
            answers[key] = answer = lookup(key)
            return answer
    return memo_lookup


@db_api.placement_context_manager.reader
def find(context, params):
    """The ``Candidates`` of ``params`` (a ``SearchParams``).

    :raises exception.ResourceClassNotFound: unknown class in a group.
    :raises exception.TraitNotFound: unknown trait in a group or in
        ``root_required``.
    """
    try:
        return _Search(context, params).run()
    except _NoCandidates:
        return Candidates([], {})


class _Search(object):

    def __init__(self, context, params):
        self.context = context
        self.params = params
        self.conf = context.config.placement
        self.rc_cache = attribute_cache.resource_class_cache(context)
        self.rc_name = _memo(self.rc_cache.string_from_id)
        # {provider id: (uuid, root id)} of every provider seen.
        self.providers = {}
        # {(provider id, class id): room for a sum of amounts}.
        self.room = {}
        self._fits = {}
        self.root_ok = None
        # Inclusive (low, high) root ids the facts are read for, or None.
        self.root_range = None
        self.parents = {}
        # (root ids, their tree_providers rows) read for same_subtree,
        # reused by the summaries.
        self.trees = (frozenset(), [])
        # {(provider id, class id): used} of all providers, and the
        # inventory rows of the trees holding the requested classes (with
        # their classes), read once for the search of all trees and its
        # summaries.
        self.usage = None
        self.inventories = None
        self.inventory_classes = set()

    # -- facts --------------------------------------------------------

    def _load_trait_ids(self):
        """The ids of the trait names of the query (unknown ones are
        left out), read by name rather than through the trait cache,
        which would read the whole (large) table.
        """
        groups = self.params.groups
        names = _union(group.trait_names for group in groups)
        names |= self.params.root_required | self.params.root_forbidden
        names.add(SHARING_TRAIT)
        self.trait_ids = research.trait_ids(self.context, names)

    def _load_facts(self):
        groups = self.params.groups
        by_trait, providers = research.providers_with_traits(
            self.context, set(self.trait_ids.values()), self.root_range)
        self.providers.update(providers)
        self.by_trait = by_trait
        self.sharing = by_trait.get(self.trait_ids.get(SHARING_TRAIT),
                                    set())
        self.has_trees = research.has_trees(self.context)
        aggs = set()
        for group in groups:
            aggs |= group.forbidden_aggs | _union(group.member_of)
        self.by_agg, providers = research.providers_in_aggregates(
            self.context, aggs, self.root_range)
        self.providers.update(providers)
        self.tree_roots = research.roots_of_uuids(
            self.context, {group.in_tree for group in groups
                           if group.in_tree})
        self.anchors_of_sharing = research.sharing_anchors(
            self.context, self.sharing)

    def _check_traits(self, names):
        missing = sorted(name for name in names
                         if name not in self.trait_ids)
        if missing:
            raise exception.TraitNotFound(name=', '.join(missing))

    def _having(self, names):
        """The providers holding any of the trait ``names``."""
        return _union(self.by_trait[self.trait_ids[name]] for name in names)

    def _in_aggs(self, agg_uuids):
        return _union(self.by_agg[agg_uuid] for agg_uuid in agg_uuids)

    def _fitting(self, classes, root_id):
        """{class id: fits} of the (class id, amount) ``classes``."""
        for rc_id, amount in classes:
            if amount > MAX_AMOUNT:
                self._fits[(rc_id, amount, root_id)] = []
        missing = [(rc_id, amount) for rc_id, amount in classes
                   if (rc_id, amount, root_id) not in self._fits]
        if missing:
            providers = self.providers
            room = self.room
            for rc_id, fits in self._fitting_providers(
                    missing, root_id).items():
                for rp_id, uuid, root, rp_room in fits:
                    providers[rp_id] = (uuid, root)
                    room[(rp_id, rc_id)] = rp_room
                self._fits[(rc_id, dict(missing)[rc_id], root_id)] = fits
        return {rc_id: self._fits[(rc_id, amount, root_id)]
                for rc_id, amount in classes}

    def _fitting_providers(self, demands, root_id):
        if root_id is not None or self.root_range is not None:
            return research.fitting_providers(
                self.context, demands, root_id, self.root_range)
        # The whole search: the summaries need the same rows.
        if self.usage is None:
            self.usage = research.usage(self.context)
        classes = {rc_id for rc_id, _ in demands}
        if self.inventories is None:
            self.inventories = research.inventories_of_trees(
                self.context, classes)
            self.inventory_classes = classes
        if classes <= self.inventory_classes:
            return research.fits(self.inventories, self.usage, demands)
        return research.fitting_providers(
            self.context, demands, usage=self.usage)

    def _prefetch_fits(self):
        """Read the fitting providers of the groups outside ``in_tree``
        in one query rather than one per group: one amount per class (a
        class asked again with another amount is read by its group), up
        to the first unknown class (reported by its group, in order).
        """
        demands = {}
        try:
            for group in self.params.groups:
                for name, amount in group.resources.items():
                    if not group.in_tree:
                        demands.setdefault(
                            self.rc_cache.id_from_string(name), amount)
        except exception.ResourceClassNotFound:
            pass
        self._fitting(demands.items(), None)

    def _set_root_filter(self):
        required = self.params.root_required
        forbidden = self.params.root_forbidden
        if not (required or forbidden):
            return
        self._check_traits(required | forbidden)
        bad = self._having(forbidden)
        if required:
            allowed = set.intersection(*(
                self._having([name]) for name in required))
            allowed = {rp for rp in allowed
                       if self.providers[rp][1] == rp} - bad
            if not allowed:
                raise _NoCandidates()
            self.root_ok = allowed.__contains__
        else:
            trait_ids = {self.trait_ids[name] for name in forbidden}
            if not research.root_lacking_traits_exists(
                    self.context, trait_ids):
                raise _NoCandidates()
            self.root_ok = lambda root: root not in bad

    # -- levels -------------------------------------------------------

    def _anchors(self, rp_id):
        anchors = {self.providers[rp_id][1]}
        if rp_id in self.sharing:
            anchors |= self.anchors_of_sharing.get(rp_id, set())
        if self.root_ok is not None:
            anchors = {root for root in anchors if self.root_ok(root)}
        return anchors

    def _group_levels(self, group):
        """The levels of ``group``, checking it in spec order."""
        classes = sorted(
            (self.rc_cache.id_from_string(name), amount)
            for name, amount in group.resources.items())
        members = None
        if group.member_of:
            members = set.intersection(*(
                self._in_aggs(entry) for entry in group.member_of))
            if not members:
                raise _NoCandidates()
        outcasts = self._in_aggs(group.forbidden_aggs)
        self._check_traits(group.trait_names)
        root_id = None
        if group.in_tree:
            root_id = self.tree_roots.get(group.in_tree)
            if root_id is None:
                raise _NoCandidates()
        fits = self._fitting(classes, root_id)
        if not all(fits.values()):
            raise _NoCandidates()
        if not classes:
            levels = [self._resourceless_level(group, members, outcasts)]
        elif group.suffix or not (self.has_trees or self.sharing):
            levels = [self._single_provider_level(
                group, classes, fits, members, outcasts)]
        else:
            levels = self._tree_levels(
                group, classes, fits, members, outcasts)
        for level in levels:
            if not level.by_anchor:
                raise _NoCandidates()
        return levels

    def _provider_filter(self, group, members, outcasts):
        """Own traits and aggregates a single provider must match."""
        wanted = [self._having(names) for names in group.required_traits]
        if members is not None:
            wanted.append(members)
        unwanted = self._having(group.forbidden_traits) | outcasts
        return wanted, unwanted

    def _level(self, group, options):
        """A level of one option per provider, anchored as 6 says."""
        by_anchor = collections.defaultdict(list)
        providers = self.providers
        one_anchor = not self.sharing and self.root_ok is None
        for rp_id, allocations in options:
            option = (allocations, rp_id)
            if one_anchor:
                by_anchor[providers[rp_id][1]].append(option)
                continue
            for anchor in self._anchors(rp_id):
                by_anchor[anchor].append(option)
        isolate = bool(group.suffix) and self.params.group_policy == 'isolate'
        return Level(group.suffix, by_anchor, isolate, None)

    def _single_provider_level(self, group, classes, fits, members,
                               outcasts):
        wanted, unwanted = self._provider_filter(group, members, outcasts)
        found = set.intersection(*(
            set(map(_first, fits[rc_id])) for rc_id, _ in classes))
        found = set.intersection(found, *wanted) - unwanted
        return self._level(group, (
            (rp_id, tuple((rp_id, rc_id, amount)
                          for rc_id, amount in classes))
            for rp_id in sorted(found)))

    def _resourceless_level(self, group, members, outcasts):
        wanted, unwanted = self._provider_filter(group, members, outcasts)
        if not wanted:
            raise _NoCandidates()
        found = set.intersection(*wanted) - unwanted
        return self._level(group, ((rp_id, ()) for rp_id in sorted(found)))

    def _tree_levels(self, group, classes, fits, members, outcasts):
        """The unsuffixed group: one level per class, several providers."""
        banned = self._having(group.forbidden_traits)
        any_of = [self._having(names) for names in group.required_traits]
        levels = []
        for rc_id, amount in classes:
            by_anchor = collections.defaultdict(dict)
            for rp_id, _, root_id, _ in fits[rc_id]:
                if rp_id in banned:
                    continue
                anchors = {root_id}
                if (not group.in_tree and rp_id in self.sharing
                        and (members is None or rp_id in members)):
                    anchors |= self.anchors_of_sharing.get(rp_id, set())
                option = (((rp_id, rc_id, amount),), rp_id)
                for anchor in anchors:
                    if self.root_ok is not None and not self.root_ok(anchor):
                        continue
                    if members is not None and not (
                            rp_id in members or anchor in members):
                        continue
                    if rp_id in outcasts or anchor in outcasts:
                        continue
                    by_anchor[anchor][rp_id] = option
            levels.append(Level('', {anchor: list(options.values())
                                     for anchor, options in by_anchor.items()},
                                False, None))
        if any_of:
            levels[-1] = levels[-1]._replace(
                end_check=lambda chosen: all(chosen & having
                                             for having in any_of))
        return levels

    # -- search -------------------------------------------------------

    def run(self):
        self._load_trait_ids()
        requests = None
        if self._windows_apply():
            requests = self._first_round_in_windows()
        if requests is None:
            self.root_range = None
            walker, anchors = self._search()
            requests = self._select(walker, anchors)
        if not requests:
            raise _NoCandidates()
        summaries = self._summaries(requests)
        return Candidates(self._requests_out(requests), summaries)

    def _search(self):
        """The walker and the sorted anchors of the trees in
        ``self.root_range``.
        """
        self._fits = {}
        self._load_facts()
        self._set_root_filter()
        self._prefetch_fits()
        levels = []
        for group in self.params.groups:
            levels.extend(self._group_levels(group))
        anchors = set.intersection(*(set(level.by_anchor)
                                     for level in levels))
        if not anchors:
            raise _NoCandidates()
        walker = _Walker(levels, self.room, self.params.same_subtree,
                         self._in_one_subtree, repeats=bool(self.sharing))
        if self.params.same_subtree:
            self._load_parents(levels, anchors)
        return walker, sorted(anchors)

    # -- limit: windows of roots --------------------------------------

    def _windows_apply(self):
        """Whether ``limit`` may be met by reading a few trees at a time.

        That takes a ``limit`` without ``max_allocation_candidates`` and
        without randomising (the answer is then the first request of each
        root in root id order, as many roots as ``limit``), and no sharing
        provider anywhere (each request then stays within one tree).
        """
        if (self.params.limit is None
                or self.conf.max_allocation_candidates >= 0
                or self.conf.randomize_allocation_candidates):
            return False
        sharing_id = self.trait_ids.get(SHARING_TRAIT)
        return sharing_id is None or not research.has_provider_with_trait(
            self.context, sharing_id)

    def _first_round_in_windows(self):
        """The first request of each root, ``limit`` roots in id order,
        reading the facts of windows of growing root id ranges; None when
        there are fewer roots with requests than ``limit`` (then the
        whole search is needed for the later rounds).
        """
        limit = self.params.limit
        top = research.max_provider_id(self.context)
        requests = []
        low, size = 1, max(4 * limit, 64)
        while low <= top:
            # Never past the last id: a huge limit must not overflow
            # the database's integers.
            self.root_range = (low, min(low + size - 1, top))
            low, size = low + size, size * 2
            try:
                walker, anchors = self._search()
            except _NoCandidates:
                continue
            for anchor in anchors:
                first = next(filter(self._keep, walker.requests(anchor)),
                             None)
                if first is not None:
                    requests.append(first)
                    if len(requests) == limit:
                        return requests
        return None

    def _keep(self, request):
        """Below v1.29 a request may use one provider per tree only."""
        if self.params.nested_aware or not self.has_trees:
            return True
        used = {rp_id for (rp_id, _), _ in request[0]}
        return len({self.providers[rp_id][1] for rp_id in used}) == len(used)

    def _select(self, walker, anchors):
        limit = self.params.limit
        cap = self.conf.max_allocation_candidates
        randomize = self.conf.randomize_allocation_candidates
        if limit is not None and cap < 0:
            # Any ``limit`` requests of the whole set will do: spread them
            # over the roots and stop as soon as there are enough.
            if randomize:
                random.shuffle(anchors)
            requests = filter(self._keep, walker.distinct(
                anchors, round_robin=True, shuffle=randomize))
            return list(itertools.islice(requests, limit))
        strategy = self.conf.allocation_candidates_generation_strategy
        requests = walker.distinct(
            anchors, round_robin=strategy == 'breadth-first')
        if cap >= 0:
            requests = itertools.islice(requests, cap)
        requests = [request for request in requests if self._keep(request)]
        if limit is not None and limit < len(requests):
            if randomize:
                return random.sample(requests, limit)
            return requests[:limit]
        if randomize:
            random.shuffle(requests)
        return requests

    # -- same_subtree -------------------------------------------------

    def _load_parents(self, levels, anchors):
        roots = set(anchors)
        for level in levels:
            for anchor in anchors:
                roots.update(self.providers[rp_id][1]
                             for _, rp_id in level.by_anchor[anchor])
        rows = research.tree_providers(self.context, roots)
        self.trees = (roots, rows)
        self.parents = {rp_id: parent_id
                        for rp_id, _, parent_id, _ in rows}

    def _under(self, top, rp_id):
        """Whether ``top`` is ``rp_id`` or one of its ancestors."""
        parents = self.parents
        while rp_id is not None:
            if rp_id == top:
                return True
            rp_id = parents.get(rp_id)
        return False

    def _in_one_subtree(self, providers):
        """Whether one of ``providers`` is an ancestor-or-self of all."""
        under = self._under
        if len(providers) == 2:
            first, second = providers
            return under(first, second) or under(second, first)
        return any(all(under(top, rp_id) for rp_id in providers)
                   for top in providers)

    # -- output -------------------------------------------------------

    def _requests_out(self, requests):
        uuid_of = {rp_id: info[0] for rp_id, info in self.providers.items()}
        rc_name = self.rc_name
        # Many requests ask the same amounts of a provider: they share
        # one (read-only) dict, which saves memory on large answers.
        shared = {}
        out = []
        for totals, mappings in drained(requests):
            by_provider = collections.defaultdict(list)
            for (rp_id, rc_id), amount in totals:
                by_provider[rp_id].append((rc_id, amount))
            allocations = {}
            for rp_id, amounts in by_provider.items():
                key = tuple(sorted(amounts))
                resources = shared.get(key)
                if resources is None:
                    shared[key] = resources = {
                        rc_name(rc_id): amount for rc_id, amount in key}
                allocations[uuid_of[rp_id]] = resources
            out.append(AllocationRequest(allocations, {
                suffix: [uuid_of[rp_id] for rp_id in rp_ids]
                for suffix, rp_ids in mappings}))
        return out

    def _tree_inventories(self, roots):
        """Inventory rows covering the trees of ``roots`` and the usage."""
        if self.inventories is not None and roots <= {
                row[3] for row in self.inventories}:
            return self.inventories, self.usage
        return research.tree_inventories(self.context, roots, self.usage)

    def _summaries(self, requests):
        supplying = {rp_id for totals, _ in requests
                     for (rp_id, _), _ in totals}
        roots = {self.providers[rp_id][1] for rp_id in supplying}
        shown = None
        if not self.params.nested_aware and self.has_trees:
            shown = supplying
        requested = {self.rc_cache.id_from_string(name)
                     for group in self.params.groups
                     for name in group.resources}
        rc_name = self.rc_name
        all_inventories = self.params.all_inventories
        resources = {}
        rows, usage = self._tree_inventories(roots)
        used = usage.get
        for rc_id, rp_id, _, root_id, total, reserved, ratio, _, _, _ in rows:
            if root_id in roots and (all_inventories or rc_id in requested):
                inventories = resources.get(rp_id)
                if inventories is None:
                    resources[rp_id] = inventories = {}
                inventories[rc_name(rc_id)] = {
                    'capacity': int((total - reserved) * ratio),
                    'used': used((rp_id, rc_id), 0)}
        traits = collections.defaultdict(list)
        for rp_id, name in research.tree_traits(self.context, roots):
            traits[rp_id].append(name)
        if self.has_trees:
            read_roots, rows = self.trees
            if roots <= read_roots:
                tree = [row for row in rows if row[3] in roots]
            else:
                tree = research.tree_providers(self.context, roots)
        else:
            # Every provider is a root, and a supplying one: known already.
            tree = [(root_id, self.providers[root_id][0], None, root_id)
                    for root_id in sorted(roots)]
        uuid_of = {rp_id: uuid for rp_id, uuid, _, _ in tree}
        return {
            uuid: ProviderSummary(resources.get(rp_id, {}),
                                  traits.get(rp_id, []),
                                  uuid_of.get(parent_id), uuid_of[root_id])
            for rp_id, uuid, parent_id, root_id in tree
            if shown is None or rp_id in shown}


class _Walker(object):
    """Lazy, pruned products of the levels, per anchor root.

    A request is ``(totals, mappings)``: ``totals`` a frozenset of
    ``((provider id, class id), amount)`` (amounts summed per provider and
    class), ``mappings`` a tuple of ``(suffix, (provider id, ...))``.
    """

    def __init__(self, levels, room, same_subtree, in_one_subtree,
                 repeats=True):
        self.levels = levels
        # Whether walks of different anchors may give the same request
        # (only sharing providers belong to several anchors; one walk
        # never repeats itself).
        self.repeats = repeats
        self.room = room
        self.in_one_subtree = in_one_subtree
        self.parts = {}
        # Suffix -> indexes of its levels; a group's levels are adjacent.
        self.group_levels = {}
        for index, level in enumerate(levels):
            self.group_levels.setdefault(level.suffix, []).append(index)
        # Level index -> the same_subtree sets decided there.
        self.subtree_checks = collections.defaultdict(list)
        for suffixes in same_subtree:
            last = max(self.group_levels[suffix][-1] for suffix in suffixes)
            self.subtree_checks[last].append(
                [self.group_levels[suffix][0] for suffix in suffixes])

    def requests(self, anchor):
        """The requests of ``anchor``, in walk order."""
        return self._walk(anchor, False)

    def distinct(self, anchors, round_robin=False, shuffle=False):
        """Every distinct request, anchors in turn or one after another."""
        walks = (self._walk(anchor, shuffle) for anchor in anchors)
        if round_robin:
            requests = _round_robin(walks)
        else:
            requests = itertools.chain.from_iterable(walks)
        if not self.repeats:
            return requests
        return self._unseen(requests)

    @staticmethod
    def _unseen(requests):
        seen = set()
        for request in requests:
            if request not in seen:
                seen.add(request)
                yield request

    def _walk(self, anchor, shuffle):
        levels = self.levels
        options = [level.by_anchor[anchor] for level in levels]
        if shuffle:
            options = [random.sample(opts, len(opts)) for opts in options]
        if len(levels) == 1 and levels[0].end_check is None:
            # Nothing to combine: every option is a request.
            suffix = levels[0].suffix
            return ((frozenset([((rp_id_, rc_id), amount)
                                for rp_id_, rc_id, amount in allocations]),
                     ((suffix, (rp_id,)),))
                    for allocations, rp_id in options[0])
        return self._product(options)

    def _product(self, options):
        """The pruned product of the levels' ``options``: a depth-first
        walk, iterative (no generator per depth) because it runs once per
        anchor and option.
        """
        levels = self.levels
        last = len(levels) - 1
        chosen = [None] * len(levels)
        totals = {}
        isolated = set()
        room = self.room
        in_one_subtree = self.in_one_subtree
        # Per depth: isolate, the same_subtree checks, the end check and
        # the levels of its group.
        isolates = [level.isolate for level in levels]
        subtree_checks = [self.subtree_checks.get(depth, ())
                          for depth in range(len(levels))]
        end_checks = [(level.end_check, self.group_levels[level.suffix])
                      for level in levels]

        def admit(depth, option):
            allocations, rp_id = option
            if isolates[depth] and rp_id in isolated:
                return False
            for rp_id_, rc_id, amount in allocations:
                total = totals.get((rp_id_, rc_id))
                if total is not None and (
                        total + amount > room[(rp_id_, rc_id)]):
                    return False
            chosen[depth] = rp_id
            for indexes in subtree_checks[depth]:
                if not in_one_subtree([chosen[i] for i in indexes]):
                    return False
            end_check, indexes = end_checks[depth]
            return end_check is None or end_check(
                {chosen[i] for i in indexes})

        def take(depth, option):
            allocations, rp_id = option
            for rp_id_, rc_id, amount in allocations:
                key = (rp_id_, rc_id)
                totals[key] = totals.get(key, 0) + amount
            if isolates[depth]:
                isolated.add(rp_id)

        def give_back(depth, option):
            allocations, rp_id = option
            if isolates[depth]:
                isolated.discard(rp_id)
            for rp_id_, rc_id, amount in allocations:
                key = (rp_id_, rc_id)
                totals[key] -= amount
                if not totals[key]:
                    del totals[key]

        def walk():
            # One iterator of options per depth reached, and the option
            # taken at each depth.
            pending = [iter(options[0])]
            taken = []
            while pending:
                depth = len(pending) - 1
                if len(taken) > depth:
                    give_back(depth, taken.pop())
                for option in pending[depth]:
                    if admit(depth, option):
                        break
                else:
                    pending.pop()
                    continue
                take(depth, option)
                taken.append(option)
                if depth == last:
                    yield self._request(chosen, totals)
                else:
                    pending.append(iter(options[depth + 1]))

        return walk()

    def _request(self, chosen, totals):
        # Requests repeat the same parts many times over: one copy of each
        # part (``self.parts``) keeps large answers small.
        parts = self.parts
        mappings = tuple(
            parts.setdefault(part, part) for part in (
                (suffix, tuple(dict.fromkeys(chosen[i] for i in indexes)))
                for suffix, indexes in self.group_levels.items()))
        return (frozenset(parts.setdefault(item, item)
                          for item in totals.items()), mappings)


def drained(items):
    """The items of the list ``items`` in order, each removed from the
    list as it is handed out, so that a large list turned into another
    form is not held twice in memory.
    """
    items.reverse()
    while items:
        yield items.pop()


def _round_robin(iterables):
    """One item of each iterable in turn until all are exhausted.

    ``iterables`` is consumed lazily: the first round starts each iterable
    only when its turn comes, so a caller stopping early never sets up the
    later ones.
    """
    active = collections.deque()
    for iterator in iterables:
        for item in iterator:
            yield item
            active.append(iterator)
            break
    while active:
        iterator = active.popleft()
        try:
            yield next(iterator)
        except StopIteration:
            continue
        active.append(iterator)
