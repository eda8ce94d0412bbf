//! Inputs for the diagram tests: the port list of the example site in German and English, as
//! the caller builds it (once, and doubled with a second site), and a reader of the texts in an
//! SVG.

use super::{Connection, DiagramInput, Direction, Icon, Node};

/// Bodies of the theme's Lucide icons (lucide-static, ISC) that the port list uses.
const ICONS: &[(&str, &str)] = &[
    (
        "server",
        r#"<rect width="20" height="8" x="2" y="2" rx="2" ry="2"/><rect width="20" height="8" x="2" y="14" rx="2" ry="2"/><line x1="6" x2="6.01" y1="6" y2="6"/><line x1="6" x2="6.01" y1="18" y2="18"/>"#,
    ),
    (
        "monitor",
        r#"<rect width="20" height="14" x="2" y="3" rx="2"/><line x1="8" x2="16" y1="21" y2="21"/><line x1="12" x2="12" y1="17" y2="21"/>"#,
    ),
    (
        "smartphone",
        r#"<rect width="14" height="20" x="5" y="2" rx="2" ry="2"/><path d="M12 18h.01"/>"#,
    ),
    (
        "phone",
        r#"<path d="M13.832 16.568a1 1 0 0 0 1.213-.303l.355-.465A2 2 0 0 1 17 15h3a2 2 0 0 1 2 2v3a2 2 0 0 1-2 2A18 18 0 0 1 2 4a2 2 0 0 1 2-2h3a2 2 0 0 1 2 2v3a2 2 0 0 1-.8 1.6l-.468.351a1 1 0 0 0-.292 1.233 14 14 0 0 0 6.392 6.384"/>"#,
    ),
    (
        "app-window",
        r#"<rect x="2" y="4" width="20" height="16" rx="2"/><path d="M10 4v4"/><path d="M2 8h20"/><path d="M6 4v4"/>"#,
    ),
    (
        "network",
        r#"<rect x="16" y="16" width="6" height="6" rx="1"/><rect x="2" y="16" width="6" height="6" rx="1"/><rect x="9" y="2" width="6" height="6" rx="1"/><path d="M5 16v-3a1 1 0 0 1 1-1h12a1 1 0 0 1 1 1v3"/><path d="M12 12V8"/>"#,
    ),
    (
        "globe",
        r#"<circle cx="12" cy="12" r="10"/><path d="M12 2a14.5 14.5 0 0 0 0 20 14.5 14.5 0 0 0 0-20"/><path d="M2 12h20"/>"#,
    ),
    (
        "cloud",
        r#"<path d="M17.5 19H9a7 7 0 1 1 6.71-9h1.79a4.5 4.5 0 1 1 0 9Z"/>"#,
    ),
    (
        "key-round",
        r#"<path d="M2.586 17.414A2 2 0 0 0 2 18.828V21a1 1 0 0 0 1 1h3a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h1a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h.172a2 2 0 0 0 1.414-.586l.814-.814a6.5 6.5 0 1 0-4-4z"/><circle cx="16.5" cy="7.5" r=".5" fill="currentColor"/>"#,
    ),
    (
        "mail",
        r#"<path d="m22 7-8.991 5.727a2 2 0 0 1-2.009 0L2 7"/><rect x="2" y="4" width="20" height="16" rx="2"/>"#,
    ),
    (
        "clock",
        r#"<circle cx="12" cy="12" r="10"/><path d="M12 6v6l4 2"/>"#,
    ),
];

pub(super) fn icon(name: &str) -> Option<Icon> {
    ICONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, body)| Icon {
            view_box: "0 0 24 24".into(),
            body: (*body).into(),
        })
}

