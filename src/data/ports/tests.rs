use super::*;
use crate::diagnostics::Code;

const VALID: &str = "\
deployments:
  cloud: { label: deployment-cloud }
  onsite: { label: deployment-onsite }
devices:
  desktop: { icon: monitor, label: device-desktop }
  phone: { icon: phone, label: device-phone }
endpoints:
  your-network: { icon: building-2, label: endpoint-your-network }
  pascom-cloud: { icon: cloud, label: endpoint-pascom-cloud, note: note-pascom-cloud }
  mail: { icon: mail, label: endpoint-mail, hosts: [cloudmx1.pascom.net, cloudmx2.pascom.net] }
rules:
  - id: sip
    ports: 5061
    protocols: tcp
    devices: [desktop, phone]
    function: function-sip
    deployments:
      cloud: { direction: outbound, source: your-network, destination: pascom-cloud }
      onsite: { direction: inbound, source: pascom-cloud, destination: your-network }
  - id: rtp
    ports: [30000-35000, 3478]
    protocols: [udp, tcp]
    devices: [phone]
    function: function-rtp
    deployments:
      cloud: { direction: outbound, source: your-network, destination: pascom-cloud }
";

fn parse_text(text: &str) -> (Result<PortList, Vec<Diagnostic>>, SourceMap) {
    let mut sources = SourceMap::new();
    let file = sources.add("data/ports.yaml", text);
    (parse(&sources, file), sources)
}

/// Parses `text`, expects exactly one error, and returns it with its line, column and the text
/// under its span.
fn single_error(text: &str) -> (Diagnostic, usize, usize, String) {
    let (result, sources) = parse_text(text);
    let errors = result.expect_err("the data should be rejected");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let span = errors[0].span().expect("errors point into the file");
    let (line, column) = sources.get(span.file).line_col(span.start);
    (
        errors[0].clone(),
        line,
        column,
        text[span.range()].to_owned(),
    )
}

#[test]
fn valid_list_keeps_declaration_order_and_shapes() {
    let (result, _) = parse_text(VALID);
    let list = result.unwrap();
    assert_eq!(
        list.deployments
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["cloud", "onsite"]
    );
    assert_eq!(
        list.devices
            .iter()
            .map(|d| d.id.as_str())
            .collect::<Vec<_>>(),
        ["desktop", "phone"]
    );
    let rtp = &list.rules[1];
    assert_eq!(
        rtp.ports,
        [
            PortRange {
                start: 30000,
                end: 35000
            },
            PortRange {
                start: 3478,
                end: 3478
            }
        ]
    );
    assert_eq!(rtp.protocols, [Protocol::Udp, Protocol::Tcp]);
    let sip = &list.rules[0];
    assert_eq!(sip.protocols, [Protocol::Tcp]);
    assert_eq!(sip.devices, [0, 1]);
    assert_eq!(sip.usages.len(), 2);
    assert_eq!(sip.usages[1].direction, Direction::Inbound);
    assert_eq!(
        list.endpoints[2].hosts,
        ["cloudmx1.pascom.net", "cloudmx2.pascom.net"]
    );
    assert_eq!(list.rules_for(0, None).count(), 2);
    assert_eq!(list.rules_for(1, Some(Direction::Outbound)).count(), 0);
    assert_eq!(list.rules_for(1, Some(Direction::Inbound)).count(), 1);
}

#[test]
fn unknown_key_is_reported_at_the_key() {
    let text = VALID.replace(
        "    function: function-rtp\n",
        "    function: function-rtp\n    colour: red\n",
    );
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::UnknownField);
    assert_eq!((line, column, under.as_str()), (25, 5, "colour"));
}

#[test]
fn port_outside_the_valid_range() {
    let text = VALID.replace("ports: 5061", "ports: 70000");
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::PortOutOfRange);
    assert_eq!((line, column, under.as_str()), (13, 12, "70000"));

    let text = VALID.replace("ports: 5061", "ports: [80, 0]");
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::PortOutOfRange);
    assert_eq!((line, column, under.as_str()), (13, 17, "0"));
}

#[test]
fn range_that_starts_after_it_ends() {
    let text = VALID.replace("30000-35000", "35000-30000");
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::ReversedPortRange);
    assert_eq!((line, column, under.as_str()), (21, 13, "35000-30000"));
}

#[test]
fn text_that_is_not_a_port() {
    let text = VALID.replace("ports: 5061", "ports: 80/443");
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::NotAPort);
    assert_eq!((line, column, under.as_str()), (13, 12, "80/443"));
}

#[test]
fn unknown_protocol() {
    let text = VALID.replace("protocols: [udp, tcp]", "protocols: [udp, icmp]");
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::InvalidYamlValue);
    assert_eq!((line, column, under.as_str()), (22, 22, "icmp"));
}

