//! One module per subcommand: each turns its arguments into a [`Report`](crate::Report).

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod i18n;
pub(crate) mod migrate;
pub(crate) mod ports;
pub(crate) mod serve;
