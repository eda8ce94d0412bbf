use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::content_type::{HTML, content_type};
use super::live::{LIVE_JS, inject, script_tag};
use super::path::{BadPath, file_for, parse_request_path};
use super::serve;
use crate::serve::state::{Body, Event, Overlay, Shared, Snapshot};

// ---- Paths ----

#[test]
fn paths_map_to_output_files() {
    let cases = [
        ("/", "", "index.html"),
        ("/en/", "en/", "en/index.html"),
        ("/en/guide/", "en/guide/", "en/guide/index.html"),
        ("/css/tafel.css", "css/tafel.css", "css/tafel.css"),
        ("/en/guide", "en/guide", "en/guide"),
        ("/de/%C3%BCber/", "de/über/", "de/über/index.html"),
        ("/a%20b.txt", "a b.txt", "a b.txt"),
        // Decoded once: `%252e` is the name `%2e`, not a dot.
        ("/%252e%252e/x", "%2e%2e/x", "%2e%2e/x"),
        // An invalid escape stays as written.
        ("/100%zz", "100%zz", "100%zz"),
        ("/50%", "50%", "50%"),
        // Names that merely start or end with dots are names.
        ("/.well-known/x", ".well-known/x", ".well-known/x"),
        ("/a/.../b", "a/.../b", "a/.../b"),
        ("/a..b/", "a..b/", "a..b/index.html"),
    ];
    for (raw, path, file) in cases {
        assert_eq!(parse_request_path(raw).as_deref(), Ok(path), "{raw}");
        assert_eq!(file_for(path), file, "{raw}");
    }
}

#[test]
fn paths_that_try_to_leave_the_site_are_refused() {
    let cases = [
        ("/../", BadPath::DotSegment),
        ("/..", BadPath::DotSegment),
        ("/a/../b", BadPath::DotSegment),
        ("/a/..", BadPath::DotSegment),
        ("/./a", BadPath::DotSegment),
        ("/a/./b", BadPath::DotSegment),
        ("/a/.", BadPath::DotSegment),
        ("/%2e%2e/", BadPath::DotSegment),
        ("/%2E%2E/", BadPath::DotSegment),
        ("/%2E%2e/etc", BadPath::DotSegment),
        ("/a/%2E%2E/b", BadPath::DotSegment),
        ("/.%2e/", BadPath::DotSegment),
        ("/%2e./", BadPath::DotSegment),
        ("/%2e/", BadPath::DotSegment),
        ("/a%2fb", BadPath::EncodedSeparator),
        ("/a%2Fb", BadPath::EncodedSeparator),
        ("/..%2f..%2fetc", BadPath::EncodedSeparator),
        ("/a%5cb", BadPath::EncodedSeparator),
        ("/a%5Cb", BadPath::EncodedSeparator),
        ("/a\\b", BadPath::Backslash),
        ("/..\\..\\x", BadPath::Backslash),
        ("/a%00b", BadPath::Nul),
        ("/index.html%00.png", BadPath::Nul),
        ("/%ff", BadPath::NotUtf8),
        ("/%c3", BadPath::NotUtf8),
        ("/%C0%AE%C0%AE/", BadPath::NotUtf8),
        ("//etc/passwd", BadPath::EmptySegment),
        ("/a//b", BadPath::EmptySegment),
        ("*", BadPath::NotRooted),
        ("", BadPath::NotRooted),
        ("etc/passwd", BadPath::NotRooted),
    ];
    for (raw, problem) in cases {
        assert_eq!(parse_request_path(raw), Err(problem), "{raw}");
    }
}

// ---- Content types ----

