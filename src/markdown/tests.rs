//! Tests of the Markdown dialect as a whole, and robustness against odd input.

use super::testing::{Shortcodes, render_plain};
use super::{PageState, Punctuation, render};

#[test]
fn tables_keep_alignment_markup() {
    assert_eq!(
        render_plain("| L | C | R |\n|:--|:-:|--:|\n| 1 | 2 | 3 |"),
        "<table><thead><tr><th style=\"text-align: left\">L</th>\
         <th style=\"text-align: center\">C</th><th style=\"text-align: right\">R</th></tr></thead>\
         <tbody>\n<tr><td style=\"text-align: left\">1</td><td style=\"text-align: center\">2</td>\
         <td style=\"text-align: right\">3</td></tr>\n</tbody></table>\n"
    );
}

#[test]
fn task_lists() {
    assert_eq!(
        render_plain("- [x] done\n- [ ] open"),
        "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
         <li><input disabled=\"\" type=\"checkbox\"/>\nopen</li>\n</ul>\n"
    );
}

#[test]
fn strikethrough() {
    assert_eq!(render_plain("~~old~~ new"), "<p><del>old</del> new</p>\n");
}

#[test]
fn raw_html_passes_through() {
    assert_eq!(
        render_plain("<div class=\"note\">\n<b>Hi</b>\n</div>\n\nText <em class=\"x\">e</em>"),
        "<div class=\"note\">\n<b>Hi</b>\n</div>\n<p>Text <em class=\"x\">e</em></p>\n"
    );
}

#[test]
fn no_smart_punctuation() {
    assert_eq!(
        render_plain("\"quoted\" -- it's..."),
        "<p>\"quoted\" -- it's...</p>\n"
    );
}

fn render_punctuated(markdown: &str, punctuation: Punctuation) -> String {
    let mut state = PageState::with_punctuation(punctuation);
    render(markdown, &mut state, &mut Shortcodes::default())
}

#[test]
fn smart_punctuation_in_english_and_german() {
    let text = "\"quoted\" -- it's... 'single' --- \u{201c}typed\u{201d}";
    assert_eq!(
        render_punctuated(text, Punctuation::English),
        "<p>\u{201c}quoted\u{201d} \u{2013} it\u{2019}s\u{2026} \u{2018}single\u{2019} \u{2014} \u{201c}typed\u{201d}</p>\n"
    );
    // German double quotes; the quotes the writer typed stay as they are.
    assert_eq!(
        render_punctuated(text, Punctuation::LowHigh),
        "<p>\u{201e}quoted\u{201c} \u{2013} it\u{2019}s\u{2026} \u{2018}single\u{2019} \u{2014} \u{201c}typed\u{201d}</p>\n"
    );
    // Code keeps straight quotes.
    assert_eq!(
        render_punctuated("`\"a\" -- b`", Punctuation::LowHigh),
        "<p><code>\"a\" -- b</code></p>\n"
    );
    assert_eq!(
        Punctuation::for_language(true, "de-AT"),
        Punctuation::LowHigh
    );
    assert_eq!(Punctuation::for_language(true, "en"), Punctuation::English);
    assert_eq!(
        Punctuation::for_language(false, "de"),
        Punctuation::AsWritten
    );
}

#[test]
fn odd_input_does_not_panic() {
    let inputs = [
        "",
        "\u{E000}",
        "\u{E001}\u{E000}",
        "\u{E000}1",
        "[^",
        "[^]",
        "[^a\\]",
        "[^a\\]b]",
        "[^\u{E000}0\u{E001}]\n\n[^\u{E000}0\u{E001}]: x",
        "[^ü]: ü\n\n[^Ü] [^ü]",
        "# {#}",
        "## ![a ![b](c)](d) [^x]",
        "> [^q]\n>\n> [^q]: quoted\n",
        "- [^l]\n\n  [^l]: listed",
        "```\n[^open",
        "<!-- [^c]",
        "[a](<\u{E000}3\u{E001}> '\u{E000}4\u{E001}')",
        "*\u{E000}1\u{E001}*\u{E000}2\u{E001}**",
        "|a|\n|-|\n|\u{E000}5\u{E001}|",
    ];
    for input in inputs {
        let mut state = PageState::default();
        let mut shortcodes = Shortcodes::default();
        render(input, &mut state, &mut shortcodes);
        state.footnotes_html();
        state.undefined_footnotes();
    }
}
