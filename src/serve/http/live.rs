//! Live reload and the error overlay, on the server's side: the script, its tag in every HTML
//! response, and the paths below `/__tafel/` the script talks to.
//!
//! - `/__tafel/live.js`: the script (`src/serve/live.js`), compiled into the binary.
//! - `/__tafel/events`: server-sent events; `reload` with `{"version":N,"pages":[…]}` after a
//!   successful rebuild, `overlay` with the report's text after a failed one, and a comment every
//!   15 seconds so that idle connections stay open.
//! - `/__tafel/overlay`: the current overlay's text (200), or nothing (204) when the last rebuild
//!   succeeded, so a page opened after a failed rebuild shows the overlay at once.
//! - `/__tafel/version`: the version of the current snapshot as the tag in each page gives it
//!   (the server's id and the snapshot's number), so a page that reconnects can tell whether it
//!   missed a rebuild or the server was restarted.

use std::convert::Infallible;
use std::hash::{BuildHasher, Hasher, RandomState};

use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use crate::serve::state::Event;

use super::Server;

/// The script, as `/__tafel/live.js` serves it.
pub(crate) const LIVE_JS: &str = include_str!("../live.js");

/// An id for one run of the server: random, so that a restarted server is a different one.
pub(crate) fn server_id() -> String {
    format!("{:016x}", RandomState::new().build_hasher().finish())
}

/// The tag that loads the script into a page served at snapshot `version`.
pub(crate) fn script_tag(version: &str) -> String {
    format!(r#"<script src="/__tafel/live.js" data-version="{version}" defer></script>"#)
}

/// `html` with the script tag just before its last `</body>` (in any letter case), or at the end
/// when it has none.
pub(crate) fn inject(html: &[u8], version: &str) -> Vec<u8> {
    const END: &[u8] = b"</body>";
    let tag = script_tag(version);
    let at = html
        .windows(END.len())
        .rposition(|window| window.eq_ignore_ascii_case(END))
        .unwrap_or(html.len());
    let mut injected = Vec::with_capacity(html.len() + tag.len());
    injected.extend_from_slice(&html[..at]);
    injected.extend_from_slice(tag.as_bytes());
    injected.extend_from_slice(&html[at..]);
    injected
}

/// `GET /__tafel/live.js`.
pub(crate) async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

/// `GET /__tafel/version`.
pub(crate) async fn version(State(server): State<Server>) -> Response {
    let version = server.version(&server.shared.snapshot());
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        version,
    )
        .into_response()
}

/// `GET /__tafel/overlay`.
pub(crate) async fn overlay(State(server): State<Server>) -> Response {
    match &server.shared.snapshot().overlay {
        Some(overlay) => (
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            overlay.text.clone(),
        )
            .into_response(),
        None => StatusCode::NO_CONTENT.into_response(),
    }
}

/// `GET /__tafel/events`: the events of the server from now on, until it shuts down.
pub(crate) async fn events(
    State(server): State<Server>,
) -> Sse<impl Stream<Item = Result<sse::Event, Infallible>>> {
    let receiver = server.shared.subscribe();
    let stream = futures_util::stream::unfold(
        (server, receiver),
        |(mut server, mut receiver)| async move {
            let received = tokio::select! {
                _ = server.stopping.wait_for(|stopping| *stopping) => return None,
                received = receiver.recv() => received,
            };
            let event = match received {
                Ok(Event::Reload { pages }) => reload(server.shared.snapshot().version, &pages),
                Ok(Event::Overlay(overlay)) => show_overlay(&overlay.text),
                // Whatever the missed events said, the current snapshot is newer than the page,
                // and a reload shows it (and its overlay, which the page asks for on load).
                Err(RecvError::Lagged(_)) => reload(server.shared.snapshot().version, &[]),
                Err(RecvError::Closed) => return None,
            };
            Some((Ok(event), (server, receiver)))
        },
    );
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The data of the `reload` event.
#[derive(Debug, serde::Serialize)]
struct Reload<'a> {
    /// The snapshot's number.
    version: u64,
    /// The output paths that changed.
    pages: &'a [String],
}

/// The `reload` event.
pub(crate) fn reload(version: u64, pages: &[String]) -> sse::Event {
    let data = serde_json::to_string(&Reload { version, pages })
        .expect("a number and strings serialize to JSON");
    sse::Event::default().event("reload").data(data)
}

/// The `overlay` event.
pub(crate) fn show_overlay(text: &str) -> sse::Event {
    // A line of an event ends at CR, LF or CRLF alike, and axum starts a new `data:` line at
    // each CR and each LF, so a CRLF would arrive as two line breaks.
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    // A browser drops an event whose data is empty.
    let text = if text.is_empty() {
        "the build failed".to_owned()
    } else {
        text
    };
    sse::Event::default().event("overlay").data(text)
}
