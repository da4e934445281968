//! Sigill: a static site generator whose pages are approved by their
//! responsible publisher and stamped with a quality mark anyone can verify.
//!
//! The build is a pipeline of stages, each a module with one job:
//! `load` → `frontmatter` → `validate` → `approvals` → `render` → `stamp` →
//! `seal` → `output`. The command line lives in `src/cli/`, a module of the
//! `sigill` binary only: the library never prints and knows no flags.
//!
//! With the default feature `site` everything is built. Without it (cargo
//! install sigill --no-default-features --features verify) only what a
//! citizen needs to check a site is: [`trust`] and [`verify`].

#[macro_use]
pub mod l10n;
pub mod language;
pub mod log;
pub mod trust;
pub mod verify;

#[cfg(feature = "site")]
pub mod accessibility;
#[cfg(feature = "site")]
pub mod admin;
#[cfg(feature = "site")]
pub mod approvals;
#[cfg(feature = "site")]
pub mod audit;
#[cfg(feature = "site")]
pub mod build;
#[cfg(feature = "site")]
pub mod cache;
#[cfg(feature = "site")]
pub mod components;
#[cfg(feature = "site")]
pub mod config;
#[cfg(feature = "site")]
pub mod desk;
#[cfg(feature = "site")]
pub mod content_language;
#[cfg(feature = "site")]
pub mod continuity;
#[cfg(feature = "site")]
pub mod diagnostic;
#[cfg(feature = "site")]
pub mod facts_record;
#[cfg(feature = "site")]
pub mod feeds;
#[cfg(feature = "site")]
pub mod frontmatter;
#[cfg(feature = "site")]
pub mod generated;
#[cfg(feature = "site")]
pub mod history;
#[cfg(feature = "site")]
pub mod i18n;
#[cfg(feature = "site")]
pub mod images;
#[cfg(feature = "site")]
pub mod inputs;
#[cfg(feature = "site")]
pub mod links;
#[cfg(feature = "site")]
pub mod load;
#[cfg(feature = "site")]
pub mod markdown;
#[cfg(feature = "site")]
pub mod model;
#[cfg(feature = "site")]
pub mod output;
#[cfg(feature = "site")]
pub mod paginate;
#[cfg(feature = "site")]
pub mod parse;
#[cfg(feature = "site")]
pub mod progress;
#[cfg(feature = "site")]
pub mod render;
#[cfg(feature = "site")]
pub mod scaffold;
#[cfg(feature = "site")]
pub mod schedule;
#[cfg(feature = "site")]
pub mod seal;
#[cfg(feature = "site")]
pub mod search;
#[cfg(feature = "site")]
pub mod sent_back;
#[cfg(feature = "site")]
pub mod serve;
#[cfg(feature = "site")]
pub mod stamp;
#[cfg(feature = "site")]
pub mod site_files;
#[cfg(feature = "site")]
pub mod status;
#[cfg(feature = "site")]
pub mod withdraw;
#[cfg(feature = "site")]
pub mod subject;
#[cfg(feature = "site")]
pub mod taxonomy;
#[cfg(feature = "site")]
pub mod toml_errors;
#[cfg(feature = "site")]
pub mod translations;
#[cfg(feature = "site")]
pub mod validate;
#[cfg(feature = "site")]
pub mod verifier_page;

#[cfg(all(test, feature = "site"))]
mod properties;
