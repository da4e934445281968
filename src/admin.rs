//! Writing trust documents: the root, new registry versions and approvals.
//!
//! Every writer checks the document it is about to write with the same code
//! the build uses to read it, and writes by creating a new file atomically,
//! never overwriting one: a failed command leaves every file as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::trust::approval::{approval_file_name, approvals_dir, check_head, load_chain, sign_approval, ApprovalPayload, ApprovedAsset, CheckedApproval, PageSource};
use crate::trust::canonical::to_canonical;
use crate::trust::encoding::sha256_hex;
use crate::trust::envelope::{Envelope, REGISTRY_TYPE, ROOT_TYPE};
use crate::trust::registry::{check_payload, registry_file_name, KeyStatus, Publisher, RegistryPayload};
use crate::trust::root::{Policy, Role, RootKey, RootPayload};
use crate::trust::scope::scope_covers;
use crate::trust::{PublicKey, SigningKey, Timestamp, TrustState};

/// Why a trust document could not be written.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The request itself is wrong (exit 2).
    #[error("{0}")]
    Usage(String),
    /// The request conflicts with the site's trust state (exit 1).
    #[error("{0}")]
    Refused(String),
    #[error("{}", tr!("admin-cannot-write", path = .path, source = .source))]
    Io { path: String, source: std::io::Error },
}

/// Creates `path` with `bytes`, failing if it exists; never leaves a partial file.
pub fn write_new_file(path: &Path, bytes: &[u8]) -> Result<(), AdminError> {
    use std::io::Write;
    let io = |source| AdminError::Io { path: path.display().to_string(), source };
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(io)?;
    let mut temp = tempfile::NamedTempFile::new_in(parent).map_err(io)?;
    temp.write_all(bytes).map_err(io)?;
    #[cfg(unix)]
    {
        // Signed documents are public; temporary files start out 0600.
        use std::os::unix::fs::PermissionsExt;
        temp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(io)?;
    }
    temp.as_file().sync_all().map_err(io)?;
    temp.persist_noclobber(path).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            AdminError::Refused(tr!("admin-already-exists-nothing-was-written", path = path.display()))
        } else {
            io(e.error)
        }
    })?;
    Ok(())
}

/// The keys and thresholds of a first root.
pub struct RootPlan<'a> {
    pub site: &'a str,
    pub root_keys: &'a [&'a SigningKey],
    pub root_threshold: u32,
    pub registry_keys: &'a [PublicKey],
    pub registry_threshold: u32,
    pub release_keys: &'a [PublicKey],
    pub policy: Policy,
    pub expires: Timestamp,
}

fn role(keys: &[PublicKey], threshold: u32) -> Role {
    let mut keyids: Vec<crate::trust::digest::KeyId> = keys.iter().map(PublicKey::keyid).collect();
    keyids.sort();
    keyids.dedup();
    Role { keyids, threshold }
}

/// Builds and signs version 1 of the root; returns its envelope bytes.
pub fn first_root(plan: &RootPlan<'_>) -> Result<Vec<u8>, AdminError> {
    let root_public: Vec<PublicKey> = plan.root_keys.iter().map(|k| k.public().clone()).collect();
    let mut keys = BTreeMap::new();
    for (label, list) in [("root", &root_public[..]), ("registry", plan.registry_keys), ("release", plan.release_keys)] {
        for key in list {
            keys.insert(key.keyid(), RootKey { label: label.into(), public: key.to_base64() });
        }
    }
    let root_role = role(&root_public, plan.root_threshold);
    if plan.root_threshold == 0 || plan.root_threshold as usize > root_role.keyids.len() {
        return Err(AdminError::Usage(tr!("admin-threshold-needs-at-least-that", root_threshold = plan.root_threshold)));
    }
    let payload = RootPayload {
        expires: plan.expires,
        keys,
        policy: plan.policy.clone(),
        roles: crate::trust::root::Roles {
            registry: role(plan.registry_keys, plan.registry_threshold),
            release: role(plan.release_keys, 1),
            root: root_role,
        },
        site: plan.site.into(),
        version: 1,
    };
    Ok(Envelope::sign(ROOT_TYPE, &to_canonical(&payload), plan.root_keys).to_bytes())
}

