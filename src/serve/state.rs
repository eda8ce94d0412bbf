//! What the server answers with, shared between the rebuild loop, which replaces it after every
//! rebuild, and the HTTP handlers, which read it.
//!
//! A [`Snapshot`] is the whole site as the last successful build left it, in memory: nothing is
//! written to disk while serving, and a request can only ever reach a path the build produced.
//! A failed rebuild keeps the last good snapshot and sets an [`Overlay`] the browser shows.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

/// One file of the site.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Rendered bytes.
    Bytes(Arc<[u8]>),
    /// A file the build copies, read from its source when asked for.
    File(Arc<Path>),
}

/// The site as the server answers with it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    /// Every file, by path below the site root, `/`-separated, without a leading `/`
    /// (`en/guide/index.html`, `css/tafel.css`). Keys and bodies are shared, so a snapshot is
    /// cheap to copy and change.
    pub(crate) files: HashMap<Arc<str>, Body>,
    /// The page answering a path that has no file, with status 404 (`404.html`), when the
    /// site has one.
    pub(crate) not_found: Option<String>,
    /// The problems of the last rebuild, if it failed; the pages are those of the last good one.
    pub(crate) overlay: Option<Overlay>,
    /// Counts the snapshots, so a browser can tell whether it has seen this one.
    pub(crate) version: u64,
}

/// The report of a failed rebuild, as the browser overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Overlay {
    /// The diagnostics as the terminal shows them without colours: `file:line:col`, message and
    /// source line for each.
    pub(crate) text: String,
}

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A rebuild succeeded; `pages` are the output paths it changed, so a page can tell whether
    /// its own content changed (and keep its scroll position) or only something it links to.
    Reload {
        /// Output paths that changed.
        pages: Vec<String>,
    },
    /// A rebuild failed; the overlay shows this.
    Overlay(Overlay),
}

/// The snapshot and the channel to open pages, shared by the rebuild loop and the server.
#[derive(Debug)]
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Event>,
}

impl Shared {
    /// Starts with `snapshot`.
    pub(crate) fn new(snapshot: Snapshot) -> Shared {
        let (events, _) = broadcast::channel(64);
        Shared {
            snapshot: RwLock::new(Arc::new(snapshot)),
            events,
        }
    }

    /// The current snapshot; it stays valid for the holder while a newer one replaces it.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(
            &self
                .snapshot
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        )
    }

    /// Replaces the snapshot and tells open pages.
    pub(crate) fn publish(&self, snapshot: Snapshot, event: Event) {
        *self
            .snapshot
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(snapshot);
        // No open page is no one to tell.
        let _ = self.events.send(event);
    }

    /// A receiver of the events from now on, for one open page.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }
}
