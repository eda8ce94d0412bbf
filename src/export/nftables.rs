//! The nftables export: a file for `nft -f` with one regular chain per deployment and direction.

use super::firewall::{
    Chain, chains, deployment_names, example_interfaces, firewall_header, firewall_text,
    rule_comment,
};
use crate::data::ports::{PortList, PortRange, Rule};

#[cfg(test)]
mod tests;

/// The nftables chain of each deployment and direction: `cloud_outbound`. An nft name starts
/// with a letter or `_`, so an id starting with a digit gets a leading `_`.
pub(super) fn chain_names(list: &PortList) -> Vec<String> {
    let clean = |id: &str| -> String {
        let name: String = firewall_text(id)
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            format!("_{name}")
        } else {
            name
        }
    };
    deployment_names(list, clean, 200, '_')
}

/// The port list as an nftables file: `table inet ports` with one regular chain per deployment
/// and direction that has rules (deployment order, outbound before inbound), named like
/// `cloud_outbound`, and one nft rule per data rule:
///
/// ```text
/// tcp dport 5061 accept comment "sip: pascom-cloud"
/// udp dport 30000-35000 accept comment "rtp: pascom-cloud"
/// tcp dport { 80, 443 } accept comment "updates-push: my.pascom.net"
/// meta l4proto { tcp, udp } th dport 19302 accept comment "webrtc: pascom-cloud"
/// ```
///
/// The chains have no hook, so loading the file changes nothing until the administrator jumps to
/// them; the header comment explains how. The file first creates and flushes its chains, so
/// loading it again replaces their rules and leaves the rest of the table alone. `nft -c -f`
/// accepts it on its own.
///
/// With `deployment: Some(i)`, only the chains of that deployment.
pub(crate) fn nftables(list: &PortList, deployment: Option<usize>) -> String {
    let chains = chains(list, deployment);
    let names = chain_names(list);
    let name = |chain: &Chain| format!("{}_{}", names[chain.deployment], chain.direction.name());
    let mut out = String::new();
    firewall_header(&mut out, list, deployment);
    let example = chains
        .first()
        .map_or_else(|| "cloud_outbound".to_owned(), &name);
    how_to_load(&mut out, &example, example_interfaces(&chains));
    out.push_str("add table inet ports\n");
    for chain in &chains {
        let name = name(chain);
        out.push_str(&format!(
            "add chain inet ports {name}\nflush chain inet ports {name}\n"
        ));
    }
    out.push_str("\ntable inet ports {\n");
    for (index, chain) in chains.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&format!("\tchain {} {{\n", name(chain)));
        for (rule, usage) in &chain.rules {
            let comment = rule_comment(rule, &list.endpoints[usage.destination]);
            out.push_str(&format!(
                "\t\t{} accept comment \"{comment}\"\n",
                rule_match(rule)
            ));
        }
        out.push_str("\t}\n");
    }
    out.push_str("}\n");
    out
}

/// The comment after the header: how to check and load the file, and a base chain that jumps
/// from interface `from` to `to` into chain `example`.
fn how_to_load(out: &mut String, example: &str, (from, to): (&str, &str)) {
    out.push_str(
        "#\n\
         # Check with `nft -c -f FILE`, load with `nft -f FILE`. Loading again replaces the rules\n\
         # of these chains and leaves the rest of the table alone.\n\
         #\n\
         # The chains have no hook: loading this file changes nothing until a base chain jumps to\n\
         # them. nftables jumps only within a table, so add your base chain to `table inet ports`,\n\
         # for example in a file loaded after this one:\n\
         #\n\
         #   table inet ports {\n\
         #     chain forward {\n\
         #       type filter hook forward priority filter; policy drop;\n\
         #       ct state established,related accept\n",
    );
    out.push_str(&format!(
        "#       iifname \"{from}\" oifname \"{to}\" jump {example}\n"
    ));
    out.push_str(
        "#     }\n\
         #   }\n\
         #\n\
         # An accept ends a packet's way through this table only: base chains of other tables on\n\
         # the same hook still see it.\n\n",
    );
}

/// What a rule matches: `tcp dport 5061`, `udp dport { 80, 443 }`, or with both protocols
/// `meta l4proto { tcp, udp } th dport 19302`.
fn rule_match(rule: &Rule) -> String {
    let ports = match rule.ports.as_slice() {
        [range] => range.to_string(),
        ranges => format!(
            "{{ {} }}",
            ranges
                .iter()
                .map(PortRange::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut protocols = rule.protocols.clone();
    protocols.sort();
    match protocols.as_slice() {
        [protocol] => format!("{} dport {ports}", protocol.name()),
        protocols => format!(
            "meta l4proto {{ {} }} th dport {ports}",
            protocols
                .iter()
                .map(|protocol| protocol.name())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
