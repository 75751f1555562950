//! One module per subcommand, each a thin layer over the library.

pub mod build;
pub mod check;
pub mod init;
pub mod serve;
