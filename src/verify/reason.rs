//! Why a check failed or warns, as stable codes shared by every verifier:
//! this one, the browser's and the independent Python one. The fixture
//! cases in `tests/` name the code each verifier must reach; people read the
//! Swedish or English wording, keyed by the code.

use serde::Serialize;

use crate::language::Language;
use crate::trust::approval::ApprovalProblem;

/// One reason, by its stable code (`content_mismatch`, `key_compromised`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The site's first root does not hash to the anchor given out of band.
    AnchorMismatch,
    /// Warning: no anchor was given; the site's own was trusted on first use.
    AnchorNotPinned,
    /// The anchor differs from the one remembered from an earlier check.
    AnchorChanged,
    /// The root documents are missing, malformed or not signed as required.
    RootInvalid,
    /// The newest root has expired.
    RootExpired,
    /// The release manifest is missing, malformed or not signed by the release role.
    ReleaseInvalid,
    /// The release names another site or another root than the one published.
    ReleaseMismatch,
    /// Warning: the release is older than the root policy allows (stale).
    ReleaseStale,
    /// The release claims to be made after the time of the check.
    ReleaseFuture,
    /// The publisher registry is not the one the release pins, or does not verify.
    RegistryInvalid,
    /// The list of published files is not the one the release signs, or malformed.
    FilesInvalid,
    /// The approvals of the theme and `site.toml` are missing or do not hold.
    InputsInvalid,
    /// The list of pages is not the one the release signs.
    PagesIndexInvalid,
    /// A published file differs from the bytes the release lists.
    FileChanged,
    /// A file the release lists is missing.
    FileMissing,
    /// A file is published that the release does not list.
    FileExtra,
    /// The page itself could not be read.
    PageMissing,
    /// The page's proof is missing or malformed.
    ProofInvalid,
    /// The proof belongs to another page.
    ProofOtherPage,
    /// The served page is not the approved, rendered page.
    ContentMismatch,
    /// The proof does not lead to the signed release.
    InclusionInvalid,
    /// The approvals in the proof are not the ones the release binds.
    ApprovalUnbound,
    /// An approval is malformed or its signature does not verify under a registry key.
    ApprovalInvalid,
    /// An approval's fields differ from the page's (path, text, site, dates).
    ApprovalMismatch,
    /// The approval is for another URL than the one the page is published at.
    UrlMismatch,
    /// The signing key belongs to another publisher.
    KeyNotOwned,
    /// The publisher is not responsible for the page's path or URL.
    OutOfScope,
    /// The key is marked compromised.
    KeyCompromised,
    /// The key was not valid (or was retired) when the approval was made.
    KeyNotValid,
    /// The approval is dated after the time of the check.
    ApprovalFuture,
    /// The review date is further away than the root policy allows.
    ReviewBeyondPolicy,
    /// The page is in a release made before the time its approval lets it
    /// be published (`publish_at`).
    PublishedEarly,
    /// Fewer different publishers approved the page than the registry's
    /// scope rule requires (the two-person rule), or a co-approval does not
    /// match the approval it joins.
    TooFewApprovals,
    /// Warning: the review date has passed (the page is intact and was approved).
    ApprovalLapsed,
    /// The published source text is not the approved text.
    SourceMismatch,
    /// Warning: the approved source text is not published beside the page.
    SourceMissing,
    /// The release log is missing, not signed by a release key, does not
    /// hash to its checkpoint, or goes backwards.
    LogInvalid,
    /// The served release is not the newest release in the log.
    LogMismatch,
    /// The log is shorter than one this verifier saw before: an older
    /// state of the site is being served.
    LogRollback,
    /// The log does not extend the one this verifier saw before.
    LogFork,
    /// A published version in a page's history is not a signed approval of
    /// that page in order, or its text is not the approved text.
    HistoryInvalid,
    /// The log's checkpoint lacks a cosignature of a witness the verifier requires.
    LogUnwitnessed,
}

