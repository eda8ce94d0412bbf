#!/usr/bin/env python3
"""A plain static file server for the browser tests, as a site is hosted below a path.

Usage: serve_static.py FOLDER PREFIX

Serves FOLDER at http://127.0.0.1:PORT/PREFIX/ on a free port, printing the port as the first
line. A missing file gets the site's own 404.html with status 404, as GitHub Pages, Netlify and
most hosts do. Nothing else: no rewriting, no live reload.
"""
import http.server
import os
import sys


def main():
    folder, prefix = sys.argv[1], "/" + sys.argv[2].strip("/") + "/"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=folder, **kwargs)

        def translate_path(self, path):
            if not path.startswith(prefix):
                return os.path.join(folder, "\0missing")
            return super().translate_path("/" + path[len(prefix):])

        def send_error(self, code, message=None, explain=None):
            page = os.path.join(folder, "404.html")
            if code != 404 or not os.path.exists(page):
                return super().send_error(code, message, explain)
            with open(page, "rb") as f:
                body = f.read()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
