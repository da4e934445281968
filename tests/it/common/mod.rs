//! Shared fixture for integration tests: a small site with a complete chain
//! of trust, built in-process with the library, then driven through the
//! real `sigill` binary.
#![allow(dead_code, clippy::print_stdout, clippy::print_stderr)]

pub mod cases;
pub mod desk;
pub mod nginx;
pub mod restamp;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use sigill::admin::{self, ApprovalRequest};
use sigill::trust::approval::{approval_file_name, approvals_dir, sign_approval, ApprovalPayload};
use sigill::trust::canonical::to_canonical;
use sigill::trust::envelope::{Envelope, REGISTRY_TYPE};
use sigill::trust::keyfile::KeyFile;
use sigill::trust::registry::{registry_file_name, RegistryPayload};
use sigill::trust::{load_trust, SigningKey, Timestamp, TrustState};

pub const SITE: &str = "test.example";

/// The pinned clock of every test: fixtures are made at this time and every
/// `sigill` command runs with `SIGILL_NOW` set to it, so no test depends on
/// the day it runs. It lies after the example site's newest approval
/// (re-approving the example later may need it moved forward).
pub const NOW: &str = "2026-12-01T12:00:00Z";

/// [`NOW`] as a time.
pub fn now() -> Timestamp {
    Timestamp::parse(NOW).expect("NOW is a valid time")
}

/// A data folder of this test process (the build's log state and the
/// verifier's memory live under it), never the user's own.
pub fn data_home() -> &'static Path {
    static DATA: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DATA.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// The `sigill` binary with the clock pinned at [`NOW`] and a fresh data
/// folder per command (no log state, no verifier memory carried over).
pub fn sigill_command() -> Command {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut cmd = Command::cargo_bin("sigill").unwrap();
    let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    cmd.env("SIGILL_NOW", NOW).env("XDG_DATA_HOME", data_home().join(format!("cmd-{n}"))).env("XDG_CACHE_HOME", data_home().join("cache")).env_remove("SIGILL_STATE").env_remove("SIGILL_LOG_URL");
    // Messages in English, whatever the machine's locale (tests of the
    // Swedish messages set it themselves).
    cmd.env("SIGILL_LANG", "en");
    cmd
}

/// A publisher of the fixture and its key.
pub struct TestPublisher {
    pub id: &'static str,
    pub key: SigningKey,
}

/// A temporary site with root, registry, release key and publishers.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub root_key: SigningKey,
    pub registry_key: SigningKey,
    pub release_key: SigningKey,
    pub publishers: Vec<TestPublisher>,
    pub now: Timestamp,
    /// This site's data folder: the build machine's log state and the
    /// verifier's memory, kept across the fixture's commands.
    pub data: tempfile::TempDir,
    /// Seconds the clock has moved since [`NOW`]: each `sigill` command of
    /// a fixture runs one second after the one before, as releases must.
    pub tick: std::cell::Cell<i64>,
}

pub fn page(title: &str, publisher: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\npublisher = \"{publisher}\"\nowner = \"Kommunstyrelsen\"\nupdated = 2026-11-01\n+++\n\n{body}\n")
}

impl Fixture {
    /// A site with three pages: `content/_index.md` and `content/om/kontakt.md`
    /// by anna (scope content/), `content/social/stod.md` by bo
    /// (scope content/social/). All approved.
    pub fn new() -> Self {
        Self::with_registry_threshold(1, 1)
    }

