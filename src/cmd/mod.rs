//! One module per subcommand: each turns its arguments into a [`Report`](crate::Report).

pub mod build;
pub mod i18n;
pub mod ports;
