//! The desk's pages as HTML, in Swedish or English: the queue, the review
//! of one page with its forms, and the page shown when a request is
//! refused. Plain HTML forms, no script: usable with the keyboard alone,
//! by screen readers and on a phone.

use super::{Queue, QueueItem, Review};
use crate::language::Language;
use crate::render::escape_html as esc;
use crate::status::PageState;

/// The desk's style sheet, served at [`STYLE_PATH`].
pub const STYLE: &str = include_str!("desk.css");
/// Where the style sheet is served.
pub const STYLE_PATH: &str = "/__desk/desk.css";

/// A message shown at the top of a view after an action.
pub enum Flash {
    Done(String),
    Problem(String),
}

fn lang_code(language: Language) -> &'static str {
    if language == Language::Sv {
        "sv"
    } else {
        "en"
    }
}

/// Encodes a query value.
pub fn query_value(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A whole page around `body`.
pub fn layout(language: Language, title: &str, publisher_name: &str, here: &str, body: &str) -> String {
    let (other, other_name) = if language == Language::Sv { ("en", "English") } else { ("sv", "Svenska") };
    format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} – {desk}</title><link rel=\"stylesheet\" href=\"{STYLE_PATH}\"></head>\n<body>\
<a class=\"skip\" href=\"#main\">{skip}</a>\
<header class=\"top\"><p class=\"brand\"><a href=\"/\">{desk}</a></p><p class=\"who\">{signed_in}</p>\
<nav aria-label=\"{language_label}\"><a href=\"/__desk/lang?to={other}&amp;back={back}\" lang=\"{other}\" hreflang=\"{other}\">{other_name}</a></nav></header>\n\
<main id=\"main\">{body}</main></body></html>\n",
        lang = lang_code(language),
        title = esc(title),
        desk = tr_in!(language, "desk-name"),
        skip = tr_in!(language, "desk-skip"),
        signed_in = esc(&tr_in!(language, "desk-signed-in-as", name = publisher_name)),
        language_label = tr_in!(language, "desk-language"),
        back = esc(&query_value(here)),
    )
}

