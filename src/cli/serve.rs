//! `sigill serve`: starts the preview server and the watcher.

use std::path::Path;
use std::sync::{Arc, RwLock};

use super::args::ServeArgs;
use super::CliError;
use sigill::serve::preview::Preview;
use sigill::serve::server::{router, ServerState};
use sigill::serve::watcher::watch;

pub fn run(root: &Path, args: &ServeArgs) -> Result<(), CliError> {
    let root = root.canonicalize().map_err(|e| CliError::Usage(tr!("serve-message", root = root.display(), error = e)))?;
    let preview = Preview::load(&root).map_err(|d| CliError::Diagnostics { diagnostics: vec![d], setup: true })?;
    let problems = preview.diagnostics();
    let pages = preview.pages_html().len().saturating_sub(1);
    let (reload, _) = tokio::sync::broadcast::channel(16);
    let state = Arc::new(ServerState { preview: RwLock::new(preview), reload });
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| CliError::Usage(e.to_string()))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|e| CliError::Usage(tr!("serve-cannot-listen-on-choose-another", port = args.port, error = e)))?;
        let address = listener.local_addr().map_err(|e| CliError::Usage(e.to_string()))?;
        let url = format!("http://{address}/");
        println!("{}", tr!("serve-previewing-page-at-ctrl-c", pages = pages, url = url));
        for d in &problems {
            eprintln!("{d}");
        }
        let _watcher = watch(root.clone(), state.clone(), Box::new(|message| eprintln!("{message}")))
            .map_err(|e| CliError::Usage(tr!("serve-cannot-watch", root = root.display(), error = e)))?;
        if args.open {
            let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
        }
        axum::serve(listener, router(state)).await.map_err(|e| CliError::Usage(e.to_string()))
    })
}

/// `sigill desk`: the approval desk on 127.0.0.1 for the key's publisher.
pub fn desk(root: &Path, args: &super::args::DeskArgs) -> Result<(), CliError> {
    use sigill::desk::{guard::Guard, server::DeskState, Desk};
    let root = root.canonicalize().map_err(|e| CliError::Usage(tr!("serve-message", root = root.display(), error = e)))?;
    let desk = Desk::open(&root, &args.key, sigill::trust::Timestamp::now).map_err(|e| CliError::Failed(e.to_string()))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().map_err(|e| CliError::Usage(e.to_string()))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", args.port))
            .await
            .map_err(|e| CliError::Usage(tr!("serve-cannot-listen-on-choose-another", port = args.port, error = e)))?;
        let port = listener.local_addr().map_err(|e| CliError::Usage(e.to_string()))?.port();
        let guard = Guard::new(port).map_err(|_| CliError::Usage("no random numbers".into()))?;
        let url = format!("http://127.0.0.1:{port}/?token={}", guard.token());
        let (id, name) = desk.publisher();
        println!("{}", tr!("desk-started", name = super::visible(name), id = id));
        println!("{url}");
        let _ = std::io::Write::flush(&mut std::io::stdout());
        if args.open {
            let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
        }
        let state = Arc::new(DeskState::new(desk, guard, sigill::l10n::language()));
        axum::serve(listener, sigill::desk::server::router(state)).await.map_err(|e| CliError::Usage(e.to_string()))
    })
}
