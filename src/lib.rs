//! Sigill: a static site generator whose pages are approved by their
//! responsible publisher and stamped with a quality mark anyone can verify.
//!
//! The build is a pipeline of stages, each a module with one job:
//! [`load`] → [`frontmatter`] → [`validate`] → [`approvals`] → [`render`] →
//! [`output`]. The command line lives in `src/cli/`, a module of the
//! `sigill` binary only: the library never prints and knows no flags.

pub mod admin;
pub mod approvals;
pub mod audit;
pub mod build;
pub mod config;
pub mod diagnostic;
pub mod feeds;
pub mod frontmatter;
pub mod i18n;
pub mod inputs;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod seal;
pub mod serve;
pub mod stamp;
pub mod status;
pub mod subject;
pub mod toml_errors;
pub mod trust;
pub mod validate;
pub mod verifier_page;
pub mod verify;

#[cfg(test)]
mod properties;
