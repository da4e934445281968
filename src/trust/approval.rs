//! Approvals: a publisher's signature over one exact version of a source file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::canonical::to_canonical;
use super::digest::{KeyId, Sha256};
use super::envelope::{Envelope, APPROVAL_TYPE};
use super::registry::{KeyStatus, VerifiedRegistry};
use super::root::Policy;
use super::scope::{scope_covers, scope_covers_url};
use super::timestamp::Timestamp;

/// Largest approval payload accepted.
pub const MAX_APPROVAL_PAYLOAD: usize = 64 * 1024;
/// Longest change note.
pub const MAX_NOTE_CHARS: usize = 2000;

/// The signed content of one approval. Its fields (and those of the
/// types in it) are declared in sorted order: a build checks that every
/// approval is canonical by encoding it again straight into a comparison
/// ([`crate::trust::canonical::from_canonical_sorted`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ApprovalPayload {
    pub approved_at: Timestamp,
    pub assets: Vec<ApprovedAsset>,
    /// For a second publisher's approval under the two-person rule: sha256
    /// of the payload of the approval it joins, whose text, files and terms
    /// it repeats. Absent in an ordinary approval.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub co_approves: Option<Sha256>,
    pub keyid: KeyId,
    /// `true` for a minor change (a correction that keeps the meaning): the
    /// page keeps its "updated" date, and its history lists it as minor.
    /// Absent for an ordinary change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor: Option<bool>,
    pub note: String,
    pub path: String,
    pub previous: Option<Sha256>,
    /// The first moment the page may be published (from its front matter);
    /// absent for a page published as soon as it is approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish_at: Option<Timestamp>,
    pub publisher: String,
    /// How the registry named the publisher when they signed: the mark shows
    /// this, so a later rename never rewrites an old mark. Absent in
    /// approvals made before Sigill signed names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher_unit: Option<String>,
    pub review_by: Timestamp,
    pub sequence: u64,
    pub site: String,
    pub source_len: u64,
    pub source_sha256: Sha256,
    /// For a translation: the page it translates and the exact approved
    /// version of that page the translator worked from. Boxed: most pages
    /// are not translations, and a build holds every page's approvals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation_of: Option<Box<TranslationOf>>,
    /// The moment the page stops being published (a notice moves to its
    /// board's archive); absent for a page without an end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unpublish_at: Option<Timestamp>,
    /// The URL the approved page is published at (`/om/kontakt/`), so no
    /// release can put the approved text at another address; `null` for a
    /// site input (the theme or `site.toml`), which has no URL of its own.
    pub url: Option<String>,
}

/// Which version of which page a translation translates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TranslationOf {
    /// The source page's path (`content/om/kontakt.md`).
    pub path: String,
    /// `source_sha256` of the source's approval the translation follows.
    pub source_sha256: Sha256,
}

/// When a page may be published, as its front matter and approval say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Schedule {
    pub publish_at: Option<Timestamp>,
    pub unpublish_at: Option<Timestamp>,
}

impl Schedule {
    /// Not yet published at `now`.
    pub fn is_before(&self, now: Timestamp) -> bool {
        self.publish_at.is_some_and(|at| now < at)
    }
    /// No longer published at `now`.
    pub fn has_ended(&self, now: Timestamp) -> bool {
        self.unpublish_at.is_some_and(|at| now >= at)
    }
}

impl ApprovalPayload {
    /// The publication times this approval signs.
    pub fn schedule(&self) -> Schedule {
        Schedule { publish_at: self.publish_at, unpublish_at: self.unpublish_at }
    }
}

/// A file of a page bundle covered by the approval.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
pub struct ApprovedAsset {
    pub path: String,
    pub sha256: Sha256,
}

/// One stored approval file with its parsed, signature-checked payload.
/// The envelope's bytes are not kept (a build holds every page's
/// approvals): where they are published, [`CheckedApproval::read_envelope`]
/// reads them again and checks them against their hash.
#[derive(Debug, Clone)]
pub struct CheckedApproval {
    /// The trust folder it was read from, shared: its file there follows
    /// from its path, sequence and publisher ([`CheckedApproval::file`]),
    /// which the loaders check, so no path is held per approval (a build
    /// holds every page's approvals).
    trust_dir: Arc<Path>,
    /// Whether it is a co-approval, in its page's `co/` folder.
    co: bool,
    /// sha256 of the envelope's bytes as they were verified.
    pub envelope_sha256: Sha256,
    /// sha256 of the signed payload's bytes.
    pub payload_sha256: Sha256,
    pub payload: ApprovalPayload,
}

