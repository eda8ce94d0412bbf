//! Tests of what every format shares: format names, one deployment, and the real list in every
//! format.

use super::fixtures::*;
use super::*;

#[test]
fn format_names_round_trip() {
    for format in Format::ALL {
        assert_eq!(format.as_str().parse::<Format>(), Ok(format));
        assert_eq!(format.to_string(), format.as_str());
    }
    assert_eq!(
        "nft".parse::<Format>().unwrap_err().to_string(),
        "unknown export format `nft`; use json, csv, nftables or iptables"
    );
}

#[test]
fn one_deployment_keeps_only_its_rules_and_usages() {
    let list = parse_list(SMALL);
    let onsite = list.deployment("onsite");
    let value: serde_json::Value =
        serde_json::from_str(&json(&list, &langs(), &SMALL_LABELS, onsite)).unwrap();
    assert_eq!(value["deployment"], "onsite");
    assert_eq!(value["deployments"].as_array().unwrap().len(), 2);
    let rules = value["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["sip", "mail"]);
    for rule in rules {
        let usages = rule["deployments"].as_array().unwrap();
        assert_eq!(usages.len(), 1);
        assert_eq!(usages[0]["deployment"], "onsite");
    }

    let csv = csv(&list, &langs(), &SMALL_LABELS, onsite);
    assert_eq!(csv.lines().count(), 4);
    assert!(
        csv.lines()
            .skip(1)
            .all(|row| row.split(',').nth(1) == Some("onsite"))
    );

    let nft = nftables(&list, onsite);
    assert!(nft.contains("# Deployment: onsite only.\n"));
    assert!(!nft.contains("cloud_outbound"));
    assert!(
        nft.contains("\tchain onsite_outbound {\n") && nft.contains("\tchain onsite_inbound {\n")
    );

    let ipt = iptables(&list, onsite);
    assert!(!ipt.contains("PORTS-CLOUD"));
    assert!(ipt.contains(":PORTS-ONSITE-OUT - [0:0]\n:PORTS-ONSITE-IN - [0:0]\n"));
}

#[test]
fn every_real_rule_appears_in_every_format() {
    let list = parse_list(REAL);
    let catalog = real_catalog();
    let selections = std::iter::once(None).chain((0..list.deployments.len()).map(Some));
    for deployment in selections {
        let expected: Vec<&str> = list
            .rules
            .iter()
            .filter(|rule| usages(rule, deployment).next().is_some())
            .map(|rule| rule.id.as_str())
            .collect();
        assert!(!expected.is_empty());

        let value: serde_json::Value =
            serde_json::from_str(&json(&list, &langs(), &catalog, deployment)).unwrap();
        let in_json: Vec<&str> = value["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|rule| rule["id"].as_str().unwrap())
            .collect();
        assert_eq!(in_json, expected);

        let csv = csv(&list, &langs(), &catalog, deployment);
        let mut in_csv: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|row| row.split(',').next().unwrap())
            .collect();
        in_csv.dedup();
        assert_eq!(in_csv, expected);

        let nft = nftables(&list, deployment);
        let ipt = iptables(&list, deployment);
        for id in &expected {
            assert!(nft.contains(&format!("accept comment \"{id}: ")), "{id}");
            assert!(ipt.contains(&format!("--comment \"{id}: ")), "{id}");
        }
    }
}

#[test]
fn a_changed_port_reaches_every_format() {
    let catalog = real_catalog();
    let before = parse_list(REAL);
    assert_eq!(REAL.matches("ports: 5061").count(), 1);
    let after = parse_list(&REAL.replace("ports: 5061", "ports: 5062"));
    for format in Format::ALL {
        let old = format.render(&before, &langs(), &catalog, None);
        let new = format.render(&after, &langs(), &catalog, None);
        assert!(old.contains("5061") && !old.contains("5062"), "{format}");
        assert!(new.contains("5062"), "{format}");
        assert!(!new.contains("5061"), "{format}: 5061 is still there");
    }
}

#[test]
fn real_labels_come_from_the_catalog() {
    let list = parse_list(REAL);
    let csv = csv(&list, &langs(), &real_catalog(), None);
    assert!(csv.contains(",function-ldaps,\"LDAPS, Telefonbuch\",\"LDAPS, phone book\"\r\n"));
    assert!(!csv.contains("30.000") && !csv.contains("30,000"));
}