/// An empty first registry.
pub fn first_registry(site: &str, expires: Timestamp, signers: &[&SigningKey]) -> Vec<u8> {
    let payload = RegistryPayload { expires, publishers: Vec::new(), rules: Vec::new(), site: site.into(), version: 1 };
    Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), signers).to_bytes()
}

/// How long a new registry version stays valid unless asked otherwise.
pub const REGISTRY_DAYS: i64 = 365;

/// The longest a renewed root or registry may stay valid: about ten years.
pub const MAX_VALIDITY_DAYS: i64 = 3700;

/// Writes the next registry version after `edit` changes a copy of the
/// current one, valid for [`REGISTRY_DAYS`] or as long as the current
/// version, whichever is later (a change never shortens the registry's
/// life). Refuses unless `signers` meet the registry threshold.
pub fn next_registry(
    trust_dir: &Path,
    state: &TrustState,
    signers: &[&SigningKey],
    now: Timestamp,
    edit: impl FnOnce(&mut RegistryPayload) -> Result<(), AdminError>,
) -> Result<PathBuf, AdminError> {
    let current = state.registry.payload().expires;
    let days = if current > now { ((current.unix() - now.unix()) / 86_400).clamp(REGISTRY_DAYS, MAX_VALIDITY_DAYS) } else { REGISTRY_DAYS };
    next_registry_until(trust_dir, state, signers, now, days, edit)
}

/// [`next_registry`] with the new version valid for `days` days.
pub fn next_registry_until(
    trust_dir: &Path,
    state: &TrustState,
    signers: &[&SigningKey],
    now: Timestamp,
    days: i64,
    edit: impl FnOnce(&mut RegistryPayload) -> Result<(), AdminError>,
) -> Result<PathBuf, AdminError> {
    let role = &state.root.payload().roles.registry;
    let allowed = signers.iter().filter(|k| role.keyids.contains(&k.public().keyid())).count();
    if allowed < role.threshold as usize {
        return Err(AdminError::Refused(tr!("admin-registry-must-be-signed-by", threshold = role.threshold, allowed = allowed)));
    }
    let mut payload = state.registry.payload().clone();
    edit(&mut payload)?;
    payload.version += 1;
    payload.expires = now
        .checked_plus_days(days)
        .filter(|_| (1..=MAX_VALIDITY_DAYS).contains(&days))
        .ok_or_else(|| AdminError::Usage(tr!("admin-days-registry-valid-for-days", days = days, max_validity_days = MAX_VALIDITY_DAYS)))?;
    payload.publishers.sort_by(|a, b| a.id.cmp(&b.id));
    check_payload(&payload).map_err(AdminError::Usage)?;
    let bytes = Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), signers).to_bytes();
    let path = trust_dir.join("registry").join(registry_file_name(payload.version));
    write_new_file(&path, &bytes)?;
    Ok(path)
}