impl CheckedApproval {
    /// An approval verified from the envelope `bytes` read from its file
    /// in `trust_dir` (a co-approval's when `co`; see
    /// [`CheckedApproval::file`]).
    pub fn new(trust_dir: Arc<Path>, co: bool, bytes: &[u8], payload_bytes: &[u8], payload: ApprovalPayload) -> Self {
        Self { trust_dir, co, envelope_sha256: Sha256::of(bytes), payload_sha256: Sha256::of(payload_bytes), payload }
    }
    /// The file it was read from: `approvals/<path>/<sequence>.json`, or
    /// for a co-approval `approvals/<path>/co/<sequence>.<publisher>.json`,
    /// in the trust folder.
    pub fn file(&self) -> PathBuf {
        let sequence = self.payload.sequence;
        if self.co {
            co_approvals_dir(&self.trust_dir, &self.payload.path).join(co_approval_file_name(sequence, &self.payload.publisher))
        } else {
            approvals_dir(&self.trust_dir, &self.payload.path).join(approval_file_name(sequence))
        }
    }
    /// sha256 of the payload bytes: what the next approval's `previous` names.
    pub fn payload_sha256(&self) -> Sha256 {
        self.payload_sha256
    }
    /// sha256 of the stored envelope bytes.
    pub fn envelope_sha256(&self) -> Sha256 {
        self.envelope_sha256
    }
    /// The envelope's bytes, read again from its file: exactly the bytes
    /// that were verified, or an error when the file changed since.
    pub fn read_envelope(&self) -> Result<Vec<u8>, ApprovalChanged> {
        self.envelope_file().read()
    }
    /// Where the envelope is, with the hash it was verified with.
    pub fn envelope_file(&self) -> EnvelopeFile {
        EnvelopeFile { file: self.file().into_boxed_path(), sha256: self.envelope_sha256 }
    }
}

/// Where a verified approval's envelope is, and the hash it was verified
/// with: what a release needs to publish the envelope later, without
/// holding the whole approval.
#[derive(Debug, Clone)]
pub struct EnvelopeFile {
    pub file: Box<Path>,
    pub sha256: Sha256,
}

impl EnvelopeFile {
    /// The envelope's bytes, read again: exactly the bytes that were
    /// verified, or an error when the file changed since.
    pub fn read(&self) -> Result<Vec<u8>, ApprovalChanged> {
        let changed = || ApprovalChanged { file: self.file.display().to_string() };
        let bytes = super::read_limited(&self.file, super::envelope::MAX_ENVELOPE_BYTES).map_err(|_| changed())?;
        (Sha256::of(&bytes) == self.sha256).then_some(bytes).ok_or_else(changed)
    }
}

/// An approval file no longer holds the approval that was verified (it
/// changed or went away while the site was being built).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", tr!("approval-changed-during-build", file = .file.as_str()))]
pub struct ApprovalChanged {
    pub file: String,
}

/// Where the approvals of `path` live: `trust/approvals/<path>/`.
pub fn approvals_dir(trust_dir: &Path, path: &str) -> PathBuf {
    trust_dir.join("approvals").join(path)
}

/// The file name of an approval with `sequence`.
pub fn approval_file_name(sequence: u64) -> String {
    format!("{sequence:06}.json")
}

/// The folder of a page's co-approvals: approvals by further publishers
/// of the same approved text, under the two-person rule.
pub fn co_approvals_dir(trust_dir: &Path, path: &str) -> PathBuf {
    approvals_dir(trust_dir, path).join("co")
}

/// The file name of `publisher`'s co-approval of approval `sequence`.
pub fn co_approval_file_name(sequence: u64, publisher: &str) -> String {
    format!("{sequence:06}.{publisher}.json")
}

/// Why `co` cannot count as a second approval of `primary` (whose payload
/// hashes to `primary_sha256`): it must name that approval, repeat what it
/// binds (site, path, URL, text, files, terms, place in the chain) and come
/// from another publisher. `None` when it can.
pub fn co_approval_mismatch(co: &ApprovalPayload, primary: &ApprovalPayload, primary_sha256: &Sha256) -> Option<&'static str> {
    if co.co_approves.as_ref() != Some(primary_sha256) {
        return Some("co_approves");
    }
    if primary.co_approves.is_some() {
        return Some("co_approves");
    }
    if co.publisher == primary.publisher {
        return Some("publisher");
    }
    let same = [
        ("site", co.site == primary.site),
        ("path", co.path == primary.path),
        ("url", co.url == primary.url),
        ("source_sha256", co.source_sha256 == primary.source_sha256),
        ("source_len", co.source_len == primary.source_len),
        ("assets", co.assets == primary.assets),
        ("sequence", co.sequence == primary.sequence),
        ("previous", co.previous == primary.previous),
        ("translation_of", co.translation_of == primary.translation_of),
        ("publish_at", co.publish_at == primary.publish_at),
        ("unpublish_at", co.unpublish_at == primary.unpublish_at),
    ];
    same.iter().find(|(_, equal)| !equal).map(|(field, _)| *field)
}

