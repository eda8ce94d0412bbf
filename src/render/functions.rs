//! Functions templates and shortcodes can call.
//!
//! | call | returns |
//! |---|---|
//! | `t(key="nav-home", count=3)` | the Fluent message in the page's language; extra arguments are Fluent variables |
//! | `load_data(name="ports")` | the data file `data/ports.yaml` |
//! | `icon(name="server", label="Server")` | inline SVG; without `label` it is hidden from screen readers |
//! | `page_url(path="server/ports", lang="en", absolute=false)` | link to a page by content path; relative to the current page unless `absolute` |
//! | `ports_table(deployment="cloud", direction="outbound")` | the rows of a port table, localized |
//! | `ports_legend(deployment="cloud")` | devices and notes of the page's port tables (of one deployment) |
//! | `ports_diagram(deployment="cloud", id="d1")` | the connections of a table as inline SVG; `id` prefixes the SVG's ids |
//! | `format_date(date="2026-11-26")` | the date in the page's language, by the messages `date-long` and `month-1` … `month-12` |
//! | `nav_tree()` | the navigation of the page's language as HTML: the page marked, the sections on the way to it open, long lists shortened around it |
//! | `nav_window(items=item.children, current=page.key, ancestors=page.ancestors)` | for a theme's own navigation from the `nav` value: the part of a list a page shows, `items`, and how many are left out `before` and `after` |
//! | `text \| markdownify` (a filter) | the Markdown `text` as HTML; one paragraph comes without its `<p>` |
//! | `warn(message="…")` | nothing; the build reports the message as a warning at the shortcode (or page) being rendered |
//!
//! Functions find the unit being rendered by its number (`unit` in the template context) and
//! read its typed [`Scope`] from the render call's [`Session`]: language, way to the site root,
//! page, the page's port tables. What they use is recorded in the unit's usage record, and when
//! one fails, the code of its problem (as with the engine's `throw`, which is replaced here to
//! record one too).

use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use tera::{Kwargs, State, TeraResult, Value};

use super::scope::{Scope, Session};
use crate::config::Lang;
use crate::data::ports::PortList;
use crate::diagnostics::Code;
use crate::i18n::Lookup;
use crate::render::ports::{self, TableRef};
use crate::url;

/// A function as the engine stores it, before it is bound to a session.
type Function = fn(&Session, &Kwargs, &State) -> TeraResult<Value>;

/// Every function, by the name [`crate::theme::functions::NAMES`] declares.
const FUNCTIONS: [(&str, Function); 11] = [
    ("t", translate),
    ("load_data", load_data),
    ("icon", icon),
    ("page_url", page_url),
    ("ports_table", ports_table),
    ("ports_legend", ports_legend),
    ("format_date", format_date),
    ("ports_diagram", ports_diagram),
    ("nav_window", nav_window),
    ("nav_tree", nav_tree),
    ("warn", warn),
];

/// Binds every function to `session`, replacing the theme's placeholders.
pub(crate) fn register(tera: &mut tera::Tera, session: &Arc<Session>) {
    for (name, function) in FUNCTIONS {
        let session = Arc::clone(session);
        tera.register_function(name, move |kwargs: Kwargs, state: &State| {
            function(&session, &kwargs, state)
        });
    }
    tera.register_filter("markdownify", |text: &str, _: Kwargs, _: &State| {
        Value::safe_string(&crate::markdown::markdownify(text))
    });
    let session = Arc::clone(session);
    tera.register_function("throw", move |kwargs: Kwargs, state: &State| {
        let message: String = kwargs.must_get("message")?;
        Err::<Value, _>(failure(&session, state, Code::TemplateThrow, message))
    });
}

/// The messages the function `name` looks up by itself, for the unused-message report.
pub(crate) fn messages_of(name: &str) -> Vec<String> {
    match name {
        "format_date" => std::iter::once("date-long".to_owned())
            .chain((1..=12).map(|month| format!("month-{month}")))
            .collect(),
        "nav_tree" => vec!["nav-more".to_owned()],
        _ => Vec::new(),
    }
}

