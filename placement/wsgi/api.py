"""Module-level WSGI callable for mod_wsgi, uwsgi and gunicorn.

``application`` is built once, at import, under a lock (some servers import
from several threads).
"""

import threading

from placement import wsgi

_LOCK = threading.Lock()

with _LOCK:
    application = wsgi.init_application()