/// Reads the co-approvals of `primary` (the approval of `path` with that
/// sequence): each verified under the registry and matching the primary.
/// Files that do not verify or do not match are returned as problems, so
/// a forged co-approval is reported, never counted.
pub fn load_co_approvals(trust_dir: &Path, primary: &CheckedApproval, registry: &VerifiedRegistry) -> (Vec<CheckedApproval>, Vec<ApprovalProblem>) {
    let shared = match *primary.trust_dir == *trust_dir {
        true => primary.trust_dir.clone(),
        false => Arc::from(trust_dir),
    };
    let dir = co_approvals_dir(trust_dir, &primary.payload.path);
    let prefix = format!("{:06}.", primary.payload.sequence);
    let Ok(entries) = std::fs::read_dir(&dir) else { return (Vec::new(), Vec::new()) };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&prefix)))
        .collect();
    files.sort();
    let primary_sha = primary.payload_sha256();
    let (mut found, mut problems) = (Vec::new(), Vec::new());
    for file in files {
        let shown = file.display().to_string();
        let checked = super::read_limited(&file, super::envelope::MAX_ENVELOPE_BYTES)
            .map_err(|e| ApprovalProblem::Malformed { file: shown.clone(), reason: e.to_string() })
            .and_then(|bytes| verify_approval_bytes(&bytes, &shown, registry).map(|(payload_bytes, payload)| CheckedApproval::new(shared.clone(), true, &bytes, &payload_bytes, payload)));
        match checked {
            Ok(co) => match co_approval_mismatch(&co.payload, &primary.payload, &primary_sha) {
                None if file.file_name().is_some_and(|n| n.to_string_lossy() == co_approval_file_name(co.payload.sequence, &co.payload.publisher)) => found.push(co),
                None => problems.push(ApprovalProblem::Malformed { file: shown, reason: tr!("approval-co-file-name") }),
                Some(field) => problems.push(ApprovalProblem::CoApprovalMismatch { file: shown, field }),
            },
            Err(problem) => problems.push(problem),
        }
    }
    (found, problems)
}

/// Reasons a page's approval does not hold. Each maps to a plain sentence
/// and a command that fixes it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalProblem {
    #[error("{}", tr!("approval-never-approved"))]
    NeverApproved,
    #[error("{}", tr!("approval-message", file = .file, reason = .reason))]
    Malformed { file: String, reason: String },
    #[error("{}", tr!("approval-signature-does-not-verify-under", file = .file, reason = .reason))]
    BadSignature { file: String, reason: String },
    #[error("{}", tr!("approval-approval-for-not-copied-from", file = .file, field = .field, found = format!("{:?}", .found), expected = format!("{:?}", .expected)))]
    WrongTarget { file: String, field: &'static str, found: String, expected: String },
    #[error("{}", tr!("approval-file-name-says-sequence-approval", file = .file, named = .named, signed = .signed))]
    SequenceName { file: String, named: String, signed: u64 },
    #[error("{}", tr!("approval-two-different-approvals-with-sequence", sequence = .sequence, first = .first, second = .second))]
    Equivocation { sequence: u64, first: String, second: String },
    #[error("{}", tr!("approval-approval-chain-broken-at-sequence", sequence = .sequence, reason = .reason))]
    BrokenChain { sequence: u64, reason: String },
    #[error("{}", tr!("approval-changed-since-approval-file-sha", found = .found, approved = .approved))]
    Changed { approved: String, found: String },
    #[error("{}", tr!("approval-changed-since-approval-bundle-file", asset = .asset, how = .how))]
    AssetChanged { asset: String, how: String },
    #[error("{}", tr!("approval-approval-by-publisher-but-front", approved = format!("{:?}", .approved), front_matter = format!("{:?}", .front_matter)))]
    PublisherMismatch { approved: String, front_matter: String },
    #[error("{}", tr!("approval-key-belongs-publisher-not", keyid = .keyid, owner = format!("{:?}", .owner), claimed = format!("{:?}", .claimed)))]
    KeyNotOwned { keyid: String, owner: String, claimed: String },
    #[error("{}", tr!("approval-publisher-not-responsible-for-scopes", publisher = format!("{:?}", .publisher), path = .path, scopes = .scopes))]
    OutOfScope { publisher: String, path: String, scopes: String },
    #[error("{}", tr!("approval-approval-for-url-but-page", approved = .approved, page = .page))]
    UrlMismatch { approved: String, page: String },
    #[error("{}", tr!("approval-publisher-cannot-take-url-it", publisher = format!("{:?}", .publisher), url = .url, scopes = .scopes))]
    UrlOutOfScope { publisher: String, url: String, scopes: String },
    #[error("{}", tr!("approval-key-marked-compromised-since-every", keyid = .keyid, publisher = format!("{:?}", .publisher), since = .since))]
    Compromised { keyid: String, publisher: String, since: String },
    #[error("{}", tr!("approval-key-was-not-valid-at", keyid = .keyid, publisher = format!("{:?}", .publisher), approved_at = .approved_at, why = .why))]
    KeyNotValid { keyid: String, publisher: String, approved_at: String, why: String },
    #[error("{}", tr!("approval-approved-at-in-future-build", approved_at = .approved_at, now = .now))]
    FromTheFuture { approved_at: String, now: String },
    #[error("{}", tr!("approval-approval-lapsed-review-was-due", review_by = .review_by))]
    Lapsed { review_by: String },
    #[error("{}", tr!("approval-review-by-more-than-policy", review_by = .review_by, max_days = .max_days))]
    ReviewBeyondPolicy { review_by: String, max_days: u32 },
    #[error("{}", tr!("approval-approval-names-as-which-no", publisher = format!("{:?}", .publisher), named = format!("{:?}", .named)))]
    NameNotRegistered { publisher: String, named: String },
    #[error("{}", tr!("approval-unknown-publisher", publisher = format!("{:?}", .publisher)))]
    UnknownPublisher { publisher: String },
    #[error("{}", tr!("approval-terms-differ", field = .field, approved = .approved, page = .page))]
    TermsDiffer { field: &'static str, approved: String, page: String },
    /// The two-person rule: fewer different publishers approved the text
    /// than a scope rule requires.
    #[error("{}", tr!("approval-too-few-approvals", have = .have, need = .need, by = .by))]
    TooFewApprovals { have: u32, need: u32, by: String },
    #[error("{}", tr!("approval-co-mismatch", file = .file, field = .field))]
    CoApprovalMismatch { file: String, field: &'static str },
}

/// What the approval stage knows about a source's current bytes: a page,
/// the theme (its `theme.toml` with every other theme file as assets) or
/// `site.toml`.
/// The length and SHA-256 of a file's exact bytes: what an approval
/// covers, and all the approvals stage needs of a page's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceDigest {
    pub len: u64,
    pub sha256: Sha256,
}

impl SourceDigest {
    pub fn of(bytes: &[u8]) -> Self {
        Self { len: bytes.len() as u64, sha256: Sha256::of(bytes) }
    }
}

pub struct PageSource<'a> {
    pub path: &'a str,
    /// The length and SHA-256 of the file's exact bytes.
    pub digest: SourceDigest,
    /// Bundle assets, site-relative paths sorted, with their sha256.
    pub assets: &'a [ApprovedAsset],
    /// The page's `publisher`; `None` for a site input, which any publisher
    /// whose scope covers it may approve.
    pub front_matter_publisher: Option<&'a str>,
    /// The page's URL; `None` for a site input.
    pub url: Option<&'a str>,
    /// The page's old URLs that redirect to it.
    pub aliases: &'a [String],
    /// What the page's front matter says that the approval must carry too:
    /// the page it translates and its publication times.
    pub terms: Option<PageTerms<'a>>,
}

