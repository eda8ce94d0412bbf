//! Aliases: old paths that redirect to a page. Each must be a path below its language's root;
//! anything else (a URL, a host, `..`, a query) is reported where it is written.

use super::tree::Page;
use crate::config::Lang;
use crate::content::front_matter;
use crate::diagnostics::{Code, Diagnostic, SourceMap};

/// Turns each page's `aliases` into output folders, reporting those that are not paths below
/// the language root.
pub(super) fn resolve_aliases(
    sources: &SourceMap,
    pages: &mut [Page],
    errors: &mut Vec<Diagnostic>,
) {
    for page in pages.iter_mut() {
        let Some(source) = &page.source else { continue };
        for alias in &page.front.aliases {
            match alias_folder(&page.lang, &alias.value) {
                Ok(folder) => page.alias_paths.push(folder),
                Err(problem) => errors.push(
                    Diagnostic::new(Code::AliasNotAPath, problem.message(&alias.value))
                        .at(front_matter::field_span(
                            sources,
                            source.file,
                            &alias.referenced,
                        ))
                        .with_help(problem.help()),
                ),
            }
        }
    }
}

/// Why an alias is not a path below the language root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum AliasProblem {
    /// Nothing but slashes and `index.html`: the language's start page itself.
    Root,
    /// `https://…` or `mailto:…`: a URL, which would become a folder named `https:`.
    Scheme,
    /// `//host/…`, which browsers read as another host.
    Host,
    /// A `..` segment, which climbs out of the language root.
    Parent,
    /// `\`, which browsers read as `/` but file systems do not.
    Backslash,
    /// `?…` or `#…`: a redirect file answers for a path, never for a query or fragment.
    QueryOrFragment,
    /// A control character.
    Control,
}

impl AliasProblem {
    fn message(self, alias: &str) -> String {
        let alias = crate::diagnostics::quoted(alias);
        match self {
            AliasProblem::Root => format!("alias {alias} is the start page of the language"),
            AliasProblem::Scheme => format!("alias {alias} is a URL, not a path"),
            AliasProblem::Host => format!("alias {alias} names a host"),
            AliasProblem::Parent => format!("alias {alias} leaves the language root"),
            AliasProblem::Backslash => format!("alias {alias} contains a backslash"),
            AliasProblem::QueryOrFragment => {
                format!("alias {alias} has a query or fragment")
            }
            AliasProblem::Control => format!("alias {alias} contains a control character"),
        }
    }

    fn help(self) -> &'static str {
        match self {
            AliasProblem::Root | AliasProblem::Parent => {
                "an alias is an old path below the language root, such as `/old/ports/`"
            }
            AliasProblem::Scheme => {
                "an alias is an old path of this site below the language root, such as \
                 `/old/ports/`; it cannot redirect from another site"
            }
            AliasProblem::Host => {
                "start the path with a single `/`, such as `/old/ports/`; `//` starts a host name"
            }
            AliasProblem::Backslash => "separate the segments with `/`",
            AliasProblem::QueryOrFragment => {
                "remove everything from `?` or `#` on; a redirect answers for a path only"
            }
            AliasProblem::Control => "remove the control character",
        }
    }
}

/// The output folder of an alias: below the language root, normalised, with a trailing slash.
pub(super) fn alias_folder(lang: &Lang, alias: &str) -> Result<String, AliasProblem> {
    if alias.chars().any(char::is_control) {
        return Err(AliasProblem::Control);
    }
    if crate::url::has_scheme(alias) {
        return Err(AliasProblem::Scheme);
    }
    if alias.starts_with("//") {
        return Err(AliasProblem::Host);
    }
    if alias.contains('\\') {
        return Err(AliasProblem::Backslash);
    }
    if alias.contains(['?', '#']) {
        return Err(AliasProblem::QueryOrFragment);
    }
    let alias = alias.strip_suffix("index.html").unwrap_or(alias);
    let mut segments = vec![lang.as_str()];
    for segment in alias.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(AliasProblem::Parent),
            other => segments.push(other),
        }
    }
    if segments.len() == 1 {
        return Err(AliasProblem::Root);
    }
    Ok(format!("{}/", segments.join("/")))
}
