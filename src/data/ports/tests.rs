use super::*;

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

/// Parses `text`, expects exactly one error, and returns its message, line, column and the text
/// under its span.
fn single_error(text: &str) -> (String, usize, usize, String) {
    let (result, sources) = parse_text(text);
    let errors = result.expect_err("the data should be rejected");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let span = errors[0].span().expect("errors point into the file");
    let (line, column) = sources.get(span.file).line_col(span.start);
    (
        errors[0].message.clone(),
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
    let (message, line, column, under) = single_error(&text);
    assert!(message.contains("unknown field `colour`"), "{message}");
    assert_eq!((line, column, under.as_str()), (25, 5, "colour"));
}

#[test]
fn port_outside_the_valid_range() {
    let text = VALID.replace("ports: 5061", "ports: 70000");
    let (message, line, column, under) = single_error(&text);
    assert_eq!(message, "port `70000` is outside 1–65535");
    assert_eq!((line, column, under.as_str()), (13, 12, "70000"));

    let text = VALID.replace("ports: 5061", "ports: [80, 0]");
    let (message, line, column, under) = single_error(&text);
    assert_eq!(message, "port `0` is outside 1–65535");
    assert_eq!((line, column, under.as_str()), (13, 17, "0"));
}

#[test]
fn range_that_starts_after_it_ends() {
    let text = VALID.replace("30000-35000", "35000-30000");
    let (message, line, column, under) = single_error(&text);
    assert_eq!(message, "port range `35000-30000` starts after it ends");
    assert_eq!((line, column, under.as_str()), (21, 13, "35000-30000"));
}

#[test]
fn text_that_is_not_a_port() {
    let text = VALID.replace("ports: 5061", "ports: 80/443");
    let (message, line, column, _) = single_error(&text);
    assert_eq!(message, "`80/443` is not a port or a port range");
    assert_eq!((line, column), (13, 12));
}

#[test]
fn unknown_protocol() {
    let text = VALID.replace("protocols: [udp, tcp]", "protocols: [udp, icmp]");
    let (message, line, column, under) = single_error(&text);
    assert!(message.contains("unknown variant `icmp`"), "{message}");
    assert_eq!((line, column, under.as_str()), (22, 22, "icmp"));
}

#[test]
fn unknown_device_reference_with_suggestion() {
    let text = VALID.replace("devices: [desktop, phone]", "devices: [desktop, phnoe]");
    let (result, sources) = parse_text(&text);
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "unknown device `phnoe`");
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
    let (message, line, column, under) = single_error(&text);
    assert_eq!(message, "unknown endpoint `internet`");
    assert_eq!((line, column, under.as_str()), (19, 45, "internet"));
}

#[test]
fn unknown_deployment_in_a_rule() {
    let text = VALID.replace(
        "      onsite: { direction: inbound",
        "      on-site: { direction: inbound",
    );
    let (message, line, column, under) = single_error(&text);
    assert_eq!(message, "unknown deployment `on-site`");
    assert_eq!((line, column, under.as_str()), (19, 7, "on-site"));
}

#[test]
fn duplicate_rule_id_points_at_both() {
    let text = VALID.replace("id: rtp", "id: sip");
    let (result, sources) = parse_text(&text);
    let errors = result.unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].message, "rule id `sip` is used twice");
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
    assert_eq!(result.unwrap_err().len(), 3);
}

#[test]
fn bad_host_name() {
    let text = VALID.replace("cloudmx2.pascom.net", "cloudmx2 pascom net");
    let (message, line, _, _) = single_error(&text);
    assert_eq!(message, "`cloudmx2 pascom net` is not a host name");
    assert_eq!(line, 10);
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
