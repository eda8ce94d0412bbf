//! End-to-end tests: they run the real `tafel` binary on sites in temporary folders.
//!
//! Modules, one concern each:
//! - `example_site`: the repository's own site (the port overview in German and English).
//! - `bench`: the benchmark's generated site builds strictly and is the same every time.
//! - `browser`: headless Chromium: diagram screenshots, real text measurements, working tabs.
//! - `build`: determinism, atomic output, exit codes.
//! - `check`: broken links and anchors, the same findings as `build`, JSON and SARIF.
//! - `content`: language pairing, ordering, sections, drafts, aliases, bundles, menus, site
//!   params, and the options Hugo sites rely on (smart punctuation, lowercase URLs, git dates).
//! - `shortcodes`: the shipped shortcodes as rendered HTML.
//! - `errors`: broken inputs report file:line:col and leave the output alone.
//! - `firewall`: the firewall exports through nft, iptables-restore and a network namespace.
//! - `i18n`: fallbacks, the translator's report, outdated translations, locale formats.
//! - `links`: links and images as Hugo sites write them, and what check reports about them.
//! - `markup`: every page through the Nu HTML Checker.
//! - `migrate`: Hugo sites through `tafel migrate hugo`, built strictly and compared with Hugo.
//! - `output`: what `--out` may replace; killed, concurrent and linked builds.
//! - `pipeline`: the library API: what each rendered unit depended on.
//! - `ports`: the port list from data to pages and exports, hostile values included.
//! - `serve`: the real server on a free port with real file watching: edits served, overlay,
//!   traversal refused, live reload events.
//! - `reader`: the reader's side in Chromium through Playwright: tabs, search, print, axe-core.
//! - `robustness`: random and mangled pages end in a build or a report, never a crash.
//! - `search`: the search index per language, from the rendered pages.

// Tests build sites on disk and print notices when a tool is missing.
#![allow(clippy::disallowed_methods, clippy::print_stderr)]

mod bench;
mod browser;
mod build;
mod check;
mod content;
mod errors;
mod example_site;
mod firewall;
mod i18n;
mod links;
mod markup;
mod migrate;
mod output;
mod pipeline;
mod ports;
mod reader;
mod robustness;
mod search;
mod serve;
mod shortcodes;
mod util;
