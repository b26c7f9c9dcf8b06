"""Serve Keystone's WSGI application on loopback for the Keystone test.

Run with the Keystone virtualenv's Python: serve_keystone.py PORT.
Keystone parses the process's command line as its own, so it must not
see any server arguments; hence this launcher rather than a WSGI server
command.
"""

import socketserver
import sys
from wsgiref import simple_server


class ThreadingWSGIServer(socketserver.ThreadingMixIn,
                          simple_server.WSGIServer):
    daemon_threads = True


def main():
    port = int(sys.argv[1])
    sys.argv = sys.argv[:1]
    from keystone.wsgi import api
    server = simple_server.make_server(
        '127.0.0.1', port, api.application,
        server_class=ThreadingWSGIServer)
    server.serve_forever()


if __name__ == '__main__':
    main()