fn state_class(state: PageState) -> String {
    serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn approvals_line(item: &QueueItem, language: Language) -> String {
    let s = &item.status;
    if s.approvals_needed <= 1 {
        return String::new();
    }
    let have = s.approved_by.len();
    let names = if s.approved_by.is_empty() { String::new() } else { format!(" ({})", esc(&s.approved_by.join(", "))) };
    format!("<p class=\"approvals\">{}{names}</p>", esc(&tr_in!(language, "desk-approvals-of", have = have, need = s.approvals_needed)))
}

fn item_html(item: &QueueItem, language: Language) -> String {
    let s = &item.status;
    let mut out = format!(
        "<li class=\"item\" data-path=\"{path}\" data-state=\"{class}\"><h3><a href=\"/review?path={q}\">{title}</a></h3>\
<p><span class=\"state state-{class}\">{label}</span> <code>{path}</code></p>",
        path = esc(&s.path),
        q = esc(&query_value(&s.path)),
        title = esc(&item.title),
        class = state_class(s.state),
        label = esc(&state_label(s.state, language)),
    );
    if let (Some(date), Some(days)) = (&s.review_by, s.days_left) {
        out.push_str(&format!("<p>{}</p>", esc(&tr_in!(language, "desk-review-by", date = date.as_str(), days = days))));
    }
    if !item.mine {
        let who = s.publisher_name.clone().unwrap_or_else(|| s.publisher.clone());
        out.push_str(&format!("<p class=\"notice\">{}</p>", esc(&tr_in!(language, "desk-other-scope", name = who))));
    } else if !item.signable {
        let who = s.publisher_name.clone().unwrap_or_else(|| s.publisher.clone());
        out.push_str(&format!("<p>{}</p>", esc(&tr_in!(language, "desk-publisher-is", name = who))));
    }
    out.push_str(&approvals_line(item, language));
    if let Some(summary) = &item.summary {
        out.push_str(&format!("<p class=\"summary\">{}: {}</p>", tr_in!(language, "desk-change-summary"), esc(summary)));
    }
    if let Some(note) = &s.sent_back {
        out.push_str(&format!("<p class=\"sent-back\">{}</p>", esc(&tr_in!(language, "desk-sent-back-by", name = note.publisher_name.as_str(), comment = note.comment.as_str()))));
    }
    out.push_str("</li>");
    out
}

/// A state in the desk's words.
pub fn state_label(state: PageState, language: Language) -> String {
    let id = match state {
        PageState::Invalid => "desk-state-invalid",
        PageState::PublisherRevoked => "desk-state-revoked",
        PageState::OutOfScope => "desk-state-out-of-scope",
        PageState::Lapsed => "desk-state-lapsed",
        PageState::NeverApproved => "desk-state-new",
        PageState::AwaitingApprovals => "desk-state-awaiting",
        PageState::ChangedSinceApproval => "desk-state-changed",
        PageState::TranslationOutdated => "desk-state-translation",
        PageState::ReviewDueSoon => "desk-state-due",
        PageState::Scheduled => "desk-state-scheduled",
        PageState::Approved => "desk-state-approved",
    };
    crate::l10n::text_in(language, id, &[])
}

fn flash_html(flash: Option<&Flash>) -> String {
    match flash {
        Some(Flash::Done(text)) => format!("<div class=\"flash done\" role=\"status\"><p>{}</p></div>", esc(text)),
        Some(Flash::Problem(text)) => format!("<div class=\"flash problem\" role=\"alert\"><p>{}</p></div>", esc(text)),
        None => String::new(),
    }
}

/// The queue: "Att granska".
pub fn queue(queue: &Queue, language: Language, publisher_name: &str, flash: Option<&Flash>) -> String {
    let title = tr_in!(language, "desk-queue-title");
    let mut body = format!("<h1>{}</h1>{}", esc(&title), flash_html(flash));
    body.push_str(&format!("<p>{}</p>", esc(&tr_in!(language, "desk-queue-intro", count = queue.mine.len()))));
    if !queue.counts.is_empty() {
        body.push_str(&format!("<h2>{}</h2><ul class=\"counts\">", tr_in!(language, "desk-counts")));
        for (state, n) in &queue.counts {
            body.push_str(&format!("<li><span class=\"state state-{}\">{}</span> {n}</li>", state_class(*state), esc(&state_label(*state, language))));
        }
        body.push_str("</ul>");
    }
    body.push_str(&format!("<h2>{}</h2>", tr_in!(language, "desk-your-pages")));
    if queue.mine.is_empty() {
        body.push_str(&format!("<p class=\"empty\">{}</p>", tr_in!(language, "desk-nothing-waits")));
    } else {
        body.push_str("<ul class=\"queue\" id=\"mine\">");
        for item in &queue.mine {
            body.push_str(&item_html(item, language));
        }
        body.push_str("</ul>");
    }
    if !queue.others.is_empty() {
        body.push_str(&format!("<h2>{}</h2><p>{}</p><ul class=\"queue\" id=\"others\">", tr_in!(language, "desk-others"), tr_in!(language, "desk-others-intro")));
        for item in &queue.others {
            body.push_str(&item_html(item, language));
        }
        body.push_str("</ul>");
    }
    layout(language, &title, publisher_name, "/", &body)
}

/// The review of one page, with the approve and send-back forms.
pub fn review(review: &Review, language: Language, publisher_name: &str, token: &str, flash: Option<&Flash>) -> String {
    let item = &review.item;
    let s = &item.status;
    let here = format!("/review?path={}", query_value(&s.path));
    let mut body = format!("<p><a href=\"/\">{}</a></p><h1>{}</h1>{}", tr_in!(language, "desk-back-to-queue"), esc(&item.title), flash_html(flash));
    let who = s.publisher_name.clone().unwrap_or_else(|| s.publisher.clone());
    body.push_str("<dl class=\"facts\">");
    let mut fact = |k: String, v: String| body.push_str(&format!("<div><dt>{}</dt><dd>{}</dd></div>", esc(&k), v));
    fact(tr_in!(language, "desk-fact-state"), format!("<span class=\"state state-{}\">{}</span>", state_class(s.state), esc(&state_label(s.state, language))));
    fact(tr_in!(language, "desk-fact-path"), format!("<code>{}</code>", esc(&s.path)));
    fact(tr_in!(language, "desk-fact-url"), format!("<code>{}</code>", esc(&s.url)));
    fact(tr_in!(language, "desk-fact-publisher"), esc(&who));
    if let Some(date) = &s.review_by {
        fact(tr_in!(language, "desk-fact-review-by"), esc(date));
    }
    if s.approvals_needed > 1 {
        fact(tr_in!(language, "desk-fact-approvals"), esc(&format!("{} {}", tr_in!(language, "desk-approvals-of", have = s.approved_by.len(), need = s.approvals_needed), s.approved_by.join(", "))));
    }
    if let Some(summary) = &item.summary {
        fact(tr_in!(language, "desk-change-summary"), esc(summary));
    }
    body.push_str("</dl>");
    if let Some(note) = &s.sent_back {
        body.push_str(&format!("<p class=\"sent-back\">{}</p>", esc(&tr_in!(language, "desk-sent-back-by", name = note.publisher_name.as_str(), comment = note.comment.as_str()))));
    }
    let frame = if s.url == "/" { "/index.html".to_string() } else { s.url.clone() };
    body.push_str(&format!(
        "<h2 id=\"as-published\">{h}</h2><iframe class=\"page\" title=\"{t}\" src=\"{src}\" sandbox=\"allow-same-origin\"></iframe><p><a href=\"{src}\">{open}</a></p>",
        h = tr_in!(language, "desk-as-published"),
        t = esc(&tr_in!(language, "desk-preview-of", title = item.title.as_str())),
        src = esc(&frame),
        open = tr_in!(language, "desk-open-page"),
    ));
    body.push_str(&format!("<h2 id=\"changes\">{}</h2>", tr_in!(language, "desk-changes")));
    if review.has_previous {
        body.push_str(&format!("<p>{}</p>", esc(&tr_in!(language, "desk-words-changed", added = review.counts.added, removed = review.counts.removed))));
    } else {
        body.push_str(&format!("<p>{}</p>", tr_in!(language, "desk-first-approval")));
    }
    // Scrollable regions are focusable, so the keyboard can scroll them.
    let (text_label, source_label) = (tr_in!(language, "desk-changes"), tr_in!(language, "desk-source-changes"));
    body.push_str(&format!("<div class=\"diff\" id=\"text-diff\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">{}</div>", esc(&text_label), review.text_diff.replace('\n', " ")));
    body.push_str(&format!(
        "<details><summary>{}</summary><pre class=\"diff\" id=\"source-diff\" tabindex=\"0\" role=\"region\" aria-label=\"{}\">{}</pre></details>",
        esc(&source_label),
        esc(&source_label),
        review.source_diff
    ));
    body.push_str(&format!("<h2 id=\"files\">{}</h2>", tr_in!(language, "desk-files")));
    if review.files.is_empty() {
        body.push_str(&format!("<p>{}</p>", tr_in!(language, "desk-no-files")));
    } else {
        body.push_str("<ul class=\"files\">");
        for f in &review.files {
            let how = crate::l10n::text_in(language, &format!("desk-file-{}", f.how), &[]);
            let name = f.path.rsplit('/').next().unwrap_or(&f.path);
            let preview = match (&f.url, f.image) {
                (Some(url), true) => format!("<img src=\"{}\" alt=\"{}\" loading=\"lazy\">", esc(url), esc(&tr_in!(language, "desk-image-preview", name = name))),
                _ => String::new(),
            };
            body.push_str(&format!("<li><span class=\"how how-{}\">{}</span> <code>{}</code> {preview}</li>", f.how, esc(&how), esc(&f.path)));
        }
        body.push_str("</ul>");
    }
    body.push_str(&format!("<h2 id=\"problems\">{}</h2>", tr_in!(language, "desk-problems")));
    if review.problems.is_empty() {
        body.push_str(&format!("<p>{}</p>", tr_in!(language, "desk-no-problems")));
    } else {
        body.push_str("<ul class=\"problems\">");
        for p in &review.problems {
            body.push_str(&format!("<li>{}</li>", esc(p)));
        }
        body.push_str("</ul>");
    }
    let path_field = format!("<input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"path\" value=\"{}\">", esc(token), esc(&s.path));
    if item.signable {
        body.push_str(&format!(
            "<h2 id=\"approve\">{h}</h2><form method=\"post\" action=\"/approve\" class=\"approve\">{path_field}\
<p><label for=\"note\">{note}</label><textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"2000\" required aria-describedby=\"note-help\"></textarea><span id=\"note-help\" class=\"help\">{note_help}</span></p>\
<fieldset><legend>{kind}</legend><p><input type=\"radio\" id=\"major\" name=\"change\" value=\"major\" checked><label for=\"major\">{major}</label></p>\
<p><input type=\"radio\" id=\"minor\" name=\"change\" value=\"minor\"><label for=\"minor\">{minor}</label></p></fieldset>\
<p><label for=\"review_by\">{review_label}</label><input type=\"date\" id=\"review_by\" name=\"review_by\" value=\"{review_on}\" max=\"{latest}\" required></p>\
<p><label for=\"passphrase\">{pass}</label><input type=\"password\" id=\"passphrase\" name=\"passphrase\" autocomplete=\"current-password\" required aria-describedby=\"pass-help\"><span id=\"pass-help\" class=\"help\">{pass_help}</span></p>\
<p><button type=\"submit\">{button}</button></p></form>",
            h = tr_in!(language, "desk-approve"),
            note = tr_in!(language, "desk-note"),
            note_help = tr_in!(language, "desk-note-help"),
            kind = tr_in!(language, "desk-kind"),
            major = tr_in!(language, "desk-major"),
            minor = tr_in!(language, "desk-minor"),
            review_label = tr_in!(language, "desk-review-label"),
            review_on = esc(&review.review_on),
            latest = esc(&review.latest_review_on),
            pass = tr_in!(language, "desk-passphrase"),
            pass_help = tr_in!(language, "desk-passphrase-help"),
            button = tr_in!(language, "desk-approve-button"),
        ));
    } else {
        let text = if item.mine { tr_in!(language, "desk-not-signable", name = who.as_str()) } else { tr_in!(language, "desk-other-scope", name = who.as_str()) };
        body.push_str(&format!("<h2 id=\"approve\">{}</h2><p class=\"notice\" id=\"not-signable\">{}</p>", tr_in!(language, "desk-approve"), esc(&text)));
    }
    if item.mine {
        body.push_str(&format!(
            "<h2 id=\"send-back\">{h}</h2><form method=\"post\" action=\"/send-back\" class=\"send-back\">{path_field}\
<p><label for=\"comment\">{label}</label><textarea id=\"comment\" name=\"comment\" rows=\"3\" maxlength=\"4000\" required></textarea></p>\
<p><button type=\"submit\" class=\"secondary\">{button}</button></p></form>",
            h = tr_in!(language, "desk-send-back"),
            label = tr_in!(language, "desk-comment"),
            button = tr_in!(language, "desk-send-back-button"),
        ));
    }
    layout(language, &item.title, publisher_name, &here, &body)
}

/// The page a refused request gets.
pub fn refused(language: Language, why: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{t}</title></head><body><main><h1>{t}</h1><p>{}</p></main></body></html>\n",
        lang_code(language),
        esc(why),
        t = tr_in!(language, "desk-refused"),
    )
}
