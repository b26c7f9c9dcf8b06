"""Helpers shared by the handlers: content negotiation, JSON bodies, query
validation, URLs and caching headers (spec conventions.md)."""

import datetime
import functools

import jsonschema
from oslo_middleware import request_id
from oslo_serialization import jsonutils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import webob

from placement import errors
from placement import microversion

ENV_ERROR_CODE = 'placement.error_code'


def _classic_size_check(kind, too_small, message):
    """A size keyword validator with the classic jsonschema messages.

    Newer jsonschema says "should be non-empty" for a minimum of one;
    clients and the API documentation match the classic wording.
    """
    def check(validator, limit, instance, schema):
        if validator.is_type(instance, kind) and too_small(
                len(instance), limit):
            yield jsonschema.ValidationError('%r %s' % (instance, message))
    return check


_Validator = jsonschema.validators.extend(
    jsonschema.Draft4Validator,
    {
        'minLength': _classic_size_check(
            'string', lambda n, lim: n < lim, 'is too short'),
        'maxLength': _classic_size_check(
            'string', lambda n, lim: n > lim, 'is too long'),
        'minItems': _classic_size_check(
            'array', lambda n, lim: n < lim, 'is too short'),
        'maxItems': _classic_size_check(
            'array', lambda n, lim: n > lim, 'is too long'),
        'minProperties': _classic_size_check(
            'object', lambda n, lim: n < lim,
            'does not have enough properties'),
        'maxProperties': _classic_size_check(
            'object', lambda n, lim: n > lim, 'has too many properties'),
    })

# Body and query "format: uuid" checking. Bodies are lenient (anything
# oslo.utils calls uuid-like); query strings use jsonschema's own checker.
_LENIENT_FORMAT_CHECKER = jsonschema.FormatChecker()


@_LENIENT_FORMAT_CHECKER.checks('uuid')
def _is_uuid_like(value):
    return not isinstance(value, str) or uuidutils.is_uuid_like(value)


_QUERY_FORMAT_CHECKER = jsonschema.FormatChecker()


def validate(data, schema, format_checker=_LENIENT_FORMAT_CHECKER):
    """Validate ``data``; raise ``jsonschema.ValidationError`` if bad."""
    _Validator(schema, format_checker=format_checker).validate(data)


def json_error_formatter(body, status, title, environ):
    """The placement JSON error body (conventions.md section 5.1)."""
    body = webob.exc.strip_tags(body)
    status_code = int(status.split(None, 1)[0])
    error = {'status': status_code, 'title': title, 'detail': body}
    req_id = environ.get(request_id.ENV_REQUEST_ID)
    if req_id:
        error['request_id'] = req_id
    version = environ.get(microversion.MICROVERSION_ENVIRON)
    if version is None:
        # The microversion could not be parsed: tell the client the range.
        if status_code == 406:
            error['max_version'] = microversion.max_version_string()
            error['min_version'] = microversion.min_version_string()
    elif version.matches((1, 23)):
        error['code'] = environ.get(ENV_ERROR_CODE) or errors.DEFAULT
    return {'errors': [error]}


def check_accept(*types):
    """Refuse (406) a request whose Accept header matches none of types."""
    def decorator(handler):
        @functools.wraps(handler)
        def decorated(req, *args, **kwargs):
            if req.accept and not req.accept.acceptable_offers(types):
                raise webob.exc.HTTPNotAcceptable(
                    'Only %s is provided' % ', '.join(types))
            return handler(req, *args, **kwargs)
        return decorated
    return decorator


def require_content(content_type):
    """Refuse (415) a request whose media type is not ``content_type``."""
    def decorator(handler):
        @functools.wraps(handler)
        def decorated(req, *args, **kwargs):
            if req.content_type != content_type:
                # webob gives '' for a missing header; the spec says None.
                raise webob.exc.HTTPUnsupportedMediaType(
                    'The media type %s is not supported, use %s' % (
                        req.content_type or None, content_type))
            return handler(req, *args, **kwargs)
        return decorated
    return decorator


def extract_json(body, schema):
    """Parse ``body`` and validate it against ``schema`` or raise 400."""
    try:
        data = jsonutils.loads(body)
    except ValueError as exc:
        raise webob.exc.HTTPBadRequest('Malformed JSON: %s' % exc)
    try:
        validate(data, schema)
    except jsonschema.ValidationError as exc:
        raise webob.exc.HTTPBadRequest('JSON does not validate: %s' % exc)
    return data


def validate_query_params(req, schema):
    """Validate the query string (last value of a repeated key wins)."""
    try:
        params = dict(req.GET)
    except UnicodeDecodeError as exc:
        raise webob.exc.HTTPBadRequest(
            'Invalid query string parameters: %s' % exc)
    try:
        validate(params, schema, format_checker=_QUERY_FORMAT_CHECKER)
    except jsonschema.ValidationError as exc:
        raise webob.exc.HTTPBadRequest(
            'Invalid query string parameters: %s' % exc)


def send_json(req, data, status=200, last_modified=None):
    """Return a JSON response; add the v1.15 caching headers when due."""
    response = req.response
    response.status = status
    response.body = jsonutils.dump_as_bytes(data)
    response.content_type = 'application/json'
    response.charset = None
    if last_modified is not None:
        set_cache_headers(req, response, last_modified)
    return response


def send_empty(req, status=204, location=None):
    """A body-less response (no Content-Type), optionally locating."""
    response = req.response
    response.status = status
    response.content_type = None
    if location is not None:
        response.location = location
    return response


def set_cache_headers(req, response, last_modified):
    """Cache-Control and Last-Modified at v1.15+ (conventions.md 6)."""
    if req.environ[microversion.MICROVERSION_ENVIRON].matches((1, 15)):
        response.cache_control = 'no-cache'
        response.last_modified = last_modified


def pick_last_modified(last_modified, obj):
    """Later of ``last_modified`` and ``obj``'s updated_at or created_at."""
    obj_modified = obj.updated_at or obj.created_at
    if obj_modified is None:
        obj_modified = timeutils.utcnow(with_timezone=True)
    if obj_modified.tzinfo is None:
        obj_modified = obj_modified.replace(tzinfo=datetime.timezone.utc)
    if last_modified is None:
        return obj_modified
    return max(last_modified, obj_modified)


def last_modified_of(objs):
    """Max modification time over ``objs`` or now when there are none."""
    last_modified = None
    for obj in objs:
        last_modified = pick_last_modified(last_modified, obj)
    return last_modified or timeutils.utcnow(with_timezone=True)


def utcnow():
    return timeutils.utcnow(with_timezone=True)


def wsgi_path_item(environ, name):
    """The value of a path variable matched by the router, or None."""
    try:
        return environ['wsgiorg.routing_args'][1][name]
    except (KeyError, IndexError):
        return None


def url_for(environ, path):
    """A body link: relative, prefixed by the mount point."""
    return environ.get('SCRIPT_NAME', '') + path


def resource_provider_url(environ, resource_provider):
    return url_for(environ, '/resource_providers/%s' % resource_provider.uuid)


def inventory_url(environ, resource_provider, resource_class=None):
    url = '%s/inventories' % resource_provider_url(environ, resource_provider)
    if resource_class:
        url = '%s/%s' % (url, resource_class)
    return url


def resource_class_url(environ, resource_class):
    return url_for(environ, '/resource_classes/%s' % resource_class.name)


def trait_url(environ, trait):
    return url_for(environ, '/traits/%s' % trait.name)
