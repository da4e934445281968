//! The approval desk: a small web application on the publisher's own
//! machine (`sigill desk --key FILE`). It shows what awaits their approval,
//! each page as it will be published with its changes word by word, and
//! signs with their key — the passphrase typed in the page, used once and
//! never stored. Approvals are exactly what `sigill approve` writes; the
//! desk writes nothing outside `trust/` (and commits there when the site is
//! a git checkout).

pub mod diff;
pub mod git;
pub mod guard;
pub mod server;
pub mod views;

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::build::{self, BuildOptions, Prepared};
use crate::language::Language;
use crate::sent_back::SentBack;
use crate::status::{PageState, PageStatus};
use crate::trust::keyfile::KeyFile;
use crate::trust::{PublicKey, Timestamp, TrustState};

/// Pages due for review within this many days are in the queue.
pub const DUE_WITHIN_DAYS: i64 = 30;

/// Why the desk could not do what was asked; shown in the page.
#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    /// The site or its trust state cannot be read.
    #[error("{0}")]
    Site(String),
    /// The passphrase does not open the key file.
    #[error("{}", tr!("desk-wrong-passphrase"))]
    WrongPassphrase,
    /// The request is refused (out of scope, not signable, bad input).
    #[error("{0}")]
    Refused(String),
}

/// The desk for one publisher's key.
pub struct Desk {
    root: PathBuf,
    key_path: PathBuf,
    public: PublicKey,
    publisher: String,
    publisher_name: String,
    clock: fn() -> Timestamp,
}

/// One page in the queue.
#[derive(Debug, Clone)]
pub struct QueueItem {
    pub status: PageStatus,
    pub title: String,
    /// The page lies in one of this publisher's scopes.
    pub mine: bool,
    /// This publisher can approve it here (their page, or a second approval).
    pub signable: bool,
    /// The communicator's summary of the change (the newest commit's
    /// subject since the last approval), when there is one.
    pub summary: Option<String>,
}

/// What awaits the publisher, most urgent first, and others' pages.
#[derive(Debug, Clone, Default)]
pub struct Queue {
    pub mine: Vec<QueueItem>,
    pub others: Vec<QueueItem>,
    /// Pages of the publisher's scopes per state.
    pub counts: Vec<(PageState, usize)>,
}

/// A bundle file of the page under review.
#[derive(Debug, Clone)]
pub struct FileRow {
    pub path: String,
    /// Where the preview serves it (`None` for a removed file).
    pub url: Option<String>,
    /// `added`, `removed`, `changed` or `unchanged`.
    pub how: &'static str,
    pub image: bool,
}

/// Everything the review view shows of one page.
#[derive(Debug, Clone)]
pub struct Review {
    pub item: QueueItem,
    /// The last approved text exists (otherwise this is a first approval).
    pub has_previous: bool,
    pub text_diff: String,
    pub source_diff: String,
    pub counts: diff::Counts,
    pub files: Vec<FileRow>,
    /// What `check` reports for the page.
    pub problems: Vec<String>,
    /// The review date an approval today gets unless changed (`YYYY-MM-DD`).
    pub review_on: String,
    /// The latest review date the policy allows.
    pub latest_review_on: String,
}

/// What the publisher fills in to approve.
pub struct ApproveForm {
    pub path: String,
    pub note: String,
    pub minor: bool,
    pub review_by: Option<String>,
    pub passphrase: Zeroizing<String>,
}

/// A written approval.
#[derive(Debug, Clone)]
pub struct Done {
    pub path: String,
    pub sequence: u64,
    /// A second publisher's approval under the two-person rule.
    pub co_approval: bool,
    /// The files written, relative to the site.
    pub files: Vec<String>,
    /// What git did: the commit, or why it did not.
    pub git: Option<Result<String, String>>,
}

fn relative(root: &Path, file: &Path) -> String {
    file.strip_prefix(root).unwrap_or(file).to_string_lossy().replace('\\', "/")
}

