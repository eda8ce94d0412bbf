//! The HTTP side of `tafel serve`: answers requests from the current [`Snapshot`] and from
//! nothing else.
//!
//! It owns the mapping of request paths to output files ([`path`]), their content types
//! ([`content_type`](mod@content_type)) and the responses: `index.html` for folders, a redirect
//! to the folder for a path without its slash, the site's 404 page with status 404, 400 for a
//! path that tries to leave the site. It does not own the snapshot, which the rebuild loop
//! replaces ([`Shared::publish`]), nor the listener, which the command binds.
//!
//! Live reload is [`live`]: the server's own paths below `/__tafel/` (the script, the event
//! stream, the current overlay and version), and the script tag it adds to every HTML response.
//! Only the server adds it; built output never has it.
//!
//! Every response says `Cache-Control: no-store`: a page a browser kept from an earlier build
//! is exactly what a preview must never show.

// Files the build copies are served from their source, read when a request asks for them
// (clippy.toml confines file-system calls to the modules that own them).
#![allow(clippy::disallowed_methods)]

mod content_type;
mod live;
mod path;

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body as HttpBody, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::watch;

use crate::serve::state::{Body, Shared, Snapshot};
use crate::url::encode_path;

use self::content_type::{HTML, content_type};
use self::path::{file_for, parse_request_path};

/// The prefix of the server's own paths; a site file below it is never served.
const RESERVED: &str = "__tafel/";

/// What every handler reads.
#[derive(Debug, Clone)]
struct Server {
    /// The site.
    shared: Arc<Shared>,
    /// Becomes `true` when the server shuts down, which ends the event streams: a graceful
    /// shutdown waits for every response to finish, and theirs never would.
    stopping: watch::Receiver<bool>,
    /// Tells this run of the server from an earlier one, so a page opened before a restart
    /// reloads when it reconnects, even if the versions happen to match.
    id: Arc<str>,
}

impl Server {
    /// The version of `snapshot` as pages see it: the server's id and the snapshot's number.
    fn version(&self, snapshot: &Snapshot) -> String {
        format!("{}.{}", self.id, snapshot.version)
    }
}

/// Serves `shared` on `listener` until `shutdown` resolves.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stop, stopping) = watch::channel(false);
    let server = Server {
        shared,
        stopping,
        id: live::server_id().into(),
    };
    axum::serve(listener, router(server))
        .with_graceful_shutdown(async move {
            shutdown.await;
            // The receivers may all be gone already; then there is no stream to end.
            let _ = stop.send(true);
        })
        .await
}

/// Every route of the server: its own below `/__tafel/`, and the site's files.
fn router(server: Server) -> Router {
    Router::new()
        .route("/__tafel/live.js", get(live::script))
        .route("/__tafel/events", get(live::events))
        .route("/__tafel/overlay", get(live::overlay))
        .route("/__tafel/version", get(live::version))
        .fallback(site_file)
        .with_state(server)
        .layer(map_response(no_store))
}

/// Marks every response as not to be cached, and not to be sniffed as another type.
async fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Answers a request for a file of the site.
async fn site_file(State(server): State<Server>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "method not allowed\n",
        )
            .into_response();
    }
    let path = match parse_request_path(uri.path()) {
        Ok(path) => path,
        Err(problem) => {
            return (StatusCode::BAD_REQUEST, format!("bad request: {problem}\n")).into_response();
        }
    };
    let snapshot = server.shared.snapshot();
    if path == RESERVED.trim_end_matches('/') || path.starts_with(RESERVED) {
        return plain_not_found();
    }
    let file = file_for(&path);
    if let Some(body) = snapshot.files.get(file.as_ref()) {
        return match load(body).await {
            Ok(bytes) => respond(&server, &snapshot, StatusCode::OK, &file, bytes),
            Err(error) => unreadable(&server, &snapshot, error).await,
        };
    }
    if !path.ends_with('/')
        && snapshot
            .files
            .contains_key(format!("{path}/index.html").as_str())
    {
        return redirect_to_folder(&path, uri.query());
    }
    not_found(&server, &snapshot).await
}

/// A problem reading a file the build copies from its source.
#[derive(Debug, thiserror::Error)]
#[error("cannot read `{path}`: {source}")]
struct ReadError {
    /// The source file.
    path: PathBuf,
    /// Why.
    source: io::Error,
}

/// The bytes of a file of the snapshot.
async fn load(body: &Body) -> Result<Bytes, ReadError> {
    match body {
        Body::Bytes(bytes) => Ok(Bytes::from_owner(Arc::clone(bytes))),
        Body::File(path) => {
            let path = path.clone();
            // A blocking read on the blocking pool: the same as `tokio::fs::read`, without
            // tokio's `fs` feature.
            let read = {
                let path = path.clone();
                tokio::task::spawn_blocking(move || std::fs::read(path)).await
            };
            match read {
                Ok(Ok(bytes)) => Ok(Bytes::from(bytes)),
                Ok(Err(source)) => Err(ReadError {
                    path: path.to_path_buf(),
                    source,
                }),
                Err(join) => Err(ReadError {
                    path: path.to_path_buf(),
                    source: io::Error::other(join),
                }),
            }
        }
    }
}

/// The answer for a file that the snapshot lists but its source no longer has (deleted since
/// the build: 404, as a rebuild will say), or that cannot be read (500).
async fn unreadable(server: &Server, snapshot: &Snapshot, error: ReadError) -> Response {
    if error.source.kind() == io::ErrorKind::NotFound {
        return not_found(server, snapshot).await;
    }
    (StatusCode::INTERNAL_SERVER_ERROR, format!("{error}\n")).into_response()
}

/// A file's bytes with its content type; an HTML page gets the live-reload script.
fn respond(
    server: &Server,
    snapshot: &Snapshot,
    status: StatusCode,
    file: &str,
    bytes: Bytes,
) -> Response {
    let content_type = content_type(file);
    let bytes = if content_type == HTML {
        Bytes::from(live::inject(&bytes, &server.version(snapshot)))
    } else {
        bytes
    };
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        HttpBody::from(bytes),
    )
        .into_response()
}

/// 301 from a folder's path without its slash (`/en/guide?q`) to the folder (`/en/guide/?q`), so
/// the page's relative links resolve from the right place.
fn redirect_to_folder(path: &str, query: Option<&str>) -> Response {
    // Built from the checked path, which has no empty segment, so the target cannot start with
    // `//` and leave the origin.
    let mut location = format!("/{}/", encode_path(path));
    if let Some(query) = query {
        location.push('?');
        location.push_str(query);
    }
    match HeaderValue::try_from(location) {
        Ok(location) => (
            StatusCode::MOVED_PERMANENTLY,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => (StatusCode::BAD_REQUEST, "bad request\n").into_response(),
    }
}

/// 404 with the site's 404 page, or a line of text when the site has none (or it cannot be
/// read).
async fn not_found(server: &Server, snapshot: &Snapshot) -> Response {
    if let Some(page) = &snapshot.not_found
        && let Some(body) = snapshot.files.get(page.as_str())
        && let Ok(bytes) = load(body).await
    {
        return respond(server, snapshot, StatusCode::NOT_FOUND, page, bytes);
    }
    plain_not_found()
}

/// 404 as a line of text.
fn plain_not_found() -> Response {
    (StatusCode::NOT_FOUND, "not found\n").into_response()
}

#[cfg(test)]
mod tests;