/// The front matter's publication terms, which an approval repeats.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageTerms<'a> {
    pub translation_of: Option<&'a str>,
    pub schedule: Schedule,
}

/// Reads every approval of `path`, checks signatures and the chain, and
/// returns them ordered by sequence.
pub fn load_chain(trust_dir: &Path, path: &str, site: &str, registry: &VerifiedRegistry) -> Result<Vec<CheckedApproval>, ApprovalProblem> {
    load_chain_in(&Arc::from(trust_dir), path, site, registry)
}

/// [`load_chain`] with the trust folder shared: the approvals stage loads
/// every page's chain from one folder, and each approval holds it.
pub fn load_chain_in(
    trust_dir: &Arc<Path>,
    path: &str,
    site: &str,
    registry: &VerifiedRegistry,
) -> Result<Vec<CheckedApproval>, ApprovalProblem> {
    let dir = approvals_dir(trust_dir, path);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Err(ApprovalProblem::NeverApproved);
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(ApprovalProblem::NeverApproved);
    }
    // Exactly as many as there are files: a build holds every page's chain.
    let mut chain: Vec<CheckedApproval> = Vec::with_capacity(files.len());
    // The first file named for another sequence than it signs: reported
    // once every file is read, so that two approvals with one sequence
    // are reported as that. Its file is found again from its sequence
    // ([`CheckedApproval::file`]), so no name is kept.
    let mut misnamed: Option<ApprovalProblem> = None;
    // The files of `chain`, as shown, while it is loaded.
    let mut read: Vec<String> = Vec::with_capacity(files.len());
    for file in files {
        let shown = file.display().to_string();
        let bytes = super::read_limited(&file, super::envelope::MAX_ENVELOPE_BYTES)
            .map_err(|e| ApprovalProblem::Malformed { file: shown.clone(), reason: e.to_string() })?;
        if super::keyfile::looks_like_private_key(&bytes) {
            return Err(ApprovalProblem::Malformed { file: shown, reason: tr!("approval-private-key-not-approval") });
        }
        let (payload_bytes, payload) = verify_approval_bytes(&bytes, &shown, registry)?;
        if payload.site != site {
            return Err(ApprovalProblem::WrongTarget { file: shown, field: "site", found: payload.site, expected: site.into() });
        }
        if payload.path != path {
            return Err(ApprovalProblem::WrongTarget { file: shown, field: "path", found: payload.path, expected: path.into() });
        }
        if let Some(other) = chain.iter().position(|c| c.payload.sequence == payload.sequence) {
            return Err(ApprovalProblem::Equivocation { sequence: payload.sequence, first: read[other].clone(), second: shown });
        }
        let name = file.file_name().unwrap_or_default().to_string_lossy().to_string();
        if name != approval_file_name(payload.sequence) && misnamed.is_none() {
            misnamed = Some(ApprovalProblem::SequenceName { file: shown.clone(), named: name, signed: payload.sequence });
        }
        chain.push(CheckedApproval::new(trust_dir.clone(), false, &bytes, &payload_bytes, payload));
        read.push(shown);
    }
    if let Some(problem) = misnamed {
        return Err(problem);
    }
    chain.sort_by_key(|c| c.payload.sequence);
    let mut previous: Option<Sha256> = None;
    for pair in chain.windows(2) {
        if pair[1].payload.approved_at < pair[0].payload.approved_at {
            return Err(ApprovalProblem::BrokenChain {
                sequence: pair[1].payload.sequence,
                reason: tr!("approval-it-dated-before-approval-that", approved_at = pair[1].payload.approved_at, sequence = pair[0].payload.sequence, approved_at2 = pair[0].payload.approved_at),
            });
        }
    }
    for (index, approval) in chain.iter().enumerate() {
        let expected_sequence = index as u64 + 1;
        if approval.payload.sequence != expected_sequence {
            return Err(ApprovalProblem::BrokenChain { sequence: expected_sequence, reason: "approval missing".into() });
        }
        if approval.payload.previous != previous {
            return Err(ApprovalProblem::BrokenChain {
                sequence: approval.payload.sequence,
                reason: tr!("approval-previous-prior-approval-payload-hashes", previous = format!("{:?}", approval.payload.previous), previous2 = format!("{:?}", previous)),
            });
        }
        previous = Some(approval.payload_sha256());
    }
    Ok(chain)
}

