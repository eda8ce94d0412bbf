#!/usr/bin/env python3
"""Writes the synthetic bilingual benchmark site.

    bench/generate.py OUT --pages N [--flavour tafel|hugo|zola]

N pages per language (German and English) in 20 sections, a few KB of Markdown each, tabs and
links on every page, a port table on every tenth. The tafel flavour uses this repository's
theme, port list and messages, so the port tables are the typed `ports-table`; the Hugo and Zola
flavours carry the same text with a plain Markdown table instead, and a minimal theme whose
sidebar lists the current section's pages (Hugo) or the sections (Zola, whose templates cannot
cheaply list a section's pages from every page).
The output is deterministic: the same arguments write the same bytes.
"""
import argparse
import os
import re
import random
import shutil

SECTIONS = 20
LANGS = ("de", "en")
WORDS = {
    "de": "Server Telefon Anlage Netzwerk Verbindung Benutzer Gerät Dienst Regel Zugang "
    "schnell sicher einfach immer nie offen geschlossen wichtig neu alt".split(),
    "en": "server phone system network connection user device service rule access "
    "fast secure simple always never open closed important new old".split(),
}
TABLE = """| Port | Protocol | Purpose |
|---|---|---|
| 443 | TCP | Web interface |
| 5061 | TCP | SIP over TLS |
| 123 | UDP | Time |
"""


def paragraph(rng, lang, words):
    text = " ".join(rng.choice(WORDS[lang]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng, lang, flavour, section, index, pages_per_section):
    other = (index + 1) % pages_per_section
    parts = []
    for h in range(4):
        parts.append(f"## {paragraph(rng, lang, 3)[:-1]} {h}\n")
        parts.append(paragraph(rng, lang, 80) + "\n")
        parts.append(f"- {paragraph(rng, lang, 6)}\n- {paragraph(rng, lang, 6)}\n")
    link = f"s{section:02}/p{other:05}"
    if flavour == "tafel":
        parts.append(f'See [the next page]({{{{< relref "/{link}" >}}}}).\n')
        parts.append('{{% tabs %}}\n{{% tab "Cloud" %}}\n' + paragraph(rng, lang, 30)
                     + '\n{{% /tab %}}\n{{% tab "Onsite" %}}\n' + paragraph(rng, lang, 30)
                     + "\n{{% /tab %}}\n{{% /tabs %}}\n")
        if index % 10 == 0:
            parts.append('{{< ports-table deployment="cloud" >}}\n')
    else:
        parts.append(f"See [the next page](/{lang}/{link}/).\n")
        parts.append("**Cloud**\n\n" + paragraph(rng, lang, 30) + "\n\n**Onsite**\n\n"
                     + paragraph(rng, lang, 30) + "\n")
        if index % 10 == 0:
            parts.append(TABLE)
    return "\n".join(parts)


def front(flavour, title, weight, extra=""):
    if flavour == "zola":
        return f'+++\ntitle = "{title}"\nweight = {weight}\n{extra}+++\n'
    return f"---\ntitle: {title}\nweight: {weight}\n{extra}---\n"


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def content_path(out, flavour, lang, rel):
    """Where one page's source lives: tafel and Zola name the language in the file name (Zola
    not the default one), Hugo gets one content folder per language."""
    if flavour == "hugo":
        return os.path.join(out, "content", lang, rel + ".md")
    if flavour == "zola" and lang == LANGS[0]:
        return os.path.join(out, "content", rel + ".md")
    return os.path.join(out, "content", f"{rel}.{lang}.md")


def generate(out, pages, flavour):
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if os.path.exists(out):
        shutil.rmtree(out)
    per_section = max(1, pages // SECTIONS)
    for lang in LANGS:
        rng = random.Random(f"{lang}-{pages}")
        write(content_path(out, flavour, lang, "_index"),
              front(flavour, "Benchmark", 1) + paragraph(rng, lang, 40) + "\n")
        for s in range(SECTIONS):
            section = f"s{s:02}"
            write(content_path(out, flavour, lang, f"{section}/_index"),
                  front(flavour, f"Section {s}", s + 1) + paragraph(rng, lang, 40) + "\n")
            for p in range(per_section):
                title = f"Page {s}.{p} {paragraph(rng, lang, 2)[:-1]}"
                write(content_path(out, flavour, lang, f"{section}/p{p:05}"),
                      front(flavour, title, p + 1)
                      + body(rng, lang, flavour, s, p, per_section) + "\n")
    if flavour == "tafel":
        # The example site's configuration without its menus, which name the example's pages.
        with open(os.path.join(repo, "site.yaml"), encoding="utf-8") as f:
            config = re.sub(r"\n    menus:\n(?:      .*\n)+", "\n", f.read())
        write(os.path.join(out, "site.yaml"), config)
        for folder in ("data", "i18n", "shortcodes", os.path.join("themes", "default")):
            if os.path.isdir(os.path.join(repo, folder)):
                shutil.copytree(os.path.join(repo, folder), os.path.join(out, folder))
    elif flavour == "hugo":
        hugo_site(out)
    else:
        zola_site(out)


def hugo_site(out):
    write(os.path.join(out, "hugo.toml"), """baseURL = "https://docs.example.org/"
defaultContentLanguage = "de"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term", "RSS"]
[languages.de]
contentDir = "content/de"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
""")
    layout = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><nav><ul>
{{ with .CurrentSection }}{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}{{ end }}
</ul></nav><main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>
"""
    for name in ("single.html", "list.html"):
        write(os.path.join(out, "layouts", "_default", name), layout)


def zola_site(out):
    write(os.path.join(out, "config.toml"), """base_url = "https://docs.example.org"
default_language = "de"
compile_sass = false
build_search_index = false
[languages.en]
""")
    nav = """<!doctype html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title></head><body>
<nav><ul>{% set root = get_section(path="_index.md", lang=lang) %}{% for s in root.subsections %}{% set sec = get_section(path=s, metadata_only=true) %}<li><a href="{{ sec.permalink }}">{{ sec.title }}</a></li>{% endfor %}</ul></nav>
<main>{% block main %}{% endblock %}</main></body></html>
"""
    write(os.path.join(out, "templates", "base.html"), nav)
    for name, var in (("page.html", "page"), ("section.html", "section"), ("index.html", "section")):
        write(os.path.join(out, "templates", name),
              '{% extends "base.html" %}{% block title %}{{ ' + var + '.title }}{% endblock %}'
              '{% block main %}<h1>{{ ' + var + '.title }}</h1>{{ ' + var
              + '.content | safe }}{% endblock %}\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--pages", type=int, required=True, help="pages per language")
    parser.add_argument("--flavour", choices=("tafel", "hugo", "zola"), default="tafel")
    args = parser.parse_args()
    generate(args.out, args.pages, args.flavour)


if __name__ == "__main__":
    main()
