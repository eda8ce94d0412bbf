//! Port lists and labels the export tests share: a small list, an awkward one (names to
//! shorten, long comments, many ports), the real one with its real labels, and hostile text.

use crate::config::{Lang, Language, SiteConfig};
use crate::data::ports::PortList;
use crate::diagnostics::SourceMap;
use crate::discover::{Layer, MessageInput, TextInput};
use crate::export::Labels;
use crate::i18n::Catalog;

/// A small list: two deployments, a rule used in both, two protocols, a port range, a note and
/// host names.
pub(super) const SMALL: &str = "\
deployments:
  cloud: { label: deployment-cloud }
  onsite: { label: deployment-onsite }
devices:
  desktop: { icon: monitor, label: device-desktop }
  phone: { icon: phone, label: device-phone }
endpoints:
  lan: { icon: network, label: endpoint-lan }
  cloud: { icon: cloud, label: endpoint-cloud, note: note-cloud }
  mail: { icon: mail, label: endpoint-mail, hosts: [mx1.example.net, mx2.example.net] }
rules:
  - id: sip
    ports: 5061
    protocols: tcp
    devices: [desktop, phone]
    function: function-sip
    deployments:
      cloud: { direction: outbound, source: lan, destination: cloud }
      onsite: { direction: inbound, source: cloud, destination: lan }
  - id: media
    ports: [30000-35000, 3478]
    protocols: [udp, tcp]
    devices: [phone]
    function: function-media
    deployments:
      cloud: { direction: outbound, source: lan, destination: cloud }
  - id: mail
    ports: [25, 587]
    protocols: tcp
    devices: [desktop]
    function: function-mail
    deployments:
      onsite: { direction: outbound, source: lan, destination: mail }
";

/// Labels of [`SMALL`]: (language, id, text).
pub(super) struct Table(pub(super) &'static [(&'static str, &'static str, &'static str)]);

impl Labels for Table {
    fn text(&self, lang: &Lang, id: &str) -> String {
        let (_, _, text) = self
            .0
            .iter()
            .find(|(code, known, _)| *code == lang.as_str() && *known == id)
            .unwrap_or_else(|| panic!("no label `{id}` in `{lang}`"));
        (*text).to_owned()
    }
}

pub(super) const SMALL_LABELS: Table = Table(&[
    ("de", "deployment-cloud", "Cloud"),
    ("en", "deployment-cloud", "Cloud"),
    ("de", "deployment-onsite", "Vor Ort"),
    ("en", "deployment-onsite", "Onsite"),
    ("de", "device-desktop", "Desktop"),
    ("en", "device-desktop", "Desktop"),
    ("de", "device-phone", "Telefon"),
    ("en", "device-phone", "Phone"),
    ("de", "endpoint-lan", "Ihr Netz"),
    ("en", "endpoint-lan", "Your network"),
    ("de", "endpoint-cloud", "Cloud"),
    ("en", "endpoint-cloud", "Cloud"),
    ("de", "endpoint-mail", "Mailserver"),
    ("en", "endpoint-mail", "Mail servers"),
    ("de", "note-cloud", "Adressen ändern sich."),
    ("en", "note-cloud", "Addresses change."),
    ("de", "function-sip", "SIP"),
    ("en", "function-sip", "SIP"),
    ("de", "function-media", "Sprache, Video"),
    ("en", "function-media", "Voice, video"),
    ("de", "function-mail", "E-Mail"),
    ("en", "function-mail", "Mail, \"relay\""),
]);

pub(super) fn lang(code: &str) -> Lang {
    Lang::parse(code).expect("a valid code").0
}

pub(super) fn langs() -> Vec<Lang> {
    vec![lang("de"), lang("en")]
}

pub(super) fn parse_list(text: &str) -> PortList {
    let mut sources = SourceMap::new();
    let file = sources.add("data/ports.yaml", text);
    crate::data::ports::parse(&sources, file).unwrap_or_else(|errors| panic!("{errors:#?}"))
}

/// The repository's own port list.
pub(super) const REAL: &str = include_str!("../../data/ports.yaml");

