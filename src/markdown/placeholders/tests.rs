//! Tests of the placeholder text.

use crate::markdown::{next_placeholder, placeholder};

#[test]
fn placeholder_format() {
    assert_eq!(placeholder(0), "\u{E000}0\u{E001}");
    assert_eq!(placeholder(42), "\u{E000}42\u{E001}");
}

#[test]
fn next_placeholder_finds_first_well_formed_one() {
    let text = format!("a\u{E000}x\u{E001}b{}c{}", placeholder(7), placeholder(8));
    let (before, index, after) = next_placeholder(&text).unwrap();
    assert_eq!(before, "a\u{E000}x\u{E001}b");
    assert_eq!(index, 7);
    assert_eq!(after, format!("c{}", placeholder(8)));
    assert_eq!(next_placeholder("plain \u{E000}12"), None);
    assert_eq!(
        next_placeholder("\u{E000}99999999999999999999999\u{E001}"),
        None
    );
}