#[test]
fn content_types_follow_the_extension() {
    let cases = [
        ("index.html", HTML),
        ("en/guide/index.html", "text/html; charset=utf-8"),
        ("old.HTM", "text/html; charset=utf-8"),
        ("css/tafel.css", "text/css; charset=utf-8"),
        ("js/tafel.js", "text/javascript; charset=utf-8"),
        ("js/module.mjs", "text/javascript; charset=utf-8"),
        ("data/ports.json", "application/json"),
        ("js/tafel.js.map", "application/json"),
        ("site.webmanifest", "application/manifest+json"),
        ("sitemap.xml", "application/xml"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("data/ports.csv", "text/csv; charset=utf-8"),
        ("data/ports.nft", "text/plain; charset=utf-8"),
        ("data/ports.iptables", "text/plain; charset=utf-8"),
        ("icons/logo.svg", "image/svg+xml"),
        ("img/a.png", "image/png"),
        ("img/a.jpg", "image/jpeg"),
        ("img/a.JPEG", "image/jpeg"),
        ("img/a.gif", "image/gif"),
        ("img/a.webp", "image/webp"),
        ("img/a.avif", "image/avif"),
        ("favicon.ico", "image/x-icon"),
        ("fonts/a.woff", "font/woff"),
        ("fonts/a.woff2", "font/woff2"),
        ("fonts/a.ttf", "font/ttf"),
        ("fonts/a.otf", "font/otf"),
        ("docs/manual.pdf", "application/pdf"),
        ("media/demo.mp4", "video/mp4"),
        ("media/demo.webm", "video/webm"),
        ("app.wasm", "application/wasm"),
        ("archive.tar.gz", "application/octet-stream"),
        ("LICENSE", "application/octet-stream"),
        // The dot of a folder is not an extension.
        ("v1.2/LICENSE", "application/octet-stream"),
    ];
    for (path, expected) in cases {
        assert_eq!(content_type(path), expected, "{path}");
    }
}

// ---- The script tag ----

#[test]
fn the_script_goes_before_the_end_of_the_body() {
    let tag = script_tag("1a.7");
    assert_eq!(
        tag,
        r#"<script src="/__tafel/live.js" data-version="1a.7" defer></script>"#
    );
    let cases = [
        (
            "<html><body><p>x</p></body></html>",
            format!("<html><body><p>x</p>{tag}</body></html>"),
        ),
        (
            "<HTML><BODY>x</BODY></HTML>\n",
            format!("<HTML><BODY>x{tag}</BODY></HTML>\n"),
        ),
        ("<body>x</Body >", format!("<body>x</Body >{tag}")),
        // Without `</body>` (a fragment, or a page that leaves it out), at the end.
        ("<p>fragment", format!("<p>fragment{tag}")),
        ("", tag.clone()),
        // The last one: an earlier `</body>` may sit in a script's string.
        (
            "<body><script>let s = '</body>';</script></body>",
            format!("<body><script>let s = '</body>';</script>{tag}</body>"),
        ),
    ];
    for (html, expected) in cases {
        let injected = inject(html.as_bytes(), "1a.7");
        assert_eq!(String::from_utf8(injected).unwrap(), expected, "{html}");
    }
}

// ---- The server over real HTTP ----

/// The server on a free loopback port, in a runtime of its own, over a hand-made snapshot.
struct TestServer {
    runtime: tokio::runtime::Runtime,
    address: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl TestServer {
    fn start(snapshot: Snapshot) -> TestServer {
        TestServer::start_on(
            std::net::TcpListener::bind("127.0.0.1:0").unwrap(),
            snapshot,
        )
    }

    fn start_on(listener: std::net::TcpListener, snapshot: Snapshot) -> TestServer {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let shared = Arc::new(Shared::new(snapshot));
        listener.set_nonblocking(true).unwrap();
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener).unwrap()
        };
        let address = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = runtime.spawn(serve(listener, Arc::clone(&shared), async move {
            let _ = stopped.await;
        }));
        TestServer {
            runtime,
            address,
            shared,
            stop: Some(stop),
            server: Some(server),
        }
    }

    fn get(&self, target: &str) -> Reply {
        self.request("GET", target)
    }

    fn request(&self, method: &str, target: &str) -> Reply {
        request(self.address, method, target)
    }

    fn connect(&self) -> TcpStream {
        connect(self.address)
    }

    /// Resolves the shutdown future and waits for `serve` to return.
    fn stop(mut self) -> std::io::Result<()> {
        let _ = self.stop.take().unwrap().send(());
        let server = self.server.take().unwrap();
        self.runtime.block_on(async {
            tokio::time::timeout(Duration::from_secs(20), server)
                .await
                .expect("the server stops when told to")
                .unwrap()
        })
    }
}

fn connect(address: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
}

/// One request on a fresh connection, read to the end of its body (by its length when it gives
/// one, else to the end of the connection).
fn request(address: SocketAddr, method: &str, target: &str) -> Reply {
    let mut stream = connect(address);
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    let mut buffer = [0; 8192];
    loop {
        if let Some(end) = raw.windows(4).position(|window| window == b"\r\n\r\n") {
            let head = Reply::parse_head(&raw);
            let length = head
                .header("content-length")
                .map(|n| n.parse::<usize>().unwrap());
            if method == "HEAD" || length.is_some_and(|length| raw.len() >= end + 4 + length) {
                return head;
            }
        }
        let read = stream.read(&mut buffer).unwrap();
        if read == 0 {
            return Reply::parse(&raw);
        }
        raw.extend_from_slice(&buffer[..read]);
    }
}

