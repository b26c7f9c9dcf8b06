"""Tests of the shared query-string parsers (placement.query)."""

import testtools
import webob

from placement import microversion
from placement import query

AGG1 = '4e8e5957-649f-477b-9e5b-f1f75b21c03c'
AGG2 = '14ae7b2c-3f3b-4f0e-8a7c-0c2b3b2a1d10'
AGG3 = 'a0d6b4a3-1b2c-4d5e-8f90-123456789abc'


def _req(query_string, version='1.39'):
    req = webob.Request.blank('/?' + query_string)
    want = microversion.parse_version_string(version)
    # As the middleware does: matches() defaults to the announced range.
    want.min_version = microversion.parse_version_string(
        microversion.min_version_string())
    want.max_version = microversion.parse_version_string(
        microversion.max_version_string())
    req.environ[microversion.MICROVERSION_ENVIRON] = want
    return req


class _BadRequestMixin(object):

    def assertBadRequest(self, message, func, *args, **kwargs):
        exc = self.assertRaises(webob.exc.HTTPBadRequest, func,
                                *args, **kwargs)
        self.assertEqual(message, exc.detail)


class TestResources(_BadRequestMixin, testtools.TestCase):

    def test_parses_amounts(self):
        self.assertEqual(
            {'VCPU': 2, 'MEMORY_MB': 1024, 'CUSTOM_X': 1},
            query.normalize_resources_qs_param(
                'VCPU:2,MEMORY_MB:1024,CUSTOM_X:1'))

    def test_last_duplicate_wins(self):
        self.assertEqual({'VCPU': 3},
                         query.normalize_resources_qs_param('VCPU:2,VCPU:3'))

    def test_empty(self):
        for value in ('', '  '):
            self.assertBadRequest(
                'Badly formed resources parameter. Expected resources query '
                'string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. '
                'Got: empty string.',
                query.normalize_resources_qs_param, value)

    def test_element_without_one_colon(self):
        for element in ('VCPU', 'VCPU:1:2', ''):
            self.assertBadRequest(
                'Badly formed resources parameter. Expected resources query '
                'string parameter in form: ?resources=VCPU:2,MEMORY_MB:1024. '
                'Got: %s.' % element,
                query.normalize_resources_qs_param, 'DISK_GB:1,' + element)

    def test_amount_not_int(self):
        self.assertBadRequest(
            'Requested resource VCPU expected positive integer amount. '
            'Got: 1.5.',
            query.normalize_resources_qs_param, 'VCPU:1.5')

    def test_amount_below_one(self):
        for amount in ('0', '-2'):
            self.assertBadRequest(
                'Requested resource VCPU requires amount >= 1. Got: %s.'
                % amount,
                query.normalize_resources_qs_param, 'VCPU:' + amount)


class TestTraits(_BadRequestMixin, testtools.TestCase):

    def _parse(self, query_string, version='1.39', suffix=''):
        return query.normalize_traits_qs_params(
            _req(query_string, version), suffix=suffix)

    def test_absent(self):
        self.assertEqual(([], set()), self._parse('name=x'))

    def test_required_and_forbidden(self):
        self.assertEqual(
            ([{'A'}, {'B'}], {'C', 'D'}),
            self._parse('required=A,%20B%20,!C,!!D', '1.22'))

    def test_only_last_value_below_1_39(self):
        self.assertEqual(([{'B'}], set()),
                         self._parse('required=A&required=B', '1.38'))

    def test_all_values_anded_at_1_39(self):
        self.assertEqual(
            ([{'A'}, {'B', 'C'}], {'D'}),
            self._parse('required=A,!D&required=in:B,%20C'))

    def test_suffixed_key(self):
        self.assertEqual(
            ([{'B'}], set()),
            self._parse('required=A&required_X=B', suffix='_X'))

    def test_any_of_below_1_39(self):
        self.assertBadRequest(
            "Invalid query string parameters: The format "
            "'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' only supported since "
            "microversion 1.39. Got: in:A,B",
            self._parse, 'required=in:A,B', '1.38')

    def test_any_of_empty_trait(self):
        for value in ('in:', 'in:A,', 'in:A,%20'):
            self.assertBadRequest(
                "Invalid query string parameters: Expected 'required' "
                "parameter value of the form: in:HW_CPU_X86_VMX,"
                "CUSTOM_MAGIC. Got an empty trait in: %s"
                % value.replace('%20', ' '),
                self._parse, 'required=' + value)

    def test_any_of_forbidden(self):
        self.assertBadRequest(
            "Invalid query string parameters: The format "
            "'in:HW_CPU_X86_VMX,CUSTOM_MAGIC' does not support forbidden "
            "traits. Got: in:A,!B",
            self._parse, 'required=in:A,!B')

    def test_empty_trait(self):
        for value in ('', 'A,', '!', 'A,!!', ',A'):
            self.assertBadRequest(
                "Invalid query string parameters: Expected 'required' "
                "parameter value of the form: HW_CPU_X86_VMX,!CUSTOM_MAGIC. "
                "Got an empty trait in: %s" % value,
                self._parse, 'required=' + value, '1.22')

    def test_empty_trait_below_1_22(self):
        self.assertBadRequest(
            "Invalid query string parameters: Expected 'required' "
            "parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC. "
            "Got an empty trait in: A,!",
            self._parse, 'required=A,!', '1.21')

    def test_forbidden_below_1_22(self):
        self.assertBadRequest(
            "Invalid query string parameters: Expected 'required' "
            "parameter value of the form: HW_CPU_X86_VMX,CUSTOM_MAGIC. "
            "Got: A,!B",
            self._parse, 'required=A,!B', '1.21')

    def test_required_and_forbidden_same_trait_is_not_refused(self):
        self.assertEqual(([{'A'}], {'A'}), self._parse('required=A,!A'))

    def test_single_value_parser_for_root_required(self):
        self.assertEqual(
            ([{'A'}], {'B'}),
            query.normalize_traits_qs_param('A,!B', allow_forbidden=True))
        self.assertRaises(webob.exc.HTTPBadRequest,
                          query.normalize_traits_qs_param, 'in:A',
                          allow_forbidden=True)