impl Desk {
    /// Opens the desk for the publisher whose key file is `key_path`; the
    /// key stays sealed until a passphrase is typed to sign.
    pub fn open(root: &Path, key_path: &Path, clock: fn() -> Timestamp) -> Result<Self, DeskError> {
        let file = KeyFile::read(key_path).map_err(|e| DeskError::Site(e.to_string()))?;
        let public = file.public_key();
        let site = crate::config::load(root).map_err(|e| DeskError::Site(e.first().to_string()))?;
        let trust = build::load_trust(&site, clock()).map_err(|d| DeskError::Site(d.to_string()))?;
        let Some((publisher, _, _)) = trust.registry.key(&public.keyid()) else {
            return Err(DeskError::Site(tr!("admin-key-not-in-publisher-registry", keyid = public.keyid())));
        };
        Ok(Self {
            root: root.to_path_buf(),
            key_path: key_path.to_path_buf(),
            publisher: publisher.id.clone(),
            publisher_name: publisher.name.clone(),
            public,
            clock,
        })
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The publisher's id and name.
    pub fn publisher(&self) -> (&str, &str) {
        (&self.publisher, &self.publisher_name)
    }

    /// The time now, by the desk's clock.
    pub fn now(&self) -> Timestamp {
        (self.clock)()
    }

    fn prepare(&self) -> Result<(Prepared, TrustState), DeskError> {
        let now = self.now();
        let options = BuildOptions { out: None, now, write: false, release_key: None, protected: Vec::new(), strict: false, state: None };
        let mut prepared = build::prepare(&self.root, &options).map_err(|e| DeskError::Site(e.to_string()))?;
        let trust = prepared.trust.take().ok_or_else(|| DeskError::Site(prepared.diagnostics.first().map(ToString::to_string).unwrap_or_default()))?;
        Ok((prepared, trust))
    }

    /// The queue as it is on disk now.
    pub fn queue(&self) -> Result<Queue, DeskError> {
        let (prepared, trust) = self.prepare()?;
        Ok(self.queue_of(&prepared, &trust))
    }

    fn queue_of(&self, prepared: &Prepared, trust: &TrustState) -> Queue {
        let now = self.now();
        let pages: Vec<crate::model::Page> = prepared.rendered.iter().map(|(p, _)| (**p).clone()).collect();
        let statuses = crate::status::site_status(&pages, &prepared.site, trust, now);
        let me = trust.registry.publisher(&self.publisher);
        let mut queue = Queue::default();
        for (status, page) in statuses.into_iter().zip(&pages) {
            let mine = me.is_some_and(|p| p.covers(&status.path));
            if mine {
                match queue.counts.iter_mut().find(|(s, _)| *s == status.state) {
                    Some((_, n)) => *n += 1,
                    None => queue.counts.push((status.state, 1)),
                }
            }
            let due = status.days_left.is_some_and(|d| d <= DUE_WITHIN_DAYS);
            let waiting = status.state != PageState::Approved && status.state != PageState::Scheduled || due;
            if !waiting {
                continue;
            }
            let second = status.state == PageState::AwaitingApprovals && !status.approved_by.contains(&self.publisher_name);
            let signable = mine && (status.publisher == self.publisher || second);
            let summary = git::change_summary(&self.root, &status.path, trust, &prepared.site);
            let item = QueueItem { title: page.front.title.clone(), mine, signable, summary, status };
            if mine {
                queue.mine.push(item);
            } else {
                queue.others.push(item);
            }
        }
        let urgency = |i: &QueueItem| (i.status.state, i.status.days_left.unwrap_or(i64::MIN), i.status.path.clone());
        queue.mine.sort_by_key(urgency);
        queue.others.sort_by_key(urgency);
        queue.counts.sort();
        queue
    }

    /// The review of one page (`content/om/_index.md`).
    pub fn review(&self, path: &str, language: Language) -> Result<Review, DeskError> {
        let (prepared, trust) = self.prepare()?;
        let queue = self.queue_of(&prepared, &trust);
        let Some((page, rendered)) = prepared.rendered.iter().find(|(p, _)| p.source.path == path) else {
            return Err(DeskError::Refused(tr_in!(language, "desk-no-such-page", path = path)));
        };
        let item = match queue.mine.iter().chain(&queue.others).find(|i| i.status.path == path) {
            Some(item) => item.clone(),
            None => {
                let prepared_status = crate::status::page_status(page, &prepared.site, &trust, self.now());
                let mine = trust.registry.publisher(&self.publisher).is_some_and(|p| p.covers(path));
                QueueItem { status: prepared_status, title: page.front.title.clone(), mine, signable: false, summary: None }
            }
        };
        let trust_dir = prepared.site.trust_dir();
        let head = crate::trust::approval::load_chain(&trust_dir, path, &prepared.site.config.site, &trust.registry).ok().and_then(|c| c.last().cloned());
        let previous = head.as_ref().and_then(|h| crate::admin::approved_text(&trust_dir, h));
        let current_text = page.source.text.clone();
        let (old_source, old_text) = match &previous {
            Some(text) => (text.clone(), diff::visible_text(&plain_html(body_of(text)))),
            None => (String::new(), String::new()),
        };
        // The prepared pages carry what their Markdown holds, not its HTML.
        let resolver = crate::markdown::PageLinks { page, urls: &prepared.urls_by_path };
        let html = crate::markdown::render(page.body(), prepared.site.config.raw_html, &resolver, &prepared.reserved_ids).body.html;
        let new_text = diff::visible_text(&html);
        let (text_diff, counts) = diff::word_diff_html(&old_text, &new_text, language, true);
        let (source_diff, _) = diff::word_diff_html(&old_source, &current_text, language, false);
        let approved_assets = head.as_ref().map(|h| h.payload.assets.clone()).unwrap_or_default();
        let mut files = Vec::new();
        for asset in &page.source.assets {
            let how = match approved_assets.iter().find(|a| a.path == asset.path) {
                None => "added",
                Some(a) if a.sha256 != asset.sha256 => "changed",
                Some(_) => "unchanged",
            };
            files.push(FileRow { path: asset.path.clone(), url: Some(asset.url.clone()), how, image: is_image(&asset.path) });
        }
        for gone in approved_assets.iter().filter(|a| !page.source.assets.iter().any(|b| b.path == a.path)) {
            files.push(FileRow { path: gone.path.clone(), url: None, how: "removed", image: false });
        }
        let mut problems: Vec<String> = match crate::subject::resolve(&prepared, &[path.to_string()]) {
            Ok(_) => Vec::new(),
            Err(diagnostics) => diagnostics.iter().map(|d| d.message.clone()).collect(),
        };
        problems.extend(rendered.findings.iter().map(|f| format!("{:?}: {}", f.kind, f.detail)));
        let policy = &trust.root.payload().policy;
        let now = self.now();
        let review_on = now.plus_days(i64::from(prepared.site.config.review_days.min(policy.max_review_days))).date();
        let latest_review_on = now.plus_days(i64::from(policy.max_review_days)).date();
        Ok(Review { item, has_previous: previous.is_some(), text_diff, source_diff, counts, files, problems, review_on, latest_review_on })
    }

    /// Signs the page as it is now with the publisher's key, exactly as
    /// `sigill approve` does; nothing is written when anything is wrong.
    pub fn approve(&self, form: &ApproveForm) -> Result<Done, DeskError> {
        let now = self.now();
        let (prepared, trust) = self.prepare()?;
        let review_by = match form.review_by.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            Some(text) => Some(Timestamp::parse_date_or_time(text).ok_or_else(|| DeskError::Refused(tr!("approve-review-by-not-date-like", text = format!("{text:?}"))))?),
            None => None,
        };
        let subjects = crate::subject::resolve(&prepared, std::slice::from_ref(&form.path))
            .map_err(|d| DeskError::Refused(d.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; ")))?;
        let subject = subjects.into_iter().next().ok_or_else(|| DeskError::Refused(tr!("desk-no-such-page", path = form.path)))?;
        if !subject.path.starts_with("content/") {
            return Err(DeskError::Refused(tr!("desk-no-such-page", path = form.path)));
        }
        let file = KeyFile::read(&self.key_path).map_err(|e| DeskError::Site(e.to_string()))?;
        if file.public_key().keyid() != self.public.keyid() {
            return Err(DeskError::Refused(tr!("desk-key-changed")));
        }
        let passphrase = file.needs_passphrase().then_some(form.passphrase.as_str());
        let key = file.open(&self.key_path, passphrase).map_err(|_| DeskError::WrongPassphrase)?;
        let trust_dir = prepared.site.trust_dir();
        let request = subject.request(&prepared.site, &trust_dir, &form.note, form.minor, review_by, now);
        let draft = crate::admin::draft_approval(&trust, &request, key.public()).map_err(|e| DeskError::Refused(e.to_string()))?;
        crate::admin::write_approvals(&[(&draft, subject.bytes.as_slice())], &key, &trust_dir).map_err(|e| DeskError::Refused(e.to_string()))?;
        let mut files = vec![relative(&self.root, &draft.file)];
        let co_approval = draft.payload.co_approves.is_some();
        if !co_approval {
            files.push(relative(&self.root, &crate::admin::snapshot_path(&trust_dir, &draft.payload.path, draft.payload.sequence)));
        }
        // An approval answers any earlier send-back.
        let note = crate::sent_back::note_path(&trust_dir, &draft.payload.path);
        if note.exists() && std::fs::remove_file(&note).is_ok() {
            files.push(relative(&self.root, &note));
        }
        let verb = if co_approval { "Co-approve" } else { "Approve" };
        let message = format!("{verb} {} ({}, {}), approval {}", draft.payload.path, self.publisher, self.publisher_name, draft.payload.sequence);
        let git = git::record(&self.root, &prepared.site.config.desk, &files, &message);
        Ok(Done { path: draft.payload.path.clone(), sequence: draft.payload.sequence, co_approval, files, git })
    }

    /// Sends a page of the publisher's scopes back with a comment.
    pub fn send_back(&self, path: &str, comment: &str) -> Result<Done, DeskError> {
        let (prepared, trust) = self.prepare()?;
        if !prepared.rendered.iter().any(|(p, _)| p.source.path == path) {
            return Err(DeskError::Refused(tr!("desk-no-such-page", path = path)));
        }
        if !trust.registry.publisher(&self.publisher).is_some_and(|p| p.covers(path)) {
            return Err(DeskError::Refused(tr!("desk-not-your-scope", path = path)));
        }
        let note = SentBack { path: path.to_string(), publisher: self.publisher.clone(), publisher_name: self.publisher_name.clone(), comment: comment.trim().to_string(), at: self.now() };
        let file = crate::sent_back::write(&prepared.site.trust_dir(), &note).map_err(|e| DeskError::Refused(e.to_string()))?;
        let files = vec![relative(&self.root, &file)];
        let message = format!("Send back {path} ({}, {})", self.publisher, self.publisher_name);
        let git = git::record(&self.root, &prepared.site.config.desk, &files, &message);
        Ok(Done { path: path.to_string(), sequence: 0, co_approval: false, files, git })
    }
}

/// The Markdown body of a page's text (after its front matter).
fn body_of(text: &str) -> &str {
    match crate::frontmatter::parse(text, "") {
        Ok(split) => text.get(split.body_offset..).unwrap_or(text),
        Err(_) => text,
    }
}

/// Markdown rendered plainly (for the words of an earlier version).
fn plain_html(markdown: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    html
}

fn is_image(path: &str) -> bool {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    matches!(ext.as_str(), "png" | "jpg" | "jpeg" | "gif" | "webp" | "svg")
}
