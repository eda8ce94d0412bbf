//! `live.js` in a real browser: headless Chromium opens a page of the test server and the test
//! publishes snapshots, reading what the page reports in its title through Chromium's DevTools
//! HTTP endpoint (`/json/list`). Skips with a notice when Chromium is not installed, and fails
//! then under `CI=true`, as the integration tests do.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::{TestServer, bytes, request};
use crate::serve::state::{Event, Overlay, Snapshot};
use crate::url::decode_path;

/// Reports the page's state in its title every 50 ms: how often it loaded in this tab, its
/// scroll position, whether `live.js` is listening, the overlay's text, and which build it is.
/// The JSON is percent-encoded, since the DevTools endpoint escapes the title as HTML.
const PROBE: &str = r#"<script>
  const loads = Number(sessionStorage.getItem("probe-loads") || 0) + 1;
  sessionStorage.setItem("probe-loads", String(loads));
  let connected = false;
  addEventListener("tafel:connected", () => { connected = true; });
  addEventListener("load", () => { if (loads === 1) { scrollTo(0, 1500); } });
  setInterval(() => {
    const overlay = document.getElementById("tafel-overlay");
    document.title = encodeURIComponent(JSON.stringify({
      loads,
      y: Math.round(scrollY),
      connected,
      overlay: overlay ? overlay.shadowRoot.querySelector("pre").textContent : "",
      build: document.body.dataset.build,
    }));
  }, 50);
</script>"#;

/// What the page reported.
#[derive(Debug, Default, serde::Deserialize)]
struct State {
    loads: u32,
    y: i64,
    connected: bool,
    overlay: String,
    build: String,
}

fn snapshot(build: u64, overlay: Option<&str>) -> Snapshot {
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>probe</title>{PROBE}</head>\
         <body data-build=\"{build}\"><div style=\"height: 6000px\">Build {build}</div></body></html>"
    );
    Snapshot {
        files: HashMap::from([
            ("guide/index.html".into(), bytes(&page)),
            (
                "other/index.html".into(),
                bytes("<html><body>other</body></html>"),
            ),
        ]),
        not_found: None,
        overlay: overlay.map(|text| Overlay {
            text: text.to_owned(),
        }),
        version: build,
    }
}

/// The Chromium binary, or `None` after saying why the test skips.
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|output| output.status.success())
        });
    if found.is_none() {
        let what = "Chromium is not installed (apt-get install chromium)";
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what}, and CI=true requires every tool"
        );
        eprintln!("skipping: {what}");
    }
    found
}

/// Headless Chromium showing one URL, with the DevTools endpoint on a free port; killed when
/// dropped.
struct Browser {
    child: Child,
    devtools: SocketAddr,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn open(binary: &str, url: &str) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--window-size=800,600",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run chromium");
        // Chromium writes the port it took into the profile.
        let port_file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + Duration::from_secs(60);
        let port = loop {
            if let Some(port) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|text| text.lines().next()?.parse::<u16>().ok())
            {
                break port;
            }
            assert!(
                Instant::now() < deadline,
                "chromium opened no DevTools port"
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        Browser {
            child,
            devtools: SocketAddr::from(([127, 0, 0, 1], port)),
            _profile: profile,
        }
    }

    /// The state the page reports, once `done` holds for it.
    fn wait_for(&self, what: &str, done: impl Fn(&State) -> bool) -> State {
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut last = String::new();
        loop {
            let list = request(self.devtools, "GET", "/json/list");
            let targets: Vec<serde_json::Value> = serde_json::from_slice(&list.body).unwrap();
            let state = targets
                .iter()
                .filter(|target| target["type"] == "page")
                .filter_map(|target| target["title"].as_str())
                .inspect(|title| last = decode_path(title))
                .find_map(|title| serde_json::from_str::<State>(&decode_path(title)).ok());
            if let Some(state) = state
                && done(&state)
            {
                return state;
            }
            assert!(
                Instant::now() < deadline,
                "the page never reported {what}; last: {last}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn pages_reload_keep_their_place_and_show_the_overlay() {
    let Some(binary) = chromium() else { return };
    let failed = "error[E0401]: unclosed shortcode `<tabs>`\n --> content/guide.md:3:1";
    // Opened after a failed rebuild: the overlay shows at once, over the last good page.
    let server = TestServer::start(snapshot(1, Some(failed)));
    let browser = Browser::open(binary, &format!("http://{}/guide/", server.address));
    let first = browser.wait_for("the first load", |state| {
        state.connected && state.y == 1500 && !state.overlay.is_empty()
    });
    assert_eq!(first.loads, 1);
    assert_eq!(first.build, "1");
    // Set as text: the markup in the message is shown, not parsed.
    assert_eq!(first.overlay, failed);

    // The page's own file changed: it reloads where it was, and the overlay is gone.
    server.shared.publish(
        snapshot(2, None),
        Event::Reload {
            pages: vec!["guide/index.html".to_owned()],
        },
    );
    let second = browser.wait_for("a reload", |state| state.loads == 2 && state.connected);
    assert_eq!(second.build, "2");
    assert_eq!(second.overlay, "");
    browser.wait_for("its scroll position kept", |state| state.y == 1500);

    // A failed rebuild shows the overlay without a reload.
    let broken = "error[E0301]: bad YAML\r\n --> data/ports.yaml:2:5";
    server.shared.publish(
        snapshot(2, Some(broken)),
        Event::Overlay(Overlay {
            text: broken.to_owned(),
        }),
    );
    let overlaid = browser.wait_for("the overlay", |state| !state.overlay.is_empty());
    assert_eq!(overlaid.loads, 2);
    assert_eq!(
        overlaid.overlay,
        "error[E0301]: bad YAML\n --> data/ports.yaml:2:5"
    );

    // Another page changed: this one reloads all the same, and the overlay goes.
    server.shared.publish(
        snapshot(3, None),
        Event::Reload {
            pages: vec!["other/index.html".to_owned()],
        },
    );
    let third = browser.wait_for("a reload for another page", |state| {
        state.loads == 3 && state.connected
    });
    assert_eq!(third.build, "3");
    assert_eq!(third.overlay, "");

    drop(browser);
    server.stop().unwrap();
}

#[test]
fn pages_reload_when_the_server_restarted() {
    let Some(binary) = chromium() else { return };
    let server = TestServer::start(snapshot(1, None));
    let address = server.address;
    let browser = Browser::open(binary, &format!("http://{address}/guide/"));
    browser.wait_for("the first load", |state| state.connected);
    server.stop().unwrap();

    // The same snapshot number from a new server on the same port is a new version.
    let listener = std::net::TcpListener::bind(address);
    let Ok(listener) = listener else {
        eprintln!("skipping the restart: port {} was taken", address.port());
        return;
    };
    let restarted = TestServer::start_on(listener, snapshot(1, None));
    let reloaded = browser.wait_for("a reload after the restart", |state| {
        state.loads == 2 && state.connected
    });
    assert_eq!(reloaded.build, "1");
    drop(browser);
    restarted.stop().unwrap();
}