/// Writes the next root version after `edit` changes a copy of the newest
/// one: signed by `signers`, who must meet the root threshold of the
/// current version and of the new one (so a rotation is approved by the
/// old keys and by the new). The result is verified from the anchor before
/// it is written.
pub fn next_root(
    trust_dir: &Path,
    state: &TrustState,
    signers: &[&SigningKey],
    now: Timestamp,
    edit: impl FnOnce(&mut RootPayload) -> Result<(), AdminError>,
) -> Result<PathBuf, AdminError> {
    let mut payload = state.root.payload().clone();
    edit(&mut payload)?;
    payload.version += 1;
    let signer_ids: Vec<crate::trust::digest::KeyId> = signers.iter().map(|k| k.public().keyid()).collect();
    for (which, role) in [("current", &state.root.payload().roles.root), ("new", &payload.roles.root)] {
        let count = role.keyids.iter().filter(|k| signer_ids.contains(k)).count();
        if count < role.threshold as usize {
            return Err(AdminError::Refused(tr!("admin-new-root-must-be-signed", threshold = role.threshold, which = which, count = count)));
        }
    }
    let bytes = Envelope::sign(ROOT_TYPE, &to_canonical(&payload), signers).to_bytes();
    // Every version, the new one last, must verify from the anchor.
    let mut versions: Vec<(String, Vec<u8>)> = state.root.versions().iter().enumerate().map(|(i, b)| (format!("{}.root.json", i + 1), b.clone())).collect();
    let name = format!("{}.root.json", payload.version);
    versions.push((name.clone(), bytes.clone()));
    crate::trust::root::verify_root_versions(versions, state.root.anchor(), Some(&payload.site), now).map_err(|e| AdminError::Refused(e.to_string()))?;
    let path = trust_dir.join("root").join(name);
    write_new_file(&path, &bytes)?;
    Ok(path)
}

/// Replaces `role`'s keys in a root payload, listing the new keys.
pub fn set_role_keys(payload: &mut RootPayload, which: &str, keys: &[PublicKey], threshold: u32, label: &str) -> Result<(), AdminError> {
    let new_role = role(keys, threshold);
    if threshold == 0 || threshold as usize > new_role.keyids.len() {
        return Err(AdminError::Usage(tr!("admin-threshold-needs-at-least-that-2", threshold = threshold, which = which)));
    }
    for key in keys {
        payload.keys.insert(key.keyid(), RootKey { label: label.into(), public: key.to_base64() });
    }
    match which {
        "root" => payload.roles.root = new_role,
        "registry" => payload.roles.registry = new_role,
        "release" => payload.roles.release = new_role,
        _ => return Err(AdminError::Usage(tr!("admin-unknown-role", which = which))),
    }
    // Keys no role names any more leave the root.
    let named: std::collections::BTreeSet<crate::trust::digest::KeyId> =
        [&payload.roles.root, &payload.roles.registry, &payload.roles.release].iter().flat_map(|r| r.keyids.iter().cloned()).collect();
    payload.keys.retain(|keyid, _| named.contains(keyid));
    Ok(())
}

/// Retires every active key of publisher `id` and adds `key`.
pub fn rotate_publisher_key(payload: &mut RegistryPayload, id: &str, key: &PublicKey, now: Timestamp, valid_days: u32) -> Result<(), AdminError> {
    let Some(publisher) = payload.publishers.iter_mut().find(|p| p.id == id) else {
        return Err(AdminError::Usage(tr!("admin-no-publisher-in-registry-see", id = id)));
    };
    if publisher.keys.iter().any(|k| k.keyid == key.keyid()) {
        return Err(AdminError::Usage(tr!("admin-already-has-key", id = id, keyid = key.keyid())));
    }
    for old in publisher.keys.iter_mut().filter(|k| k.status == KeyStatus::Active) {
        old.status = KeyStatus::Retired;
        old.status_since = now;
    }
    let until = now.checked_plus_days(i64::from(valid_days)).ok_or_else(|| AdminError::Usage(tr!("admin-valid-days-too-far", valid_days = valid_days)))?;
    publisher.keys.push(crate::trust::registry::PublisherKey {
        keyid: key.keyid(),
        public: key.to_base64(),
        status: KeyStatus::Active,
        status_since: now,
        valid_from: now,
        valid_until: until,
    });
    Ok(())
}