/// Verifies one approval envelope under the registry: strict parsing, the
/// signature of the key the approval names, and well-formed fields. Returns
/// the payload bytes and the parsed payload.
pub fn verify_approval_bytes(bytes: &[u8], shown: &str, registry: &VerifiedRegistry) -> Result<(Vec<u8>, ApprovalPayload), ApprovalProblem> {
    let envelope = Envelope::parse(bytes).map_err(|e| ApprovalProblem::Malformed { file: shown.into(), reason: e.to_string() })?;
    let verified = envelope
        .verify(APPROVAL_TYPE, 1, |id| KeyId::parse(id).and_then(|id| registry.key(&id)).map(|(_, _, key)| key))
        .map_err(|e| ApprovalProblem::BadSignature { file: shown.into(), reason: e.to_string() })?;
    let payload: ApprovalPayload = verified
        .parse_sorted(MAX_APPROVAL_PAYLOAD)
        .map_err(|e| ApprovalProblem::Malformed { file: shown.into(), reason: e.to_string() })?;
    if verified.signers() != [payload.keyid] {
        return Err(ApprovalProblem::BadSignature { file: shown.into(), reason: tr!("approval-signed-by-other-key") });
    }
    check_fields(&payload, shown)?;
    Ok((verified.bytes().to_vec(), payload))
}

fn check_fields(payload: &ApprovalPayload, file: &str) -> Result<(), ApprovalProblem> {
    let bad = |reason: String| ApprovalProblem::Malformed { file: file.into(), reason };
    let named = [&payload.publisher_name, &payload.publisher_title, &payload.publisher_unit];
    if named.iter().any(|n| n.is_some()) && !named.iter().all(|n| n.as_deref().is_some_and(|t| !t.trim().is_empty())) {
        return Err(bad("publisher_name, publisher_title and publisher_unit come together, none of them empty".into()));
    }
    if payload.sequence == 0 {
        return Err(bad("sequence starts at 1".into()));
    }
    if payload.minor == Some(false) {
        return Err(bad("minor is either true or absent".into()));
    }
    if payload.note.chars().count() > MAX_NOTE_CHARS {
        return Err(bad(tr!("approval-note-too-long")));
    }
    let mut sorted = payload.assets.clone();
    sorted.sort();
    sorted.dedup_by(|a, b| a.path == b.path);
    if sorted != payload.assets {
        return Err(bad("assets must be sorted and unique".into()));
    }
    Ok(())
}

/// Checks the newest approval of a chain against the page's current bytes,
/// the registry and the policy at build time `now`.
pub fn check_head(
    head: &CheckedApproval,
    source: &PageSource<'_>,
    registry: &VerifiedRegistry,
    policy: &Policy,
    now: Timestamp,
) -> Vec<ApprovalProblem> {
    let mut problems = Vec::new();
    let p = &head.payload;
    if source.digest.sha256 != p.source_sha256 || source.digest.len != p.source_len {
        problems.push(ApprovalProblem::Changed { approved: p.source_sha256.to_string(), found: source.digest.sha256.to_string() });
    }
    for asset in source.assets {
        match p.assets.iter().find(|a| a.path == asset.path) {
            None => problems.push(ApprovalProblem::AssetChanged { asset: asset.path.clone(), how: tr!("approval-asset-added") }),
            Some(a) if a.sha256 != asset.sha256 => problems.push(ApprovalProblem::AssetChanged { asset: asset.path.clone(), how: tr!("approval-asset-modified") }),
            Some(_) => {}
        }
    }
    for approved in &p.assets {
        if !source.assets.iter().any(|a| a.path == approved.path) {
            problems.push(ApprovalProblem::AssetChanged { asset: approved.path.clone(), how: tr!("approval-asset-removed") });
        }
    }
    if let Some(front_matter) = source.front_matter_publisher {
        if p.publisher != front_matter {
            problems.push(ApprovalProblem::PublisherMismatch { approved: p.publisher.clone(), front_matter: front_matter.into() });
        }
    }
    if p.url.as_deref() != source.url {
        problems.push(ApprovalProblem::UrlMismatch {
            approved: p.url.clone().unwrap_or_else(|| "(none)".into()),
            page: source.url.unwrap_or("(none)").into(),
        });
    }
    if source.digest.sha256 == p.source_sha256 {
        problems.extend(check_terms(p, source.terms.unwrap_or_default()));
    }
    problems.extend(check_authority(p, source.path, registry, policy, now));
    if let Some((owner, _, _)) = registry.key(&p.keyid) {
        for alias in source.aliases {
            if !owner.scopes.iter().any(|s| scope_covers_url(s, alias)) {
                problems.push(ApprovalProblem::UrlOutOfScope { publisher: owner.id.clone(), url: alias.clone(), scopes: owner.scopes.join(", ") });
            }
        }
    }
    problems
}

