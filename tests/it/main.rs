//! Sigill's integration tests, as one binary (one link instead of one per
//! file): each module drives the real `sigill` binary or the library on
//! fixture sites. `tests/it/common/` holds the shared fixtures, the forgery
//! kit, nginx and the shared verifier fixture cases.

mod common;
mod attacks;
mod browser;
mod cases;
mod desk;
mod duties;
mod features;
mod example;
mod freshness;
mod fuzz;
mod interop;
mod keys;
mod mutations;
mod nginx;
mod operations;
mod serve;
mod site;
mod soundness;
mod verify;
mod wycheproof;
