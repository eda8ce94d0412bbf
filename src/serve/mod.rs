//! `tafel serve`: the site built in memory, served over HTTP on loopback, rebuilt when its files
//! change, with open pages reloading themselves.
//!
//! The main thread builds the site ([`crate::pipeline::LiveBuild`]), then waits for batches of
//! changed files from the watcher; each batch is one rebuild, which renders only what the
//! change touches, replaces the [`state::Snapshot`] the server answers with, and tells open
//! pages to reload. A rebuild that fails keeps the last good pages and shows its problems in an
//! overlay in the browser and in the terminal; the next good one clears it. The HTTP server runs
//! on a small tokio runtime beside it. Nothing is written to disk.
//!
//! - [`state`]: the snapshot of the site the server answers with, and the events open pages get;
//! - [`http`]: the server: files from the snapshot only, live reload, the overlay;
//! - [`watch`]: which changed files matter, and as what change.

pub(crate) mod http;
pub(crate) mod state;
pub(crate) mod watch;

use std::collections::HashMap;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};

use crate::diagnostics::{Diagnostics, SourceMap, render_terminal};
use crate::pipeline::{Change, Failed, LiveBuild, LoadOptions, Output, Update};
use state::{Body, Event, Overlay, Shared, Snapshot};

/// How to serve.
#[derive(Debug, Clone)]
pub(crate) struct ServeOptions {
    /// How to read the site (its base URL is replaced by the server's).
    pub(crate) load: LoadOptions,
    /// The address to listen on.
    pub(crate) bind: IpAddr,
    /// The first port to try.
    pub(crate) port: u16,
    /// Whether to open the site in a browser.
    pub(crate) open: bool,
}

/// How many ports after the asked-for one are tried when it is in use.
const PORTS_TO_TRY: u16 = 20;

/// How long the watcher waits for an editor to finish saving before reporting a batch. An
/// editor's save (write, or write a copy and rename it) takes well under this; a longer save
/// that is split in two batches costs a second rebuild, not a wrong page, since every rebuild
/// reads the files as they are then. Batches that arrive during a rebuild are taken together.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// Why serving could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServeError {
    /// No port of the range could be bound.
    #[error("cannot listen on {bind}, ports {first}–{last}: {source}")]
    Bind {
        /// The address.
        bind: IpAddr,
        /// The first port tried.
        first: u16,
        /// The last port tried.
        last: u16,
        /// Why the last one failed.
        source: io::Error,
    },
    /// The folder is not a site.
    #[error("the folder is not a site")]
    NotASite(Box<Failed>),
    /// The file watcher could not start.
    #[error("cannot watch `{}` for changes: {source}", path.display())]
    Watch {
        /// The site folder.
        path: PathBuf,
        /// The cause.
        source: notify::Error,
    },
    /// The HTTP server could not start.
    #[error("cannot start the server: {0}")]
    Server(io::Error),
}

/// What the main loop waits for.
enum Message {
    /// A debounced batch from the watcher.
    Files(DebounceEventResult),
    /// Ctrl-C.
    Stop,
}