/// The approval repeats the page's publication terms exactly: a
/// translation names its source, and the times are the front matter's.
fn check_terms(p: &ApprovalPayload, terms: PageTerms<'_>) -> Vec<ApprovalProblem> {
    let shown = |t: Option<Timestamp>| t.map_or_else(|| "(none)".to_string(), |t| t.to_string());
    let mut problems = Vec::new();
    let approved = p.translation_of.as_ref().map(|t| t.path.as_str());
    if approved != terms.translation_of {
        problems.push(ApprovalProblem::TermsDiffer {
            field: "translation_of",
            approved: approved.unwrap_or("(none)").to_string(),
            page: terms.translation_of.unwrap_or("(none)").to_string(),
        });
    }
    for (field, approved, page) in [("publish_at", p.publish_at, terms.schedule.publish_at), ("unpublish_at", p.unpublish_at, terms.schedule.unpublish_at)] {
        if approved != page {
            problems.push(ApprovalProblem::TermsDiffer { field, approved: shown(approved), page: shown(page) });
        }
    }
    problems
}

/// Checks that the approval's key could approve this path at that time:
/// owned by the publisher, in scope, valid and not revoked; the dates within
/// policy and not lapsed at `now`.
pub fn check_authority(p: &ApprovalPayload, source_path: &str, registry: &VerifiedRegistry, policy: &Policy, now: Timestamp) -> Vec<ApprovalProblem> {
    let mut problems = Vec::new();
    let Some((owner, entry, _)) = registry.key(&p.keyid) else {
        problems.push(ApprovalProblem::BadSignature { file: p.path.clone(), reason: tr!("approvals-key-not-in-registry") });
        return problems;
    };
    if owner.id != p.publisher {
        problems.push(ApprovalProblem::KeyNotOwned { keyid: p.keyid.to_string(), owner: owner.id.clone(), claimed: p.publisher.clone() });
    }
    if !owner.scopes.iter().any(|s| scope_covers(s, source_path)) {
        problems.push(ApprovalProblem::OutOfScope { publisher: owner.id.clone(), path: source_path.into(), scopes: owner.scopes.join(", ") });
    }
    match &p.url {
        Some(url) if !owner.scopes.iter().any(|s| scope_covers_url(s, url)) => {
            problems.push(ApprovalProblem::UrlOutOfScope { publisher: owner.id.clone(), url: url.clone(), scopes: owner.scopes.join(", ") });
        }
        None if source_path.starts_with("content/") => {
            problems.push(ApprovalProblem::UrlMismatch { approved: "(none)".into(), page: "a page URL".into() });
        }
        _ => {}
    }
    // Times were checked once, when the payloads were parsed.
    let (approved_at, review_by) = (p.approved_at, p.review_by);
    let (from, until, since) = (entry.valid_from, entry.valid_until, entry.status_since);
    let key_problem = |why: &str| ApprovalProblem::KeyNotValid {
        keyid: p.keyid.to_string(),
        publisher: owner.id.clone(),
        approved_at: p.approved_at.to_string(),
        why: why.into(),
    };
    match entry.status {
        KeyStatus::Compromised => problems.push(ApprovalProblem::Compromised {
            keyid: p.keyid.to_string(),
            publisher: owner.id.clone(),
            since: entry.status_since.to_string(),
        }),
        KeyStatus::Retired if approved_at >= since => problems.push(key_problem(&format!("retired since {}", entry.status_since))),
        _ => {}
    }
    if approved_at < from {
        problems.push(key_problem(&tr!("approval-valid-only-from", valid_from = entry.valid_from)));
    }
    if approved_at >= until {
        problems.push(key_problem(&tr!("approval-valid-only-until", valid_until = entry.valid_until)));
    }
    if approved_at > now {
        problems.push(ApprovalProblem::FromTheFuture { approved_at: p.approved_at.to_string(), now: now.to_string() });
    }
    if review_by.unix() - approved_at.unix() > i64::from(policy.max_review_days) * 86_400 {
        problems.push(ApprovalProblem::ReviewBeyondPolicy { review_by: p.review_by.to_string(), max_days: policy.max_review_days });
    }
    if now >= review_by {
        problems.push(ApprovalProblem::Lapsed { review_by: p.review_by.to_string() });
    }
    problems
}

