//! Tests of the accessors of parsed shortcodes.

use crate::shortcode::parser::testing::{args, only_shortcode, parse_clean};

#[test]
fn mixed_arguments_keep_positional_order() {
    let nodes = parse_clean(r#"{{< x first key=v "second" _k-2=`w` third >}}"#);
    let x = only_shortcode(&nodes);
    assert_eq!(
        args(x),
        [
            (None, "first"),
            (Some("key"), "v"),
            (None, "second"),
            (Some("_k-2"), "w"),
            (None, "third"),
        ]
    );
    assert_eq!(x.positional(0), Some("first"));
    assert_eq!(x.positional(1), Some("second"));
    assert_eq!(x.positional(2), Some("third"));
}

#[test]
fn repeated_named_argument_last_wins() {
    let nodes = parse_clean("{{< x k=1 k=2 >}}");
    assert_eq!(only_shortcode(&nodes).named("k"), Some("2"));
}
