//! The `Content-Type` of an output file, by its extension.
//!
//! A table of the types a documentation site serves rather than `mime_guess`: the build knows the
//! files it produces, the firewall exports (`.nft`, `.iptables`) must show as text where
//! `mime_guess` knows neither, and the charset is decided here either way. Text types get
//! `charset=utf-8` because every text file tafel writes is UTF-8 and `text/*` would otherwise
//! default to ASCII or the browser's guess; XML, SVG and JSON declare their encoding themselves.

/// HTML, the one type the live-reload script goes into.
pub(crate) const HTML: &str = "text/html; charset=utf-8";

/// What a file of an unknown kind is sent as, so a browser downloads it rather than guesses.
const UNKNOWN: &str = "application/octet-stream";

/// The content type of the output file at `path` (`en/index.html`, `css/tafel.css`).
pub(crate) fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let Some((_, extension)) = name.rsplit_once('.') else {
        return UNKNOWN;
    };
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => HTML,
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "txt" | "nft" | "iptables" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "wasm" => "application/wasm",
        _ => UNKNOWN,
    }
}