/// A response as read from the socket.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    /// A whole response, its body decoded when it came in chunks.
    fn parse(raw: &[u8]) -> Reply {
        let mut reply = Reply::parse_head(raw);
        if reply.header("transfer-encoding") == Some("chunked") {
            reply.body = dechunk(&reply.body);
        }
        reply
    }

    /// A response whose body may still be coming: the head, and the body's bytes as they came.
    fn parse_head(raw: &[u8]) -> Reply {
        let end = raw
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .expect("a complete head");
        let head = std::str::from_utf8(&raw[..end]).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .map(|line| {
                let (name, value) = line.split_once(':').unwrap();
                (name.to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        Reply {
            status,
            headers,
            body: raw[end + 4..].to_vec(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }
}

/// The body of a chunked response.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let line_end = raw.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_text = std::str::from_utf8(&raw[..line_end]).unwrap();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap().trim(), 16).unwrap();
        raw = &raw[line_end + 2..];
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&raw[..size]);
        raw = &raw[size + 2..];
    }
}

const HOME: &str =
    "<!DOCTYPE html><html><head><title>Home</title></head><body><h1>Home</h1></body></html>";
const NOT_FOUND_PAGE: &str = "<!DOCTYPE html><html><body><h1>Theme 404</h1></body></html>";

fn bytes(text: &str) -> Body {
    Body::Bytes(Arc::from(text.as_bytes()))
}

/// A small site: pages, a style sheet, a port export, a copied image (and one whose source is
/// gone), a 404 page, and a file below the server's reserved prefix.
fn site(folder: &std::path::Path) -> Snapshot {
    let logo = folder.join("logo.png");
    std::fs::write(&logo, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    let files = HashMap::from([
        (Arc::from("index.html"), bytes(HOME)),
        (
            Arc::from("en/guide/index.html"),
            bytes("<html><body><p>Guide</p></BODY></html>"),
        ),
        (
            Arc::from("de/über/index.html"),
            bytes("<html><body>Über</body></html>"),
        ),
        (Arc::from("css/site.css"), bytes("body { color: red }")),
        (Arc::from("data/ports.nft"), bytes("table inet tafel {}\n")),
        (Arc::from("img/logo.png"), Body::File(logo.into())),
        (
            Arc::from("img/gone.png"),
            Body::File(folder.join("gone.png").into()),
        ),
        (Arc::from("404.html"), bytes(NOT_FOUND_PAGE)),
        (Arc::from("__tafel/secret.txt"), bytes("the site's own")),
        (Arc::from("__tafel/live.js"), bytes("the site's own")),
    ]);
    Snapshot {
        files,
        not_found: Some("404.html".to_owned()),
        overlay: None,
        version: 1,
    }
}

#[test]
fn serves_the_snapshot_over_http() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some(HTML));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.text().contains("<h1>Home</h1>"), "{}", home.text());
    assert_eq!(server.get("/index.html").status, 200);

    let guide = server.get("/en/guide/");
    assert_eq!(guide.status, 200);
    assert!(guide.text().contains("<p>Guide</p>"));

    let style = server.get("/css/site.css");
    assert_eq!(style.status, 200);
    assert_eq!(
        style.header("content-type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(style.text(), "body { color: red }");
    assert_eq!(style.header("cache-control"), Some("no-store"));

    let export = server.get("/data/ports.nft");
    assert_eq!(
        export.header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    let image = server.get("/img/logo.png");
    assert_eq!(image.status, 200);
    assert_eq!(image.header("content-type"), Some("image/png"));
    assert_eq!(image.body, b"\x89PNG\r\n\x1a\nnot really");

    server.stop().unwrap();
}

#[test]
fn folders_without_their_slash_are_redirected() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    let guide = server.get("/en/guide");
    assert_eq!(guide.status, 301);
    assert_eq!(guide.header("location"), Some("/en/guide/"));
    assert_eq!(guide.header("cache-control"), Some("no-store"));

    let with_query = server.get("/en/guide?lang=en&x=%2F");
    assert_eq!(with_query.status, 301);
    assert_eq!(
        with_query.header("location"),
        Some("/en/guide/?lang=en&x=%2F")
    );

    let encoded = server.get("/de/%C3%BCber");
    assert_eq!(encoded.status, 301);
    assert_eq!(encoded.header("location"), Some("/de/%C3%BCber/"));
    assert_eq!(server.get("/de/%C3%BCber/").status, 200);

    // A folder with no index of its own is not a page.
    assert_eq!(server.get("/en").status, 404);

    server.stop().unwrap();
}

#[test]
fn missing_files_get_the_sites_404_page() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    for target in ["/nope", "/en/guide/nope.html", "/css/", "/img/gone.png"] {
        let missing = server.get(target);
        assert_eq!(missing.status, 404, "{target}");
        assert_eq!(missing.header("content-type"), Some(HTML), "{target}");
        assert!(missing.text().contains("Theme 404"), "{target}");
        assert_eq!(missing.header("cache-control"), Some("no-store"));
    }

    // The server's own prefix is never the site's.
    let reserved = server.get("/__tafel/secret.txt");
    assert_eq!(reserved.status, 404);
    assert!(!reserved.text().contains("the site's own"));
    assert_eq!(server.get("/%5F_tafel/secret.txt").status, 404);

    server.stop().unwrap();
}