impl Reason {
    /// Every reason, in code order.
    pub const ALL: [Reason; 42] = [
        Self::AnchorMismatch,
        Self::AnchorNotPinned,
        Self::AnchorChanged,
        Self::RootInvalid,
        Self::RootExpired,
        Self::ReleaseInvalid,
        Self::ReleaseMismatch,
        Self::ReleaseStale,
        Self::ReleaseFuture,
        Self::RegistryInvalid,
        Self::FilesInvalid,
        Self::InputsInvalid,
        Self::PagesIndexInvalid,
        Self::FileChanged,
        Self::FileMissing,
        Self::FileExtra,
        Self::PageMissing,
        Self::ProofInvalid,
        Self::ProofOtherPage,
        Self::ContentMismatch,
        Self::InclusionInvalid,
        Self::ApprovalUnbound,
        Self::ApprovalInvalid,
        Self::ApprovalMismatch,
        Self::UrlMismatch,
        Self::KeyNotOwned,
        Self::OutOfScope,
        Self::KeyCompromised,
        Self::KeyNotValid,
        Self::ApprovalFuture,
        Self::ReviewBeyondPolicy,
        Self::PublishedEarly,
        Self::TooFewApprovals,
        Self::ApprovalLapsed,
        Self::SourceMismatch,
        Self::SourceMissing,
        Self::LogInvalid,
        Self::LogMismatch,
        Self::LogRollback,
        Self::LogFork,
        Self::HistoryInvalid,
        Self::LogUnwitnessed,
    ];