/// Adds a publisher (or a new key for an existing one, with the same details).
pub fn add_publisher(payload: &mut RegistryPayload, publisher: Publisher) -> Result<(), AdminError> {
    // A key answers for one publisher only.
    for key in &publisher.keys {
        if let Some(other) = payload.publishers.iter().find(|p| p.id != publisher.id && p.keys.iter().any(|k| k.keyid == key.keyid)) {
            return Err(AdminError::Refused(tr!("admin-key-already-registered-for", keyid = key.keyid, id = other.id)));
        }
    }
    if let Some(existing) = payload.publishers.iter_mut().find(|p| p.id == publisher.id) {
        // The publisher's own key again adds only scopes (and naming).
        for key in publisher.keys {
            if !existing.keys.iter().any(|k| k.keyid == key.keyid) {
                existing.keys.push(key);
            }
        }
        existing.name = publisher.name;
        existing.title = publisher.title;
        existing.unit = publisher.unit;
        for scope in publisher.scopes {
            if !existing.scopes.contains(&scope) {
                existing.scopes.push(scope);
            }
        }
        existing.scopes.sort();
        return Ok(());
    }
    payload.publishers.push(publisher);
    Ok(())
}

/// Sets how many different publishers must approve every page of `scope`
/// (1 removes the rule).
pub fn require_approvals(payload: &mut RegistryPayload, scope: &str, approvals: u32) -> Result<(), AdminError> {
    let scope = scope.trim_start_matches("./").to_string();
    if !crate::trust::scope::is_canonical_scope(&scope) || !scope.starts_with("content/") {
        return Err(AdminError::Usage(tr!("registry-rule-scope-invalid", scope = format!("{scope:?}"))));
    }
    if approvals == 0 || approvals > crate::trust::registry::MAX_REQUIRED_APPROVALS {
        return Err(AdminError::Usage(tr!("registry-rule-count", scope = scope, max = crate::trust::registry::MAX_REQUIRED_APPROVALS)));
    }
    payload.rules.retain(|r| r.scope != scope);
    if approvals > 1 {
        payload.rules.push(crate::trust::registry::ScopeRule { required_approvals: approvals, scope });
        payload.rules.sort_by(|a, b| a.scope.cmp(&b.scope));
    }
    Ok(())
}

/// Marks one key (or all keys) of a publisher retired or compromised.
pub fn revoke(payload: &mut RegistryPayload, id: &str, keyid: Option<&str>, status: KeyStatus, now: Timestamp) -> Result<usize, AdminError> {
    let publisher = payload
        .publishers
        .iter_mut()
        .find(|p| p.id == id)
        .ok_or_else(|| AdminError::Usage(tr!("admin-no-publisher-with-id-see", id = format!("{:?}", id))))?;
    let mut changed = 0;
    for key in publisher.keys.iter_mut().filter(|k| keyid.is_none_or(|want| k.keyid == want)) {
        if key.status != KeyStatus::Compromised {
            key.status = status;
            key.status_since = now;
            changed += 1;
        }
    }
    if changed == 0 {
        return Err(AdminError::Usage(tr!("admin-publisher-has-no-matching-key", id = id)));
    }
    Ok(changed)
}

/// An approval ready to be signed, with what the publisher must see first.
#[derive(Debug)]
pub struct ApprovalDraft {
    pub payload: ApprovalPayload,
    pub file: PathBuf,
    /// The previously approved text, when it could be found.
    pub previous_text: Option<String>,
    /// The files approved with the previous version.
    pub previous_assets: Vec<ApprovedAsset>,
    pub publisher_name: String,
}

/// What `approve` needs to know about the page.
pub struct ApprovalRequest<'a> {
    pub site: &'a str,
    pub trust_dir: &'a Path,
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub assets: Vec<ApprovedAsset>,
    /// The page's `publisher`; `None` for the theme and `site.toml`.
    pub front_matter_publisher: Option<&'a str>,
    /// The page's URL; `None` for the theme and `site.toml`.
    pub url: Option<&'a str>,
    pub aliases: &'a [String],
    /// For a translation: its source and the approved version translated.
    pub translation_of: Option<crate::trust::approval::TranslationOf>,
    /// The page's publication times, signed with it.
    pub schedule: crate::trust::approval::Schedule,
    pub note: &'a str,
    /// A minor change: the page keeps its "updated" date.
    pub minor: bool,
    pub review_by: Option<Timestamp>,
    pub default_review_days: u32,
    pub now: Timestamp,
}

