//! Tests of the JSON export and its schema.

use serde_json::json;

use super::*;
use crate::export::fixtures::*;

#[test]
fn small_list_as_json() {
    let list = parse_list(SMALL);
    let expected = include_str!("small.json");
    assert_eq!(json(&list, &langs(), &SMALL_LABELS, None), expected);
}

// -----------------------------------------------------------------------------------------
// The JSON Schema, checked by an independent implementation of draft 2020-12.

fn schema() -> serde_json::Value {
    serde_json::from_str(&json_schema()).expect("the schema is JSON")
}

/// Every way `instance` breaks the schema; hosts are checked as `format: hostname` too.
fn schema_errors(instance: &serde_json::Value) -> Vec<String> {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&schema())
        .expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect()
}

#[test]
fn the_schema_is_valid_json_schema_2020_12() {
    if let Err(error) = jsonschema::draft202012::meta::validate(&schema()) {
        panic!("{error}");
    }
    assert!(json_schema().ends_with("}\n"));
}

#[test]
fn every_export_matches_the_schema() {
    let catalog = real_catalog();
    for (text, labels) in [(REAL, &catalog as &dyn Labels), (SMALL, &SMALL_LABELS)] {
        let list = parse_list(text);
        let selections = std::iter::once(None).chain((0..list.deployments.len()).map(Some));
        for deployment in selections {
            let export = json(&list, &langs(), labels, deployment);
            let instance: serde_json::Value = serde_json::from_str(&export).unwrap();
            let errors = schema_errors(&instance);
            assert!(errors.is_empty(), "{deployment:?}: {errors:#?}");
        }
    }
}

/// A change to a valid export that makes it something the export never writes.
type Breakage = fn(&mut serde_json::Value);

/// Values the export never writes, each of which the schema must reject: (what, breakage).
const BREAKAGES: [(&str, Breakage); 25] = [
    ("port 0", |v| v["rules"][0]["ports"][0]["start"] = 0.into()),
    ("port 65536", |v| {
        v["rules"][0]["ports"][0]["end"] = 65536.into()
    }),
    ("port as text", |v| {
        v["rules"][0]["ports"][0]["end"] = "5061".into()
    }),
    ("unknown protocol", |v| {
        v["rules"][0]["protocols"][0] = "icmp".into()
    }),
    ("unknown direction", |v| {
        v["rules"][0]["deployments"][0]["direction"] = "sideways".into();
    }),
    ("extra rule key", |v| v["rules"][0]["colour"] = "red".into()),
    ("extra top-level key", |v| v["generated"] = "today".into()),
    ("missing note", |v| {
        v["endpoints"][0].as_object_mut().unwrap().remove("note");
    }),
    ("label that is not text", |v| {
        v["devices"][0]["label"]["de"] = 1.into()
    }),
    ("host that is not a DNS name", |v| {
        v["endpoints"][3]["hosts"][0] = "my pascom net".into();
    }),
    ("id with a line break", |v| {
        v["deployments"][0]["id"] = "cloud\nflush ruleset".into();
    }),
    ("rule id starting with a digit", |v| {
        v["rules"][0]["id"] = "2fa".into()
    }),
    ("reference in upper case", |v| {
        v["rules"][0]["deployments"][0]["source"] = "Your-Network".into();
    }),
    ("another schema", |v| {
        v["$schema"] = "other.schema.json".into()
    }),
    ("a language twice", |v| v["languages"][1] = "de".into()),
    ("language that is not a code", |v| {
        v["languages"][0] = "German".into()
    }),
    ("label in a language that is not a code", |v| {
        v["deployments"][0]["label"]["German"] = "Cloud".into();
    }),
    ("selected deployment that is not an id", |v| {
        v["deployment"] = "Cloud".into()
    }),
    ("rule without ports", |v| v["rules"][0]["ports"] = json!([])),
    ("rule without protocols", |v| {
        v["rules"][0]["protocols"] = json!([])
    }),
    ("a protocol twice", |v| {
        v["rules"][0]["protocols"] = json!(["tcp", "tcp"])
    }),
    ("rule without devices", |v| {
        v["rules"][0]["devices"] = json!([])
    }),
    ("a device twice", |v| {
        v["rules"][0]["devices"] = json!(["phone", "phone"])
    }),
    ("rule without usages", |v| {
        v["rules"][0]["deployments"] = json!([])
    }),
    ("extra function key", |v| {
        v["rules"][0]["function"]["colour"] = "red".into();
    }),
];

#[test]
fn the_schema_rejects_what_the_export_never_writes() {
    let list = parse_list(REAL);
    let valid: serde_json::Value =
        serde_json::from_str(&json(&list, &langs(), &real_catalog(), None)).unwrap();
    for (what, breakage) in BREAKAGES {
        let mut broken = valid.clone();
        breakage(&mut broken);
        assert!(
            !schema_errors(&broken).is_empty(),
            "the schema accepts {what}"
        );
    }
}

#[test]
fn the_id_pattern_accepts_what_is_id_accepts() {
    let schema = serde_json::json!({ "type": "string", "pattern": ID_PATTERN });
    let validator = jsonschema::draft202012::new(&schema).expect("the pattern compiles");
    let samples = [
        "a",
        "sip",
        "function-sip",
        "a1-",
        "a--b",
        "",
        "2fa",
        "-a",
        "Sip",
        "a_b",
        "a b",
        "a.b",
        "é",
        "a\n",
        "\na",
        "cloud\nflush ruleset",
    ];
    for sample in samples {
        assert_eq!(
            validator.is_valid(&serde_json::json!(sample)),
            crate::data::ports::is_id(sample),
            "{sample:?}"
        );
    }
}