#[test]
fn without_a_404_page_missing_files_get_text() {
    let folder = tempfile::tempdir().unwrap();
    let mut snapshot = site(folder.path());
    snapshot.not_found = None;
    let server = TestServer::start(snapshot);

    let missing = server.get("/nope");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(missing.text(), "not found\n");

    server.stop().unwrap();
}

#[test]
fn traversal_attempts_are_bad_requests() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    for target in [
        "/../",
        "/..",
        "/%2e%2e/",
        "/%2E%2e/%2E%2e/etc/passwd",
        "/a/%2E%2E/b",
        "/en/guide/../../../etc/passwd",
        "/a%2fb",
        "/a%5cb",
        "/a\\b",
        "/a%00b",
        "/%ff",
        "//etc/passwd",
        "/./index.html",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 400, "{target}");
        assert!(!reply.text().contains("Home"), "{target}");
    }

    server.stop().unwrap();
}

#[test]
fn only_get_and_head_are_answered() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let reply = server.request(method, "/");
        assert_eq!(reply.status, 405, "{method}");
        assert_eq!(reply.header("allow"), Some("GET, HEAD"), "{method}");
        assert_eq!(reply.header("cache-control"), Some("no-store"));
    }

    let head = server.request("HEAD", "/css/site.css");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(head.header("content-length"), Some("19"));
    assert!(head.body.is_empty());

    server.stop().unwrap();
}

#[test]
fn a_published_snapshot_is_served_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));
    assert_eq!(server.get("/new.txt").status, 404);

    let mut next = site(folder.path());
    next.files.insert(Arc::from("new.txt"), bytes("new"));
    next.version = 2;
    server.shared.publish(
        next,
        crate::serve::state::Event::Reload {
            pages: vec!["new.txt".to_owned()],
        },
    );
    let new = server.get("/new.txt");
    assert_eq!(new.status, 200);
    assert_eq!(new.text(), "new");

    server.stop().unwrap();
}

/// The `data-version` of the script tag in a page.
fn page_version(html: &str) -> &str {
    let start = html.find(r#"data-version=""#).expect("the script tag") + r#"data-version=""#.len();
    &html[start..start + html[start..].find('"').unwrap()]
}

#[test]
fn html_responses_load_the_live_reload_script() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    let version = server.get("/__tafel/version");
    assert_eq!(version.status, 200);
    assert_eq!(version.header("cache-control"), Some("no-store"));
    let version = version.text().to_owned();
    assert!(version.ends_with(".1"), "{version}");
    let tag = script_tag(&version);

    let home = server.get("/");
    assert!(
        home.text()
            .ends_with(&format!("<h1>Home</h1>{tag}</body></html>")),
        "{}",
        home.text()
    );
    assert_eq!(page_version(home.text()), version);
    let guide = server.get("/en/guide/");
    assert!(
        guide.text().contains(&format!("{tag}</BODY>")),
        "{}",
        guide.text()
    );
    let missing = server.get("/nope");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(&tag), "{}", missing.text());

    for target in ["/css/site.css", "/data/ports.nft", "/img/logo.png"] {
        let reply = server.get(target);
        assert!(
            !String::from_utf8_lossy(&reply.body).contains("__tafel"),
            "{target}"
        );
    }

    // The script is the server's, whatever the site has at that path.
    let script = server.get("/__tafel/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(script.header("cache-control"), Some("no-store"));
    assert_eq!(script.text(), LIVE_JS);
    assert_eq!(server.request("POST", "/__tafel/events").status, 405);

    // A new snapshot is a new version, and a restarted server another one.
    server.shared.publish(
        Snapshot {
            version: 2,
            ..site(folder.path())
        },
        Event::Reload { pages: Vec::new() },
    );
    let next = server.get("/__tafel/version").text().to_owned();
    assert_ne!(next, version);
    assert_eq!(page_version(server.get("/").text()), next);
    server.stop().unwrap();
    let restarted = TestServer::start(site(folder.path()));
    assert_ne!(restarted.get("/__tafel/version").text(), version);
    restarted.stop().unwrap();
}