/// Serves the site until interrupted; progress goes to `out`.
pub(crate) fn run(options: &ServeOptions, out: &mut dyn Write) -> Result<(), ServeError> {
    let (listener, port) = bind(options.bind, options.port)?;
    if options.port != 0 && port != options.port {
        let _ = writeln!(out, "port {} is in use; using {port}", options.port);
    }
    let url = local_url(options.bind, port);
    let load = LoadOptions {
        base_url: Some(url.clone()),
        ..options.load.clone()
    };
    let root = std::path::absolute(&load.site).unwrap_or_else(|_| load.site.clone());

    let mut live = LiveBuild::new(&load);
    let started = Instant::now();
    let mut version = 1;
    // Until a build succeeds, the snapshot is a stand-in page rather than the site's output.
    let mut stand_in = false;
    let shared = match live.update(&[Change::Other]) {
        Ok(update) => {
            print_diagnostics(out, &update.diagnostics, live.sources().as_deref());
            let _ = writeln!(
                out,
                "built {} units in {} ms",
                update.units,
                started.elapsed().as_millis()
            );
            Arc::new(Shared::new(snapshot(&live, version, None)))
        }
        Err(failed) if failed.not_a_site => return Err(ServeError::NotASite(Box::new(failed))),
        Err(failed) => {
            let overlay = overlay(&failed);
            print_failure(out, &failed);
            stand_in = true;
            Arc::new(Shared::new(snapshot(&live, version, Some(overlay))))
        }
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    listener.set_nonblocking(true).map_err(ServeError::Server)?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?
    };
    let (stop_server, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(http::serve(listener, Arc::clone(&shared), async {
        let _ = stopped.await;
    }));

    let (messages, received) = mpsc::channel();
    let watcher_messages = messages.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let _ = watcher_messages.send(Message::Files(result));
    })
    .map_err(|source| ServeError::Watch {
        path: root.clone(),
        source,
    })?;
    debouncer
        .watch(&root, RecursiveMode::Recursive)
        .map_err(|source| ServeError::Watch {
            path: root.clone(),
            source,
        })?;
    runtime.spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            let _ = messages.send(Message::Stop);
        }
    });

    let _ = writeln!(
        out,
        "serving {} at {url} (Ctrl-C stops)",
        load.site.display()
    );
    let _ = out.flush();
    if options.open {
        open_browser(&url);
    }
    let mut stopping = false;
    while let Ok(message) = received.recv() {
        let mut events = Vec::new();
        for message in std::iter::once(message).chain(received.try_iter()) {
            match message {
                Message::Stop => stopping = true,
                Message::Files(Err(errors)) => {
                    for error in errors {
                        let _ = writeln!(out, "watching: {error}");
                    }
                }
                Message::Files(Ok(batch)) => events.extend(batch),
            }
        }
        if stopping {
            break;
        }
        let paths: Vec<&Path> = events
            .iter()
            .filter(|event| watch::is_edit(&event.kind))
            .flat_map(|event| event.paths.iter().map(PathBuf::as_path))
            .collect();
        let changes = watch::classify(&root, paths.iter().copied());
        if changes.is_empty() {
            continue;
        }
        version += 1;
        let what = watch::describe(&root, paths.iter().copied());
        let built = rebuild(&mut live, &shared, &changes, &what, version, stand_in, out);
        stand_in &= !built;
    }
    let _ = stop_server.send(());
    let _ = runtime.block_on(server);
    Ok(())
}

/// Brings the live build up to date and publishes the result: new pages and a reload, or the
/// last good pages and an overlay. Returns whether the rebuild succeeded.
///
/// A new snapshot is the last one with the changed paths replaced, unless the last one is a
/// `stand_in` for a site that has not built yet.
fn rebuild(
    live: &mut LiveBuild,
    shared: &Shared,
    changes: &[Change],
    what: &str,
    version: u64,
    stand_in: bool,
    out: &mut dyn Write,
) -> bool {
    let started = Instant::now();
    let built = match live.update(changes) {
        Ok(update) => {
            let next = if stand_in {
                snapshot(live, version, None)
            } else {
                patched(&shared.snapshot(), live, &update, version)
            };
            let elapsed = started.elapsed();
            shared.publish(
                next,
                Event::Reload {
                    pages: update.changed.clone(),
                },
            );
            let warnings = update.diagnostics.iter().count();
            let _ = writeln!(
                out,
                "{what}: rendered {} of {} units in {} ms{}",
                update.rendered,
                update.units,
                elapsed.as_millis(),
                match warnings {
                    0 => String::new(),
                    1 => ", 1 warning".to_owned(),
                    n => format!(", {n} warnings"),
                }
            );
            true
        }
        Err(failed) => {
            let overlay = overlay(&failed);
            let mut kept = (*shared.snapshot()).clone();
            kept.overlay = Some(overlay.clone());
            kept.version = version;
            shared.publish(kept, Event::Overlay(overlay));
            let _ = writeln!(
                out,
                "{what}: the rebuild failed; serving the last good pages"
            );
            print_failure(out, &failed);
            false
        }
    };
    let _ = out.flush();
    built
}