    pub fn with_registry_threshold(registry_keys: usize, threshold: u32) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let now = now();
        std::fs::write(
            root.join("site.toml"),
            format!("site = \"{SITE}\"\nbase_url = \"https://{SITE}\"\ntitle = \"Testby\"\norganization = \"Testby kommun\"\nrelease_key_placeholder = 1\n")
                .replace("release_key_placeholder = 1\n", "accessibility_url = \"/om/kontakt/\"\n\n[trust]\n"),
        )
        .unwrap();
        for (rel, text) in sigill::scaffold::THEME_FILES {
            let path = root.join("themes/default").join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let root_key = SigningKey::generate().unwrap();
        let registry_keys: Vec<SigningKey> = (0..registry_keys).map(|_| SigningKey::generate().unwrap()).collect();
        let release_key = SigningKey::generate().unwrap();
        let registry_refs: Vec<&SigningKey> = registry_keys.iter().collect();
        let registry_public: Vec<_> = registry_keys.iter().map(|k| k.public().clone()).collect();
        let root_bytes = admin::first_root(&admin::RootPlan {
            site: SITE,
            root_keys: &[&root_key],
            root_threshold: 1,
            registry_keys: &registry_public,
            registry_threshold: threshold,
            release_keys: &[release_key.public().clone()],
            policy: sigill::trust::root::Policy { max_review_days: 400, release_max_days: 90 },
            expires: now.plus_days(365),
        })
        .unwrap();
        admin::write_new_file(&root.join("trust/root/1.root.json"), &root_bytes).unwrap();
        let anchor = format!("sha256:{}", sigill::trust::encoding::sha256_hex(&root_bytes));
        let release_path = root.join("release.key");
        KeyFile::seal(&release_key, "release", None, 600_000).unwrap().write_new(&release_path).unwrap();
        sigill::scaffold::pin_anchor(root, &anchor, Some("release.key")).unwrap();
        let publishers = vec![
            TestPublisher { id: "anna", key: SigningKey::generate().unwrap() },
            TestPublisher { id: "bo", key: SigningKey::generate().unwrap() },
            TestPublisher { id: "webb", key: SigningKey::generate().unwrap() },
        ];
        let mut payload = RegistryPayload { expires: now.plus_days(365), publishers: Vec::new(), rules: Vec::new(), site: SITE.into(), version: 1 };
        payload.publishers.push(admin::new_publisher(admin::PublisherName { id: "anna", name: "Anna Ek", title: "Kommunikationschef", unit: "Kommunledningskontoret" }, publishers[0].key.public(), &["content/".into()], now.plus_days(-30), 1000));
        payload.publishers.push(admin::new_publisher(admin::PublisherName { id: "bo", name: "Bo Lind", title: "Socialchef", unit: "Socialförvaltningen" }, publishers[1].key.public(), &["content/social/".into()], now.plus_days(-30), 1000));
        payload.publishers.push(admin::new_publisher(admin::PublisherName { id: "webb", name: "Vera Webb", title: "Webbredaktör", unit: "Kommunikationsenheten" }, publishers[2].key.public(), &["site.toml".into(), "themes/default/".into()], now.plus_days(-30), 1000));
        let registry = Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &registry_refs).to_bytes();
        admin::write_new_file(&root.join("trust/registry").join(registry_file_name(1)), &registry).unwrap();
        let fixture = Self {
            dir,
            root_key,
            registry_key: registry_keys.into_iter().next().unwrap(),
            release_key,
            publishers,
            now,
            data: tempfile::tempdir().unwrap(),
            tick: std::cell::Cell::new(0),
        };
        fixture.write("content/_index.md", &page("Start", "anna", "Välkommen till Testby.\n\n## Kontakt\n\n[Kontakta oss](om/kontakt.md)"));
        fixture.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-123 45."));
        fixture.write("content/social/stod.md", &page("Stöd", "bo", "Socialtjänsten hjälper dig."));
        for (path, who) in [("content/_index.md", 0), ("content/om/kontakt.md", 0), ("content/social/stod.md", 1)] {
            fixture.approve(path, who);
        }
        fixture.approve_site_inputs();
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap()
    }

    pub fn trust(&self) -> TrustState {
        let config = sigill::config::load(self.root()).unwrap();
        load_trust(&self.path("trust"), config.config.trust.root.as_deref().unwrap(), SITE, self.now).unwrap()
    }

    /// Approves `path` with publisher `who`, as `sigill approve` would:
    /// a page, `site.toml` or `themes/default/theme.toml` (the theme).
    pub fn approve(&self, path: &str, who: usize) {
        let state = self.trust();
        let mut schedule = sigill::trust::approval::Schedule::default();
        let (bytes, assets, front) = if path.starts_with("content/") {
            let bytes = std::fs::read(self.path(path)).unwrap();
            let split = sigill::frontmatter::parse(std::str::from_utf8(&bytes).unwrap(), path).unwrap();
            schedule = split.schedule;
            let front = split.front;
            // A bundle's other files are approved with it.
            let mut assets = Vec::new();
            if let Some(dir) = path.strip_suffix("/index.md") {
                for entry in std::fs::read_dir(self.path(dir)).unwrap().flatten() {
                    let name = entry.file_name().to_string_lossy().to_string();
                    if name != "index.md" && entry.file_type().unwrap().is_file() {
                        let sha256 = sigill::trust::digest::Sha256::of(&std::fs::read(entry.path()).unwrap());
                        assets.push(sigill::trust::approval::ApprovedAsset { path: format!("{dir}/{name}"), sha256 });
                    }
                }
                assets.sort();
            }
            (bytes, assets, Some(front))
        } else if path.starts_with("themes/") {
            let theme = sigill::inputs::ThemeFiles::load(self.root(), "default").unwrap();
            (theme.manifest().to_vec(), theme.assets(), None)
        } else {
            (std::fs::read(self.path(path)).unwrap(), Vec::new(), None)
        };
        let url = front.as_ref().map(|f| sigill::parse::url_for_path(path, f.slug.as_deref()));
        // A translation records the source's newest approved version.
        let translation_of = front.as_ref().and_then(|f| f.translation_of.clone()).map(|source| {
            let chain = sigill::trust::approval::load_chain(&self.path("trust"), &source, SITE, &state.registry).expect("the source is approved first");
            sigill::trust::approval::TranslationOf { path: source, source_sha256: chain.last().unwrap().payload.source_sha256 }
        });
        let request = ApprovalRequest {
            site: SITE,
            trust_dir: &self.path("trust"),
            path,
            bytes: &bytes,
            assets,
            front_matter_publisher: front.as_ref().map(|f| f.publisher.as_str()),
            url: url.as_deref(),
            aliases: front.as_ref().map_or(&[][..], |f| f.aliases.as_slice()),
            translation_of,
            schedule,
            note: "test",
            minor: false,
            review_by: None,
            default_review_days: 365,
            now: self.now,
        };
        let key = &self.publishers[who].key;
        let draft = admin::draft_approval(&state, &request, key.public()).unwrap();
        admin::write_approval(&draft, key, &self.path("trust"), &bytes).unwrap();
    }

    /// Approves `site.toml` and the theme with the web editor's key, as the
    /// build requires after either changes.
    pub fn approve_site_inputs(&self) {
        self.approve("site.toml", 2);
        self.approve("themes/default/theme.toml", 2);
    }

    /// The newest approval payload of `path`.
    pub fn head_payload(&self, path: &str) -> (u64, ApprovalPayload) {
        let chain = sigill::trust::approval::load_chain(&self.path("trust"), path, SITE, &self.trust().registry).unwrap();
        let head = chain.last().unwrap();
        (head.payload.sequence, head.payload.clone())
    }

    /// Writes an approval file for `payload` signed by `key`, at its sequence's file name.
    pub fn write_approval(&self, payload: &ApprovalPayload, key: &SigningKey) -> PathBuf {
        let file = approvals_dir(&self.path("trust"), &payload.path).join(approval_file_name(payload.sequence));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, sign_approval(payload, key).to_bytes()).unwrap();
        file
    }

    /// Replaces the newest approval of `path` with one whose payload `edit` changed, re-signed by `key`.
    pub fn resign_head(&self, path: &str, key: &SigningKey, edit: impl FnOnce(&mut ApprovalPayload)) {
        let (_, mut payload) = self.head_payload(path);
        edit(&mut payload);
        self.write_approval(&payload, key);
    }

    /// Writes a new registry version, signed by the registry key, after `edit`.
    pub fn registry_version(&self, edit: impl FnOnce(&mut RegistryPayload)) {
        let state = self.trust();
        let mut payload = state.registry.payload().clone();
        edit(&mut payload);
        payload.version += 1;
        let bytes = Envelope::sign(REGISTRY_TYPE, &to_canonical(&payload), &[&self.registry_key]).to_bytes();
        std::fs::write(self.path("trust/registry").join(registry_file_name(payload.version)), bytes).unwrap();
    }

    pub fn sigill(&self) -> Command {
        let mut cmd = sigill_command();
        let tick = self.tick.get() + 1;
        self.tick.set(tick);
        let at = Timestamp::from_unix(now().unix() + tick).unwrap();
        cmd.arg("--root").arg(self.root()).env_remove("SIGILL_RELEASE_KEY").env_remove("SIGILL_PASSPHRASE");
        cmd.env("SIGILL_NOW", at.to_string()).env("XDG_DATA_HOME", self.data.path());
        cmd
    }

    /// Runs `sigill build --strict` (every pending page is an error, as in
    /// a CI gate) and returns (exit code, stderr).
    pub fn build(&self) -> (i32, String) {
        let output = self.sigill().args(["build", "--strict"]).output().unwrap();
        (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).to_string())
    }

    /// Runs `sigill build` as a web team does by default (what is approved
    /// is published, the rest is reported) and returns (exit code, stderr).
    pub fn publish(&self) -> (i32, String) {
        let output = self.sigill().arg("build").output().unwrap();
        (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).to_string())
    }
}

