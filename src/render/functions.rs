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
//!
//! Functions read the current language (`lang`), the way to the site root (`root`), the current
//! page (`page`) and the unit being rendered (`unit`) from the template context, and record what
//! they used in [`Usage`].

use std::collections::BTreeMap;
use std::sync::Arc;

use fluent_bundle::{FluentArgs, FluentValue};
use tera::{Kwargs, State, TeraResult, Value};

use crate::config::Lang;
use crate::data::ports::{Direction, PortList};
use crate::i18n::Lookup;
use crate::render::ports;
use crate::render::usage::Usage;
use crate::site::Site;
use crate::url;

/// Registers every function on the engine.
pub fn register(tera: &mut tera::Tera, site: &Arc<Site>, usage: &Arc<Usage>) {
    let data: Arc<BTreeMap<String, Value>> = Arc::new(
        site.data
            .iter()
            .map(|(name, file)| (name.to_owned(), Value::from_serializable(&file.value)))
            .collect(),
    );

    let (site_for_t, usage_for_t) = (Arc::clone(site), Arc::clone(usage));
    tera.register_function("t", move |kwargs: Kwargs, state: &State| {
        translate(&site_for_t, &usage_for_t, &kwargs, state)
    });

    let usage_for_data = Arc::clone(usage);
    tera.register_function("load_data", move |kwargs: Kwargs, state: &State| {
        let name: String = kwargs.must_get("name")?;
        let value = data.get(&name).cloned().ok_or_else(|| {
            let known: Vec<&str> = data.keys().map(String::as_str).collect();
            tera::Error::message(format!(
                "no data file `{name}` (looked for `data/{name}.yaml`; data files: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ))
        })?;
        usage_for_data.record(unit(state), |deps| {
            deps.data.insert(name);
        });
        Ok::<Value, tera::Error>(value)
    });

    let site_for_icon = Arc::clone(site);
    tera.register_function("icon", move |kwargs: Kwargs, _: &State| {
        let name: String = kwargs.must_get("name")?;
        let label: Option<String> = kwargs.get("label")?;
        let svg = site_for_icon
            .icons
            .render(&name, label.as_deref())
            .ok_or_else(|| {
                tera::Error::message(format!(
                    "no icon `{name}` (looked in `icons/` of the site and the theme)"
                ))
            })?;
        Ok::<Value, tera::Error>(Value::safe_string(&svg))
    });

    let (site_for_url, usage_for_url) = (Arc::clone(site), Arc::clone(usage));
    tera.register_function("page_url", move |kwargs: Kwargs, state: &State| {
        page_url(&site_for_url, &usage_for_url, &kwargs, state)
    });

    let (site_for_table, usage_for_table) = (Arc::clone(site), Arc::clone(usage));
    tera.register_function("ports_table", move |kwargs: Kwargs, state: &State| {
        let (list, lang) = ports_context(&site_for_table, &usage_for_table, state)?;
        let deployment: String = kwargs.must_get("deployment")?;
        let direction: Option<String> = kwargs.get("direction")?;
        let table = table_ref(list, &deployment, direction.as_deref())?;
        let page_tables = page_tables(list, state);
        let record = |id: &str| record_message(&usage_for_table, state, id);
        let localizer = ports::Localizer {
            catalog: &site_for_table.catalog,
            lang: &lang,
            used: &record,
        };
        Ok::<Value, tera::Error>(Value::from_serializable(&ports::table(
            list,
            table,
            &page_tables,
            &localizer,
        )))
    });

    let (site_for_diagram, usage_for_diagram) = (Arc::clone(site), Arc::clone(usage));
    tera.register_function("ports_diagram", move |kwargs: Kwargs, state: &State| {
        let (list, lang) = ports_context(&site_for_diagram, &usage_for_diagram, state)?;
        let deployment: String = kwargs.must_get("deployment")?;
        let direction: Option<String> = kwargs.get("direction")?;
        let id: String = kwargs.must_get("id")?;
        let table = table_ref(list, &deployment, direction.as_deref())?;
        let record = |id: &str| record_message(&usage_for_diagram, state, id);
        let localizer = ports::Localizer {
            catalog: &site_for_diagram.catalog,
            lang: &lang,
            used: &record,
        };
        let drawn = ports::diagram(list, table, &localizer, &site_for_diagram.icons, &id);
        Ok::<Value, tera::Error>(Value::safe_string(&drawn.svg))
    });

    let (site_for_date, usage_for_date) = (Arc::clone(site), Arc::clone(usage));
    tera.register_function("format_date", move |kwargs: Kwargs, state: &State| {
        format_date(&site_for_date, &usage_for_date, &kwargs, state)
    });

    let (site_for_legend, usage_for_legend) = (Arc::clone(site), Arc::clone(usage));
    tera.register_function("ports_legend", move |kwargs: Kwargs, state: &State| {
        let (list, lang) = ports_context(&site_for_legend, &usage_for_legend, state)?;
        let page_tables = page_tables(list, state);
        let tables: Vec<ports::TableRef> = match kwargs.get::<String>("deployment")? {
            Some(deployment) => {
                let deployment = table_ref(list, &deployment, None)?.deployment;
                page_tables
                    .iter()
                    .copied()
                    .filter(|table| table.deployment == deployment)
                    .collect()
            }
            None => page_tables.clone(),
        };
        let record = |id: &str| record_message(&usage_for_legend, state, id);
        let localizer = ports::Localizer {
            catalog: &site_for_legend.catalog,
            lang: &lang,
            used: &record,
        };
        Ok::<Value, tera::Error>(Value::from_serializable(&ports::legend(
            list,
            &tables,
            &page_tables,
            &localizer,
        )))
    });
}

/// The messages `format_date` looks up, for the unused-message report.
pub fn date_messages() -> impl Iterator<Item = String> {
    std::iter::once("date-long".to_owned()).chain((1..=12).map(|month| format!("month-{month}")))
}

/// Formats `YYYY-MM-DD` with the language's own `date-long` pattern and month names. Day and year
/// are passed as text: a year is not a quantity and must not get digit grouping.
fn format_date(site: &Site, usage: &Usage, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let date: String = kwargs.must_get("date")?;
    let lang = current_lang(site, state)?;
    let (year, month, day) = crate::i18n::format::date_parts(&date).ok_or_else(|| {
        tera::Error::message(format!(
            "`{date}` is not a calendar date in the form YYYY-MM-DD"
        ))
    })?;
    let lookup = |id: &str, args: Option<&FluentArgs>| -> TeraResult<String> {
        record_message(usage, state, id);
        match site.catalog.format(&lang, id, args) {
            Ok(Lookup::Found(text) | Lookup::FellBack(text)) => Ok(text.into_owned()),
            Ok(Lookup::Missing) => Err(tera::Error::message(format!(
                "no message `{id}` for formatting dates in `i18n/{lang}/`"
            ))),
            Err(problems) => Err(tera::Error::message(problems.join("; "))),
        }
    };
    let month_name = lookup(&format!("month-{month}"), None)?;
    let mut args = FluentArgs::new();
    args.set("day", day.to_string());
    args.set("month", month_name);
    args.set("year", year.to_string());
    lookup("date-long", Some(&args))
}

fn record_message(usage: &Usage, state: &State, id: &str) {
    usage.record(unit(state), |deps| {
        deps.messages.insert(id.to_owned());
    });
}

/// The port list and the page's language; records that the unit used the port list.
fn ports_context<'a>(
    site: &'a Site,
    usage: &Usage,
    state: &State,
) -> TeraResult<(&'a PortList, Lang)> {
    let list = site
        .data
        .ports()
        .ok_or_else(|| tera::Error::message("this site has no port list; add `data/ports.yaml`"))?;
    usage.record(unit(state), |deps| {
        deps.data.insert(crate::data::PORTS.to_owned());
    });
    Ok((list, current_lang(site, state)?))
}

fn table_ref(
    list: &PortList,
    deployment: &str,
    direction: Option<&str>,
) -> TeraResult<ports::TableRef> {
    let index = list.deployment(deployment).ok_or_else(|| {
        let known: Vec<&str> = list.deployments.iter().map(|d| d.id.as_str()).collect();
        tera::Error::message(format!(
            "unknown deployment {} (data/ports.yaml declares: {})",
            crate::diagnostics::quoted(deployment),
            known.join(", ")
        ))
    })?;
    let direction = match direction {
        None => None,
        Some("outbound") => Some(Direction::Outbound),
        Some("inbound") => Some(Direction::Inbound),
        Some(other) => {
            return Err(tera::Error::message(format!(
                "direction {} is neither `outbound` nor `inbound`",
                crate::diagnostics::quoted(other)
            )));
        }
    };
    Ok(ports::TableRef {
        deployment: index,
        direction,
    })
}

/// The port tables on the current page, from the page's shortcode list. Tables with invalid
/// arguments are left out here; they report their own error when they render.
fn page_tables(list: &PortList, state: &State) -> Vec<ports::TableRef> {
    let Ok(Some(shortcodes)) = state.get::<Value>("page_shortcodes") else {
        return Vec::new();
    };
    let Some(shortcodes) = shortcodes.as_array() else {
        return Vec::new();
    };
    shortcodes
        .iter()
        .filter(|shortcode| {
            shortcode.get_from_path("name").and_then(Value::as_str) == Some("ports-table")
        })
        .filter_map(|shortcode| {
            let param = |name: &str| {
                shortcode
                    .get_from_path("params")
                    .and_then(|params| params.get_from_path(name))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            table_ref(list, &param("deployment")?, param("direction").as_deref()).ok()
        })
        .collect()
}

/// The unit being rendered, from the context.
fn unit(state: &State) -> usize {
    state
        .get::<u64>("unit")
        .ok()
        .flatten()
        .map_or(usize::MAX, |unit| unit as usize)
}

fn current_lang(site: &Site, state: &State) -> TeraResult<Lang> {
    let code: String = state
        .get("lang")?
        .ok_or_else(|| tera::Error::message("`lang` is not set in this template's context"))?;
    site.config
        .language(&code)
        .map(|language| language.lang.clone())
        .ok_or_else(|| tera::Error::message(format!("`{code}` is not a configured language")))
}

fn translate(site: &Site, usage: &Usage, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let key: String = kwargs.must_get("key")?;
    let lang = current_lang(site, state)?;
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
    usage.record(unit(state), |deps| {
        deps.messages.insert(key.clone());
    });
    let args = args.iter().next().is_some().then_some(&args);
    match site.catalog.format(&lang, &key, args) {
        Ok(Lookup::Found(text) | Lookup::FellBack(text)) => Ok(text.into_owned()),
        Ok(Lookup::Missing) => Err(tera::Error::message(format!(
            "no message `{key}` in `i18n/{lang}/` nor in the default language `{}`",
            site.catalog.default_lang()
        ))),
        Err(problems) => Err(tera::Error::message(format!(
            "message `{key}` in `{lang}`: {}",
            problems.join("; ")
        ))),
    }
}

fn page_url(site: &Site, usage: &Usage, kwargs: &Kwargs, state: &State) -> TeraResult<String> {
    let path: String = kwargs.must_get("path")?;
    let lang = match kwargs.get::<String>("lang")? {
        Some(code) => site
            .config
            .language(&code)
            .map(|language| language.lang.clone())
            .ok_or_else(|| {
                tera::Error::message(format!("`{code}` is not a configured language"))
            })?,
        None => current_lang(site, state)?,
    };
    // Relative references start from the folder of the referring file: a section's own folder,
    // or the folder a page sits in.
    let current = state.get::<Value>("page")?;
    let field = |name: &str| {
        current
            .as_ref()
            .and_then(|page| {
                page.get_from_path(name)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_default()
    };
    let current_key = field("key");
    let base_dir = match field("kind").as_str() {
        "page" => current_key
            .rsplit_once('/')
            .map_or("", |(dir, _)| dir)
            .to_owned(),
        _ => current_key,
    };
    let target = crate::content::reference::parse(&path, &base_dir, &site.config);
    let lang = target.lang.unwrap_or(lang);
    let id = site.tree.find(&lang, &target.key).ok_or_else(|| {
        tera::Error::message(format!(
            "no page `{}` in language `{lang}` (from `{path}`)",
            if target.key.is_empty() {
                "(home)"
            } else {
                &target.key
            }
        ))
    })?;
    usage.record(unit(state), |deps| {
        deps.pages.insert(target.key.clone());
    });
    let absolute = kwargs.get::<bool>("absolute")?.unwrap_or(false);
    let target_path = &site.tree.page(id).path;
    let mut href = if absolute {
        url::absolute(&site.config.base_url, target_path)
    } else {
        let root: String = state.get("root")?.unwrap_or_default();
        format!("{root}{}", url::encode_path(target_path))
    };
    if let Some(anchor) = target.anchor {
        href.push('#');
        href.push_str(&anchor);
    }
    Ok(href)
}
