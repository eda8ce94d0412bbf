//! Tests of the nftables export.

use super::*;
use crate::export::fixtures::*;

#[test]
fn small_list_as_nftables() {
    let list = parse_list(SMALL);
    let expected = r#"# Firewall rules of the port list, generated from data/ports.yaml by tafel.
# Do not edit: change data/ports.yaml and export again.
# Deployments: all.
#
# Each chain accepts the connections of one deployment and direction, matching the
# protocol and destination port only. Host names appear in comments, never as
# addresses: a name would be resolved once, at load time, and addresses change.
#
# Check with `nft -c -f FILE`, load with `nft -f FILE`. Loading again replaces the rules
# of these chains and leaves the rest of the table alone.
#
# The chains have no hook: loading this file changes nothing until a base chain jumps to
# them. nftables jumps only within a table, so add your base chain to `table inet ports`,
# for example in a file loaded after this one:
#
#   table inet ports {
#     chain forward {
#       type filter hook forward priority filter; policy drop;
#       ct state established,related accept
#       iifname "lan0" oifname "wan0" jump cloud_outbound
#     }
#   }
#
# An accept ends a packet's way through this table only: base chains of other tables on
# the same hook still see it.

add table inet ports
add chain inet ports cloud_outbound
flush chain inet ports cloud_outbound
add chain inet ports onsite_outbound
flush chain inet ports onsite_outbound
add chain inet ports onsite_inbound
flush chain inet ports onsite_inbound

table inet ports {
	chain cloud_outbound {
		tcp dport 5061 accept comment "sip: cloud"
		meta l4proto { tcp, udp } th dport { 30000-35000, 3478 } accept comment "media: cloud"
	}

	chain onsite_outbound {
		tcp dport { 25, 587 } accept comment "mail: mx1.example.net mx2.example.net"
	}

	chain onsite_inbound {
		tcp dport 5061 accept comment "sip: lan"
	}
}
"#;
    assert_eq!(nftables(&list, None), expected);
}