/// Asserts the build fails with exit 1, mentions `reason`, and wrote nothing.
pub fn assert_rejected(fixture: &Fixture, reason: &str) {
    let before = snapshot(&fixture.path("public"));
    let (code, stderr) = fixture.build();
    assert_eq!(code, 1, "expected exit 1, stderr:\n{stderr}");
    assert!(stderr.contains(reason), "expected {reason:?} in:\n{stderr}");
    assert_eq!(snapshot(&fixture.path("public")), before, "a failed build changed the output");
}

/// Every file under `dir` with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// Whether tests that need outside tools must run (CI) or may skip.
pub fn required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Runs `sigill verify` with `args`; returns (exit code, stdout, stderr).
pub fn verify(args: &[&str]) -> (i32, String, String) {
    let out = sigill_command().arg("verify").args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string(), String::from_utf8_lossy(&out.stderr).to_string())
}

/// Runs the independent Python verifier on one page; `None` when Python or
/// `cryptography` is missing outside CI.
pub fn independent_verify(base: &str, url: &str, anchor: Option<&str>) -> Option<(bool, String)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/independent_verifier.py");
    let has_python = std::process::Command::new("python3").args(["-c", "import cryptography"]).output().is_ok_and(|o| o.status.success());
    if !has_python {
        assert!(!required(), "python3 with cryptography is required under CI=true");
        eprintln!("skipped the independent verifier: install python3 and its cryptography package");
        return None;
    }
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(script).arg(base).arg(url).args(["--now", NOW]);
    if let Some(anchor) = anchor {
        cmd.args(["--anchor", anchor]);
    }
    let out = cmd.output().unwrap();
    Some((out.status.success(), String::from_utf8_lossy(&out.stdout).to_string()))
}

