//! `sigill serve`: a local preview with live reload. Three parts: the
//! in-memory [`preview::Preview`], the HTTP [`server`], and the file
//! [`watcher`] that feeds changes to the preview.

pub mod preview;
pub mod server;
pub mod watcher;