/// Prepares the next approval of a page with `key`, refusing anything the
/// build would reject.
pub fn draft_approval(state: &TrustState, request: &ApprovalRequest<'_>, key: &PublicKey) -> Result<ApprovalDraft, AdminError> {
    let keyid = key.keyid();
    let Some((publisher, entry, _)) = state.registry.key(&keyid) else {
        return Err(AdminError::Refused(tr!("admin-key-not-in-publisher-registry", keyid = keyid)));
    };
    if entry.status != KeyStatus::Active {
        return Err(AdminError::Refused(tr!("admin-key-cannot-approve", keyid = keyid, id = publisher.id, status = format!("{:?}", entry.status))));
    }
    if let Some(named) = request.front_matter_publisher.filter(|named| *named != publisher.id) {
        // Under the two-person rule another publisher of the scope joins
        // the named publisher's approval of the same text.
        if state.registry.payload().required_approvals(request.path) > 1 && publisher.covers(request.path) {
            return draft_co_approval(state, request, key, publisher);
        }
        return Err(AdminError::Refused(tr!("admin-names-as-its-publisher-but", path = request.path, named = format!("{:?}", named), id = format!("{:?}", publisher.id))));
    }
    if !publisher.scopes.iter().any(|s| scope_covers(s, request.path)) {
        return Err(AdminError::Refused(tr!("admin-outside-scopes", path = request.path, id = publisher.id, join = publisher.scopes.join(", "))));
    }
    let policy = &state.root.payload().policy;
    let review_by = request.review_by.unwrap_or_else(|| request.now.plus_days(i64::from(request.default_review_days.min(policy.max_review_days))));
    if let Some(end) = request.schedule.unpublish_at.filter(|end| *end <= request.now) {
        return Err(AdminError::Usage(tr!("admin-unpublish-at-passed", date = end.to_string())));
    }
    if review_by <= request.now {
        return Err(AdminError::Usage(tr!("admin-review-by-not-in-future", date = review_by.date())));
    }
    if review_by.unix() - request.now.unix() > i64::from(policy.max_review_days) * 86_400 {
        return Err(AdminError::Usage(tr!("admin-review-by-more-than-policy", date = review_by.date(), max_review_days = policy.max_review_days)));
    }
    let chain = match load_chain(request.trust_dir, request.path, request.site, &state.registry) {
        Ok(chain) => chain,
        Err(crate::trust::approval::ApprovalProblem::NeverApproved) => Vec::new(),
        Err(problem) => {
            return Err(AdminError::Refused(tr!("admin-existing-approvals-do-not-verify", path = request.path, problem = problem)))
        }
    };
    let previous_text = chain.last().and_then(|head| approved_text(request.trust_dir, head));
    let sequence = chain.len() as u64 + 1;
    let payload = ApprovalPayload {
        approved_at: request.now,
        assets: request.assets.clone(),
        co_approves: None,
        keyid,
        minor: request.minor.then_some(true),
        note: request.note.to_string(),
        path: request.path.to_string(),
        previous: chain.last().map(|c| c.payload_sha256()),
        publisher: publisher.id.clone(),
        publish_at: request.schedule.publish_at,
        publisher_name: Some(publisher.name.clone()),
        publisher_title: Some(publisher.title.clone()),
        publisher_unit: Some(publisher.unit.clone()),
        review_by,
        sequence,
        site: request.site.to_string(),
        source_len: request.bytes.len() as u64,
        source_sha256: crate::trust::digest::Sha256::of(request.bytes),
        translation_of: request.translation_of.clone().map(Box::new),
        unpublish_at: request.schedule.unpublish_at,
        url: request.url.map(str::to_string),
    };
    // The build's own checks, on the approval about to be signed: whatever
    // it would reject is refused here, before anything is signed.
    // Not signed yet: no envelope, no file.
    let head = CheckedApproval::new(std::sync::Arc::from(request.trust_dir), false, &[], &to_canonical(&payload), payload.clone());
    let source = PageSource {
        path: request.path,
        digest: crate::trust::approval::SourceDigest::of(request.bytes),
        assets: &request.assets,
        front_matter_publisher: request.front_matter_publisher,
        url: request.url,
        aliases: request.aliases,
        terms: Some(crate::trust::approval::PageTerms { translation_of: request.translation_of.as_ref().map(|t| t.path.as_str()), schedule: request.schedule }),
    };
    let problems = check_head(&head, &source, &state.registry, policy, request.now);
    if !problems.is_empty() {
        let reasons: Vec<String> = problems.iter().map(ToString::to_string).collect();
        return Err(AdminError::Refused(tr!("admin-build-would-reject-this-approval", path = request.path, join = reasons.join("; "))));
    }
    let file = approvals_dir(request.trust_dir, request.path).join(approval_file_name(sequence));
    let previous_assets = chain.last().map(|head| head.payload.assets.clone()).unwrap_or_default();
    Ok(ApprovalDraft { payload, file, previous_text, previous_assets, publisher_name: publisher.name.clone() })
}

