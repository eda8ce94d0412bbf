//! The firewall exports through the real tools: `nft -c`, `iptables-restore --test` and
//! `ip6tables-restore --test` check every export, and a network namespace loads the real ones
//! twice.
//!
//! Two sources feed the tools. The binary exports the example's port list, whole and per
//! deployment. Lists that only the library can build, above all one with hostile text in every
//! value that the data checks would reject, reach the tools as files in
//! `tests/fixtures/firewall-exports/`; the export unit tests keep those files equal to what the
//! code writes today (`UPDATE_EXPECT=1 cargo test --lib export` rewrites them).
//!
//! Each check is skipped, saying so, where a tool is missing or may not run here, except under
//! CI (`CI=true`; see `util::missing_tool`). Checking needs root (CAP_NET_ADMIN): nft asks the
//! kernel, and iptables-restore --test builds the rules through netlink too.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::util::{SiteTest, missing_tool, repo, tools_required};

/// A tool in `PATH`, or in `/usr/sbin` and `/sbin`, where distributions put firewall tools and
/// where a user's `PATH` often does not lead; `None` after reporting it missing.
fn find_tool(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        missing_tool(&format!("{program} is not installed"));
    }
    found
}

/// Runs a firewall tool's check mode on `input`; `None` when the tool is missing or may not run
/// here (it needs root), after reporting so: a notice, or a failure under CI.
fn check_with(program: &str, args: &[&str], input: &str) -> Option<(bool, String)> {
    let path = find_tool(program)?;
    let mut child = Command::new(&path)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", path.display()));
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("the tool reads its input");
    let output: Output = child.wait_with_output().expect("the tool ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success()
        && (stderr.contains("Operation not permitted") || stderr.contains("must be root"))
    {
        missing_tool(&format!(
            "{program} needs root (CAP_NET_ADMIN) here: {stderr}"
        ));
        return None;
    }
    Some((output.status.success(), stderr))
}

/// Checks a firewall export with the real tools for its format: `nft -c -f -` for nftables;
/// `iptables-restore` and `ip6tables-restore`, with `--test` and with `--test --noflush`, for
/// iptables.
pub(crate) fn assert_tools_accept(what: &str, export: &str) {
    if export.contains("\ntable inet ports {\n") {
        if let Some((ok, stderr)) = check_with("nft", &["-c", "-f", "-"], export) {
            assert!(ok, "nft rejected {what}: {stderr}\n{export}");
        }
        return;
    }
    for program in ["iptables-restore", "ip6tables-restore"] {
        for args in [&["--test"][..], &["--test", "--noflush"]] {
            if let Some((ok, stderr)) = check_with(program, args, export) {
                let command = args.join(" ");
                assert!(
                    ok,
                    "{program} {command} rejected {what}: {stderr}\n{export}"
                );
            }
        }
    }
}

/// `tafel ports export` for `format` and, if given, one deployment, expecting success.
fn export(site: &SiteTest, format: &str, deployment: Option<&str>) -> String {
    let mut args = vec!["ports", "export", "--format", format];
    args.extend(deployment.iter().flat_map(|id| ["--deployment", *id]));
    let run = site.run(&args);
    run.expect_code(0);
    run.stdout
}

#[test]
fn a_missing_firewall_tool_skips_except_under_ci() {
    let outcome =
        std::panic::catch_unwind(|| check_with("tafel-no-such-firewall-tool", &["-c"], ""));
    if tools_required() {
        assert!(outcome.is_err(), "CI=true, yet a missing tool was skipped");
    } else {
        assert_eq!(outcome.ok(), Some(None));
    }
}

#[test]
fn firewall_exports_from_the_command_pass_the_real_tools() {
    let site = SiteTest::example();
    for deployment in [None, Some("cloud"), Some("onsite")] {
        for format in ["nftables", "iptables"] {
            let text = export(&site, format, deployment);
            assert_tools_accept(&format!("the {format} export of {deployment:?}"), &text);
        }
    }
}

#[test]
fn exports_only_the_library_can_make_pass_the_real_tools() {
    let dir = repo().join("tests/fixtures/firewall-exports");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("folder entry").path())
        .collect();
    files.sort();
    let names: Vec<String> = files
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    for expected in ["hostile-all.nft", "hostile-all.iptables"] {
        assert!(names.iter().any(|name| name == expected), "{names:?}");
    }
    for (path, name) in files.iter().zip(&names) {
        assert!(
            name.ends_with(".nft") || name.ends_with(".iptables"),
            "{name}"
        );
        assert_tools_accept(name, &fs::read_to_string(path).unwrap());
    }
}

/// Loads the real exports into a fresh network namespace (never the machine's own firewall),
/// next to rules of an administrator, twice: the second load must replace the exported
/// chains' rules and keep everything else, as the header comments promise.
#[test]
fn loading_again_replaces_only_the_exported_rules() {
    let (Some(unshare), Some(_), Some(_)) = (
        find_tool("unshare"),
        find_tool("nft"),
        find_tool("iptables-restore"),
    ) else {
        return;
    };
    let namespace_works = Command::new(&unshare)
        .args(["--net", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !namespace_works {
        missing_tool("a network namespace (unshare --net needs root)");
        return;
    }
    let site = SiteTest::example();
    let nft_export = export(&site, "nftables", None);
    let ipt_export = export(&site, "iptables", None);
    let (saved, listed) = load_twice_in_a_namespace(&unshare, &nft_export, &ipt_export);

    let exported = ipt_export
        .lines()
        .filter(|l| l.starts_with("-A PORTS-"))
        .count();
    let loaded = saved.lines().filter(|l| l.starts_with("-A PORTS-")).count();
    assert_eq!(loaded, exported, "{saved}");
    assert!(
        saved.contains("\n-A FORWARD -j PORTS-CLOUD-OUT\n"),
        "{saved}"
    );
    assert!(saved.contains("\n-A FORWARD -j DROP\n"), "{saved}");

    let exported = nft_export.matches(" accept comment ").count();
    assert_eq!(
        listed.matches(" accept comment ").count(),
        exported,
        "{listed}"
    );
    assert!(listed.contains("jump cloud_outbound"), "{listed}");
}

/// Runs `unshare --net` with a script that loads both exports twice around rules of an
/// administrator (a DROP and a jump for iptables, a base chain for nftables), and returns what
/// `iptables-save -t filter` and `nft list table inet ports` show afterwards.
fn load_twice_in_a_namespace(
    unshare: &Path,
    nft_export: &str,
    ipt_export: &str,
) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("ports.nft"), nft_export).unwrap();
    fs::write(dir.path().join("ports.rules"), ipt_export).unwrap();
    fs::write(
        dir.path().join("admin.nft"),
        "table inet ports {\n\tchain forward {\n\t\ttype filter hook forward priority filter; \
             policy accept;\n\t\tjump cloud_outbound\n\t}\n}\n",
    )
    .unwrap();
    let script = "set -e
            iptables -A FORWARD -j DROP
            iptables-restore --noflush ports.rules
            iptables -I FORWARD -j PORTS-CLOUD-OUT
            iptables-restore --noflush ports.rules
            iptables-save -t filter
            echo '=====' 
            nft -f ports.nft
            nft -f admin.nft
            nft -f ports.nft
            nft list table inet ports";
    let mut search = std::env::var_os("PATH").unwrap_or_default();
    search.push(":/usr/sbin:/sbin");
    let output = Command::new(unshare)
        .args(["--net", "sh", "-c", script])
        .current_dir(dir.path())
        .env("PATH", search)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (saved, listed) = stdout.split_once("=====").unwrap();
    (saved.to_owned(), listed.to_owned())
}