fn body(output: Output) -> Body {
    match output {
        Output::Rendered(bytes) => Body::Bytes(bytes),
        Output::Copied(from) => Body::File(from.into()),
    }
}

/// `previous` with the paths `update` changed or removed taken from the live build.
fn patched(previous: &Snapshot, live: &LiveBuild, update: &Update, version: u64) -> Snapshot {
    let mut files = previous.files.clone();
    for path in update.changed.iter().chain(&update.removed) {
        match live.output(path) {
            Some(output) => files.insert(Arc::from(path.as_str()), body(output)),
            None => files.remove(path.as_str()),
        };
    }
    finish(files, None, version)
}

/// The snapshot of the live build's last good output; without one (the first build failed), a
/// page that shows the overlay.
fn snapshot(live: &LiveBuild, version: u64, overlay: Option<Overlay>) -> Snapshot {
    let mut files: HashMap<Arc<str>, Body> = live
        .outputs()
        .into_iter()
        .map(|(path, output)| (Arc::from(path), body(output)))
        .collect();
    if files.is_empty() {
        let page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\
                    <title>Build failed</title></head>\n<body>\n<p>The site did not build; \
                    the overlay shows why.</p>\n</body>\n</html>\n";
        files.insert(Arc::from("index.html"), Body::Bytes(page.as_bytes().into()));
    }
    finish(files, overlay, version)
}

fn finish(files: HashMap<Arc<str>, Body>, overlay: Option<Overlay>, version: u64) -> Snapshot {
    let not_found = ["404.html", "index.html"]
        .into_iter()
        .find(|page| files.contains_key(*page))
        .map(str::to_owned);
    Snapshot {
        files,
        not_found,
        overlay,
        version,
    }
}

/// The overlay of a failed rebuild: its problems as the terminal shows them, without colours.
fn overlay(failed: &Failed) -> Overlay {
    let text = failed
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.is_fatal(false))
        .map(|diagnostic| render_terminal(diagnostic, &failed.sources, false, false))
        .collect::<Vec<_>>()
        .join("\n\n");
    Overlay { text }
}

fn print_failure(out: &mut dyn Write, failed: &Failed) {
    print_diagnostics(out, &failed.diagnostics, Some(&failed.sources));
}

fn print_diagnostics(out: &mut dyn Write, diagnostics: &Diagnostics, sources: Option<&SourceMap>) {
    let Some(sources) = sources else {
        return;
    };
    for diagnostic in diagnostics.iter() {
        let _ = writeln!(
            out,
            "{}\n",
            render_terminal(diagnostic, sources, false, false)
        );
    }
}

/// Binds `port`, or the next free one.
fn bind(address: IpAddr, port: u16) -> Result<(TcpListener, u16), ServeError> {
    let last = port.saturating_add(PORTS_TO_TRY - 1);
    let mut failure = None;
    for candidate in port..=last {
        match TcpListener::bind(SocketAddr::new(address, candidate)) {
            // Port 0 asks the system for a free port: report the one it gave.
            Ok(listener) => {
                let bound = listener.local_addr().map_or(candidate, |addr| addr.port());
                return Ok((listener, bound));
            }
            Err(error) => failure = Some(error),
        }
    }
    Err(ServeError::Bind {
        bind: address,
        first: port,
        last,
        source: failure.unwrap_or_else(|| io::Error::from(io::ErrorKind::AddrInUse)),
    })
}

/// The URL a browser on this machine reaches the server at.
fn local_url(bind: IpAddr, port: u16) -> String {
    let host = match bind {
        address if address.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(address) => format!("[{address}]"),
        IpAddr::V4(address) => address.to_string(),
    };
    format!("http://{host}:{port}/")
}

/// Opens `url` in the desktop's browser; a failure only means the user opens it.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