/// Prepares `publisher`'s co-approval of the newest approval of a page a
/// scope rule says needs more than one publisher: refused unless that
/// approval covers the page exactly as it is now.
fn draft_co_approval(state: &TrustState, request: &ApprovalRequest<'_>, key: &PublicKey, publisher: &Publisher) -> Result<ApprovalDraft, AdminError> {
    let chain = match load_chain(request.trust_dir, request.path, request.site, &state.registry) {
        Ok(chain) => chain,
        Err(crate::trust::approval::ApprovalProblem::NeverApproved) => Vec::new(),
        Err(problem) => return Err(AdminError::Refused(tr!("admin-existing-approvals-do-not-verify", path = request.path, problem = problem))),
    };
    let named = request.front_matter_publisher.unwrap_or_default();
    let Some(head) = chain.last() else {
        return Err(AdminError::Refused(tr!("admin-co-needs-first", path = request.path, named = named)));
    };
    let mut assets = request.assets.clone();
    assets.sort();
    if head.payload.source_sha256 != crate::trust::digest::Sha256::of(request.bytes) || head.payload.assets != assets || head.payload.publisher != named {
        return Err(AdminError::Refused(tr!("admin-co-needs-first", path = request.path, named = named)));
    }
    let (existing, _) = crate::trust::approval::load_co_approvals(request.trust_dir, head, &state.registry);
    if existing.iter().any(|c| c.payload.publisher == publisher.id) {
        return Err(AdminError::Refused(tr!("admin-co-already", path = request.path, id = publisher.id)));
    }
    if head.payload.review_by <= request.now {
        return Err(AdminError::Refused(tr!("admin-co-needs-first", path = request.path, named = named)));
    }
    let payload = ApprovalPayload {
        approved_at: request.now,
        co_approves: Some(head.payload_sha256()),
        keyid: key.keyid(),
        note: request.note.to_string(),
        publisher: publisher.id.clone(),
        publisher_name: Some(publisher.name.clone()),
        publisher_title: Some(publisher.title.clone()),
        publisher_unit: Some(publisher.unit.clone()),
        ..head.payload.clone()
    };
    let problems: Vec<String> = crate::trust::approval::check_authority(&payload, request.path, &state.registry, &state.root.payload().policy, request.now).iter().map(ToString::to_string).collect();
    if !problems.is_empty() {
        return Err(AdminError::Refused(tr!("admin-build-would-reject-this-approval", path = request.path, join = problems.join("; "))));
    }
    let file = crate::trust::approval::co_approvals_dir(request.trust_dir, request.path).join(crate::trust::approval::co_approval_file_name(payload.sequence, &publisher.id));
    let previous_text = approved_text(request.trust_dir, head);
    let previous_assets = head.payload.assets.clone();
    Ok(ApprovalDraft { payload, file, previous_text, previous_assets, publisher_name: publisher.name.clone() })
}

/// How a file of a bundle (or theme) changed since the last approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssetChange {
    Added,
    Removed,
    Changed,
}

