//! `tafel serve`: the site built in memory, served over HTTP on loopback, rebuilt when its files
//! change, with open pages reloading themselves.
//!
//! - [`state`]: the snapshot of the site the server answers with, and the events open pages get;
//! - [`http`]: the HTTP server, which answers requests from the snapshot and only from it;

pub(crate) mod http;
pub(crate) mod state;