/// The naming an approval signed must be one the registry once gave the
/// publisher (see [`super::registry::naming_history`]).
pub fn check_naming(p: &ApprovalPayload, namings: &std::collections::BTreeSet<super::registry::Naming>) -> Option<ApprovalProblem> {
    let (Some(name), Some(title), Some(unit)) = (&p.publisher_name, &p.publisher_title, &p.publisher_unit) else { return None };
    let naming = (p.publisher.clone(), name.clone(), title.clone(), unit.clone());
    (!namings.contains(&naming)).then(|| ApprovalProblem::NameNotRegistered { publisher: p.publisher.clone(), named: format!("{name}, {title}, {unit}") })
}

/// Builds the envelope for a new approval (used by `sigill approve`).
pub fn sign_approval(payload: &ApprovalPayload, key: &super::keys::SigningKey) -> Envelope {
    Envelope::sign(APPROVAL_TYPE, &to_canonical(payload), &[key])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::encoding::sha256_hex;
    use crate::trust::envelope::{REGISTRY_TYPE, ROOT_TYPE};
    use crate::trust::registry::{verify_registry, Publisher, PublisherKey, RegistryPayload};
    use crate::trust::root::{verify_root_versions, Role, RootKey, RootPayload, Roles};
    use crate::trust::SigningKey;

    const SITE: &str = "a.example";
    const PATH: &str = "content/om/kontakt.md";

    fn at(text: &str) -> Timestamp {
        Timestamp::parse(text).expect("a time")
    }

    /// A verified registry naming `publisher` (scope content/om/) for a
    /// root whose one key holds every role.
    fn registry(publisher: &SigningKey) -> VerifiedRegistry {
        let owner = SigningKey::generate().expect("a key");
        let id = owner.public().keyid();
        let role = Role { keyids: vec![id], threshold: 1 };
        let root = RootPayload {
            expires: at("2030-01-01T00:00:00Z"),
            keys: [(id, RootKey { label: "all".into(), public: owner.public().to_base64() })].into(),
            policy: Policy { max_review_days: 400, release_max_days: 90 },
            roles: Roles { registry: role.clone(), release: role.clone(), root: role },
            site: SITE.into(),
            version: 1,
        };
        let root_bytes = Envelope::sign(ROOT_TYPE, &to_canonical(&root), &[&owner]).to_bytes();
        let anchor = format!("sha256:{}", sha256_hex(&root_bytes));
        let root = verify_root_versions(vec![("1.root.json".into(), root_bytes)], &anchor, Some(SITE), at("2026-12-01T00:00:00Z")).expect("root");
        let payload = RegistryPayload {
            expires: at("2030-01-01T00:00:00Z"),
            rules: Vec::new(),
            publishers: vec![Publisher {
                id: "anna".into(),
                keys: vec![PublisherKey {
                    keyid: publisher.public().keyid(),
                    public: publisher.public().to_base64(),
                    status: KeyStatus::Active,
                    status_since: at("2026-01-01T00:00:00Z"),
                    valid_from: at("2026-01-01T00:00:00Z"),
                    valid_until: at("2029-01-01T00:00:00Z"),
                }],
                name: "Anna Ek".into(),
                scopes: vec!["content/om/".into()],
                title: "Chef".into(),
                unit: "Enheten".into(),
            }],
            site: SITE.into(),
            version: 1,
        };
        let bytes = Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &[&owner]).to_bytes();
        verify_registry(bytes, Path::new("0001.registry.json"), Some(1), &root, at("2026-12-01T00:00:00Z")).expect("registry")
    }

    fn approval(key: &SigningKey, sequence: u64, previous: Option<Sha256>, text: &str) -> ApprovalPayload {
        ApprovalPayload {
            publish_at: None,
            unpublish_at: None,
            translation_of: None,
            approved_at: at("2026-11-01T00:00:00Z"),
            assets: Vec::new(),
            co_approves: None,
            keyid: key.public().keyid(),
            minor: None,
            note: String::new(),
            path: PATH.into(),
            previous,
            publisher: "anna".into(),
            publisher_name: None,
            publisher_title: None,
            publisher_unit: None,
            review_by: at("2027-11-01T00:00:00Z"),
            sequence,
            site: SITE.into(),
            source_len: text.len() as u64,
            source_sha256: Sha256::of(text.as_bytes()),
            url: Some("/om/kontakt/".into()),
        }
    }

    fn write(trust: &Path, payload: &ApprovalPayload, key: &SigningKey, name: &str) {
        let dir = approvals_dir(trust, PATH);
        std::fs::create_dir_all(&dir).expect("folder");
        std::fs::write(dir.join(name), sign_approval(payload, key).to_bytes()).expect("written");
    }

    #[test]
    fn an_approval_is_read_again_only_as_it_was_verified() {
        let key = SigningKey::generate().expect("a key");
        let registry = registry(&key);
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &approval(&key, 1, None, "v1"), &key, "000001.json");
        let file = approvals_dir(dir.path(), PATH).join("000001.json");
        let stored = std::fs::read(&file).expect("stored");
        let chain = load_chain(dir.path(), PATH, SITE, &registry).expect("a chain");
        assert_eq!(chain[0].envelope_sha256(), Sha256::of(&stored));
        assert_eq!(chain[0].read_envelope().expect("unchanged"), stored);
        // Another approval, validly signed, put in its place after the check.
        write(dir.path(), &approval(&key, 1, None, "v1, changed"), &key, "000001.json");
        let changed = chain[0].read_envelope().expect_err("changed");
        assert_eq!(changed.file, file.display().to_string());
        assert!(changed.to_string().contains(&file.display().to_string()), "{changed}");
        std::fs::remove_file(&file).expect("removed");
        assert!(chain[0].read_envelope().is_err(), "gone");
    }

    #[test]
    fn a_chain_must_be_whole_ordered_and_unique() {
        let key = SigningKey::generate().expect("a key");
        let registry = registry(&key);
        let first = approval(&key, 1, None, "v1");
        let first_hash = Sha256::of(&to_canonical(&first));
        let second = approval(&key, 2, Some(first_hash), "v2");
        // A whole chain loads, oldest first.
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &first, &key, "000001.json");
        write(dir.path(), &second, &key, "000002.json");
        let chain = load_chain(dir.path(), PATH, SITE, &registry).expect("a chain");
        assert_eq!(chain.iter().map(|c| c.payload.sequence).collect::<Vec<_>>(), [1, 2]);
        assert_eq!(chain.iter().map(CheckedApproval::file).collect::<Vec<_>>(), ["000001.json", "000002.json"].map(|n| approvals_dir(dir.path(), PATH).join(n)));
        // A broken `previous`.
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &first, &key, "000001.json");
        write(dir.path(), &approval(&key, 2, Sha256::parse(&"00".repeat(32)), "v2"), &key, "000002.json");
        assert!(matches!(load_chain(dir.path(), PATH, SITE, &registry), Err(ApprovalProblem::BrokenChain { sequence: 2, .. })));
        // A missing first approval.
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &second, &key, "000002.json");
        assert!(matches!(load_chain(dir.path(), PATH, SITE, &registry), Err(ApprovalProblem::BrokenChain { sequence: 1, .. })));
        // Two different approvals with one sequence.
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &first, &key, "000001.json");
        write(dir.path(), &approval(&key, 1, None, "other"), &key, "000001b.json");
        assert!(matches!(load_chain(dir.path(), PATH, SITE, &registry), Err(ApprovalProblem::Equivocation { sequence: 1, .. })));
        // Both files named as they are, the misnamed one read first too.
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &first, &key, "000001.json");
        write(dir.path(), &approval(&key, 1, None, "other"), &key, "000001-b.json");
        let shown = |name: &str| approvals_dir(dir.path(), PATH).join(name).display().to_string();
        assert_eq!(load_chain(dir.path(), PATH, SITE, &registry).err(), Some(ApprovalProblem::Equivocation { sequence: 1, first: shown("000001-b.json"), second: shown("000001.json") }));
        // A file name that disagrees with the signed sequence.
        let dir = tempfile::tempdir().expect("temp dir");
        write(dir.path(), &first, &key, "000007.json");
        assert!(matches!(load_chain(dir.path(), PATH, SITE, &registry), Err(ApprovalProblem::SequenceName { .. })));
        // Copied from another site.
        let dir = tempfile::tempdir().expect("temp dir");
        let mut elsewhere = first.clone();
        elsewhere.site = "b.example".into();
        write(dir.path(), &elsewhere, &key, "000001.json");
        assert!(matches!(load_chain(dir.path(), PATH, SITE, &registry), Err(ApprovalProblem::WrongTarget { field: "site", .. })));
    }

    #[test]
    fn authority_follows_the_registry_and_the_policy() {
        let key = SigningKey::generate().expect("a key");
        let registry = registry(&key);
        let policy = Policy { max_review_days: 400, release_max_days: 90 };
        let now = at("2026-12-01T00:00:00Z");
        let ok = approval(&key, 1, None, "v1");
        assert!(check_authority(&ok, PATH, &registry, &policy, now).is_empty());
        assert!(matches!(check_authority(&ok, "content/socialt/x.md", &registry, &policy, now)[..], [ApprovalProblem::OutOfScope { .. }, ..]));
        let mut outside = ok.clone();
        outside.url = Some("/socialt/".into());
        assert!(matches!(check_authority(&outside, PATH, &registry, &policy, now)[..], [ApprovalProblem::UrlOutOfScope { .. }]));
        let mut early = ok.clone();
        early.approved_at = at("2025-06-01T00:00:00Z");
        assert!(check_authority(&early, PATH, &registry, &policy, now).iter().any(|p| matches!(p, ApprovalProblem::KeyNotValid { .. })), "a key used before it was valid");
        let mut future = ok.clone();
        future.approved_at = at("2026-12-02T00:00:00Z");
        assert!(check_authority(&future, PATH, &registry, &policy, now).iter().any(|p| matches!(p, ApprovalProblem::FromTheFuture { .. })));
        let mut long = ok.clone();
        long.review_by = at("2028-01-01T00:00:00Z");
        assert!(matches!(check_authority(&long, PATH, &registry, &policy, now)[..], [ApprovalProblem::ReviewBeyondPolicy { .. }]));
        assert!(matches!(check_authority(&ok, PATH, &registry, &policy, at("2027-11-01T00:00:00Z"))[..], [ApprovalProblem::Lapsed { .. }]));
    }
}