impl AssetChange {
    /// The word shown to the publisher.
    pub fn word(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }
}

/// One file that differs from the last approved version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetDiff {
    pub path: String,
    pub how: AssetChange,
}

/// Every file added, removed or changed since the previous approval, by path.
pub fn asset_changes(draft: &ApprovalDraft, now: &[ApprovedAsset]) -> Vec<AssetDiff> {
    let mut changes = Vec::new();
    for asset in now {
        match draft.previous_assets.iter().find(|a| a.path == asset.path) {
            None => changes.push(AssetDiff { path: asset.path.clone(), how: AssetChange::Added }),
            Some(old) if old.sha256 != asset.sha256 => changes.push(AssetDiff { path: asset.path.clone(), how: AssetChange::Changed }),
            Some(_) => {}
        }
    }
    for old in &draft.previous_assets {
        if !now.iter().any(|a| a.path == old.path) {
            changes.push(AssetDiff { path: old.path.clone(), how: AssetChange::Removed });
        }
    }
    changes.sort_by(|a, b| a.path.cmp(&b.path));
    changes
}

/// What kind of file a path names, for people: images, PDFs and anything
/// that can carry script are flagged as such.
pub fn file_kind(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "svg" => "SVG image: can hold script",
        "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" => "image",
        "pdf" => "PDF document",
        "html" | "htm" => "HTML template or page",
        "js" | "mjs" => "script",
        "css" => "style sheet",
        "toml" | "json" | "yaml" | "yml" | "txt" | "md" => "text",
        _ => "file",
    }
}

/// Where the approved text of a sequence is kept, for the next diff.
pub fn snapshot_path(trust_dir: &Path, path: &str, sequence: u64) -> PathBuf {
    approvals_dir(trust_dir, path).join(format!("{sequence:06}.source"))
}

/// The text an approval covers, from the copy kept beside it, when that
/// copy is still the approved bytes.
pub fn approved_text(trust_dir: &Path, approval: &CheckedApproval) -> Option<String> {
    let text = std::fs::read(snapshot_path(trust_dir, &approval.payload.path, approval.payload.sequence)).ok()?;
    (sha256_hex(&text) == approval.payload.source_sha256).then(|| String::from_utf8(text).ok()).flatten()
}

/// Signs and writes a drafted approval (and the approved text beside it).
pub fn write_approval(draft: &ApprovalDraft, key: &SigningKey, trust_dir: &Path, source: &[u8]) -> Result<(), AdminError> {
    let envelope = sign_approval(&draft.payload, key);
    write_new_file(&draft.file, &envelope.to_bytes())?;
    if draft.payload.co_approves.is_some() {
        // A co-approval joins an approval whose text is kept already.
        return Ok(());
    }
    // The snapshot only improves the next diff; the approval stands without it.
    let _ = write_new_file(&snapshot_path(trust_dir, &draft.payload.path, draft.payload.sequence), source);
    Ok(())
}

/// Signs and writes several drafted approvals: all of them, or — when one
/// cannot be written — none (the ones already written are removed again).
pub fn write_approvals(drafts: &[(&ApprovalDraft, &[u8])], key: &SigningKey, trust_dir: &Path) -> Result<(), AdminError> {
    let mut written: Vec<PathBuf> = Vec::new();
    for (draft, source) in drafts {
        if let Err(e) = write_approval(draft, key, trust_dir, source) {
            for file in &written {
                let _ = std::fs::remove_file(file);
            }
            return Err(e);
        }
        written.push(draft.file.clone());
        if draft.payload.co_approves.is_some() {
            continue;
        }
        written.push(snapshot_path(trust_dir, &draft.payload.path, draft.payload.sequence));
    }
    Ok(())
}

/// Everything `trust init` needs.
pub struct TrustInit<'a> {
    pub site_root: &'a Path,
    pub site: &'a str,
    pub root_keys: &'a [&'a SigningKey],
    pub threshold: u32,
    pub registry_keys: &'a [&'a SigningKey],
    pub release_keys: &'a [PublicKey],
    pub max_review_days: u32,
    pub expires_days: u32,
    pub now: Timestamp,
}