#[test]
fn the_overlay_is_there_while_a_rebuild_failed() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    let none = server.get("/__tafel/overlay");
    assert_eq!(none.status, 204);
    assert!(none.body.is_empty());
    assert_eq!(none.header("cache-control"), Some("no-store"));

    let text = "error[E0401]: unclosed shortcode `tabs`\n --> content/en/guide.md:3:1";
    server.shared.publish(
        Snapshot {
            overlay: Some(Overlay {
                text: text.to_owned(),
            }),
            version: 2,
            ..site(folder.path())
        },
        Event::Overlay(Overlay {
            text: text.to_owned(),
        }),
    );
    let some = server.get("/__tafel/overlay");
    assert_eq!(some.status, 200);
    assert_eq!(
        some.header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(some.text(), text);
    // The last good pages stay served.
    assert_eq!(server.get("/").status, 200);

    server.shared.publish(
        Snapshot {
            version: 3,
            ..site(folder.path())
        },
        Event::Reload { pages: Vec::new() },
    );
    assert_eq!(server.get("/__tafel/overlay").status, 204);

    server.stop().unwrap();
}

/// Reads from an open response until `expected` has arrived, or fails after a while.
fn read_until(stream: &mut TcpStream, received: &mut Vec<u8>, expected: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !String::from_utf8_lossy(received).contains(expected) {
        assert!(
            Instant::now() < deadline,
            "no {expected:?} in {:?}",
            String::from_utf8_lossy(received)
        );
        let mut buffer = [0; 4096];
        let read = stream.read(&mut buffer).unwrap();
        assert!(
            read > 0,
            "the stream ended before {expected:?}: {:?}",
            String::from_utf8_lossy(received)
        );
        received.extend_from_slice(&buffer[..read]);
    }
}

#[test]
fn open_pages_get_the_events() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));

    let mut stream = server.connect();
    write!(
        stream,
        "GET /__tafel/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
        server.address
    )
    .unwrap();
    let mut received = Vec::new();
    read_until(&mut stream, &mut received, "\r\n\r\n");
    let head = Reply::parse_head(&received);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("text/event-stream"));
    assert_eq!(head.header("cache-control"), Some("no-store"));

    // The handler subscribed before it answered, so nothing published from now on is lost.
    server.shared.publish(
        Snapshot {
            version: 2,
            ..site(folder.path())
        },
        Event::Reload {
            pages: vec!["index.html".to_owned(), "de/über/index.html".to_owned()],
        },
    );
    read_until(
        &mut stream,
        &mut received,
        "event: reload\ndata: {\"version\":2,\"pages\":[\"index.html\",\"de/über/index.html\"]}\n\n",
    );

    let text = "error[E0301]: bad YAML\r\n --> data/ports.yaml:2:5\r\n  |\r\n2 |     - x";
    server.shared.publish(
        Snapshot {
            version: 3,
            overlay: Some(Overlay {
                text: text.to_owned(),
            }),
            ..site(folder.path())
        },
        Event::Overlay(Overlay {
            text: text.to_owned(),
        }),
    );
    read_until(
        &mut stream,
        &mut received,
        "event: overlay\ndata: error[E0301]: bad YAML\ndata:  --> data/ports.yaml:2:5\ndata:   |\ndata: 2 |     - x\n\n",
    );

    // An open event stream does not keep the server from stopping, and it ends with it.
    let started = Instant::now();
    server.stop().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).unwrap();
}

mod browser;

#[test]
fn stops_when_told_to() {
    let folder = tempfile::tempdir().unwrap();
    let server = TestServer::start(site(folder.path()));
    assert_eq!(server.get("/").status, 200);
    let started = Instant::now();
    server.stop().unwrap();
    assert!(started.elapsed() < Duration::from_secs(10));
}
