//! What the nftables and iptables exports share: the sanitiser every text of the data passes on
//! its way into a firewall file, the header comment, rule comments, and the chains (one per
//! deployment and direction that has rules) with unique names per deployment.
//!
//! The syntax of each tool (statements, chain name rules) stays in `nftables` and `iptables`.

use crate::data::ports::{Direction, Endpoint, PortList, Rule, Usage};

#[cfg(test)]
mod tests;

/// The rules of one deployment in one direction: one chain of a firewall export.
pub(super) struct Chain<'a> {
    pub(super) deployment: usize,
    pub(super) direction: Direction,
    pub(super) rules: Vec<(&'a Rule, &'a Usage)>,
}

/// The chains that have rules, in deployment order, outbound before inbound.
pub(super) fn chains(list: &PortList, deployment: Option<usize>) -> Vec<Chain<'_>> {
    let mut chains = Vec::new();
    for index in 0..list.deployments.len() {
        if deployment.is_some_and(|selected| selected != index) {
            continue;
        }
        for direction in [Direction::Outbound, Direction::Inbound] {
            let rules: Vec<_> = list.rules_for(index, Some(direction)).collect();
            if !rules.is_empty() {
                chains.push(Chain {
                    deployment: index,
                    direction,
                    rules,
                });
            }
        }
    }
    chains
}

/// One name part per deployment, made of `clean(id)` cut to `max_len` bytes; a name that is
/// already taken gets `-2`, `-3`… (with `separator`) so chains never merge. Computed over all
/// deployments, so a chain has the same name whichever deployment is exported.
pub(super) fn deployment_names(
    list: &PortList,
    clean: impl Fn(&str) -> String,
    max_len: usize,
    separator: char,
) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for deployment in &list.deployments {
        let mut base = clean(&deployment.id);
        base.truncate(max_len);
        let mut name = base.clone();
        let mut number = 1;
        while names.contains(&name) {
            number += 1;
            let suffix = format!("{separator}{number}");
            name = base[..base.len().min(max_len - suffix.len())].to_owned() + &suffix;
        }
        names.push(name);
    }
    names
}

/// Longest rule comment: nft's limit (iptables allows 255).
pub(super) const COMMENT_MAX: usize = 128;

/// Punctuation that [`firewall_text`] keeps: it means nothing inside a quoted string or a
/// comment of nft or iptables-restore.
const FIREWALL_PUNCTUATION: &str = " .:,_-/+=@()";

/// A text of the data as it may appear in a firewall file: ASCII letters, digits and
/// [`FIREWALL_PUNCTUATION`] stay, every other character becomes `_`, one for one.
///
/// So no value can end a line (LF, CR, U+0085, U+2028 and every other break are replaced), end
/// a quoted string or escape within one (`"`, `'`, `\`), start a comment (`#`), or end a
/// statement or block (`;`, `{`, `}`). Chain names narrow the result further to what each tool
/// accepts in a name.
pub(super) fn firewall_text(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || FIREWALL_PUNCTUATION.contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// `rule-id: destination hosts` (or the destination's id if it has none), through
/// [`firewall_text`] and cut to [`COMMENT_MAX`] bytes.
pub(super) fn rule_comment(rule: &Rule, destination: &Endpoint) -> String {
    let target = if destination.hosts.is_empty() {
        destination.id.clone()
    } else {
        destination.hosts.join(" ")
    };
    let mut comment = firewall_text(&format!("{}: {target}", rule.id));
    if comment.len() > COMMENT_MAX {
        comment.truncate(COMMENT_MAX - 3);
        comment.push_str("...");
    }
    comment
}

/// The first lines of both firewall exports.
pub(super) fn firewall_header(out: &mut String, list: &PortList, deployment: Option<usize>) {
    out.push_str(
        "# Firewall rules of the port list, generated from data/ports.yaml by tafel.\n\
         # Do not edit: change data/ports.yaml and export again.\n",
    );
    match deployment {
        Some(index) => {
            out.push_str(&format!(
                "# Deployment: {} only.\n",
                firewall_text(&list.deployments[index].id)
            ));
        }
        None => out.push_str("# Deployments: all.\n"),
    }
    out.push_str(
        "#\n\
         # Each chain accepts the connections of one deployment and direction, matching the\n\
         # protocol and destination port only. Host names appear in comments, never as\n\
         # addresses: a name would be resolved once, at load time, and addresses change.\n",
    );
}

/// The interfaces of the example jump in a header comment, `(from, to)`: into the customer's
/// network (`wan0` to `lan0`) when the first chain is inbound, out of it otherwise.
pub(super) fn example_interfaces(chains: &[Chain]) -> (&'static str, &'static str) {
    match chains.first().map(|chain| chain.direction) {
        Some(Direction::Inbound) => ("wan0", "lan0"),
        _ => ("lan0", "wan0"),
    }
}
