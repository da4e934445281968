//! A progress bar on the terminal for builds that take longer than a
//! second; nothing at all under CI or when stderr is not a terminal.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use sigill::progress::Progress;

/// Shows the current stage once the run has lasted a second.
pub struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
    shown: Mutex<bool>,
    enabled: bool,
}

impl TerminalProgress {
    pub fn new() -> Self {
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        Self { bar, started: Instant::now(), shown: Mutex::new(false), enabled }
    }

    fn maybe_show(&self) {
        if self.enabled && self.started.elapsed() > Duration::from_secs(1) {
            let mut shown = self.shown.lock().expect("not poisoned");
            if !*shown {
                self.bar.set_draw_target(ProgressDrawTarget::stderr());
                *shown = true;
            }
        }
    }
}

impl Default for TerminalProgress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &str, total: u64) {
        // A stage without a count shows its name only.
        let template = if total == 0 { "{prefix:>20} …" } else { "{prefix:>20} [{bar:30}] {pos}/{len}" };
        self.bar.set_style(ProgressStyle::with_template(template).expect("valid template").progress_chars("=> "));
        self.bar.set_prefix(name.to_string());
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.maybe_show();
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
        self.maybe_show();
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
