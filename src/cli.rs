//! The command line: what the user typed, checked by clap, turned into options for the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::site::{BuildOptions, LoadOptions};

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
}

/// Flags every command that reads a site shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site folder (the one holding `site.yaml`).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub site: PathBuf,
    /// Override `base-url` from `site.yaml`.
    #[arg(long, value_name = "URL")]
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
        }
    }
}

/// `tafel build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
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
