//! `tafel serve` as a writer uses it: the real binary on a free loopback port, real file
//! watching, edits made on disk, pages fetched over HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::util::SiteTest;

/// A running `tafel serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(site: &SiteTest) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tafel"))
            .args(["serve", "--port", "0", "--site"])
            .arg(site.root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start tafel serve");
        let (sender, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let port = loop {
            let line = lines
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .expect("tafel serve says where it serves");
            if let Some(at) = line.find("http://127.0.0.1:") {
                let rest = &line[at + "http://127.0.0.1:".len()..];
                break rest[..rest.find('/').unwrap()].parse().unwrap();
            }
        };
        Server { child, port, lines }
    }

    fn get(&self, path: &str) -> Response {
        request(self.port, "GET", path)
    }

    /// Fetches `path` until `ready` holds for the response, for at most 20 s.
    #[track_caller]
    fn wait_for(&self, path: &str, ready: impl Fn(&Response) -> bool) -> Response {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let response = self.get(path);
            if ready(&response) {
                return response;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never got there; last: {} {}\nlog: {:?}",
                response.status,
                response.body,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What the server printed so far.
    fn log(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response, as far as the tests look at it.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Sends one HTTP/1.1 request with `Connection: close` and reads the whole response.
fn request(port: u16, method: &str, path: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the response");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(key, value)| key.eq_ignore_ascii_case("transfer-encoding") && value == "chunked");
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Response {
        status,
        headers,
        body,
    }
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    out
}

fn small_site() -> SiteTest {
    let site = SiteTest::example();
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\n## First\n\nFirst version.\n",
    )
    .write(
        "content/guide/setup.de.md",
        "---\ntitle: Einrichtung\n---\nErste Fassung.\n",
    );
    site
}

#[test]
fn edits_to_content_data_messages_and_templates_are_served() {
    let site = small_site();
    let server = Server::start(&site);
    let page = server.get("/en/guide/setup/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First version."), "{}", page.body);
    assert!(page.body.contains("/__tafel/live.js"), "{}", page.body);

    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\n## First\n\nSecond version.\n",
    );
    server.wait_for("/en/guide/setup/", |r| r.body.contains("Second version."));

    let overview = "/en/server/port-overview/";
    assert!(server.get(overview).body.contains("5061/TCP"));
    let ports = site
        .read_source("data/ports.yaml")
        .replacen("ports: 5061", "ports: 5062", 1);
    site.write("data/ports.yaml", &ports);
    server.wait_for(overview, |r| r.body.contains("5062/TCP"));

    let messages = site
        .read_source("i18n/en/site.ftl")
        .replace("doctype-label = Applies to:", "doctype-label = Valid for:");
    site.write("i18n/en/site.ftl", &messages);
    server.wait_for(overview, |r| r.body.contains("Valid for:"));

    let page_template = site
        .read_source("themes/default/templates/page.html")
        .replace(
            "<h1>{{ page.title }}</h1>",
            "<h1 class=\"edited\">{{ page.title }}</h1>",
        );
    site.write("themes/default/templates/page.html", &page_template);
    server.wait_for("/en/guide/setup/", |r| {
        r.body.contains("<h1 class=\"edited\">")
    });
}

#[test]
fn renamed_and_deleted_pages_come_and_go() {
    let site = small_site();
    let server = Server::start(&site);
    assert_eq!(server.get("/en/guide/setup/").status, 200);
    std::fs::rename(
        site.root().join("content/guide/setup.en.md"),
        site.root().join("content/guide/install.en.md"),
    )
    .unwrap();
    server.wait_for("/en/guide/install/", |r| r.status == 200);
    let gone = server.wait_for("/en/guide/setup/", |r| r.status == 404);
    assert!(
        gone.body.contains("<html"),
        "the theme's 404 page: {}",
        gone.body
    );
    site.remove("content/guide/install.en.md");
    server.wait_for("/en/guide/install/", |r| r.status == 404);
    // The German page stays, and its language switcher no longer offers an English version.
    let german = server.wait_for("/de/guide/setup/", |r| r.body.contains("untranslated"));
    assert_eq!(german.status, 200);
}

#[test]
fn a_broken_edit_keeps_the_last_good_pages_and_shows_an_overlay_until_fixed() {
    let site = small_site();
    let server = Server::start(&site);
    assert_eq!(server.get("/__tafel/overlay").status, 204);
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\n{{% tabz %}}\nBroken.\n",
    );
    let overlay = server.wait_for("/__tafel/overlay", |r| r.status == 200);
    assert!(overlay.body.contains("E0401"), "{}", overlay.body);
    assert!(
        overlay.body.contains("content/guide/setup.en.md:4:5"),
        "{}",
        overlay.body
    );
    let page = server.get("/en/guide/setup/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("First version."), "{}", page.body);

    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\nRepaired.\n",
    );
    server.wait_for("/en/guide/setup/", |r| r.body.contains("Repaired."));
    assert_eq!(server.get("/__tafel/overlay").status, 204);
}

