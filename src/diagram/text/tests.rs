//! Tests of the text model: wrapping, and widths against measurements in Chromium.

use super::*;

#[test]
fn wrap_breaks_at_spaces_and_only_breaks_overlong_words() {
    let lines = wrap("Zugriff auf den pascom Mailserver", 120.0, FONT_SIZE, false);
    assert!(lines.len() >= 2);
    assert_eq!(lines.join(" "), "Zugriff auf den pascom Mailserver");
    for line in &lines {
        assert!(text_width(line, FONT_SIZE, false) <= 120.0);
    }
    let long = "Telefonprovisionierungsschnittstelle";
    let pieces = wrap(long, 60.0, FONT_SIZE, false);
    assert!(pieces.len() > 1);
    assert_eq!(pieces.concat(), long);
    assert!(wrap("", 60.0, FONT_SIZE, false).is_empty());
}

/// Widths at 13 px measured in Chromium: the larger of DejaVu Sans and Liberation Sans,
/// regular and bold.
const MEASURED: &[(&str, f64, f64)] = &[
    ("pascom Server", 97.5, 108.8),
    ("Desktop Client", 95.4, 107.7),
    ("Mobile Client", 84.4, 96.2),
    ("IP-Telefon", 61.0, 70.7),
    ("WebClient", 66.0, 74.7),
    ("Ihr Netzwerk", 82.7, 94.4),
    ("Internet (Geräte außerhalb Ihres Netzwerks)", 288.2, 328.1),
    ("pascom.cloud", 90.1, 100.6),
    ("my.pascom.net", 98.9, 111.0),
    ("pascom Mailserver", 122.4, 137.8),
    ("Zeitserver (NTP-Pool)", 137.8, 158.3),
    ("SIP-Verbindung", 97.9, 112.7),
    ("RTP-Sprache", 81.5, 92.6),
    ("LDAPS, Telefonbuch", 128.3, 146.1),
    ("Telefonprovisionierung", 146.9, 168.5),
    ("Updates, Push", 93.0, 105.9),
    ("Video-Funktionalität", 130.4, 149.9),
    ("Chat", 30.4, 33.8),
    ("WebRTC – WebClient", 133.4, 150.1),
    ("VPN-Tunnel zur PBX", 126.6, 144.2),
    ("Lizenzserver", 81.9, 92.6),
    ("Zugriff auf den pascom Mailserver", 223.4, 251.8),
    ("Zugriff auf den Zeitserver (NTP)", 207.5, 235.3),
    ("pascom server", 96.0, 107.2),
    ("Desktop client", 93.5, 105.9),
    ("Mobile client", 82.5, 94.3),
    ("IP phone", 56.5, 64.5),
    ("Web client", 68.2, 77.4),
    ("Your network", 84.7, 97.6),
    ("Internet (devices outside your network)", 257.7, 293.2),
    ("pascom mail servers", 134.8, 150.7),
    ("Time servers (NTP pool)", 155.6, 176.5),
    ("SIP connection", 95.7, 108.8),
    ("RTP voice", 62.4, 70.7),
    ("LDAPS, phone book", 126.8, 143.4),
    ("Phone provisioning", 123.7, 141.3),
    ("Updates, push notifications", 177.6, 201.8),
    ("Video", 36.4, 41.3),
    ("VPN tunnel to the PBX", 144.5, 164.7),
    ("Licence server", 94.7, 106.2),
    ("Access to the pascom mail server", 219.3, 245.7),
    ("Access to the time server (NTP)", 205.7, 232.7),
    ("5061/TCP", 61.6, 68.9),
    ("30000–35000/UDP", 121.0, 132.6),
    ("636/TCP", 53.3, 59.8),
    ("8884/TCP", 61.6, 68.9),
    ("80, 443/TCP", 78.1, 87.4),
    ("3478/UDP", 64.8, 71.8),
    ("5222/TCP", 61.6, 68.9),
    ("19302/UDP+TCP", 108.1, 119.7),
    ("8885/TCP", 61.6, 68.9),
    ("25/TCP", 45.0, 50.8),
    ("123/UDP", 56.6, 62.8),
    ("Firewall", 49.0, 58.3),
    ("Internet", 51.6, 59.8),
    ("ausgehende Verbindung", 158.4, 178.6),
    ("eingehende Verbindung", 155.3, 175.3),
    ("outbound connection", 138.0, 155.5),
    ("inbound connection", 128.5, 144.8),
    ("WWWWW MMMMM", 124.5, 140.9),
    ("illilli ..,,", 45.9, 55.5),
    ("Straße & Bäume <Größe>", 172.2, 190.1),
];

#[test]
fn width_model_is_conservative() {
    for (text, regular, bold) in MEASURED {
        let estimate = text_width(text, 13.0, false);
        assert!(estimate >= *regular, "{text:?}: {estimate} < {regular}");
        assert!(
            estimate <= regular * 1.3,
            "{text:?}: {estimate} ≫ {regular}"
        );
        let estimate = text_width(text, 13.0, true);
        assert!(estimate >= *bold, "{text:?} bold: {estimate} < {bold}");
    }
}
