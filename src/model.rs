//! The resolved site: what the resolve stage produces and every later stage reads.
//!
//! It is immutable once built and shared through an `Arc`: template functions running on many
//! threads read it, and a long-running command keeps the previous one while it resolves the
//! next. It holds no template engine and no theme, so the two never keep each other alive.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::Fragments;
use crate::data::DataSet;
use crate::diagnostics::SourceMap;
use crate::discover::CopyInput;
use crate::i18n::Catalog;
use crate::resolve::SiteTree;

/// The resolved, immutable site that rendering works from.
pub struct Site {
    /// The site folder.
    pub root: PathBuf,
    /// The configuration.
    pub config: SiteConfig,
    /// Every text file read.
    pub sources: Arc<SourceMap>,
    /// Pages, sections and navigation.
    pub tree: SiteTree,
    /// Translations.
    pub catalog: Arc<Catalog>,
    /// Data files.
    pub data: Arc<DataSet>,
    /// Markdown fragments for `include`.
    pub fragments: Fragments,
    /// Files under `content/` that are copied next to pages.
    pub content_assets: Vec<CopyInput>,
    /// The paths of `content_assets` below `content/`, for resolving links to them.
    pub content_asset_paths: BTreeSet<String>,
    /// Files copied to the output root.
    pub static_files: BTreeMap<String, CopyInput>,
}