#[test]
fn a_site_that_does_not_build_at_start_is_served_once_repaired() {
    let site = small_site();
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\n{{% tabz %}}\nBroken.\n",
    );
    let server = Server::start(&site);
    let stand_in = server.get("/");
    assert_eq!(stand_in.status, 200);
    assert!(stand_in.body.contains("did not build"), "{}", stand_in.body);
    assert_eq!(server.get("/__tafel/overlay").status, 200);

    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\nRepaired.\n",
    );
    server.wait_for("/en/guide/setup/", |r| r.body.contains("Repaired."));
    assert_eq!(server.get("/__tafel/overlay").status, 204);
    let home = server.get("/");
    assert!(!home.body.contains("did not build"), "{}", home.body);
    // Later edits replace single pages of the now complete site.
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\nEdited again.\n",
    );
    server.wait_for("/en/guide/setup/", |r| r.body.contains("Edited again."));
    assert_eq!(server.get("/en/server/port-overview/").status, 200);
}

#[test]
fn only_what_the_build_produced_is_served() {
    let site = small_site();
    site.write("secret.txt", "not for the web");
    let server = Server::start(&site);
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/en/%2E%2E/%2e%2e/secret.txt",
        "/en%2f..%2fsecret.txt",
        "/en/..%5csecret.txt",
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: {}",
            response.status
        );
        assert!(!response.body.contains("not for the web"), "{path}");
    }
    for path in ["/secret.txt", "/site.yaml", "/content/guide/setup.en.md"] {
        assert_eq!(server.get(path).status, 404, "{path}");
    }
    let css = server.get("/css/tafel.css");
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    assert!(!css.body.contains("__tafel"));
    assert_eq!(server.get("/en/guide/setup").status, 301);
}

#[test]
fn open_pages_hear_about_each_rebuild() {
    let site = small_site();
    let server = Server::start(&site);
    let mut events = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    events
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        events,
        "GET /__tafel/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .unwrap();
    // Give the subscription a moment before the edit it should hear about.
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/guide/setup.en.md",
        "---\ntitle: Setup\n---\nThird version.\n",
    );
    let mut seen = String::new();
    let mut buffer = [0; 4096];
    while !seen.contains("event: reload") {
        let read = events.read(&mut buffer).expect("an event arrives");
        assert!(read > 0, "the stream ended: {seen}");
        seen.push_str(&String::from_utf8_lossy(&buffer[..read]));
    }
    assert!(seen.contains("en/guide/setup/index.html"), "{seen}");
}

#[test]
fn the_build_output_has_no_reload_script() {
    let site = small_site();
    site.build();
    for (path, bytes) in site.output_tree() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__tafel"),
            "{path} mentions the dev server"
        );
    }
}

#[test]
fn an_editor_save_is_one_rebuild() {
    let site = small_site();
    let server = Server::start(&site);
    // Settle: let the watcher report anything left from starting.
    std::thread::sleep(Duration::from_millis(500));
    let _ = server.log();
    let dir = site.root().join("content/guide");
    // What Vim does: a swap file, a probe file created and removed, the new text written to a
    // temporary file renamed over the page, a backup; here also written twice.
    std::fs::write(dir.join(".setup.en.md.swp"), "swap").unwrap();
    std::fs::write(dir.join("4913"), "").unwrap();
    std::fs::remove_file(dir.join("4913")).unwrap();
    std::fs::write(dir.join("setup.en.md~"), "backup").unwrap();
    let text = "---\ntitle: Setup\n---\nSaved by an editor.\n";
    std::fs::write(dir.join(".setup.en.md.tmp"), text).unwrap();
    std::fs::rename(dir.join(".setup.en.md.tmp"), dir.join("setup.en.md")).unwrap();
    std::fs::write(dir.join("setup.en.md"), text).unwrap();
    std::fs::remove_file(dir.join(".setup.en.md.swp")).unwrap();
    server.wait_for("/en/guide/setup/", |r| {
        r.body.contains("Saved by an editor.")
    });
    std::thread::sleep(Duration::from_millis(800));
    let rebuilds: Vec<String> = server
        .log()
        .into_iter()
        .filter(|line| line.contains("changed:"))
        .collect();
    assert_eq!(rebuilds.len(), 1, "{rebuilds:?}");
    assert!(
        rebuilds[0].starts_with("content/guide/setup.en.md changed: rendered 1 of"),
        "{rebuilds:?}"
    );
}