/// Writes `trust/root/1.root.json` and `trust/registry/0001.registry.json`
/// and pins the root's hash in site.toml. Returns the anchor.
pub fn create_trust(plan: &TrustInit<'_>) -> Result<String, AdminError> {
    let trust_dir = plan.site_root.join("trust");
    let root_file = trust_dir.join("root").join("1.root.json");
    if root_file.exists() {
        return Err(AdminError::Refused(tr!("admin-already-exists-root-trust-made", root_file = root_file.display())));
    }
    let registry_public: Vec<PublicKey> = plan.registry_keys.iter().map(|k| k.public().clone()).collect();
    let root = first_root(&RootPlan {
        site: plan.site,
        root_keys: plan.root_keys,
        root_threshold: plan.threshold,
        registry_keys: &registry_public,
        registry_threshold: 1,
        release_keys: plan.release_keys,
        policy: Policy { max_review_days: plan.max_review_days, release_max_days: 90 },
        expires: plan.now.plus_days(i64::from(plan.expires_days)),
    })?;
    let registry = first_registry(plan.site, plan.now.plus_days(365), plan.registry_keys);
    let anchor = format!("sha256:{}", sha256_hex(&root));
    write_new_file(&root_file, &root)?;
    let registry_file = trust_dir.join("registry").join(registry_file_name(1));
    if let Err(e) = write_new_file(&registry_file, &registry) {
        let _ = std::fs::remove_file(&root_file);
        return Err(e);
    }
    if let Err(e) = pin_anchor(plan.site_root, &anchor, None) {
        let _ = std::fs::remove_file(&root_file);
        let _ = std::fs::remove_file(&registry_file);
        return Err(e);
    }
    Ok(anchor)
}

/// Who a new publisher is, as the registry shows them to citizens.
#[derive(Debug, Clone, Copy)]
pub struct PublisherName<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub title: &'a str,
    pub unit: &'a str,
}

/// A new publisher entry with one active key.
pub fn new_publisher(who: PublisherName<'_>, key: &PublicKey, scopes: &[String], now: Timestamp, valid_days: u32) -> Publisher {
    let PublisherName { id, name, title, unit } = who;
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    Publisher {
        id: id.into(),
        keys: vec![crate::trust::registry::PublisherKey {
            keyid: key.keyid(),
            public: key.to_base64(),
            status: KeyStatus::Active,
            status_since: now,
            valid_from: now,
            valid_until: now.plus_days(i64::from(valid_days)),
        }],
        name: name.into(),
        scopes,
        title: title.into(),
        unit: unit.into(),
    }
}

/// Sets `[trust] root` (and optionally `release_key`) in site.toml, keeping
/// the rest of the file — comments included — as it was.
pub fn pin_anchor(site_root: &Path, anchor: &str, release_key: Option<&str>) -> Result<(), AdminError> {
    let path = site_root.join(crate::config::CONFIG_FILE);
    let io = |source| AdminError::Io { path: path.display().to_string(), source };
    let text = std::fs::read_to_string(&path).map_err(io)?;
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| AdminError::Usage(tr!("approve-message", path = path.display(), error = e)))?;
    let trust = doc.entry("trust").or_insert(toml_edit::table());
    let table = trust.as_table_mut().ok_or_else(|| AdminError::Usage(tr!("scaffold-trust-in-site-toml-not")))?;
    table["root"] = toml_edit::value(anchor);
    if let Some(key) = release_key {
        table["release_key"] = toml_edit::value(key);
    }
    let mut temp = tempfile::NamedTempFile::new_in(site_root).map_err(io)?;
    std::io::Write::write_all(&mut temp, doc.to_string().as_bytes()).map_err(io)?;
    temp.persist(&path).map_err(|e| io(e.error))?;
    Ok(())
}
