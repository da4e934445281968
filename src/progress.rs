//! Progress reporting for long builds. The library only calls this trait;
//! the command line decides whether and how to show it.

/// Receives progress from the pipeline's stages. Every method has a
/// do-nothing default, so a caller implements only what it shows.
pub trait Progress: Sync {
    /// A stage begins, with the number of steps it will take.
    fn stage(&self, _name: &str, _total: u64) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
    /// The run is over (successfully or not).
    fn finish(&self) {}
}

/// Shows nothing: for tests, `check` and scripts.
pub struct Silent;

impl Progress for Silent {}
