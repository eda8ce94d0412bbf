//! Tests of the iptables export: chains and multiport groups.

use super::*;
use crate::export::fixtures::*;

#[test]
fn small_list_as_iptables() {
    let list = parse_list(SMALL);
    let expected = r#"# Firewall rules of the port list, generated from data/ports.yaml by tafel.
# Do not edit: change data/ports.yaml and export again.
# Deployments: all.
#
# Each chain accepts the connections of one deployment and direction, matching the
# protocol and destination port only. Host names appear in comments, never as
# addresses: a name would be resolved once, at load time, and addresses change.
#
# For IPv4 and IPv6 alike. Check with `iptables-restore --test --noflush FILE`, load with
#
#   iptables-restore --noflush FILE
#   ip6tables-restore --noflush FILE
#
# Always use --noflush: without it, iptables-restore first empties the whole filter table,
# your own rules included. With it, only the chains below are emptied and filled, so
# loading again replaces their rules and keeps your jumps to them.
#
# The chains do nothing until a chain of yours jumps to them, for example
#
#   iptables -A FORWARD -i lan0 -o wan0 -j PORTS-CLOUD-OUT

*filter
:PORTS-CLOUD-OUT - [0:0]
:PORTS-ONSITE-OUT - [0:0]
:PORTS-ONSITE-IN - [0:0]
-A PORTS-CLOUD-OUT -p tcp --dport 5061 -m comment --comment "sip: cloud" -j ACCEPT
-A PORTS-CLOUD-OUT -p udp -m multiport --dports 30000:35000,3478 -m comment --comment "media: cloud" -j ACCEPT
-A PORTS-CLOUD-OUT -p tcp -m multiport --dports 30000:35000,3478 -m comment --comment "media: cloud" -j ACCEPT
-A PORTS-ONSITE-OUT -p tcp -m multiport --dports 25,587 -m comment --comment "mail: mx1.example.net mx2.example.net" -j ACCEPT
-A PORTS-ONSITE-IN -p tcp --dport 5061 -m comment --comment "sip: lan" -j ACCEPT
COMMIT
"#;
    assert_eq!(iptables(&list, None), expected);
}

#[test]
fn multiport_takes_at_most_15_ports_a_range_counting_two() {
    let ranges = |spec: &[(u16, u16)]| -> Vec<PortRange> {
        spec.iter()
            .map(|&(start, end)| PortRange { start, end })
            .collect()
    };
    let sizes = |ports: &[PortRange]| -> Vec<usize> {
        multiport_groups(ports)
            .iter()
            .map(|group| group.len())
            .collect()
    };
    let singles: Vec<(u16, u16)> = (1..=16).map(|port| (port, port)).collect();
    assert_eq!(sizes(&ranges(&singles[..15])), [15]);
    assert_eq!(sizes(&ranges(&singles)), [15, 1]);
    let mut fourteen_and_a_range = singles[..14].to_vec();
    fourteen_and_a_range.push((100, 200));
    assert_eq!(sizes(&ranges(&fourteen_and_a_range)), [14, 1]);
    assert_eq!(sizes(&ranges(&[(1, 2); 8])), [7, 1]);

    let list = parse_list(AWKWARD);
    let ipt = iptables(&list, Some(0));
    let lines: Vec<&str> = ipt.lines().filter(|line| line.starts_with("-A ")).collect();
    let comment = "-m comment --comment \"say-hello-to-the-far-side: a1234567890.example.net";
    assert_eq!(lines.len(), 4, "{ipt}");
    assert!(lines[0].starts_with(&format!(
            "-A PORTS-ON-SITE-OUT -p udp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 {comment}"
        )));
    assert!(lines[1].starts_with(&format!(
        "-A PORTS-ON-SITE-OUT -p udp -m multiport --dports 16,100:200,300:400 {comment}"
    )));
    assert!(lines[2].starts_with("-A PORTS-ON-SITE-OUT -p tcp -m multiport --dports 1,2,"));
}
