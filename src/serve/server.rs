//! The preview's HTTP side (axum): pages from memory with a live-reload
//! script and an error overlay injected, theme and bundle files from disk,
//! and a server-sent events stream that tells open tabs to reload.

use crate::render::escape_html;
use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::broadcast;

use super::preview::Preview;
use crate::diagnostic::Diagnostic;

/// The path of the reload event stream.
pub const EVENTS_PATH: &str = "/__sigill/events";

/// What the server shares between requests and the watcher.
pub struct ServerState {
    pub preview: RwLock<Preview>,
    pub reload: broadcast::Sender<u64>,
}

const RELOAD_SCRIPT: &str = "<script>(()=>{const s=new EventSource(\"/__sigill/events\");s.onmessage=()=>location.reload();})();</script>";

/// The error overlay: every current problem with file:line and the fix.
pub fn overlay(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<div id=\"sigill-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:1000;background:#fff;color:#1b1b1b;border-top:6px solid #a4000f;padding:1rem 1.5rem;font:16px/1.5 system-ui,sans-serif;box-shadow:0 -4px 16px rgba(0,0,0,.3)\"><h2 style=\"margin:0 0 .5rem;color:#a4000f\">Sigill: {} problem(s)</h2><ul>",
        diagnostics.len()
    );
    for d in diagnostics {
        let place = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", d.file),
            (Some(l), None) => format!("{}:{l}", d.file),
            _ => d.file.clone(),
        };
        out.push_str(&format!("<li><code>{}</code> {}", escape_html(&place), escape_html(&d.message)));
        if let Some(help) = &d.help {
            out.push_str(&format!("<br><small>{}</small>", escape_html(help)));
        }
        out.push_str("</li>");
    }
    out.push_str("</ul></div>");
    out
}

/// Adds the overlay and the reload script before `</body>`.
pub fn inject(html: &str, diagnostics: &[Diagnostic]) -> String {
    let addition = format!("{}{RELOAD_SCRIPT}", overlay(diagnostics));
    match html.rfind("</body>") {
        Some(at) => format!("{}{addition}{}", &html[..at], &html[at..]),
        None => format!("{html}{addition}"),
    }
}

pub(crate) fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// What a request resolves to, decided while the preview is locked.
enum Answer {
    Html(StatusCode, String),
    Redirect(String),
    File(std::path::PathBuf),
}

fn answer(preview: &Preview, path: &str) -> Answer {
    let diagnostics = preview.diagnostics();
    if path.ends_with('/') {
        if let Some(html) = preview.html(path) {
            return Answer::Html(StatusCode::OK, inject(html, &diagnostics));
        }
    } else if preview.html(&format!("{path}/")).is_some() {
        return Answer::Redirect(format!("{path}/"));
    } else if let Some(file) = preview.file(path) {
        return Answer::File(file);
    }
    let body = preview.html("/404.html").map(|html| inject(html, &diagnostics)).unwrap_or_else(|| inject("<!doctype html><title>404</title><body>404</body>", &diagnostics));
    Answer::Html(StatusCode::NOT_FOUND, body)
}

async fn page(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let path = uri.path().to_string();
    let decided = answer(&state.preview.read().expect("not poisoned"), &path);
    match decided {
        Answer::Html(status, body) => (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], body).into_response(),
        Answer::Redirect(to) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response(),
        Answer::File(file) => match tokio::fs::read(&file).await {
            Ok(bytes) => ([(header::CONTENT_TYPE, content_type(&path)), (header::CACHE_CONTROL, "no-store")], bytes).into_response(),
            Err(_) => StatusCode::NOT_FOUND.into_response(),
        },
    }
}

async fn events(State(state): State<Arc<ServerState>>) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let receiver = state.reload.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        loop {
            match receiver.recv().await {
                Ok(generation) => return Some((Ok(Event::default().id(generation.to_string()).data("reload")), receiver)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The preview's routes.
pub fn router(state: Arc<ServerState>) -> Router {
    Router::new().route(EVENTS_PATH, get(events)).fallback(get(page)).with_state(state)
}
