//! Diagnostics for tools: tafel's own JSON ([`json`]) and SARIF 2.1.0 ([`sarif`]), which code
//! hosts read to annotate pull requests. The terminal's form is `diagnostics::render_terminal`.

mod json;
mod sarif;

pub(crate) use json::render_json;
pub(crate) use sarif::render_sarif;
