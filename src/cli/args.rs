//! Command-line definitions (clap). Plain data; no behaviour lives here.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sigill builds public websites in which every page is approved by its
/// responsible publisher and carries a quality mark anyone can verify.
#[derive(Debug, Parser)]
#[command(name = "sigill", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    /// The site folder (holding site.toml); default: the current folder.
    /// For `verify`, the trust anchor `sha256:HEX` to require.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

const EXAMPLES: &str = "Examples:
  sigill build                                  build the site in this folder into public/
  sigill check                                  run every check, write nothing
  sigill status                                 which pages need approval or review
  sigill approve content/om/kontakt.md --key ~/keys/anna.key
  sigill init nora --site www.nora.se --keys ~/nora-keys

Exit codes: 0 success; 1 the site, a page, an approval or a verification failed;
2 usage, configuration or I/O error.";

/// Output format for commands that scripts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a new site (with --keys, a complete chain of trust too).
    #[cfg(feature = "site")]
    Init(InitArgs),
    /// Create a new page with its front matter filled in.
    #[cfg(feature = "site")]
    New(NewArgs),
    /// Run every check the build makes; write nothing.
    #[cfg(feature = "site")]
    Check(CheckArgs),
    /// Validate, verify approvals, render and swap the new site into place.
    #[cfg(feature = "site")]
    Build(BuildArgs),
    /// Preview the site locally with live reload (nothing is written).
    #[cfg(feature = "site")]
    Serve(ServeArgs),
    /// Review and approve pages in the browser, with your own key (the approval desk).
    #[cfg(feature = "site")]
    Desk(DeskArgs),
    /// List every page's approval state and who must act.
    #[cfg(feature = "site")]
    Status(StatusArgs),
    /// Create and inspect key files.
    #[cfg(feature = "site")]
    #[command(subcommand)]
    Key(KeyCommand),
    /// Create the root of trust.
    #[cfg(feature = "site")]
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Manage the publisher registry.
    #[cfg(feature = "site")]
    #[command(subcommand)]
    Publisher(PublisherCommand),
    /// Approve pages as their responsible publisher.
    #[cfg(feature = "site")]
    Approve(ApproveArgs),
    /// Every approved version of a page: date, publisher, change note and
    /// what changed.
    #[cfg(feature = "site")]
    History(HistoryArgs),
    /// Withdraw a published page with a signed decision: the page is
    /// removed, a notice stays at its address, and the log records it.
    #[cfg(feature = "site")]
    Withdraw(WithdrawArgs),
    /// Check a built site, one page of it, or a site or page on the web.
    Verify(VerifyArgs),
    /// Read a site's release log: its releases, and consistency proofs
    /// between two of its sizes (for auditors and witnesses).
    #[command(subcommand)]
    Log(LogCommand),
    /// Re-render a published site from this checkout and compare every byte.
    #[cfg(feature = "site")]
    Audit(AuditArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
pub enum LogCommand {
    /// List every release in the site's log.
    Show(LogArgs),
    /// Add a witness's cosignature line to a built site's checkpoint.
    Cosign {
        /// The built site folder (public/).
        dir: std::path::PathBuf,
        /// The line `sigill log witness` printed.
        #[arg(long)]
        line: String,
    },
    /// As a witness: check that the site's log only grows (from what this
    /// witness saw before) and print a cosignature line for its checkpoint.
    #[cfg(feature = "site")]
    Witness {
        #[command(flatten)]
        log: LogArgs,
        /// The witness's key file.
        #[arg(long)]
        key: std::path::PathBuf,
        /// The witness's name, such as arkiv.example/witness.
        #[arg(long)]
        name: String,
    },
    /// Print an RFC 6962 consistency proof from the log's first FROM
    /// releases to its first TO (default: all), as JSON.
    Prove {
        #[command(flatten)]
        log: LogArgs,
        #[arg(long)]
        from: u64,
        #[arg(long)]
        to: Option<u64>,
    },
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// A built site folder or the site's https:// URL.
    pub target: String,
    /// The trust anchor to require, `sha256:<hex>`.
    #[arg(long, value_name = "sha256:HEX")]
    pub anchor: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "TARGET is a built site folder (public/), one page file in it
(public/om/index.html), or an http(s):// URL: the site's root URL checks every
page, any other URL checks that page.

Without --root the site's own trust anchor is used and shown, and the report
says it was not pinned. With --root, any other anchor is a failure. The
strong check is this command with an anchor you got from somewhere other than
the site itself.")]
pub struct VerifyArgs {
    pub target: String,
    /// The trust anchor to require, `sha256:<hex>` (also accepted as --root).
    #[arg(long, value_name = "sha256:HEX")]
    pub anchor: Option<String>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Neither compare with nor remember the site's log (for checking an
    /// archived copy of a site on purpose). By default each check remembers
    /// the log it saw and refuses an older or rewritten one later.
    #[arg(long)]
    pub no_remember: bool,
    /// Require the log to be cosigned by this witness (`name=base64 key`,
    /// as `sigill witness` prints it); repeatable.
    #[arg(long, value_name = "NAME=KEY")]
    pub witness: Vec<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "Run it in a checkout of the site at the commit that was published: it
verifies the published folder from the anchor pinned in site.toml, renders
every page again from the approved sources and the approved theme with this
Sigill version, and compares every published file byte for byte. Exit 0 when
everything was reproduced, 1 when anything differs.

Example:
  git checkout <published commit> && sigill audit /srv/www/exempelby")]
pub struct AuditArgs {
    /// The published site folder (default: output_dir in site.toml).
    pub published: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder for the new site (created if missing).
    pub dir: PathBuf,
    /// The site's domain name; bound into every signature.
    #[arg(long, default_value = "www.example.se")]
    pub site: String,
    /// Language of the site and theme.
    #[arg(long, value_enum, default_value = "sv")]
    pub lang: Lang,
    /// Also create keys here (outside the site's content/, themes/, trust/),
    /// a root, a registry with a first publisher, and approve the start page.
    #[arg(long, value_name = "KEYDIR")]
    pub keys: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Lang {
    Sv,
    En,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Path of the page, e.g. content/om/kontakt.md.
    pub path: String,
    /// The responsible publisher's id.
    #[arg(long)]
    pub publisher: Option<String>,
    /// Page title (default: from the file name).
    #[arg(long)]
    pub title: Option<String>,
    /// The information owner.
    #[arg(long)]
    pub owner: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Fail while anything is pending (for CI gates); with --external, also
    /// while an external link is broken.
    #[arg(long)]
    pub strict: bool,
    /// Also check every external link of the published pages (HEAD, then
    /// GET; redirects reported; one request at a time per host).
    #[arg(long)]
    pub external: bool,
    /// Hours an external link's answer is reused from the cache.
    #[arg(long, value_name = "HOURS", default_value_t = 24, requires = "external")]
    pub external_ttl: u64,
    /// Milliseconds between two requests to one host.
    #[arg(long, value_name = "MS", default_value_t = 500, requires = "external")]
    pub external_interval: u64,
    #[command(flatten)]
    pub state: StateArgs,
}

/// Where the build learns what it last published, so it never goes backwards.
#[derive(Debug, Args)]
pub struct StateArgs {
    /// Folder where this build machine keeps the log of its releases
    /// (default: ~/.local/share/sigill/state/<site>). Keep it outside the
    /// repository, and back it up.
    #[arg(long, value_name = "DIR", env = "SIGILL_STATE")]
    pub state: Option<PathBuf>,
    /// Read the last published log from the live site instead
    /// (https://www.example.se); nothing is kept locally.
    #[arg(long, value_name = "URL", env = "SIGILL_LOG_URL", conflicts_with = "state")]
    pub log_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder (default: output_dir in site.toml).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Fail (exit 1, nothing written) while anything is pending: a page not
    /// published as it is, or a problem in a page. For CI gates.
    #[arg(long)]
    pub strict: bool,
    /// Release key file (else SIGILL_RELEASE_KEY, else release_key in site.toml).
    #[arg(long, value_name = "FILE")]
    pub release_key: Option<PathBuf>,
    #[command(flatten)]
    pub state: StateArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the preview in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct DeskArgs {
    /// Your key file: the desk signs as its publisher.
    #[arg(long)]
    pub key: std::path::PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 4100)]
    pub port: u16,
    /// Open the desk in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Create a new Ed25519 key file, encrypted with a passphrase (mode 0600).
    New {
        file: PathBuf,
        /// A label to recognise the key by.
        #[arg(long, default_value = "")]
        label: String,
        /// Store the key unencrypted (0600): only for an unattended build server's release key.
        #[arg(long)]
        no_passphrase: bool,
    },
    /// Show a key file's public key and fingerprint.
    #[command(after_help = "Hand your public key to the system owner:\n  sigill key show --public ~/nycklar/karin.key > karin.pub\nwho registers it with `sigill publisher add … --public-key karin.pub`.")]
    Show {
        file: PathBuf,
        /// Print only the public key (base64), for a .pub file.
        #[arg(long)]
        public: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Create the first root and an empty registry, and pin the root in site.toml.
    Init {
        /// Root key file(s); the system owner's offline keys.
        #[arg(long = "root-key", required = true, num_args = 1..)]
        root_keys: Vec<PathBuf>,
        /// How many root keys must sign a root.
        #[arg(long, default_value_t = 1)]
        threshold: u32,
        /// Registry key file(s) (web management).
        #[arg(long = "registry-key", required = true, num_args = 1..)]
        registry_keys: Vec<PathBuf>,
        /// Release key file(s) (the build server).
        #[arg(long = "release-key", required = true, num_args = 1..)]
        release_keys: Vec<PathBuf>,
        /// Longest review interval any approval may have, in days.
        #[arg(long, default_value_t = 730)]
        max_review_days: u32,
        /// Days until the root expires.
        #[arg(long, default_value_t = 730)]
        expires_days: u32,
    },
    /// A new root version with a later expiry (signed by the root keys).
    #[command(after_help = "Example:\n  sigill trust renew-root --days 730 --sign-with root-1.key root-2.key")]
    RenewRoot {
        /// Days from now until the new version expires (1–3700, about ten years).
        #[arg(long, default_value_t = 730)]
        days: u32,
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
    /// A new registry version with a later expiry (signed by the registry keys).
    #[command(after_help = "Example:\n  sigill trust renew-registry --days 365 --sign-with registry.key")]
    RenewRegistry {
        /// Days from now until the new version expires (1–3700, about ten years).
        #[arg(long, default_value_t = 365)]
        days: u32,
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
    /// Replace the build server's release key in a new root version.
    #[command(after_help = "Example:\n  sigill key new new-release.key --no-passphrase\n  sigill trust release-key --new-key new-release.key --sign-with root-1.key")]
    ReleaseKey {
        /// The new release key file(s) (their public keys are used).
        #[arg(long = "new-key", required = true, num_args = 1..)]
        new_keys: Vec<PathBuf>,
        /// Root key file(s) to sign the new root version.
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
    /// Replace the registry keys (web management) in a new root version.
    RegistryKey {
        #[arg(long = "new-key", required = true, num_args = 1..)]
        new_keys: Vec<PathBuf>,
        #[arg(long, default_value_t = 1)]
        threshold: u32,
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
    /// Replace the root keys: the new version is signed by the old keys and the new.
    #[command(after_help = "Example:\n  sigill trust rotate-root --new-key root-3.key root-4.key --threshold 2 \\\n    --sign-with root-1.key root-2.key root-3.key root-4.key")]
    RotateRoot {
        #[arg(long = "new-key", required = true, num_args = 1..)]
        new_keys: Vec<PathBuf>,
        #[arg(long, default_value_t = 1)]
        threshold: u32,
        /// Old and new root key files: a threshold of each must sign.
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PublisherCommand {
    /// Add a publisher (or a key to one) in a new, signed registry version.
    Add {
        id: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        title: String,
        #[arg(long)]
        unit: String,
        /// The publisher's public key: a .pub file from `sigill key show --public`, base64 of 32 bytes, or their key file.
        #[arg(long)]
        public_key: String,
        /// What the publisher answers for: content folders (content/om/), pages (content/kontakt.md), a theme (themes/default/) or site.toml.
        #[arg(long = "scope", required = true, num_args = 1..)]
        scopes: Vec<String>,
        /// Registry key file(s) to sign with.
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
        /// Days the key is valid.
        #[arg(long, default_value_t = 1095)]
        valid_days: u32,
    },
    /// Give a publisher a new key: the old ones are retired (their approvals stay valid).
    #[command(after_help = "Example:\n  sigill publisher rotate karin --public-key karin-2027.pub --sign-with registry.key")]
    Rotate {
        id: String,
        /// The new public key: a .pub file, base64, or a key file.
        #[arg(long)]
        public_key: String,
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
        /// Days the new key is valid.
        #[arg(long, default_value_t = 1095)]
        valid_days: u32,
    },
    /// Require approvals from several different publishers for every page of a scope (the two-person rule).
    #[command(after_help = "Example:\n  sigill publisher require content/anslagstavla/ --approvals 2 --sign-with registry.key")]
    Require {
        /// A content folder (content/anslagstavla/) or page.
        scope: String,
        /// How many different publishers must approve the same text (1 removes the rule).
        #[arg(long)]
        approvals: u32,
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
    /// Mark a publisher's key(s) retired or compromised.
    Revoke {
        id: String,
        #[arg(long)]
        keyid: Option<String>,
        #[arg(long, value_enum)]
        status: RevokeStatus,
        #[arg(long = "sign-with", required = true, num_args = 1..)]
        sign_with: Vec<PathBuf>,
    },
    /// Show the registry.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RevokeStatus {
    Retired,
    Compromised,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The page, e.g. content/om/kontakt.md.
    pub path: String,
    /// Show the changes of each version, line by line.
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// The page to withdraw, e.g. content/om/gammal.md (the file may be gone).
    pub path: String,
    /// Why, for citizens: shown at the page's old address.
    #[arg(long)]
    pub reason: String,
    /// Your publisher key file (or a registry key, for a revoked publisher).
    #[arg(long)]
    pub key: PathBuf,
    /// Do not ask for confirmation (for scripts).
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// Page(s) to approve, e.g. content/om/kontakt.md.
    #[arg(required = true)]
    pub paths: Vec<String>,
    /// Your publisher key file.
    #[arg(long)]
    pub key: PathBuf,
    /// A change note shown to citizens in the page history.
    #[arg(long, default_value = "")]
    pub note: String,
    /// A minor change (a correction that keeps the meaning, such as a typo):
    /// the page keeps its "updated" date; its history lists the change.
    #[arg(long)]
    pub minor: bool,
    /// Review date (YYYY-MM-DD); default: review_days in site.toml.
    #[arg(long)]
    pub review_by: Option<String>,
    /// Do not ask for confirmation (for scripts).
    #[arg(long)]
    pub yes: bool,
}