    /// The stable code, as in JSON output and the fixture cases.
    pub fn code(self) -> &'static str {
        match self {
            Self::AnchorMismatch => "anchor_mismatch",
            Self::AnchorNotPinned => "anchor_not_pinned",
            Self::AnchorChanged => "anchor_changed",
            Self::RootInvalid => "root_invalid",
            Self::RootExpired => "root_expired",
            Self::ReleaseInvalid => "release_invalid",
            Self::ReleaseMismatch => "release_mismatch",
            Self::ReleaseStale => "release_stale",
            Self::ReleaseFuture => "release_future",
            Self::RegistryInvalid => "registry_invalid",
            Self::FilesInvalid => "files_invalid",
            Self::InputsInvalid => "inputs_invalid",
            Self::PagesIndexInvalid => "pages_index_invalid",
            Self::FileChanged => "file_changed",
            Self::FileMissing => "file_missing",
            Self::FileExtra => "file_extra",
            Self::PageMissing => "page_missing",
            Self::ProofInvalid => "proof_invalid",
            Self::ProofOtherPage => "proof_other_page",
            Self::ContentMismatch => "content_mismatch",
            Self::InclusionInvalid => "inclusion_invalid",
            Self::ApprovalUnbound => "approval_unbound",
            Self::ApprovalInvalid => "approval_invalid",
            Self::ApprovalMismatch => "approval_mismatch",
            Self::UrlMismatch => "url_mismatch",
            Self::KeyNotOwned => "key_not_owned",
            Self::OutOfScope => "out_of_scope",
            Self::KeyCompromised => "key_compromised",
            Self::KeyNotValid => "key_not_valid",
            Self::ApprovalFuture => "approval_future",
            Self::ReviewBeyondPolicy => "review_beyond_policy",
            Self::PublishedEarly => "published_early",
            Self::TooFewApprovals => "too_few_approvals",
            Self::ApprovalLapsed => "approval_lapsed",
            Self::SourceMismatch => "source_mismatch",
            Self::SourceMissing => "source_missing",
            Self::LogInvalid => "log_invalid",
            Self::LogMismatch => "log_mismatch",
            Self::LogRollback => "log_rollback",
            Self::LogFork => "log_fork",
            Self::HistoryInvalid => "history_invalid",
            Self::LogUnwitnessed => "log_unwitnessed",
        }
    }

    /// What the reason means, in plain words, in Swedish or English.
    pub fn wording(self, language: Language) -> &'static str {
        let (sv, en) = match self {
            Self::AnchorMismatch => ("Webbplatsens förtroendeankare är inte det du angav.", "The site's trust anchor is not the one you gave."),
            Self::AnchorNotPinned => ("Förtroendeankaret är inte fastställt: jämför fingeravtrycket med det organisationen publicerar på annat håll.", "The trust anchor was not pinned: compare the fingerprint with the one the organisation publishes elsewhere."),
            Self::AnchorChanged => ("Webbplatsens fingeravtryck har ändrats sedan den senaste kontrollen.", "The site's fingerprint has changed since the last check."),
            Self::RootInvalid => ("Webbplatsens rot för förtroende saknas eller är inte korrekt signerad.", "The site's root of trust is missing or not properly signed."),
            Self::RootExpired => ("Webbplatsens rot för förtroende har gått ut.", "The site's root of trust has expired."),
            Self::ReleaseInvalid => ("Utgivningen saknas eller är inte signerad av webbplatsens byggnyckel.", "The release is missing or not signed by the site's release key."),
            Self::ReleaseMismatch => ("Utgivningen hör inte till den här webbplatsens rot för förtroende.", "The release does not belong to this site's root of trust."),
            Self::ReleaseStale => ("Webbplatsen har inte byggts om i tid: utgivningen har gått ut.", "The site has not been rebuilt in time: its release has expired."),
            Self::ReleaseFuture => ("Utgivningen är daterad i framtiden.", "The release is dated in the future."),
            Self::RegistryInvalid => ("Registret över ansvariga utgivare är inte det som utgivningen pekar ut, eller är inte korrekt signerat.", "The publisher registry is not the one the release names, or is not properly signed."),
            Self::FilesInvalid => ("Listan över publicerade filer är inte den som utgivningen signerar.", "The list of published files is not the one the release signs."),
            Self::InputsInvalid => ("Mallarna eller webbplatsens inställningar är inte godkända av en behörig person.", "The templates or the site settings are not approved by an authorised person."),
            Self::PagesIndexInvalid => ("Listan över sidor är inte den som utgivningen signerar.", "The list of pages is not the one the release signs."),
            Self::FileChanged => ("En publicerad fil har ändrats efter bygget.", "A published file was changed after the build."),
            Self::FileMissing => ("En fil som utgivningen listar saknas.", "A file the release lists is missing."),
            Self::FileExtra => ("En fil har lagts till som utgivningen inte listar.", "A file was added that the release does not list."),
            Self::PageMissing => ("Sidan kunde inte hämtas.", "The page could not be fetched."),
            Self::ProofInvalid => ("Sidans bevis saknas eller är felaktigt.", "The page's proof is missing or malformed."),
            Self::ProofOtherPage => ("Beviset hör till en annan sida.", "The proof belongs to another page."),
            Self::ContentMismatch => ("Innehållet stämmer inte med godkännandet.", "The content does not match its approval."),
            Self::InclusionInvalid => ("Sidans bevis leder inte till den signerade utgivningen.", "The page's proof does not lead to the signed release."),
            Self::ApprovalUnbound => ("Godkännandena i beviset är inte de som utgivningen binder.", "The approvals in the proof are not the ones the release binds."),
            Self::ApprovalInvalid => ("Godkännandets signatur håller inte under en nyckel i registret.", "The approval's signature does not verify under a key of the registry."),
            Self::ApprovalMismatch => ("Godkännandet gäller en annan text, sökväg eller webbplats än sidan.", "The approval is for another text, path or site than the page."),
            Self::UrlMismatch => ("Godkännandet gäller en annan adress än den där sidan visas.", "The approval is for another address than the one the page is shown at."),
            Self::KeyNotOwned => ("Nyckeln tillhör en annan utgivare.", "The key belongs to another publisher."),
            Self::OutOfScope => ("Utgivaren ansvarar inte för den här sidan eller adressen.", "The publisher is not responsible for this page or address."),
            Self::KeyCompromised => ("Utgivarens nyckel är spärrad som röjd.", "The publisher's key is marked as compromised."),
            Self::KeyNotValid => ("Nyckeln var inte giltig när sidan godkändes.", "The key was not valid when the page was approved."),
            Self::ApprovalFuture => ("Godkännandet är daterat i framtiden.", "The approval is dated in the future."),
            Self::ReviewBeyondPolicy => ("Granskningsdatumet ligger längre fram än webbplatsens regler tillåter.", "The review date is further away than the site's policy allows."),
            Self::PublishedEarly => ("Sidan publicerades före den tid som godkännandet tillåter.", "The page was published before the time its approval allows."),
            Self::TooFewApprovals => (
                "Sidan kräver godkännande av fler ansvariga än de som har godkänt den.",
                "The page needs approval from more publishers than have approved it.",
            ),
            Self::ApprovalLapsed => ("Sidans granskningsdatum har passerat.", "The page's review date has passed."),
            Self::SourceMismatch => ("Den publicerade källtexten är inte den godkända texten.", "The published source text is not the approved text."),
            Self::SourceMissing => ("Den godkända källtexten är inte publicerad bredvid sidan.", "The approved source text is not published beside the page."),
            Self::LogInvalid => ("Webbplatsens logg över utgivningar saknas, är inte korrekt signerad eller går bakåt.", "The site's log of releases is missing, not properly signed, or goes backwards."),
            Self::LogMismatch => ("Utgivningen som visas är inte den senaste i webbplatsens logg.", "The release shown is not the newest one in the site's log."),
            Self::LogRollback => ("En äldre version av webbplatsen visas än den du redan har sett.", "An older version of the site is shown than one you have already seen."),
            Self::LogFork => ("Webbplatsens historik har skrivits om sedan den senaste kontrollen.", "The site's history has been rewritten since the last check."),
            Self::LogUnwitnessed => ("Webbplatsens logg är inte bestyrkt av ett vittne som du kräver.", "The site's log is not cosigned by a witness you require."),
            Self::HistoryInvalid => ("En tidigare version i sidans historik är inte ett korrekt signerat godkännande av sidan.", "An earlier version in the page's history is not a properly signed approval of the page."),
        };
        match language {
            Language::Sv => sv,
            Language::En => en,
        }
    }

    /// The reason a build-time approval problem has in a verifier.
    pub fn of_approval_problem(problem: &ApprovalProblem) -> Self {
        match problem {
            ApprovalProblem::NeverApproved | ApprovalProblem::Malformed { .. } | ApprovalProblem::BadSignature { .. } => Self::ApprovalInvalid,
            ApprovalProblem::WrongTarget { .. }
            | ApprovalProblem::Changed { .. }
            | ApprovalProblem::AssetChanged { .. }
            | ApprovalProblem::PublisherMismatch { .. }
            | ApprovalProblem::SequenceName { .. }
            | ApprovalProblem::Equivocation { .. }
            | ApprovalProblem::BrokenChain { .. }
            | ApprovalProblem::TermsDiffer { .. } => Self::ApprovalMismatch,
            ApprovalProblem::UrlMismatch { .. } => Self::UrlMismatch,
            ApprovalProblem::KeyNotOwned { .. } | ApprovalProblem::NameNotRegistered { .. } | ApprovalProblem::UnknownPublisher { .. } => Self::KeyNotOwned,
            ApprovalProblem::OutOfScope { .. } | ApprovalProblem::UrlOutOfScope { .. } => Self::OutOfScope,
            ApprovalProblem::Compromised { .. } => Self::KeyCompromised,
            ApprovalProblem::KeyNotValid { .. } => Self::KeyNotValid,
            ApprovalProblem::FromTheFuture { .. } => Self::ApprovalFuture,
            ApprovalProblem::Lapsed { .. } => Self::ApprovalLapsed,
            ApprovalProblem::ReviewBeyondPolicy { .. } => Self::ReviewBeyondPolicy,
            ApprovalProblem::TooFewApprovals { .. } | ApprovalProblem::CoApprovalMismatch { .. } => Self::TooFewApprovals,
        }
    }

    /// The table of every code with its Swedish and English wording, as the
    /// browser verifier reads it: `{"content_mismatch": {"sv": …, "en": …}}`.
    pub fn table_json() -> String {
        let table: std::collections::BTreeMap<&str, serde_json::Value> = Self::ALL
            .iter()
            .map(|r| (r.code(), serde_json::json!({"sv": r.wording(Language::Sv), "en": r.wording(Language::En)})))
            .collect();
        serde_json::to_string(&table).unwrap_or_default()
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One problem or warning: its reason code and the specific detail.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub reason: Reason,
    pub detail: String,
}

impl Finding {
    pub fn new(reason: Reason, detail: impl Into<String>) -> Self {
        Self { reason, detail: detail.into() }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_worded_in_both_languages() {
        let codes: std::collections::BTreeSet<&str> = Reason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Reason::ALL.len());
        for reason in Reason::ALL {
            assert_eq!(serde_json::to_value(reason).unwrap(), reason.code());
            assert_ne!(reason.wording(Language::Sv), reason.wording(Language::En), "{reason}");
        }
    }
}
