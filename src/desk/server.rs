//! The desk's HTTP side (axum). One handler sees every request: the guard
//! first (host, origin, token), then the desk's own views and forms, and
//! otherwise the live preview's pages and files, so a page under review is
//! shown exactly as it will be published.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;
use zeroize::Zeroizing;

use super::guard::{Guard, Presented, Refusal};
use super::views::{self, Flash};
use super::{ApproveForm, Desk, DeskError};
use crate::language::Language;
use crate::serve::preview::Preview;

/// The largest form accepted.
const MAX_FORM_BYTES: usize = 64 * 1024;

/// What every request shares.
pub struct DeskState {
    pub desk: Desk,
    pub guard: Guard,
    pub preview: RwLock<Option<Preview>>,
    /// The language until the publisher picks one.
    pub language: Language,
    /// A message for the next view of a page (after a form was sent).
    flash: Mutex<Option<(String, Flash)>>,
}

impl DeskState {
    /// The state of a desk listening with `guard`.
    pub fn new(desk: Desk, guard: Guard, language: Language) -> Self {
        Self { desk, guard, preview: RwLock::new(None), language, flash: Mutex::new(None) }
    }

    fn reload_preview(&self) {
        let clock = self.desk.clock;
        let loaded = Preview::load_with_clock(self.desk.root(), clock).ok();
        if let Ok(mut preview) = self.preview.write() {
            *preview = loaded;
        }
    }
}

/// The desk's routes: everything goes through [`handle`].
pub fn router(state: Arc<DeskState>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

fn pairs(text: &str) -> BTreeMap<String, String> {
    form_urlencoded::parse(text.as_bytes()).into_owned().collect()
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| c.trim().strip_prefix(name)?.strip_prefix('='))
}

const VIEW_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
const PREVIEW_CSP: &str = "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'";

fn with_headers(mut response: Response, csp: &str) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    response
}

