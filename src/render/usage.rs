//! What each rendered unit used: templates, shortcodes, data files, messages, fragments and
//! linked pages.
//!
//! Template functions record into the slot of the unit being rendered; the slot number travels in
//! the template context as `unit`. Each unit is rendered by one thread at a time, so the mutexes
//! are never contended; they exist because the functions are shared by all threads.
//! The records drive the fallback warnings and the unused-message report today, and are what
//! incremental rebuilds need to know which pages a changed file affects.

use std::collections::BTreeSet;
use std::sync::Mutex;

use crate::config::Lang;
use crate::diagnostics::FileId;

/// Everything one unit depended on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deps {
    /// Templates rendered directly (page template and shortcode templates).
    pub templates: BTreeSet<String>,
    /// Data files read, by data name.
    pub data: BTreeSet<String>,
    /// Fluent message ids looked up.
    pub messages: BTreeSet<String>,
    /// Markdown fragments spliced in by `include`.
    pub fragments: BTreeSet<FileId>,
    /// Canonical keys of pages whose URL or title the unit shows: linked with `ref`/`relref`
    /// or `page_url`, the page's own translations and ancestors (language switcher and
    /// breadcrumbs), a redirect's target.
    pub pages: BTreeSet<String>,
    /// Paths below `content/` of files the unit's links asked for (`guide/shot.png`, whatever
    /// variant it found): a file added or removed there can change where they lead.
    pub assets: BTreeSet<String>,
    /// Languages whose navigation the unit shows: every title, weight, slug and draft flag of
    /// their pages can change it (the sidebar, the pager, section listings, the sitemap).
    pub navigation: BTreeSet<Lang>,
}

/// One record slot per unit.
#[derive(Debug)]
pub struct Usage {
    units: Vec<Mutex<Deps>>,
}

impl Usage {
    /// Slots for `count` units.
    pub fn new(count: usize) -> Usage {
        Usage {
            units: (0..count).map(|_| Mutex::new(Deps::default())).collect(),
        }
    }

    /// Records into unit `unit`; out-of-range units are ignored (a template rendered outside a
    /// unit, which only tests do).
    pub fn record(&self, unit: usize, update: impl FnOnce(&mut Deps)) {
        if let Some(slot) = self.units.get(unit) {
            // A poisoned slot only means another record panicked; the data is still a valid set.
            let mut deps = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            update(&mut deps);
        }
    }

    /// Takes the records out, in unit order, leaving empty ones.
    pub fn take(&self) -> Vec<Deps> {
        self.units
            .iter()
            .map(|slot| {
                let mut deps = slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                std::mem::take(&mut *deps)
            })
            .collect()
    }
}