/// The texts of one language, from `i18n/<lang>/ports.ftl`.
pub(super) struct Labels {
    pub(super) lang: &'static str,
    pub(super) devices: [&'static str; 5],
    pub(super) endpoints: [&'static str; 6],
    pub(super) functions: [&'static str; 12],
    pub(super) inside: &'static str,
    pub(super) outside: &'static str,
    pub(super) firewall: &'static str,
    pub(super) outbound: &'static str,
    pub(super) inbound: &'static str,
    pub(super) title: [&'static str; 2],
    pub(super) description: &'static str,
    pub(super) site_b: &'static str,
}

pub(super) const DE: Labels = Labels {
    lang: "de",
    devices: [
        "pascom Server",
        "Desktop Client",
        "Mobile Client",
        "IP-Telefon",
        "WebClient",
    ],
    endpoints: [
        "Ihr Netzwerk",
        "Internet (Geräte außerhalb Ihres Netzwerks)",
        "pascom.cloud",
        "my.pascom.net",
        "pascom Mailserver",
        "Zeitserver (NTP-Pool)",
    ],
    functions: [
        "SIP-Verbindung",
        "RTP-Sprache",
        "LDAPS, Telefonbuch",
        "Telefonprovisionierung",
        "Updates, Push",
        "Video-Funktionalität",
        "Chat",
        "WebRTC – WebClient",
        "VPN-Tunnel zur PBX",
        "Lizenzserver",
        "Zugriff auf den pascom Mailserver",
        "Zugriff auf den Zeitserver (NTP)",
    ],
    inside: "Ihr Netzwerk",
    outside: "Internet",
    firewall: "Firewall",
    outbound: "ausgehende Verbindung",
    inbound: "eingehende Verbindung",
    title: ["Ports der Cloud-Variante", "Ports der Onsite-Variante"],
    description: "Welche Geräte über welche Ports mit welchem Ziel verbinden. \
        Die Tabelle nennt dieselben Verbindungen.",
    site_b: " (Standort B)",
};

pub(super) const EN: Labels = Labels {
    lang: "en",
    devices: [
        "pascom server",
        "Desktop client",
        "Mobile client",
        "IP phone",
        "Web client",
    ],
    endpoints: [
        "Your network",
        "Internet (devices outside your network)",
        "pascom.cloud",
        "my.pascom.net",
        "pascom mail servers",
        "Time servers (NTP pool)",
    ],
    functions: [
        "SIP connection",
        "RTP voice",
        "LDAPS, phone book",
        "Phone provisioning",
        "Updates, push notifications",
        "Video",
        "Chat",
        "WebRTC – web client",
        "VPN tunnel to the PBX",
        "Licence server",
        "Access to the pascom mail server",
        "Access to the time server (NTP)",
    ],
    inside: "Your network",
    outside: "Internet",
    firewall: "Firewall",
    outbound: "outbound connection",
    inbound: "inbound connection",
    title: ["Ports of the cloud variant", "Ports of the onsite variant"],
    description: "Which devices connect to which destination over which ports. \
        The table lists the same connections.",
    site_b: " (site B)",
};

const DEVICE_ICONS: [&str; 5] = ["server", "monitor", "smartphone", "phone", "app-window"];
const ENDPOINT_ICONS: [&str; 6] = ["network", "globe", "cloud", "key-round", "mail", "clock"];

// Device indexes, in legend order.
const SERVER: usize = 0;
const DESKTOP: usize = 1;
const MOBILE: usize = 2;
const PHONE: usize = 3;
const WEB_CLIENT: usize = 4;
// Endpoint indexes.
const YOUR_NETWORK: usize = 0;
const INTERNET: usize = 1;
pub(super) const PASCOM_CLOUD: usize = 2;
const MY_PASCOM: usize = 3;
const MAIL_RELAYS: usize = 4;
const NTP_POOL: usize = 5;

type Usage = Option<(Direction, usize, usize)>;
const OUT_CLOUD: Usage = Some((Direction::Outbound, YOUR_NETWORK, PASCOM_CLOUD));
const IN_ONSITE: Usage = Some((Direction::Inbound, INTERNET, YOUR_NETWORK));
const OUT_MY: Usage = Some((Direction::Outbound, YOUR_NETWORK, MY_PASCOM));

/// The rules of `data/ports.yaml`: id, ports, devices, cloud usage, onsite usage.
const RULES: [(&str, &str, &[usize], Usage, Usage); 12] = [
    (
        "sip",
        "5061/TCP",
        &[DESKTOP, PHONE, MOBILE],
        OUT_CLOUD,
        IN_ONSITE,
    ),
    (
        "rtp",
        "30000–35000/UDP",
        &[DESKTOP, PHONE, MOBILE],
        OUT_CLOUD,
        IN_ONSITE,
    ),
    ("ldaps", "636/TCP", &[PHONE], OUT_CLOUD, IN_ONSITE),
    ("provisioning", "8884/TCP", &[PHONE], OUT_CLOUD, IN_ONSITE),
    (
        "updates-push",
        "80, 443/TCP",
        &[DESKTOP, MOBILE],
        OUT_MY,
        OUT_MY,
    ),
    (
        "video",
        "3478/UDP",
        &[DESKTOP, MOBILE],
        OUT_CLOUD,
        IN_ONSITE,
    ),
    ("chat", "5222/TCP", &[DESKTOP, MOBILE], OUT_CLOUD, IN_ONSITE),
    (
        "webrtc",
        "19302/UDP+TCP",
        &[WEB_CLIENT],
        OUT_CLOUD,
        IN_ONSITE,
    ),
    ("vpn-tunnel", "8885/TCP", &[SERVER], OUT_CLOUD, IN_ONSITE),
    ("licence", "80, 443/TCP", &[SERVER], None, OUT_MY),
    (
        "mail",
        "25/TCP",
        &[SERVER],
        None,
        Some((Direction::Outbound, YOUR_NETWORK, MAIL_RELAYS)),
    ),
    (
        "ntp",
        "123/UDP",
        &[SERVER],
        None,
        Some((Direction::Outbound, YOUR_NETWORK, NTP_POOL)),
    ),
];

pub(super) const CLOUD: usize = 0;
pub(super) const ONSITE: usize = 1;

/// The diagram input of one deployment (0 cloud, 1 onsite) as the caller would build it.
pub(super) fn real(labels: &Labels, deployment: usize) -> DiagramInput {
    let node = |id: &str, label: &str, icon_name: &str| Node {
        id: id.into(),
        label: label.into(),
        icon: icon(icon_name),
    };
    let connections = RULES
        .iter()
        .enumerate()
        .filter_map(|(index, (id, ports, devices, cloud, onsite))| {
            let (direction, source, destination) = [cloud, onsite][deployment].as_ref()?;
            Some(Connection {
                id: (*id).into(),
                ports: (*ports).into(),
                function: labels.functions[index].into(),
                direction: *direction,
                devices: devices.to_vec(),
                source: *source,
                destination: *destination,
            })
        })
        .collect();
    DiagramInput {
        id_prefix: format!("ports-{}", ["cloud", "onsite"][deployment]),
        lang: labels.lang.into(),
        title: labels.title[deployment].into(),
        description: labels.description.into(),
        inside: labels.inside.into(),
        outside: labels.outside.into(),
        firewall: labels.firewall.into(),
        outbound: labels.outbound.into(),
        inbound: labels.inbound.into(),
        devices: (0..5)
            .map(|i| node(&format!("device-{i}"), labels.devices[i], DEVICE_ICONS[i]))
            .collect(),
        endpoints: (0..6)
            .map(|i| {
                node(
                    &format!("endpoint-{i}"),
                    labels.endpoints[i],
                    ENDPOINT_ICONS[i],
                )
            })
            .collect(),
        inside_endpoints: vec![YOUR_NETWORK],
        connections,
    }
}

/// Twice the data: a second site with its own devices, endpoints and rules, with longer
/// labels, longer device lists and other ports.
pub(super) fn doubled(labels: &Labels, deployment: usize) -> DiagramInput {
    let mut input = real(labels, deployment);
    let (devices, endpoints) = (input.devices.len(), input.endpoints.len());
    for i in 0..devices {
        let mut device = input.devices[i].clone();
        device.label.push_str(labels.site_b);
        input.devices.push(device);
    }
    for i in 0..endpoints {
        let mut endpoint = input.endpoints[i].clone();
        endpoint.label.push_str(labels.site_b);
        input.endpoints.push(endpoint);
    }
    input.inside_endpoints.push(YOUR_NETWORK + endpoints);
    // Rules referring to the second site, the twelve of the port list (all of them, in
    // the onsite direction where a rule has no usage in this deployment).
    for (index, (id, ports, rule_devices, cloud, onsite)) in RULES.iter().enumerate() {
        let usage = [cloud, onsite][deployment].or(*onsite).unwrap();
        let (direction, source, destination) = usage;
        // The same devices of site B, and one more.
        let mut site_b: Vec<usize> = rule_devices.iter().map(|d| d + devices).collect();
        let extra = (rule_devices[0] + 1) % devices + devices;
        if !site_b.contains(&extra) {
            site_b.push(extra);
        }
        input.connections.push(Connection {
            id: format!("{id}-b"),
            ports: ports.replace('/', "0/"),
            function: format!("{}{}", labels.functions[index], labels.site_b),
            direction,
            devices: site_b,
            source: source + endpoints,
            destination: destination + endpoints,
        });
    }
    input
}

pub(super) fn all_real() -> Vec<DiagramInput> {
    let mut inputs = Vec::new();
    for labels in [&DE, &EN] {
        for deployment in [CLOUD, ONSITE] {
            inputs.push(real(labels, deployment));
        }
    }
    inputs
}

pub(super) fn all_doubled() -> Vec<DiagramInput> {
    let mut inputs = Vec::new();
    for labels in [&DE, &EN] {
        for deployment in [CLOUD, ONSITE] {
            inputs.push(doubled(labels, deployment));
        }
    }
    inputs
}

/// The text of every `<text>` element, lines joined with a space.
pub(super) fn texts(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG parses as XML");
    document
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| {
            let spans: Vec<&str> = n
                .descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect();
            spans.join(" ")
        })
        .collect()
}