/// Runs the independent Python verifier on a whole site folder; `None`
/// when Python or `cryptography` is missing outside CI.
pub fn independent_verify_site(base: &str, anchor: Option<&str>) -> Option<(bool, String)> {
    let mut cmd = python_verifier()?;
    cmd.arg(base).arg("--site").args(["--now", NOW]);
    if let Some(anchor) = anchor {
        cmd.args(["--anchor", anchor]);
    }
    let out = cmd.output().unwrap();
    Some((out.status.success(), String::from_utf8_lossy(&out.stdout).to_string()))
}

/// Checks consistency proofs with the independent Python verifier (written
/// to `file` first); `None` when Python is missing outside CI.
pub fn independent_consistency(file: &Path, proofs: &[serde_json::Value]) -> Option<(bool, String)> {
    let mut cmd = python_verifier()?;
    std::fs::write(file, serde_json::to_vec(proofs).unwrap()).unwrap();
    let out = cmd.arg("--consistency").arg(file).output().unwrap();
    Some((out.status.success(), String::from_utf8_lossy(&out.stdout).to_string()))
}

fn python_verifier() -> Option<Command> {
    let has_python = std::process::Command::new("python3").args(["-c", "import cryptography"]).output().is_ok_and(|o| o.status.success());
    if !has_python {
        assert!(!required(), "python3 with cryptography is required under CI=true");
        eprintln!("skipped the independent verifier: install python3 and its cryptography package");
        return None;
    }
    let mut cmd = Command::new("python3");
    cmd.arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/independent_verifier.py"));
    Some(cmd)
}

impl Fixture {
    /// The pinned anchor from site.toml.
    pub fn anchor(&self) -> String {
        sigill::config::load(self.root()).unwrap().config.trust.root.unwrap()
    }

    /// Builds and returns the output folder, panicking on failure.
    pub fn built(&self) -> PathBuf {
        let (code, stderr) = self.build();
        assert_eq!(code, 0, "{stderr}");
        self.path("public")
    }
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of the repository's example site (content, theme, trust, demo keys).
pub fn example_copy() -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content", "themes", "trust", "demo-keys", "data", "static"] {
        copy_tree(&repo.join(folder), &dir.path().join(folder));
    }
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    dir
}


/// S + L in place, where L is the order of the Ed25519 base point: a
/// malleated signature that every strict verifier must refuse.
pub fn add_group_order(sig: &mut [u8]) {
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0x10,
    ];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = sig[32 + i] as u16 + L[i] as u16 + carry;
        sig[32 + i] = sum as u8;
        carry = sum >> 8;
    }
}

/// Writes `key` as an unencrypted key file (tests only) and returns its path.
pub fn key_file(dir: &Path, name: &str, key: &SigningKey) -> PathBuf {
    let path = dir.join(name);
    KeyFile::seal(key, name, None, 600_000).unwrap().write_new(&path).unwrap();
    path
}
