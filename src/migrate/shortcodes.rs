//! The shortcodes the content uses and the theme lacks: a Tera stub each, so the site builds
//! and the writer ports them knowingly.
//!
//! A stub holds the original Go template in a comment, with every use found in the content
//! (file, line, arguments). It renders the shortcode's inner content, so a page loses only the
//! shortcode's own decoration until it is ported; a shortcode that is never used with a body
//! renders nothing. Hugo's built-ins `figure` (pages use it for their images) and `param` (for
//! values of the front matter and the configuration) get working templates instead.

use std::collections::{BTreeMap, BTreeSet};

use super::Site;
use super::content::Page;
use super::report::{Area, Findings};
use super::source::Input;
use crate::shortcode::parser::{self, Delimiter, Node};

/// The shortcodes of tafel's default theme and the built-in `include`, for a migration without
/// `--theme` (a test keeps it equal to `themes/default/shortcodes/`).
pub(super) const DEFAULT_THEME: [&str; 13] = [
    "description",
    "expand",
    "icon",
    "include",
    "notice",
    "ports-diagram",
    "ports-exports",
    "ports-legend",
    "ports-table",
    "ref",
    "relref",
    "tab",
    "tabs",
];

/// Hugo's own shortcodes: a site has no template for them.
const HUGO_BUILT_IN: [&str; 13] = [
    "comment",
    "details",
    "figure",
    "gist",
    "highlight",
    "instagram",
    "param",
    "qr",
    "ref",
    "relref",
    "tweet",
    "vimeo",
    "x",
];

/// Hugo's `figure` in Tera, with the arguments pages use for images.
const FIGURE: &str = r#"{#- Hugo's built-in `figure`, written by `tafel migrate hugo`: src, alt, title, caption,
    link, target, width, height, class. -#}
{%- if params.alt is defined %}{% set alt = params.alt %}{% elif params.caption is defined %}{% set alt = params.caption %}{% else %}{% set alt = "" %}{% endif -%}
<figure{% if params.class is defined %} class="{{ params.class }}"{% endif %}>
{%- if params.link is defined %}<a href="{{ params.link }}"{% if params.target is defined %} target="{{ params.target }}"{% endif %}>{% endif -%}
<img src="{{ params.src }}" alt="{{ alt }}"{% if params.width is defined %} width="{{ params.width }}"{% endif %}{% if params.height is defined %} height="{{ params.height }}"{% endif %}>
{%- if params.link is defined %}</a>{% endif -%}
{%- if params.title is defined or params.caption is defined %}<figcaption>
{%- if params.title is defined %}<strong>{{ params.title }}</strong> {% endif -%}
{%- if params.caption is defined %}{{ params.caption | markdownify }}{% endif -%}
</figcaption>{% endif -%}
</figure>
"#;

/// Hugo's `param` in Tera: the page's parameter of that name, else the site's (in the page's
/// language); a dotted name (`author.name`) reaches into a map. A name neither has is an error
/// at the shortcode, where Hugo would print nothing.
const PARAM: &str = r#"{#- Hugo's built-in `param`, written by `tafel migrate hugo`: {{< param "name" >}} is the page's
    parameter `name`, else the site's; {{< param "author.name" >}} reaches into a map. -#}
{%- set name = args | first -%}
{%- set value = none -%}
{%- for part in name | split(pat=".") -%}
{%- if loop.first -%}
{%- if page.params[part] is defined %}{% set_global value = page.params[part] %}{% elif site.params[part] is defined %}{% set_global value = site.params[part] %}{% endif -%}
{%- elif value is not none and value[part] is defined %}{% set_global value = value[part] %}{% else %}{% set_global value = none %}{% endif -%}
{%- endfor -%}
{%- if value is none %}{{ throw(message="no parameter `" ~ name ~ "` in the page's front matter or the site's `params`") }}{% endif -%}
{{ value -}}
"#;