class TestMemberOf(_BadRequestMixin, testtools.TestCase):

    def _parse(self, query_string, version='1.39', suffix=''):
        return query.normalize_member_of_qs_params(
            _req(query_string, version), suffix=suffix)

    def test_absent(self):
        self.assertEqual(([], set()), self._parse('name=x'))

    def test_forms(self):
        self.assertEqual(
            ([{AGG1}, {AGG2, AGG3}], {AGG1, AGG2, AGG3}),
            self._parse('member_of=%s&member_of=in:%s,%s&member_of=!%s'
                        '&member_of=!in:%s,%s'
                        % (AGG1, AGG2, AGG3, AGG1, AGG2, AGG3)))

    def test_in_accepted_at_1_3(self):
        self.assertEqual(([{AGG1, AGG2}], set()),
                         self._parse('member_of=in:%s,%s' % (AGG1, AGG2),
                                     '1.3'))

    def test_lenient_uuids_kept_as_given(self):
        raw = AGG1.replace('-', '').upper()
        self.assertEqual(([{raw}], set()), self._parse('member_of=' + raw))

    def test_multiple_below_1_24(self):
        self.assertBadRequest(
            'Multiple member_of parameters are not supported',
            self._parse, 'member_of=%s&member_of=%s' % (AGG1, AGG2), '1.23')

    def test_multiple_suffixed_below_1_24(self):
        self.assertBadRequest(
            'Multiple member_of1 parameters are not supported',
            self._parse, 'member_of1=%s&member_of1=%s' % (AGG1, AGG2),
            '1.23', '1')

    def test_multiple_at_1_24(self):
        self.assertEqual(
            ([{AGG1}, {AGG2}], set()),
            self._parse('member_of=%s&member_of=%s' % (AGG1, AGG2), '1.24'))

    def test_comma_without_in(self):
        value = '%s,%s' % (AGG1, AGG2)
        self.assertBadRequest(
            "Multiple values for 'member_of' must be prefixed with the "
            "'in:' or '!in:' keyword using the valid microversion. Got: %s"
            % value, self._parse, 'member_of=' + value)

    def test_bad_uuid(self):
        for value, bad in (('in:', ''), ('nope', 'nope'),
                           ('in:%s,nope' % AGG1, 'nope'), ('!x', 'x'),
                           ('!in:%s,' % AGG1, '')):
            self.assertBadRequest(
                "Invalid query string parameters: Expected 'member_of' "
                "parameter to contain valid UUID(s). Got: %s" % bad,
                self._parse, 'member_of=' + value)

    def test_forbidden_below_1_32(self):
        for value in ('!' + AGG1, '!in:%s,%s' % (AGG1, AGG2)):
            self.assertBadRequest(
                'Forbidden member_of parameters are not supported in the '
                'specified microversion',
                self._parse, 'member_of=' + value, '1.31')

    def test_forbidden_suffixed_below_1_32(self):
        self.assertBadRequest(
            'Forbidden member_of_A parameters are not supported in the '
            'specified microversion',
            self._parse, 'member_of_A=!' + AGG1, '1.31', '_A')

    def test_forbidden_at_1_32(self):
        self.assertEqual(([], {AGG1}),
                         self._parse('member_of=!' + AGG1, '1.32'))


class TestInTree(_BadRequestMixin, testtools.TestCase):

    def test_stripped(self):
        self.assertEqual(AGG1, query.normalize_in_tree_qs_param(
            ' %s ' % AGG1))

    def test_bad(self):
        self.assertBadRequest(
            "Invalid query string parameters: Expected 'in_tree' parameter "
            "to be a format of uuid. Got: nope",
            query.normalize_in_tree_qs_param, 'nope')
