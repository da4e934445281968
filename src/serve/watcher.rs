//! Watches the site's files (notify), waits for a burst of changes to settle,
//! then updates the preview and tells the browsers to reload.

use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher};

use super::preview::is_relevant;
use super::server::ServerState;

/// How long a burst of file events may last before the preview updates.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// What the watcher reports after each update; the CLI prints it.
pub type Report = Box<dyn Fn(&str) + Send>;

/// Starts watching `root`; the returned watcher must be kept alive.
pub fn watch(root: PathBuf, state: Arc<ServerState>, report: Report) -> notify::Result<notify::RecommendedWatcher> {
    let (sender, receiver) = mpsc::channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event {
            if !matches!(event.kind, notify::EventKind::Access(_)) {
                for path in event.paths {
                    let _ = sender.send(path);
                }
            }
        }
    })?;
    for folder in ["content", "themes", "trust"] {
        let path = root.join(folder);
        if path.exists() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    watcher.watch(&root, RecursiveMode::NonRecursive)?;
    std::thread::spawn(move || {
        let mut generation = 0u64;
        while let Ok(first) = receiver.recv() {
            let mut changed = vec![first];
            let deadline = Instant::now() + DEBOUNCE;
            while let Ok(path) = receiver.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                changed.push(path);
            }
            changed.retain(|p| is_relevant(&root, p));
            changed.sort();
            changed.dedup();
            if changed.is_empty() {
                continue;
            }
            let started = Instant::now();
            let result = state.preview.write().expect("not poisoned").apply(&changed);
            let elapsed = started.elapsed();
            match result {
                Ok(update) => {
                    let problems = state.preview.read().expect("not poisoned").diagnostics();
                    let mut message = tr!("watcher-updated-in-ms-page-rendered", as_millis = elapsed.as_millis(), html = update.html, markdown = update.markdown, else = if update.full { " (site.toml changed: everything reloaded)" } else { "" });
                    for d in &problems {
                        message.push('\n');
                        message.push_str(&d.to_string());
                    }
                    report(&message);
                }
                Err(d) => report(&tr!("watcher-site-toml-could-not-be", value = d)),
            }
            generation += 1;
            let _ = state.reload.send(generation);
        }
    });
    Ok(watcher)
}