#[test]
fn unknown_device_reference_with_suggestion() {
    let text = VALID.replace("devices: [desktop, phone]", "devices: [desktop, phnoe]");
    let (result, sources) = parse_text(&text);
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::UnknownPortListId);
    assert_eq!(errors[0].help.as_deref(), Some("did you mean `phone`?"));
    let span = errors[0].span().unwrap();
    assert_eq!(sources.get(span.file).line_col(span.start), (15, 24));
    assert_eq!(&text[span.range()], "phnoe");
}

#[test]
fn unknown_endpoint_reference() {
    let text = VALID.replace(
        "source: pascom-cloud, destination: your-network",
        "source: internet, destination: your-network",
    );
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::UnknownPortListId);
    assert_eq!((line, column, under.as_str()), (19, 45, "internet"));
}

#[test]
fn unknown_deployment_in_a_rule() {
    let text = VALID.replace(
        "      onsite: { direction: inbound",
        "      on-site: { direction: inbound",
    );
    let (error, line, column, under) = single_error(&text);
    assert_eq!(error.code, Code::UnknownPortListId);
    assert_eq!((line, column, under.as_str()), (19, 7, "on-site"));
}

#[test]
fn duplicate_rule_id_points_at_both() {
    let text = VALID.replace("id: rtp", "id: sip");
    let (result, sources) = parse_text(&text);
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code, Code::DuplicatePortListId);
    let span = errors[0].span().unwrap();
    assert_eq!(sources.get(span.file).line_col(span.start), (20, 9));
    let first = errors[0].notes[0].span;
    assert_eq!(sources.get(first.file).line_col(first.start), (12, 9));
}

#[test]
fn every_error_is_reported_in_one_run() {
    let text = VALID
        .replace("ports: 5061", "ports: 70000")
        .replace("devices: [phone]", "devices: [tablet]")
        .replace("id: rtp", "id: sip");
    let (result, _) = parse_text(&text);
    let mut codes: Vec<Code> = result.unwrap_err().iter().map(|error| error.code).collect();
    codes.sort();
    assert_eq!(
        codes,
        [
            Code::DuplicatePortListId,
            Code::UnknownPortListId,
            Code::PortOutOfRange
        ]
    );
}

#[test]
fn ids_are_lowercase_letters_digits_and_hyphens_starting_with_a_letter() {
    for id in ["cloud", "web-client", "ntp-pool", "x2", "function-sip", "a"] {
        assert!(is_id(id), "{id}");
    }
    for id in [
        "", "Cloud", "2024", "-cloud", "on_site", "on site", "a.b", "grüß", "a\nb", "a\0b",
    ] {
        assert!(!is_id(id), "{id:?}");
    }
}

/// Parses `text`, expects exactly one error, that of an id which breaks the pattern, and
/// returns its message, line, column, the text under its span and its help.
fn id_error(text: &str) -> (String, usize, usize, String, String) {
    let (result, sources) = parse_text(text);
    let errors = result.expect_err("the data should be rejected");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].code, Code::InvalidPortListId, "{errors:#?}");
    let span = errors[0].span().expect("errors point into the file");
    let (line, column) = sources.get(span.file).line_col(span.start);
    (
        errors[0].message.clone(),
        line,
        column,
        text[span.range()].to_owned(),
        errors[0].help.clone().expect("a help line"),
    )
}

#[test]
fn every_kind_of_id_is_checked_where_it_is_written() {
    let pattern = "an id is lowercase ASCII letters, digits and `-`, starting with a letter";
    /// Replacements in [`VALID`].
    type Edits = &'static [(&'static str, &'static str)];
    // (edits, the id as written where it is declared, message, suggested id)
    let cases: [(Edits, &str, &str, &str); 7] = [
        (
            &[
                ("  cloud: { label", "  \"cloud\\nflush ruleset\": { label"),
                ("      cloud: {", "      \"cloud\\nflush ruleset\": {"),
            ],
            "\"cloud\\nflush ruleset\"",
            "\"cloud\\nflush ruleset\" is not a valid deployment id",
            "cloud-flush-ruleset",
        ),
        (
            &[
                ("  desktop: {", "  Desk_Top: {"),
                ("[desktop, phone]", "[Desk_Top, phone]"),
            ],
            "Desk_Top",
            "`Desk_Top` is not a valid device id",
            "desk-top",
        ),
        (
            &[
                ("  your-network: {", "  'your network': {"),
                (": your-network", ": your network"),
            ],
            "'your network'",
            "`your network` is not a valid endpoint id",
            "your-network",
        ),
        (
            &[("id: rtp", "id: 'rtp\"; flush ruleset #'")],
            "'rtp\"; flush ruleset #'",
            "`rtp\"; flush ruleset #` is not a valid rule id",
            "rtp-flush-ruleset",
        ),
        (
            &[("label: device-phone", "label: Device_Phone")],
            "Device_Phone",
            "`Device_Phone` is not a valid label id",
            "device-phone",
        ),
        (
            &[("note: note-pascom-cloud", "note: note.pascom.cloud")],
            "note.pascom.cloud",
            "`note.pascom.cloud` is not a valid note id",
            "note-pascom-cloud",
        ),
        (
            &[("function: function-sip", "function: '=function-sip'")],
            "'=function-sip'",
            "`=function-sip` is not a valid function id",
            "function-sip",
        ),
    ];
    for (edits, written, message, suggestion) in cases {
        let text = edits
            .iter()
            .fold(VALID.to_owned(), |text, (from, to)| text.replace(from, to));
        let (found, line, column, under, help) = id_error(&text);
        assert_eq!(found, message);
        let offset = text.find(written).expect("the edit is in the text");
        let mut sources = SourceMap::new();
        let expected = sources.add("data/ports.yaml", text.as_str());
        assert_eq!(
            (line, column),
            sources.get(expected).line_col(offset),
            "{message}"
        );
        assert_eq!(under, written, "{message}");
        assert_eq!(help, format!("{pattern}, such as `{suggestion}`"));
    }
}

