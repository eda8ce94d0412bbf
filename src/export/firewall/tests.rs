//! Tests of what the firewall exports share: chain names, comments and the sanitiser, with
//! hostile text in every value of a list; and the exports checked by the real tools.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

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
// The real tools. The command-line tests run nft and iptables-restore (`tests/cli/firewall.rs`)
// on what the binary exports, and on the files below: the exports of lists that only the
// library can build, such as one the data checks would reject, kept current by this test.

/// Where the exports of [`firewall_cases`] are kept for the real tools: `NAME.nft` and
/// `NAME.iptables` for each case.
const TOOL_FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/firewall-exports"
);

/// Every list whose exports the real tools check besides the real one (which the command-line
/// tests export through the binary): the small and awkward ones, whole and per deployment, and
/// the small one with hostile text in every value. Named as in [`TOOL_FIXTURES`].
fn firewall_cases() -> Vec<(String, PortList, Option<usize>)> {
    let mut cases = Vec::new();
    let lists = [
        ("small", parse_list(SMALL)),
        ("awkward", parse_list(AWKWARD)),
        ("hostile", small_with(HOSTILE)),
    ];
    for (name, list) in lists {
        cases.push((format!("{name}-all"), list.clone(), None));
        for index in 0..list.deployments.len() {
            let label = format!("{name}-deployment-{index}");
            cases.push((label, list.clone(), Some(index)));
        }
    }
    cases
}

/// The files [`TOOL_FIXTURES`] must hold: name and text.
fn tool_fixtures() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (name, list, deployment) in firewall_cases() {
        files.insert(format!("{name}.nft"), nftables(&list, deployment));
        files.insert(format!("{name}.iptables"), iptables(&list, deployment));
    }
    files
}

/// Fails unless the files the real tools check are the exports of today's code; with
/// `UPDATE_EXPECT=1` it writes them first.
#[test]
fn the_exports_for_the_real_tools_are_current() {
    let expected = tool_fixtures();
    let dir = Path::new(TOOL_FIXTURES);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        if dir.exists() {
            fs::remove_dir_all(dir).unwrap();
        }
        fs::create_dir_all(dir).unwrap();
        for (name, text) in &expected {
            fs::write(dir.join(name), text).unwrap();
        }
    }
    let update = "run `UPDATE_EXPECT=1 cargo test --lib export` and commit the files";
    let present: BTreeMap<String, String> = fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{TOOL_FIXTURES}: {error}; {update}"))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            (name, fs::read_to_string(&path).unwrap())
        })
        .collect();
    assert_eq!(
        present.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "{update}"
    );
    for (name, text) in &expected {
        assert!(&present[name] == text, "{name} is out of date; {update}");
    }
}
