//! The iptables export: a file for `iptables-restore --noflush` and `ip6tables-restore
//! --noflush` with one user chain per deployment and direction.

use super::firewall::{
    Chain, chains, deployment_names, example_interfaces, firewall_header, firewall_text,
    rule_comment,
};
use crate::data::ports::{Direction, PortList, PortRange};

#[cfg(test)]
mod tests;

/// Longest iptables chain name (the kernel's limit is 28 characters plus the terminating zero).
pub(super) const IPTABLES_CHAIN_MAX: usize = 28;

/// Most ports one `-m multiport` match takes; a range counts as two.
const MULTIPORT_MAX: usize = 15;

/// The iptables chain of each deployment and direction: `PORTS-CLOUD-OUT`, `PORTS-ONSITE-IN`.
pub(super) fn chain_names(list: &PortList) -> Vec<String> {
    let clean = |id: &str| -> String {
        firewall_text(id)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '-'
                }
            })
            .collect()
    };
    let max_len = IPTABLES_CHAIN_MAX - "PORTS-".len() - "-OUT".len();
    deployment_names(list, clean, max_len, '-')
}

/// The port list in `iptables-restore` format, for IPv4 and IPv6 alike (no addresses are used):
/// `*filter`, one user chain per deployment and direction that has rules (deployment order,
/// outbound before inbound), named like `PORTS-CLOUD-OUT` and `PORTS-ONSITE-IN`, then `COMMIT`.
///
/// Each data rule gives one line per protocol, such as
/// `-A PORTS-CLOUD-OUT -p tcp --dport 5061 -m comment --comment "sip: pascom-cloud" -j ACCEPT`;
/// a range is written `30000:35000`, several ports `-m multiport --dports 80,443` (split into
/// lines of at most 15 ports, a range counting two).
///
/// Meant for `iptables-restore --noflush` (the header comment says why and how to jump to the
/// chains); `iptables-restore --test` and `ip6tables-restore --test` accept it.
///
/// With `deployment: Some(i)`, only the chains of that deployment.
pub(crate) fn iptables(list: &PortList, deployment: Option<usize>) -> String {
    let chains = chains(list, deployment);
    let names = chain_names(list);
    let name = |chain: &Chain| {
        let direction = match chain.direction {
            Direction::Outbound => "OUT",
            Direction::Inbound => "IN",
        };
        format!("PORTS-{}-{direction}", names[chain.deployment])
    };
    let mut out = String::new();
    firewall_header(&mut out, list, deployment);
    let example = chains
        .first()
        .map_or_else(|| "PORTS-CLOUD-OUT".to_owned(), &name);
    how_to_load(&mut out, &example, example_interfaces(&chains));
    out.push_str("*filter\n");
    for chain in &chains {
        out.push_str(&format!(":{} - [0:0]\n", name(chain)));
    }
    for chain in &chains {
        let name = name(chain);
        for (rule, usage) in &chain.rules {
            let comment = rule_comment(rule, &list.endpoints[usage.destination]);
            for protocol in &rule.protocols {
                for ports in multiport_groups(&rule.ports) {
                    out.push_str(&format!(
                        "-A {name} -p {} {} -m comment --comment \"{comment}\" -j ACCEPT\n",
                        protocol.name(),
                        ports_match(ports),
                    ));
                }
            }
        }
    }
    out.push_str("COMMIT\n");
    out
}

/// The comment after the header: how to check and load the file, and a rule that jumps from
/// interface `from` to `to` into chain `example`.
fn how_to_load(out: &mut String, example: &str, (from, to): (&str, &str)) {
    out.push_str(
        "#\n\
         # For IPv4 and IPv6 alike. Check with `iptables-restore --test --noflush FILE`, load with\n\
         #\n\
         #   iptables-restore --noflush FILE\n\
         #   ip6tables-restore --noflush FILE\n\
         #\n\
         # Always use --noflush: without it, iptables-restore first empties the whole filter table,\n\
         # your own rules included. With it, only the chains below are emptied and filled, so\n\
         # loading again replaces their rules and keeps your jumps to them.\n\
         #\n\
         # The chains do nothing until a chain of yours jumps to them, for example\n\
         #\n",
    );
    out.push_str(&format!(
        "#   iptables -A FORWARD -i {from} -o {to} -j {example}\n\n"
    ));
}

/// The destination ports of one multiport group: `--dport 5061`, or several as
/// `-m multiport --dports 80,443`.
fn ports_match(ports: &[PortRange]) -> String {
    match ports {
        [range] => format!("--dport {}", iptables_range(range)),
        ranges => format!(
            "-m multiport --dports {}",
            ranges
                .iter()
                .map(iptables_range)
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// `5061` or `30000:35000`.
fn iptables_range(range: &PortRange) -> String {
    if range.is_single() {
        range.start.to_string()
    } else {
        format!("{}:{}", range.start, range.end)
    }
}

/// The ports split, in order, into groups that one multiport match takes.
fn multiport_groups(ports: &[PortRange]) -> Vec<&[PortRange]> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut count = 0;
    for (index, range) in ports.iter().enumerate() {
        let weight = if range.is_single() { 1 } else { 2 };
        if count + weight > MULTIPORT_MAX {
            groups.push(&ports[start..index]);
            start = index;
            count = 0;
        }
        count += weight;
    }
    if start < ports.len() {
        groups.push(&ports[start..]);
    }
    groups
}
