//! Tests of what the firewall exports share: chain names, comments and the sanitiser, with
//! hostile text in every value of a list; and the exports checked by the real tools.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use super::*;
use crate::data::ports::PortList;
use crate::export::fixtures::*;
use crate::export::iptables::{self, iptables};
use crate::export::nftables::{self, nftables};

#[test]
fn chain_names_are_clean_unique_and_short() {
    let mut list = parse_list(AWKWARD);
    assert_eq!(
        nftables::chain_names(&list),
        [
            "on_site",
            "a_very_long_deployment_name_indeed",
            "a_very_long_deployment_name_too"
        ]
    );
    assert_eq!(
        iptables::chain_names(&list),
        ["ON-SITE", "A-VERY-LONG-DEPLOY", "A-VERY-LONG-DEPL-2"]
    );
    let ipt = iptables(&list, None);
    assert!(ipt.contains(":PORTS-A-VERY-LONG-DEPLOY-OUT - [0:0]\n"));
    assert!(ipt.contains(":PORTS-A-VERY-LONG-DEPL-2-IN - [0:0]\n"));
    assert_eq!(
        "PORTS-A-VERY-LONG-DEPLOY-OUT".len(),
        iptables::IPTABLES_CHAIN_MAX
    );

    // The data checks keep ids from starting with a digit; a list built without them still
    // gets names nft accepts, and names that stay apart.
    list.deployments[0].id = "2024".to_owned();
    list.deployments[1].id = "on_site".to_owned();
    list.deployments[2].id = "on-site".to_owned();
    assert_eq!(
        nftables::chain_names(&list),
        ["_2024", "on_site", "on_site_2"]
    );
    assert_eq!(
        iptables::chain_names(&list),
        ["2024", "ON-SITE", "ON-SITE-2"]
    );
    assert!(nftables(&list, None).contains("\tchain _2024_outbound {\n"));
}

#[test]
fn comments_are_plain_ascii_and_short() {
    let list = parse_list(AWKWARD);
    let comment = rule_comment(&list.rules[0], &list.endpoints[1]);
    assert_eq!(comment.len(), COMMENT_MAX);
    assert!(comment.starts_with("say-hello-to-the-far-side: a1234567890.example.net "));
    assert!(comment.ends_with("..."));
    assert_eq!(
        rule_comment(&list.rules[0], &list.endpoints[0]),
        "say-hello-to-the-far-side: lan"
    );
}

#[test]
fn firewall_text_keeps_only_plain_ascii() {
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        let text = firewall_text(&c.to_string());
        let kept = c.is_ascii_alphanumeric() || " .:,_-/+=@()".contains(c);
        assert_eq!(text, if kept { c.to_string() } else { "_".to_owned() });
    }
    assert_eq!(firewall_text(HOSTILE), HOSTILE_CLEANED);
}

#[test]
fn hostile_text_adds_no_line_to_a_firewall_file() {
    let hostile = small_with(HOSTILE);
    let clean = small_with(HOSTILE_CLEANED);
    type Render = fn(&PortList, Option<usize>) -> String;
    let formats: [(&str, Render); 2] = [("nftables", nftables), ("iptables", iptables)];
    for (format, render) in formats {
        for deployment in [None, Some(0), Some(1)] {
            let export = render(&hostile, deployment);
            let expected = render(&clean, deployment);
            let what = format!("{format}, {deployment:?}");
            assert!(
                export
                    .chars()
                    .all(|c| c == '\n' || c == '\t' || (' '..='~').contains(&c)),
                "{what}: {export:?}"
            );
            assert_eq!(export.lines().count(), expected.lines().count(), "{what}");
            let rules = rule_lines(&expected);
            assert!(!rules.is_empty());
            for line in export.lines() {
                assert!(
                    line.is_empty() || line.starts_with('#') || rules.contains(&line),
                    "{what}: {line:?} is neither a comment nor a rule of the clean list"
                );
            }
            assert_eq!(rule_lines(&export), rules, "{what}");
        }
    }
    assert!(
        nftables(&hostile, Some(0))
            .contains("\n# Deployment: cloud_flush ruleset____ _ _ _ _ _ ________drop only.\n")
    );
}

// -----------------------------------------------------------------------------------------
// The real tools. Each check is skipped, saying so, where the tool is missing, except under
// CI (`CI=true`): `.ci/run` installs the tools, so a missing one there is a broken setup
// that must not pass as green. Checking needs root (CAP_NET_ADMIN): nft asks the kernel,
// iptables-restore --test builds the rules through netlink too.