/// One use of a shortcode in the content.
#[derive(Debug, Clone)]
struct Use {
    place: String,
    positional: usize,
    named: Vec<String>,
    paired: bool,
    delimiter: Delimiter,
}

/// Writes a stub for every shortcode the content uses that `theme` lacks.
pub(super) fn convert(
    input: &Input,
    pages: &[Page],
    theme: &[String],
    site: &mut Site,
    findings: &mut Findings,
) {
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for page in pages {
        let text = input.sources.get(page.file).text();
        let body = &text[page.body_start..];
        let parsed = parser::parse(page.file, body, &|_| false);
        collect(&parsed.nodes, &mut |shortcode| {
            let (line, _) = input
                .sources
                .get(page.file)
                .line_col(page.body_start + shortcode.open_span.start);
            uses.entry(shortcode.name.clone()).or_default().push(Use {
                place: format!("{}:{line}", page.hugo_path),
                positional: shortcode
                    .args
                    .iter()
                    .filter(|arg| arg.name.is_none())
                    .count(),
                named: shortcode
                    .args
                    .iter()
                    .filter_map(|arg| arg.name.clone())
                    .collect(),
                paired: shortcode.body.is_some(),
                delimiter: shortcode.delimiter,
            });
        });
    }
    let site_templates = hugo_templates(input);
    let mut stubs = 0;
    for (name, uses) in &uses {
        if theme.contains(name) {
            if let Some(path) = site_templates.get(name) {
                findings.hand_work(
                    Area::Shortcodes,
                    format!("`{name}` ({} uses) renders with the tafel theme's shortcode of that name, not with the Hugo site's `{path}`; check that its arguments mean the same", uses.len()),
                );
            }
            continue;
        }
        let built_in = match name.as_str() {
            "figure" => Some(FIGURE),
            "param" => Some(PARAM),
            _ => None,
        };
        if let Some(template) = built_in {
            site.text(format!("shortcodes/{name}.html"), template);
            findings.converted(format!(
                "Hugo's built-in `{name}` ({} uses) into `shortcodes/{name}.html`",
                uses.len()
            ));
            continue;
        }
        let template = site_templates.get(name).and_then(|path| {
            let (_, text) = input.text(path)?;
            Some((path.as_str(), text))
        });
        site.text(
            format!("shortcodes/{name}.html"),
            stub(name, uses, template),
        );
        stubs += 1;
        let origin = match template {
            Some((path, _)) => format!("from `{path}`"),
            None if HUGO_BUILT_IN.contains(&name.as_str()) => "a Hugo built-in".to_owned(),
            None => "no template found in the Hugo site".to_owned(),
        };
        let renders = if uses.iter().any(|one| one.paired) {
            "renders its inner content only"
        } else {
            "renders nothing"
        };
        findings.hand_work(
            Area::Shortcodes,
            format!(
                "port `shortcodes/{name}.html` ({origin}; {} use{}, first at `{}`); until then it {renders}",
                uses.len(),
                if uses.len() == 1 { "" } else { "s" },
                uses[0].place
            ),
        );
    }
    if stubs > 0 {
        findings.converted(format!("{stubs} shortcode stubs written to `shortcodes/`"));
    }
    let used: BTreeSet<&String> = uses.keys().collect();
    for (name, path) in &site_templates {
        if !used.contains(name) {
            findings.hand_work(
                Area::Shortcodes,
                format!("`{path}` is not used by any page and was not converted"),
            );
        }
    }
}

/// Calls `found` for every shortcode in `nodes`, nested ones included.
fn collect(nodes: &[Node], found: &mut dyn FnMut(&parser::Shortcode)) {
    for node in nodes {
        if let Node::Shortcode(shortcode) = node {
            found(shortcode);
            if let Some(body) = &shortcode.body {
                collect(body, found);
            }
        }
    }
}