#[test]
fn an_id_without_a_close_valid_form_gets_an_example() {
    let (message, _, _, _, help) = id_error(&VALID.replace("id: rtp", "id: '2024'"));
    assert_eq!(message, "`2024` is not a valid rule id");
    assert!(help.ends_with("such as `web-client`"), "{help}");
}

#[test]
fn unknown_references_offer_only_valid_ids() {
    let text = VALID.replace("  mail: {", "  \"mail\\u2028x\": {").replace(
        "source: pascom-cloud, destination: your-network",
        "source: pascom-cloud, destination: mail",
    );
    let (result, _) = parse_text(&text);
    let errors = result.unwrap_err();
    let unknown = errors
        .iter()
        .find(|error| error.code == Code::UnknownPortListId)
        .expect("the reference is reported");
    assert_eq!(
        unknown.help.as_deref(),
        Some("declared endpoints: pascom-cloud, your-network")
    );
}

#[test]
fn a_duplicate_id_with_a_line_break_is_quoted_in_the_message() {
    let text = VALID
        .replace("id: rtp", "id: \"sip\\nx\"")
        .replace("id: sip", "id: \"sip\\nx\"");
    let (result, _) = parse_text(&text);
    let messages: Vec<String> = result.unwrap_err().into_iter().map(|e| e.message).collect();
    assert!(
        messages.contains(&"rule id \"sip\\nx\" is used twice".to_owned()),
        "{messages:#?}"
    );
    assert!(
        messages.iter().all(|message| !message.contains('\n')),
        "{messages:#?}"
    );
}

#[test]
fn a_host_name_with_a_line_break_is_quoted_in_the_message() {
    let text = VALID.replace(
        "cloudmx2.pascom.net",
        "\"cloudmx2.pascom.net\\nflush ruleset\"",
    );
    let (error, line, column, _) = single_error(&text);
    assert_eq!(error.code, Code::InvalidHostName);
    assert_eq!(
        error.message,
        "\"cloudmx2.pascom.net\\nflush ruleset\" is not a host name"
    );
    assert_eq!((line, column), (10, 74));
}

#[test]
fn bad_host_name() {
    let text = VALID.replace("cloudmx2.pascom.net", "cloudmx2 pascom net");
    let (error, line, _, under) = single_error(&text);
    assert_eq!(error.code, Code::InvalidHostName);
    assert_eq!((line, under.as_str()), (10, "cloudmx2 pascom net"));
}

#[test]
fn label_without_message_in_a_language() {
    let (result, sources) = parse_text(VALID);
    let list = result.unwrap();
    let de = crate::config::Lang::parse("de").unwrap().0;
    let en = crate::config::Lang::parse("en").unwrap().0;
    let diagnostics = check_labels(&list, &[de.clone(), en.clone()], |lang, id| {
        !(lang == &en && id == "function-rtp")
    });
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, Code::LabelWithoutMessage);
    // The message names the languages that lack the message.
    assert_eq!(
        diagnostics[0].message,
        "label `function-rtp` has no message in `en`"
    );
    let span = diagnostics[0].span().unwrap();
    assert_eq!(sources.get(span.file).line_col(span.start), (24, 15));
    assert_eq!(&VALID[span.range()], "function-rtp");
}

#[test]
fn port_ranges_print_without_digit_grouping() {
    assert_eq!(
        PortRange {
            start: 30000,
            end: 35000
        }
        .to_string(),
        "30000-35000"
    );
    assert_eq!(
        PortRange {
            start: 5061,
            end: 5061
        }
        .to_string(),
        "5061"
    );
}