/// `nav_window(items, current, ancestors)`: a list of up to [`NAV_INLINE`] navigation items
/// whole; of a longer one the [`NAV_WINDOW`] items either side of the one that is `current` or
/// among its `ancestors` (or the first ones, when none is), with how many are left out before
/// and after. The whole list is the section's shared file (`NavItem::list`).
fn nav_window(_: &Session, kwargs: &Kwargs, _: &State) -> TeraResult<Value> {
    let items: &[Value] = kwargs.must_get("items")?;
    let current: &str = kwargs.get("current")?.unwrap_or_default();
    let ancestors: Option<&[Value]> = kwargs.get("ancestors")?;
    let key = tera::value::Key::from("key");
    let on_path = |item: &Value| {
        let Some(key) = item
            .as_map()
            .and_then(|map| map.get(&key))
            .and_then(Value::as_str)
        else {
            return false;
        };
        key == current
            || ancestors.is_some_and(|ancestors| ancestors.iter().any(|a| a.as_str() == Some(key)))
    };
    let (start, end) = super::nav::window(items.len(), items.iter().position(on_path));
    let mut window = tera::value::Map::new();
    window.insert("items".into(), Value::from(items[start..end].to_vec()));
    window.insert("before".into(), Value::from(start));
    window.insert("after".into(), Value::from(items.len() - end));
    Ok(Value::from(window))
}

/// `nav_tree()`: the navigation of the unit's language as HTML, with the unit's page marked
/// and the sections on the way to it open ([`super::nav`]).
fn nav_tree(session: &Session, _: &Kwargs, state: &State) -> TeraResult<Value> {
    let (unit, scope) = scope(session, state)?;
    let tree = &session.site.tree;
    let ancestors = scope.page.map(|id| tree.ancestors(id)).unwrap_or_default();
    let more = |count: usize| {
        record_message(session, unit, "nav-more");
        let mut args = FluentArgs::new();
        args.set("count", FluentValue::from(count));
        format_message(session, state, &scope.lang, "nav-more", Some(&args))
            .map(|text| text.as_str().unwrap_or_default().to_owned())
    };
    let nav = super::nav::Nav {
        tree,
        root: &scope.root,
        current: scope.page,
        ancestors: &ancestors,
        more: &more,
    };
    Ok(Value::safe_string(&nav.html(&scope.lang)?))
}

/// `warn(message)`: nothing in the output; the renderer reports the message as a warning at the
/// shortcode or page being rendered.
fn warn(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let message: String = kwargs.must_get("message")?;
    if let Some(unit) = unit_of(state) {
        session.warn(unit, message);
    }
    Ok(Value::from(""))
}

/// The number of the unit being rendered, if the context has one.
fn unit_of(state: &State) -> Option<usize> {
    state
        .get::<u64>("unit")
        .ok()
        .flatten()
        .and_then(|unit| usize::try_from(unit).ok())
}

/// The unit being rendered and its scope.
fn scope<'s>(session: &'s Session, state: &State) -> TeraResult<(usize, &'s Scope)> {
    let unit = state
        .get::<u64>("unit")?
        .and_then(|unit| usize::try_from(unit).ok());
    unit.and_then(|unit| Some((unit, session.scope(unit)?)))
        .ok_or_else(|| tera::Error::message("this function is only available while a unit renders"))
}

/// The error of a function that failed with a problem of kind `code`, which the session keeps
/// for the unit's report.
fn failure(session: &Session, state: &State, code: Code, message: String) -> tera::Error {
    if let Some(unit) = unit_of(state) {
        session.fail(unit, code);
    }
    tera::Error::message(message)
}

fn record_message(session: &Session, unit: usize, id: &str) {
    session.record(unit, |deps| {
        deps.messages.insert(id.to_owned());
    });
}

fn translate(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let key: String = kwargs.must_get("key")?;
    let (unit, scope) = scope(session, state)?;
    let mut args = FluentArgs::new();
    for (name, value) in kwargs.iter() {
        let Some(name) = name.as_str() else { continue };
        if name == "key" {
            continue;
        }
        let fluent_value = match value.as_number() {
            Some(_) => value
                .as_f64()
                .map(FluentValue::from)
                .unwrap_or_else(|| FluentValue::from(value.to_string())),
            None => FluentValue::from(
                value
                    .as_str()
                    .map_or_else(|| value.to_string(), str::to_owned),
            ),
        };
        args.set(name.to_owned(), fluent_value);
    }
    record_message(session, unit, &key);
    let lang = &scope.lang;
    if args.iter().next().is_none() {
        return session.message(lang, &key, || {
            format_message(session, state, lang, &key, None)
        });
    }
    format_message(session, state, lang, &key, Some(&args))
}

