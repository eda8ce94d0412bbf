//! The names of the functions templates may call.
//!
//! The engine checks function names when templates are added, before the site whose data the
//! functions serve exists; so the theme declares the names with placeholders, and rendering
//! replaces them with the real functions (`render::functions::register`).

use tera::{Kwargs, State, Value};

/// Names of the functions tafel adds to the engine.
pub(crate) const NAMES: [&str; 11] = [
    "t",
    "load_data",
    "icon",
    "page_url",
    "ports_table",
    "ports_legend",
    "format_date",
    "ports_diagram",
    "nav_window",
    "nav_tree",
    "warn",
];

/// Names of the filters tafel adds to the engine.
pub(crate) const FILTERS: [&str; 1] = ["markdownify"];

/// Registers a placeholder for every function and filter, so that templates calling them load.
pub(crate) fn declare(tera: &mut tera::Tera) {
    for name in FILTERS {
        tera.register_filter(name, move |_: &Value, _: Kwargs, _: &State| {
            Err::<Value, tera::Error>(tera::Error::message(format!(
                "`{name}` is only available while the site renders"
            )))
        });
    }
    for name in NAMES {
        tera.register_function(name, move |_: Kwargs, _: &State| {
            Err::<Value, tera::Error>(tera::Error::message(format!(
                "`{name}` is only available while the site renders"
            )))
        });
    }
}