fn html(status: StatusCode, body: String) -> Response {
    with_headers((status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(), VIEW_CSP)
}

fn see_other(to: &str) -> Response {
    with_headers((StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response(), VIEW_CSP)
}

async fn handle(State(state): State<Arc<DeskState>>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    tokio::task::block_in_place(|| respond(&state, &method, &uri, &headers, &body))
}

fn respond(state: &DeskState, method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Response {
    let query = pairs(uri.query().unwrap_or_default());
    let safe = method == Method::GET || method == Method::HEAD;
    let language_cookie = format!("{}_lang", state.guard.cookie_name());
    let asked = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(|v| crate::l10n::language_of_locale(v.split([',', ';']).next().unwrap_or_default()));
    let language = match cookie(headers, &language_cookie) {
        Some("en") => Language::En,
        Some("sv") => Language::Sv,
        _ => asked.unwrap_or(state.language),
    };
    if !safe && method != Method::POST {
        return html(StatusCode::METHOD_NOT_ALLOWED, views::refused(language, &tr_in!(language, "desk-refused-origin")));
    }
    if body.len() > MAX_FORM_BYTES {
        return html(StatusCode::PAYLOAD_TOO_LARGE, views::refused(language, &tr_in!(language, "desk-refused-origin")));
    }
    let mut form = if safe { BTreeMap::new() } else { pairs(&String::from_utf8_lossy(body)) };
    let presented = Presented {
        safe,
        host: headers.get(header::HOST).and_then(|v| v.to_str().ok()),
        origin: headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()),
        cookie: cookie(headers, &state.guard.cookie_name()),
        query_token: query.get("token").map(String::as_str),
        form_token: form.get("token").map(String::as_str),
    };
    if let Err(refusal) = state.guard.check(&presented) {
        let why = match refusal {
            Refusal::Host => tr_in!(language, "desk-refused-host"),
            Refusal::Origin => tr_in!(language, "desk-refused-origin"),
            Refusal::Token => tr_in!(language, "desk-refused-token"),
        };
        return html(StatusCode::FORBIDDEN, views::refused(language, &why));
    }
    let path = uri.path();
    // The printed link: keep the token in a cookie, not in the address bar.
    if safe && query.contains_key("token") {
        let mut response = see_other(path);
        let value = format!("{}={}; HttpOnly; SameSite=Strict; Path=/", state.guard.cookie_name(), state.guard.token());
        if let Ok(v) = HeaderValue::from_str(&value) {
            response.headers_mut().insert(header::SET_COOKIE, v);
        }
        return response;
    }
    let (_, name) = state.desk.publisher();
    match (safe, path) {
        (true, views::STYLE_PATH) => with_headers(([(header::CONTENT_TYPE, "text/css; charset=utf-8")], views::STYLE).into_response(), VIEW_CSP),
        (true, "/__desk/lang") => {
            let to = if query.get("to").map(String::as_str) == Some("en") { "en" } else { "sv" };
            let back = query.get("back").filter(|b| b.starts_with('/') && !b.starts_with("//")).cloned().unwrap_or_else(|| "/".into());
            let mut response = see_other(&back);
            if let Ok(v) = HeaderValue::from_str(&format!("{language_cookie}={to}; SameSite=Strict; Path=/")) {
                response.headers_mut().insert(header::SET_COOKIE, v);
            }
            response
        }
        (true, "/") => {
            let flash = take_flash(state, "/");
            match state.desk.queue() {
                Ok(queue) => html(StatusCode::OK, views::queue(&queue, language, name, flash.as_ref())),
                Err(e) => html(StatusCode::INTERNAL_SERVER_ERROR, views::refused(language, &e.to_string())),
            }
        }
        (true, "/review") => {
            let page = query.get("path").cloned().unwrap_or_default();
            let flash = take_flash(state, &page);
            state.reload_preview();
            review_page(state, &page, language, flash.as_ref(), StatusCode::OK)
        }
        (false, "/approve") => {
            let page = form.get("path").cloned().unwrap_or_default();
            let approve = ApproveForm {
                path: page.clone(),
                note: form.get("note").cloned().unwrap_or_default(),
                minor: form.get("change").map(String::as_str) == Some("minor"),
                review_by: form.get("review_by").cloned(),
                // Moved, not copied, into memory that is wiped after use.
                passphrase: Zeroizing::new(form.remove("passphrase").unwrap_or_default()),
            };
            let result = with_language(language, || state.desk.approve(&approve));
            match result {
                Ok(done) => {
                    let mut text = if done.co_approval {
                        tr_in!(language, "desk-co-approved", path = done.path.as_str(), sequence = done.sequence)
                    } else {
                        tr_in!(language, "desk-approved", path = done.path.as_str(), sequence = done.sequence)
                    };
                    text.push_str(&git_words(&done.git, language));
                    finish(state, &page, Flash::Done(text))
                }
                Err(e) => failed(state, &page, language, e),
            }
        }
        (false, "/send-back") => {
            let page = form.get("path").cloned().unwrap_or_default();
            let comment = form.get("comment").cloned().unwrap_or_default();
            match with_language(language, || state.desk.send_back(&page, &comment)) {
                Ok(done) => {
                    let mut text = tr_in!(language, "desk-sent-back", path = done.path.as_str());
                    text.push_str(&git_words(&done.git, language));
                    finish(state, &page, Flash::Done(text))
                }
                Err(e) => failed(state, &page, language, e),
            }
        }
        (true, _) => preview_answer(state, path),
        (false, _) => html(StatusCode::NOT_FOUND, views::refused(language, &tr_in!(language, "desk-refused-origin"))),
    }
}

/// Runs `work` with the library's messages in the publisher's language.
fn with_language<T>(language: Language, work: impl FnOnce() -> T) -> T {
    let before = crate::l10n::language();
    crate::l10n::set_language(language);
    let out = work();
    crate::l10n::set_language(before);
    out
}

fn git_words(git: &Option<Result<String, String>>, language: Language) -> String {
    match git {
        Some(Ok(id)) => format!(" {}", tr_in!(language, "desk-committed", id = id.as_str())),
        Some(Err(why)) => format!(" {}", tr_in!(language, "desk-not-committed", why = why.as_str())),
        None => String::new(),
    }
}

fn take_flash(state: &DeskState, key: &str) -> Option<Flash> {
    let mut slot = state.flash.lock().ok()?;
    match slot.take() {
        Some((k, flash)) if k == key => Some(flash),
        other => {
            *slot = other;
            None
        }
    }
}

fn finish(state: &DeskState, page: &str, flash: Flash) -> Response {
    state.reload_preview();
    if let Ok(mut slot) = state.flash.lock() {
        *slot = Some((page.to_string(), flash));
    }
    see_other(&format!("/review?path={}", views::query_value(page)))
}

fn failed(state: &DeskState, page: &str, language: Language, error: DeskError) -> Response {
    let status = match error {
        DeskError::WrongPassphrase => StatusCode::UNAUTHORIZED,
        DeskError::Refused(_) => StatusCode::FORBIDDEN,
        DeskError::Site(_) => StatusCode::INTERNAL_SERVER_ERROR,
    };
    review_page(state, page, language, Some(&Flash::Problem(error.to_string())), status)
}

fn review_page(state: &DeskState, page: &str, language: Language, flash: Option<&Flash>, status: StatusCode) -> Response {
    let (_, name) = state.desk.publisher();
    match state.desk.review(page, language) {
        Ok(review) => html(status, views::review(&review, language, name, state.guard.token(), flash)),
        Err(e) => html(StatusCode::NOT_FOUND, views::refused(language, &e.to_string())),
    }
}

/// A page or file of the live preview, for the review's frame.
fn preview_answer(state: &DeskState, path: &str) -> Response {
    if state.preview.read().map(|p| p.is_none()).unwrap_or(true) {
        state.reload_preview();
    }
    let Ok(guard) = state.preview.read() else { return StatusCode::INTERNAL_SERVER_ERROR.into_response() };
    let Some(preview) = guard.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let url = path.strip_suffix("index.html").unwrap_or(path);
    if url.ends_with('/') {
        if let Some(page) = preview.html(url) {
            return with_headers(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page.to_string()).into_response(), PREVIEW_CSP);
        }
    } else if let Some(file) = preview.file(path) {
        if let Ok(bytes) = std::fs::read(file) {
            return with_headers(([(header::CONTENT_TYPE, crate::serve::server::content_type(path))], bytes).into_response(), PREVIEW_CSP);
        }
    }
    with_headers(StatusCode::NOT_FOUND.into_response(), PREVIEW_CSP)
}