/// The Go templates of shortcodes in the Hugo site and its theme, by name; the site's win.
fn hugo_templates(input: &Input) -> BTreeMap<String, String> {
    let mut templates = BTreeMap::new();
    for path in input.files.keys() {
        let in_site =
            path.starts_with("layouts/shortcodes/") || path.starts_with("layouts/_shortcodes/");
        let in_theme = path.starts_with("themes/")
            && (path.contains("/layouts/shortcodes/") || path.contains("/layouts/_shortcodes/"));
        if !(in_site || in_theme) {
            continue;
        }
        let file = path.rsplit('/').next().unwrap_or(path);
        let Some(name) = file.strip_suffix(".html") else {
            continue;
        };
        // Output-format variants (`name.amp.html`) are not the main template.
        if name.contains('.') {
            continue;
        }
        if in_site || !templates.contains_key(name) {
            templates.insert(name.to_owned(), path.clone());
        }
    }
    templates
}

/// The text of a stub.
fn stub(name: &str, uses: &[Use], template: Option<(&str, &str)>) -> String {
    let mut out = format!(
        "{{#- Stub for the Hugo shortcode `{name}`, written by `tafel migrate hugo`.\n    Port the Go template below to Tera (see the README, \"Shortcodes\"), then remove this comment.\n\n    Uses in the content:\n"
    );
    for one in uses {
        let (open, close) = match one.delimiter {
            Delimiter::Html => ("{{<", ">}}"),
            Delimiter::Markdown => ("{{%", "%}}"),
        };
        let named = if one.named.is_empty() {
            String::new()
        } else {
            format!(", named: {}", one.named.join(", "))
        };
        out.push_str(&format!(
            "      {}  {open} {name} {close} with {} positional{named}{}\n",
            one.place,
            one.positional,
            if one.paired {
                ", with inner content"
            } else {
                ""
            }
        ));
    }
    match template {
        Some((path, text)) => {
            out.push_str(&format!("\n    Original Go template ({path}):\n\n"));
            for line in text.lines() {
                out.push_str("    ");
                out.push_str(&line.replace("#}", "# }"));
                out.push('\n');
            }
        }
        None => out.push_str("\n    The Hugo site has no template for it (a Hugo built-in, or from a theme module).\n"),
    }
    out.push_str("-#}\n");
    if uses.iter().any(|one| one.paired) {
        out.push_str(
            "{% if markdown %}{{ inner }}{% elif inner %}{{ inner | markdownify }}{% endif %}\n",
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_list_matches_the_theme() {
        let folder =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/shortcodes");
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| {
                let name = entry.unwrap().file_name().to_string_lossy().into_owned();
                name.trim_end_matches(".html").to_owned()
            })
            .chain(["include".to_owned()])
            .collect();
        names.sort();
        let mut listed: Vec<&str> = DEFAULT_THEME.to_vec();
        listed.sort_unstable();
        assert_eq!(names, listed);
    }

    #[test]
    fn a_stub_keeps_the_go_template_in_a_comment_that_cannot_end_early() {
        let uses = [Use {
            place: "content/a.md:3".to_owned(),
            positional: 1,
            named: vec!["kind".to_owned()],
            paired: true,
            delimiter: Delimiter::Markdown,
        }];
        let go = "<div class=\"{{ .Get \"kind\" }}\">{{ .Inner | markdownify }}</div>{{/* #} */}}";
        let text = stub("box", &uses, Some(("layouts/shortcodes/box.html", go)));
        let comment_end = text.find("-#}").unwrap();
        assert!(!text[..comment_end].contains("#}"), "{text}");
        assert!(
            text[..comment_end].contains(
                "content/a.md:3  {{% box %}} with 1 positional, named: kind, with inner content"
            ),
            "{text}"
        );
        assert!(text.ends_with(
            "{% if markdown %}{{ inner }}{% elif inner %}{{ inner | markdownify }}{% endif %}\n"
        ));
        let bodiless = stub(
            "yt",
            &[Use {
                paired: false,
                ..uses[0].clone()
            }],
            None,
        );
        assert!(bodiless.ends_with("-#}\n"), "{bodiless}");
    }
}