/// The message `key` in `lang` with `args`, as a template value.
fn format_message(
    session: &Session,
    state: &State,
    lang: &Lang,
    key: &str,
    args: Option<&FluentArgs>,
) -> TeraResult<Value> {
    let catalog = &session.site.catalog;
    match catalog.format(lang, key, args) {
        Ok(Lookup::Found(text) | Lookup::FellBack(text)) => Ok(Value::from(text.into_owned())),
        Ok(Lookup::Missing) => Err(failure(
            session,
            state,
            Code::MissingMessage,
            format!(
                "no message `{key}` in `i18n/{lang}/` nor in the default language `{}`",
                catalog.default_lang()
            ),
        )),
        Err(problems) => Err(failure(
            session,
            state,
            Code::MessageFormat,
            format!("message `{key}` in `{lang}`: {}", problems.join("; ")),
        )),
    }
}

fn load_data(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let name: String = kwargs.must_get("name")?;
    let value = session.data.get(&name).cloned().ok_or_else(|| {
        let known: Vec<&str> = session.data.keys().map(String::as_str).collect();
        failure(
            session,
            state,
            Code::UnknownDataFile,
            format!(
                "no data file `{name}` (looked for `data/{name}.yaml`; data files: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
        )
    })?;
    let (unit, _) = scope(session, state)?;
    session.record(unit, |deps| {
        deps.data.insert(name);
    });
    Ok(value)
}

fn icon(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let name: String = kwargs.must_get("name")?;
    let label: Option<String> = kwargs.get("label")?;
    let svg = session
        .icons
        .render(&name, label.as_deref())
        .ok_or_else(|| {
            failure(
                session,
                state,
                Code::UnknownIcon,
                format!("no icon `{name}` (looked in `icons/` of the site and the theme)"),
            )
        })?;
    if let Some(unit) = unit_of(state) {
        session.show_icon(unit, &name);
    }
    Ok(Value::safe_string(&svg))
}

fn page_url(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let site = &session.site;
    let (unit, scope) = scope(session, state)?;
    let path: String = kwargs.must_get("path")?;
    let lang = match kwargs.get::<String>("lang")? {
        Some(code) => site
            .config
            .language(&code)
            .map(|language| language.lang.clone())
            .ok_or_else(|| {
                failure(
                    session,
                    state,
                    Code::UnknownLinkLanguage,
                    format!("`{code}` is not a configured language"),
                )
            })?,
        None => scope.lang.clone(),
    };
    // Relative references start from the folder of the referring file: a section's own folder,
    // or the folder a page sits in.
    let base_dir = match scope.page.map(|id| site.tree.page(id)) {
        Some(page) if page.kind == crate::content::PageKind::Page => page
            .key
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_owned(),
        Some(page) => page.key.clone(),
        None => String::new(),
    };
    let mut target = crate::content::reference::parse(&path, &base_dir, &site.config);
    // `#anchor` alone is a place on the current page (in the language asked for).
    if path.starts_with('#')
        && let Some(page) = scope.page.map(|id| site.tree.page(id))
    {
        target.key = page.key.clone();
    }
    let lang = target.lang.unwrap_or(lang);
    let id = site.tree.find(&lang, &target.key).ok_or_else(|| {
        failure(
            session,
            state,
            Code::UnknownPageRef,
            format!(
                "no page `{}` in language `{lang}` (from `{path}`)",
                if target.key.is_empty() {
                    "(home)"
                } else {
                    &target.key
                }
            ),
        )
    })?;
    session.record(unit, |deps| {
        deps.pages.insert(target.key.clone());
    });
    let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
    let target_path = &site.tree.page(id).path;
    let mut href = if absolute {
        url::absolute(&site.config.base_url, target_path)
    } else {
        format!("{}{}", scope.root, url::encode_path(target_path))
    };
    if let Some(anchor) = target.anchor {
        href.push('#');
        href.push_str(&anchor);
    }
    Ok(Value::from(href))
}

/// The port list, the unit and its scope; records that the unit used the port list.
fn ports_scope<'s>(
    session: &'s Session,
    state: &State,
) -> TeraResult<(&'s PortList, usize, &'s Scope)> {
    let list = session.site.data.ports().ok_or_else(|| {
        failure(
            session,
            state,
            Code::NoPortList,
            "this site has no port list; add `data/ports.yaml`".to_owned(),
        )
    })?;
    let (unit, scope) = scope(session, state)?;
    session.record(unit, |deps| {
        deps.data.insert(crate::data::PORTS.to_owned());
    });
    Ok((list, unit, scope))
}