/// The real labels, through the real catalog.
pub(super) fn real_catalog() -> Catalog {
    let languages = [("de", "Deutsch"), ("en", "English")]
        .map(|(code, name)| {
            let (lang, id) = Lang::parse(code).expect("a valid code");
            Language {
                lang,
                id,
                name: name.to_owned(),
                title: "Docs".to_owned(),
                params: std::collections::BTreeMap::new(),
                menus: std::collections::BTreeMap::new(),
            }
        })
        .to_vec();
    let config = SiteConfig {
        base_url: "https://docs.example.org/".to_owned(),
        theme: "default".to_owned(),
        default_lang: languages[0].lang.clone(),
        smart_punctuation: false,
        lowercase_urls: false,
        updated_from_git: None,
        languages,
    };
    let mut sources = SourceMap::new();
    let inputs: Vec<MessageInput> = [
        ("de", include_str!("../../i18n/de/ports.ftl")),
        ("en", include_str!("../../i18n/en/ports.ftl")),
    ]
    .into_iter()
    .map(|(code, text)| MessageInput {
        layer: Layer::Site,
        lang: code.to_owned(),
        input: TextInput {
            relative: "ports.ftl".to_owned(),
            file: sources.add(format!("i18n/{code}/ports.ftl"), text),
        },
    })
    .collect();
    let (catalog, diagnostics) = Catalog::load(&config, &sources, &inputs);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    catalog
}

/// Awkward data: chain names to shorten and to keep apart, long comments, many ports.
pub(super) const AWKWARD: &str = "\
deployments:
  on-site: { label: a }
  a-very-long-deployment-name-indeed: { label: c }
  a-very-long-deployment-name-too: { label: b }
devices:
  pc: { icon: monitor, label: d }
endpoints:
  lan: { icon: network, label: e }
  far:
    icon: globe
    label: f
    hosts: [a1234567890.example.net, b1234567890.example.net, c1234567890.example.net,
            d1234567890.example.net, e1234567890.example.net]
rules:
  - id: say-hello-to-the-far-side
    ports: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 100-200, 300-400]
    protocols: [udp, tcp]
    devices: [pc]
    function: g
    deployments:
      on-site: { direction: outbound, source: lan, destination: far }
      a-very-long-deployment-name-indeed: { direction: outbound, source: lan, destination: lan }
      a-very-long-deployment-name-too: { direction: inbound, source: far, destination: lan }
";

/// What ends a line, a comment, a quoted string, a statement or a block in nft or
/// iptables-restore, or hides text from a reader: line breaks of every kind, quotes,
/// backslashes, `;`, braces, `#`, NUL, a tab, shell characters and a bidirectional override.
pub(super) const HOSTILE: &str =
    "\nflush ruleset\r\n\"; } { # \\ ' \u{85}\u{2028}\u{2029}\0\t`$\u{202e}drop";

/// [`HOSTILE`] as a firewall file may show it: letters, digits and spaces kept, every other
/// character one `_`.
pub(super) const HOSTILE_CLEANED: &str = "_flush ruleset____ _ _ _ _ _ ________drop";

/// [`SMALL`] with `suffix` appended to every text of the list (ids, host names, icons and
/// label ids), built without the data checks, which would reject it.
pub(super) fn small_with(suffix: &str) -> PortList {
    let mut list = parse_list(SMALL);
    let hostile = |text: &mut String| text.push_str(suffix);
    for deployment in &mut list.deployments {
        hostile(&mut deployment.id);
        hostile(&mut deployment.label.id);
    }
    for device in &mut list.devices {
        hostile(&mut device.id);
        hostile(&mut device.icon);
        hostile(&mut device.label.id);
    }
    for endpoint in &mut list.endpoints {
        hostile(&mut endpoint.id);
        hostile(&mut endpoint.icon);
        hostile(&mut endpoint.label.id);
        endpoint.hosts.iter_mut().for_each(hostile);
        if let Some(note) = &mut endpoint.note {
            hostile(&mut note.id);
        }
    }
    for rule in &mut list.rules {
        hostile(&mut rule.id);
        hostile(&mut rule.function.id);
    }
    list
}

/// The lines a firewall tool acts on: neither comments nor blank.
pub(super) fn rule_lines(export: &str) -> Vec<&str> {
    export
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .collect()
}
