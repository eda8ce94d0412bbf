//! The command line: what the user typed, checked by clap, turned into options for the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::{BuildOptions, LoadOptions};

/// tafel builds localized documentation sites whose facts live in structured data.
#[derive(Debug, Parser)]
#[command(name = "tafel", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder, replacing it only if the whole build succeeds.
    Build(BuildArgs),
    /// Serve the site on loopback, rebuild what a change touches, and reload open pages.
    Serve(ServeArgs),
    /// Run every stage but writing and report everything a build would, broken links and anchors
    /// included. Exits with 0 when there is nothing to report, 1 with findings, 2 when it could
    /// not run.
    Check(CheckArgs),
    /// Translation reports and bookkeeping.
    #[command(subcommand)]
    I18n(I18nCommand),
    /// The port list of `data/ports.yaml`.
    #[command(subcommand)]
    Ports(PortsCommand),
    /// Turn a site of another generator into a tafel site.
    #[command(subcommand)]
    Migrate(MigrateCommand),
}

/// `tafel migrate …`.
#[derive(Debug, Subcommand)]
pub enum MigrateCommand {
    /// Convert a Hugo site into a new tafel site, build it once and report what needs hand
    /// work (also written to DEST/MIGRATION.md). Exits with 0 when the first build succeeds.
    Hugo(MigrateHugoArgs),
}

/// `tafel migrate hugo`.
#[derive(Debug, Args)]
pub struct MigrateHugoArgs {
    /// The Hugo site (the folder holding `hugo.toml` or `config.toml`); only read.
    #[arg(value_name = "SOURCE")]
    pub source: PathBuf,
    /// The new tafel site; must not exist or be empty.
    #[arg(value_name = "DEST")]
    pub dest: PathBuf,
    /// A tafel theme folder to copy into DEST/themes/default/, such as `themes/default` of
    /// tafel's repository.
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,
}

/// `tafel ports …`.
#[derive(Debug, Subcommand)]
pub enum PortsCommand {
    /// Print the port list in a format for tools.
    Export(ExportArgs),
}

/// `tafel ports export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which site to read.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format: json, csv, nftables or iptables.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: crate::export::Format,
    /// Only the rules of this deployment (an id from data/ports.yaml, such as `cloud`).
    #[arg(long, value_name = "ID")]
    pub deployment: Option<String>,
}

fn parse_format(name: &str) -> Result<crate::export::Format, String> {
    name.parse().map_err(|_| {
        let names: Vec<&str> = crate::export::Format::ALL
            .iter()
            .map(|f| f.as_str())
            .collect();
        format!("use one of: {}", names.join(", "))
    })
}

fn parse_base_url(text: &str) -> Result<String, String> {
    crate::config::parse_base_url(text).map_err(|error| format!("{error}; {}", error.help()))
}

/// `tafel i18n …`.
#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Per language: missing, unused and inconsistent messages, untranslated and outdated pages.
    /// Exits with 1 when a language is incomplete.
    Status(StatusArgs),
    /// Record that translations match the current version of their default-language page.
    MarkTranslated(MarkTranslatedArgs),
}

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Readable text.
    Text,
    /// JSON for tools.
    Json,
}

/// `tafel i18n status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Which site to read.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
}

/// `tafel i18n mark-translated`.
#[derive(Debug, Args)]
pub struct MarkTranslatedArgs {
    /// Which site to read.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Translation files to mark, such as `content/server/port-overview.en.md`.
    #[arg(required = true, value_name = "PAGE")]
    pub pages: Vec<PathBuf>,
}

/// Flags every command that reads a site shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one holding `site.yaml`).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
    /// Override `base-url` from `site.yaml` (an absolute http(s) URL).
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

impl SiteArgs {
    /// The options for loading the site.
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            site: self.site.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            lenient_labels: false,
        }
    }
}

/// `tafel serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (the one holding `site.yaml`).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The address to listen on.
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port to listen on; when it is in use, the next free one.
    #[arg(long, default_value_t = 1313)]
    pub port: u16,
    /// Open the site in the desktop's browser.
    #[arg(long)]
    pub open: bool,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Readable reports on standard error.
    Text,
    /// JSON on standard output (described in the README).
    Json,
    /// SARIF 2.1.0 on standard output, for code hosts that annotate pull requests.
    Sarif,
}

/// `tafel check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Which site to read.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormat,
}

/// `tafel build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Which site to read.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder [default: public/ inside the site]
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Treat warnings (missing translations, unclosed shortcodes, …) as errors.
    #[arg(long)]
    pub strict: bool,
}

impl BuildArgs {
    /// The options for building.
    pub fn build_options(&self) -> BuildOptions {
        BuildOptions {
            load: self.site.load_options(),
            out: self.out.clone(),
            strict: self.strict,
        }
    }
}
