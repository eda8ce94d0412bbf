//! The port list end to end: one edit in data/ports.yaml reaches every page and every export.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::util::{SiteTest, main_of, skip_missing_tool, text_of, tools_required};

const DE: &str = "de/server/port-overview/index.html";
const EN: &str = "en/server/port-overview/index.html";
const EXPORTS: [&str; 4] = [
    "data/ports.json",
    "data/ports.csv",
    "data/ports.nft",
    "data/ports.iptables",
];

#[test]
fn changing_one_port_changes_every_page_and_export() {
    let site = SiteTest::example();
    site.build();
    assert!(text_of(main_of(&site.output(DE))).contains("8884 /TCP Telefonprovisionierung"));
    for export in EXPORTS {
        assert!(site.output(export).contains("8884"), "{export}");
    }

    let data = site.read_source("data/ports.yaml");
    assert_eq!(data.matches("ports: 8884").count(), 1);
    site.write(
        "data/ports.yaml",
        &data.replace("ports: 8884", "ports: 8886"),
    );
    site.build();

    let german = text_of(main_of(&site.output(DE)));
    let english = text_of(main_of(&site.output(EN)));
    assert!(
        german.contains("8886 /TCP Telefonprovisionierung"),
        "{german}"
    );
    assert!(
        english.contains("8886 /TCP Phone provisioning"),
        "{english}"
    );
    assert!(!german.contains("8884") && !english.contains("8884"));
    // The diagram labels its connector with the new port as well.
    for page in [DE, EN] {
        let html = site.output(page);
        let diagram = &html[html.find("class=\"tafel-diagram\"").unwrap()..];
        assert!(diagram.contains(">8886/TCP</text>"), "{page}");
    }
    for export in EXPORTS {
        let text = site.output(export);
        assert!(text.contains("8886") && !text.contains("8884"), "{export}");
    }
    for format in ["json", "csv", "nftables", "iptables"] {
        let run = site.run(&["ports", "export", "--format", format]);
        run.expect_code(0);
        assert!(
            run.stdout.contains("8886") && !run.stdout.contains("8884"),
            "{format}"
        );
    }
}

#[test]
fn the_command_prints_what_the_build_publishes() {
    let site = SiteTest::example();
    site.build();
    for (format, file) in [
        ("json", "data/ports.json"),
        ("csv", "data/ports.csv"),
        ("nftables", "data/ports.nft"),
        ("iptables", "data/ports.iptables"),
    ] {
        let run = site.run(&["ports", "export", "--format", format]);
        run.expect_code(0);
        assert_eq!(run.stdout, site.output(file), "{format}");
    }
    let json: serde_json::Value = serde_json::from_str(&site.output("data/ports.json")).unwrap();
    assert_eq!(json["$schema"], "ports.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&site.output("data/ports.schema.json")).unwrap();
    assert!(jsonschema::is_valid(&schema, &json));
}

#[test]
fn one_deployment_only() {
    let site = SiteTest::example();
    let run = site.run(&[
        "ports",
        "export",
        "--format",
        "csv",
        "--deployment",
        "onsite",
    ]);
    run.expect_code(0);
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|row| row.split(',').nth(1) == Some("onsite")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("ntp,onsite,outbound,udp,123,123,server,your-network,ntp-pool,pool.ntp.org")
    );

    let run = site.run(&[
        "ports",
        "export",
        "--format",
        "csv",
        "--deployment",
        "on-site",
    ]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("unknown deployment `on-site`")
            && run.stderr.contains("use one of: cloud, onsite")
    );
}

#[test]
fn invalid_data_stops_the_export() {
    let site = SiteTest::example();
    let data = site.read_source("data/ports.yaml");
    site.write(
        "data/ports.yaml",
        &data.replace("ports: 5061", "ports: 65536"),
    );
    let run = site.run(&["ports", "export", "--format", "nftables"]);
    run.expect_code(1);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr.contains("port `65536` is outside 1–65535"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> data/ports.yaml:44:12"),
        "{}",
        run.stderr
    );
}

/// Runs a firewall tool's check mode on `input`; `None` when the tool is missing or may not run
/// here (it needs root), so the caller can skip with a notice. A missing tool fails under CI.
fn check_with(program: &str, args: &[&str], input: &str) -> Option<(bool, String)> {
    let Some(path) = find_tool(program) else {
        skip_missing_tool(program);
        return None;
    };
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
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success()
        && (stderr.contains("Operation not permitted") || stderr.contains("must be root"))
    {
        eprintln!("skipping: {program} needs root here: {stderr}");
        return None;
    }
    Some((output.status.success(), stderr))
}

/// A tool in `PATH`, or in `/usr/sbin` and `/sbin`, where distributions put firewall tools and
/// where a user's `PATH` often does not lead.
fn find_tool(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
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
        let mut args = vec!["ports", "export", "--format", "nftables"];
        args.extend(deployment.iter().flat_map(|id| ["--deployment", *id]));
        let nft = site.run(&args);
        nft.expect_code(0);
        if let Some((ok, stderr)) = check_with("nft", &["-c", "-f", "-"], &nft.stdout) {
            assert!(
                ok,
                "nft rejected the {deployment:?} export: {stderr}\n{}",
                nft.stdout
            );
        }
        args[3] = "iptables";
        let iptables = site.run(&args);
        iptables.expect_code(0);
        for program in ["iptables-restore", "ip6tables-restore"] {
            if let Some((ok, stderr)) =
                check_with(program, &["--test", "--noflush"], &iptables.stdout)
            {
                assert!(
                    ok,
                    "{program} rejected the {deployment:?} export: {stderr}\n{}",
                    iptables.stdout
                );
            }
        }
    }
}

#[test]
fn the_port_overview_links_to_every_export() {
    let site = SiteTest::example();
    site.build();
    for page in [DE, EN] {
        let html = site.output(page);
        for export in EXPORTS.iter().chain(&["data/ports.schema.json"]) {
            let link = format!(r#"href="../../../{export}""#);
            assert!(html.contains(&link), "{page} lacks {link}");
            assert!(site.public().join(export).is_file());
        }
    }
}

#[test]
fn a_legend_sees_tables_in_included_fragments() {
    let site = SiteTest::example();
    site.write(
        "content/server/_onsite-table.md",
        "{{< ports-table deployment=\"onsite\" direction=\"outbound\" >}}\n",
    )
    .write(
        "content/server/mail.en.md",
        "---\ntitle: Mail\n---\n{{% include \"_onsite-table.md\" %}}\n\n{{< ports-legend >}}\n",
    );
    site.build();
    let html = site.output("en/server/mail/index.html");
    let legend = &html[html.find(r#"<div class="ports-legend">"#).unwrap()..];
    let legend = text_of(&legend[..legend.find("</div>").unwrap()]);
    assert!(
        legend.contains("pascom server") && legend.contains("Desktop client"),
        "{legend}"
    );
    assert!(!legend.contains("IP phone"), "{legend}");
}

#[test]
fn invalid_data_fails_the_build_and_writes_nothing() {
    let site = SiteTest::example();
    site.build();
    let before = site.output_tree();
    let data = site.read_source("data/ports.yaml");
    site.write(
        "data/ports.yaml",
        &data.replace(
            "protocols: udp\n    devices: [server]",
            "protocols: icmp\n    devices: [server]",
        ),
    );
    let run = site.run(&["build"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("unknown variant `icmp`"),
        "{}",
        run.stderr
    );
    assert_eq!(before, site.output_tree());
}