/// Whether a missing tool fails the test instead of skipping it.
fn tools_required() -> bool {
    std::env::var("CI").is_ok_and(|value| value == "true")
}

/// The path of a system tool, or `None` after saying it is not installed.
///
/// # Panics
///
/// If the tool is missing under CI.
fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        assert!(
            !tools_required(),
            "{name} is not installed, and CI=true needs it"
        );
        eprintln!("skipping: {name} not installed");
    }
    found
}

#[test]
fn a_missing_tool_skips_except_under_ci() {
    let outcome = std::panic::catch_unwind(|| tool("tafel-no-such-firewall-tool"));
    if tools_required() {
        assert!(outcome.is_err(), "CI=true, yet a missing tool was skipped");
    } else {
        assert_eq!(outcome.ok(), Some(None));
    }
}

/// Runs `program` with `input` on stdin; `None` after saying so if it lacks the privileges.
fn run(program: &Path, args: &[&str], input: &str) -> Option<Output> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {}: {error}", program.display()));
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input.as_bytes())
        .expect("the tool reads its input");
    let output = child.wait_with_output().expect("the tool ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success()
        && (stderr.contains("Operation not permitted") || stderr.contains("must be root"))
    {
        assert!(
            !tools_required(),
            "{} needs root (CAP_NET_ADMIN), and CI=true needs the check: {stderr}",
            program.display()
        );
        eprintln!(
            "skipping: {} needs root (CAP_NET_ADMIN) to check rules: {stderr}",
            program.display()
        );
        return None;
    }
    Some(output)
}

fn assert_accepted(what: &str, output: &Output, input: &str) {
    assert!(
        output.status.success(),
        "{what} rejected the export ({}):\n{}\n--- the export ---\n{input}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every list the firewall tests feed the tools: the real one, whole and per deployment, the
/// small and awkward ones, and the small one with hostile text in every value.
fn firewall_cases() -> Vec<(String, PortList, Option<usize>)> {
    let mut cases = Vec::new();
    let lists = [
        ("real", parse_list(REAL)),
        ("small", parse_list(SMALL)),
        ("awkward", parse_list(AWKWARD)),
        ("hostile", small_with(HOSTILE)),
    ];
    for (name, list) in lists {
        cases.push((format!("{name}, all deployments"), list.clone(), None));
        for index in 0..list.deployments.len() {
            let label = format!("{name}, deployment {index}");
            cases.push((label, list.clone(), Some(index)));
        }
    }
    cases
}

#[test]
fn nft_accepts_the_exports() {
    let Some(nft) = tool("nft") else { return };
    for (case, list, deployment) in firewall_cases() {
        let export = nftables(&list, deployment);
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(export.as_bytes()).unwrap();
        let path = file.path().to_str().unwrap();
        let Some(output) = run(&nft, &["-c", "-f", path], "") else {
            return;
        };
        assert_accepted(&format!("nft -c -f ({case})"), &output, &export);
    }
}

#[test]
fn iptables_restore_accepts_the_exports() {
    for program in ["iptables-restore", "ip6tables-restore"] {
        let Some(restore) = tool(program) else {
            continue;
        };
        for (case, list, deployment) in firewall_cases() {
            let export = iptables(&list, deployment);
            for args in [&["--test"][..], &["--test", "--noflush"]] {
                let Some(output) = run(&restore, args, &export) else {
                    return;
                };
                let what = format!("{program} {} ({case})", args.join(" "));
                assert_accepted(&what, &output, &export);
            }
        }
    }
}

/// Loads the real exports into a fresh network namespace (never the machine's own firewall),
/// next to rules of an administrator, twice: the second load must replace the exported
/// chains' rules and keep everything else, as the header comments promise.
#[test]
fn loading_again_replaces_only_the_exported_rules() {
    let (Some(unshare), Some(_), Some(_)) =
        (tool("unshare"), tool("nft"), tool("iptables-restore"))
    else {
        return;
    };
    let namespace_works = Command::new(&unshare)
        .args(["--net", "true"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !namespace_works {
        eprintln!("skipping: cannot make a network namespace (needs root)");
        return;
    }
    let list = parse_list(REAL);
    let nft_export = nftables(&list, None);
    let ipt_export = iptables(&list, None);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ports.nft"), &nft_export).unwrap();
    std::fs::write(dir.path().join("ports.rules"), &ipt_export).unwrap();
    std::fs::write(
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
    let output = Command::new(&unshare)
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