/// The table a shortcode's `deployment` and `direction` arguments name.
fn table_of(
    session: &Session,
    state: &State,
    list: &PortList,
    kwargs: &Kwargs,
) -> TeraResult<TableRef> {
    let deployment: String = kwargs.must_get("deployment")?;
    let direction: Option<String> = kwargs.get("direction")?;
    TableRef::parse(list, &deployment, direction.as_deref())
        .map_err(|error| failure(session, state, error.code(), error.to_string()))
}

fn ports_table(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let (list, unit, scope) = ports_scope(session, state)?;
    let table = table_of(session, state, list, kwargs)?;
    let record = |id: &str| record_message(session, unit, id);
    let localizer = ports::Localizer {
        catalog: &session.site.catalog,
        lang: &scope.lang,
        used: &record,
    };
    Ok(Value::from_serializable(&ports::table(
        list,
        table,
        &scope.tables,
        &localizer,
    )))
}

fn ports_diagram(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let (list, unit, scope) = ports_scope(session, state)?;
    let table = table_of(session, state, list, kwargs)?;
    let id: String = kwargs.must_get("id")?;
    let record = |id: &str| record_message(session, unit, id);
    let localizer = ports::Localizer {
        catalog: &session.site.catalog,
        lang: &scope.lang,
        used: &record,
    };
    let drawn = ports::diagram(list, table, &localizer, &session.icons, &id);
    Ok(Value::safe_string(&drawn.svg))
}

fn ports_legend(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let (list, unit, scope) = ports_scope(session, state)?;
    let tables: Vec<TableRef> = match kwargs.get::<String>("deployment")? {
        Some(deployment) => {
            let deployment = TableRef::parse(list, &deployment, None)
                .map_err(|error| failure(session, state, error.code(), error.to_string()))?
                .deployment;
            scope
                .tables
                .iter()
                .copied()
                .filter(|table| table.deployment == deployment)
                .collect()
        }
        None => scope.tables.clone(),
    };
    let record = |id: &str| record_message(session, unit, id);
    let localizer = ports::Localizer {
        catalog: &session.site.catalog,
        lang: &scope.lang,
        used: &record,
    };
    Ok(Value::from_serializable(&ports::legend(
        list,
        &tables,
        &scope.tables,
        &localizer,
    )))
}

/// Formats `YYYY-MM-DD` with the language's own `date-long` pattern and month names. Day and year
/// are passed as text: a year is not a quantity and must not get digit grouping.
fn format_date(session: &Session, kwargs: &Kwargs, state: &State) -> TeraResult<Value> {
    let date: String = kwargs.must_get("date")?;
    let (unit, scope) = scope(session, state)?;
    let lang = &scope.lang;
    let (year, month, day) = crate::i18n::format::date_parts(&date).ok_or_else(|| {
        failure(
            session,
            state,
            Code::InvalidDate,
            format!("`{date}` is not a date in the form YYYY-MM-DD"),
        )
    })?;
    let lookup = |id: &str, args: Option<&FluentArgs>| -> TeraResult<String> {
        record_message(session, unit, id);
        match session.site.catalog.format(lang, id, args) {
            Ok(Lookup::Found(text) | Lookup::FellBack(text)) => Ok(text.into_owned()),
            Ok(Lookup::Missing) => Err(failure(
                session,
                state,
                Code::MissingMessage,
                format!("no message `{id}` for formatting dates in `i18n/{lang}/`"),
            )),
            Err(problems) => Err(failure(
                session,
                state,
                Code::MessageFormat,
                problems.join("; "),
            )),
        }
    };
    let month_name = lookup(&format!("month-{month}"), None)?;
    let mut args = FluentArgs::new();
    args.set("day", day.to_string());
    args.set("month", month_name);
    args.set("year", year.to_string());
    lookup("date-long", Some(&args)).map(Value::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_function_is_implemented() {
        let implemented: Vec<&str> = FUNCTIONS.iter().map(|(name, _)| *name).collect();
        assert_eq!(implemented, crate::theme::functions::NAMES);
    }
}
