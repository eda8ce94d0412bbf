//! The CSV export: one row per rule, deployment, protocol and port range, for spreadsheets.
//!
//! This module owns the columns, the quoting (RFC 4180) and the neutralising of cells that a
//! spreadsheet would evaluate.

use super::{Labels, usages};
use crate::config::Lang;
use crate::data::ports::PortList;

#[cfg(test)]
mod tests;

/// The port list as CSV (RFC 4180: CRLF line ends, inner quotes doubled), with a header row.
/// A field is quoted when it contains `,`, `"`, CR or LF, and also `;` or a tab, which some
/// spreadsheets take as the separator. A cell that a spreadsheet would evaluate as a formula
/// (starting with `=`, `+`, `-`, `@`, a tab or CR, as OWASP's "CSV Injection" lists them) gets
/// a leading `'` and quotes: labels are text from translators, and a label such as
/// `=HYPERLINK(…)` must not run when someone opens the file. Ports never start with those
/// characters, so they stay plain numbers.
///
/// One row per rule, deployment usage, protocol and port range, in that nesting, so no cell
/// needs splitting: columns `rule,deployment,direction,protocol,port_start,port_end,devices,
/// source,destination,hosts,function`, then `function_<lang>` for each language of `langs`
/// with the function's label. `devices` (ids) and `hosts` (the destination's DNS names) are
/// space-separated; `function` is the label's id. Ports never get digit grouping.
///
/// With `deployment: Some(i)`, only the rows of that deployment.
pub(crate) fn csv(
    list: &PortList,
    langs: &[Lang],
    labels: &dyn Labels,
    deployment: Option<usize>,
) -> String {
    let mut out = String::new();
    let mut header: Vec<String> = [
        "rule",
        "deployment",
        "direction",
        "protocol",
        "port_start",
        "port_end",
        "devices",
        "source",
        "destination",
        "hosts",
        "function",
    ]
    .map(str::to_owned)
    .into();
    header.extend(langs.iter().map(|lang| format!("function_{lang}")));
    csv_row(&mut out, &header);
    for rule in &list.rules {
        let functions: Vec<String> = langs
            .iter()
            .map(|lang| labels.text(lang, &rule.function.id))
            .collect();
        let devices = rule
            .devices
            .iter()
            .map(|&device| list.devices[device].id.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        for usage in usages(rule, deployment) {
            let destination = &list.endpoints[usage.destination];
            for protocol in &rule.protocols {
                for range in &rule.ports {
                    let mut row = vec![
                        rule.id.clone(),
                        list.deployments[usage.deployment].id.clone(),
                        usage.direction.name().to_owned(),
                        protocol.name().to_owned(),
                        range.start.to_string(),
                        range.end.to_string(),
                        devices.clone(),
                        list.endpoints[usage.source].id.clone(),
                        destination.id.clone(),
                        destination.hosts.join(" "),
                        rule.function.id.clone(),
                    ];
                    row.extend(functions.iter().cloned());
                    csv_row(&mut out, &row);
                }
            }
        }
    }
    out
}

/// What makes a spreadsheet read a cell as a formula when it starts the cell.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

fn csv_row(out: &mut String, fields: &[String]) {
    for (index, field) in fields.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        csv_field(out, field);
    }
    out.push_str("\r\n");
}

/// One field of [`csv`]: neutralised with a leading `'` if a spreadsheet would evaluate it, and
/// quoted if it is neutralised or holds a separator, a quote or a line break.
fn csv_field(out: &mut String, field: &str) {
    let formula = field.starts_with(FORMULA_STARTS);
    if formula || field.contains([',', ';', '\t', '"', '\r', '\n']) {
        out.push('"');
        if formula {
            out.push('\'');
        }
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}
