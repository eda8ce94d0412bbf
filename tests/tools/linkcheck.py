#!/usr/bin/env python3
"""Checks every internal link of a built site, independently of tafel.

Reads every HTML file below the output folder with Python's own HTML parser, follows each
`href`, `src` and `srcset` URL that stays on the site (relative, root-relative below the base
path, or absolute below the base URL) to a file of the output folder, and each `#fragment` of an
`href` to an `id` (or the `name` of an `a`) of the page it leads to. Prints one line per broken
link and exits with 1 if there is any.

    linkcheck.py --base-url https://docs.example.org/ public/
"""

import argparse
import os
import sys
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit


class Page(HTMLParser):
    """The links and ids of one HTML document."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (attribute, url)
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        seen = set()
        for name, value in attrs:
            if name in seen or value is None:
                continue
            seen.add(name)
            if name in ("href", "xlink:href", "src", "poster"):
                self.links.append((name, value))
            elif name == "srcset":
                for candidate in value.split(","):
                    parts = candidate.split()
                    if parts:
                        self.links.append(("srcset", parts[0]))
            elif name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)

    handle_startendtag = handle_starttag


def main():
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--base-url", required=True)
    arguments.add_argument("output")
    options = arguments.parse_args()
    root = os.path.abspath(options.output)
    base_url = options.base_url if options.base_url.endswith("/") else options.base_url + "/"
    base_path = urlsplit(base_url).path

    pages = {}
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(".html"):
                path = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
                page = Page()
                with open(os.path.join(folder, name), encoding="utf-8") as file:
                    page.feed(file.read())
                page.close()
                pages[path] = page

    broken = []
    for path, page in sorted(pages.items()):
        # The page's own address on the site, to resolve relative URLs as a browser does.
        address = urljoin(base_url, path)
        for attribute, url in page.links:
            resolved = urljoin(address, url)
            if not resolved.startswith(base_url):
                scheme = urlsplit(resolved).scheme
                same_host = urlsplit(resolved).netloc == urlsplit(base_url).netloc
                if scheme in ("http", "https") and same_host:
                    broken.append(f"{path}: {url} leaves the site's base path")
                continue
            parts = urlsplit(resolved)
            target = unquote(parts.path[len(base_path):])
            if target == "" or target.endswith("/"):
                target += "index.html"
            if not os.path.isfile(os.path.join(root, target)):
                if os.path.isfile(os.path.join(root, target, "index.html")):
                    target += "/index.html"
                else:
                    broken.append(f"{path}: {url} -> {target} does not exist")
                    continue
            fragment = unquote(parts.fragment)
            if attribute != "href" or fragment in ("", "top"):
                continue
            if target in pages and fragment not in pages[target].ids:
                broken.append(f"{path}: {url} -> #{fragment} is no id of {target}")

    for line in broken:
        print(line)
    print(f"{len(pages)} pages, {sum(len(p.links) for p in pages.values())} links, "
          f"{len(broken)} broken", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
