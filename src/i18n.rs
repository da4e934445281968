//! The default theme's interface strings in Swedish and English.

use std::collections::BTreeMap;

use crate::config::Language;

/// (key, Swedish, English)
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "Hoppa till innehållet", "Skip to content"),
    ("main_menu", "Huvudmeny", "Main menu"),
    ("breadcrumbs", "Du är här", "You are here"),
    ("home", "Startsida", "Home"),
    ("publisher_label", "Granskad av", "Reviewed by"),
    ("reviewed_on", "Granskad", "Reviewed on"),
    ("review_by", "Granskas senast", "Review due"),
    ("owner", "Informationsägare", "Information owner"),
    ("updated", "Sidan uppdaterad", "Page updated"),
    ("mark_title", "Kvalitetsgranskad", "Quality reviewed"),
    ("mark_check", "Kontrollera kvalitetsmärkningen", "Check the quality mark"),
    ("mark_lapsed_title", "Granskningen har gått ut", "Review overdue"),
    ("mark_lapsed_text", "Sidan skulle ha granskats på nytt senast", "The page was due to be reviewed again by"),
    ("mark_lapsed_hint", "Innehållet kan vara inaktuellt. Kontakta informationsägaren om du är osäker.", "The content may be out of date. Contact the information owner if in doubt."),
    ("fingerprint", "Webbplatsens fingeravtryck", "Site fingerprint"),
    ("change_note", "Senaste ändring", "Latest change"),
    ("toc", "Innehåll på sidan", "On this page"),
    ("accessibility", "Tillgänglighetsredogörelse", "Accessibility statement"),
    ("about_mark", "Om kvalitetsmärkningen", "About the quality mark"),
    ("in_section", "Sidor i avsnittet", "Pages in this section"),
    ("page_info", "Om sidan", "About this page"),
    ("not_found_title", "Sidan finns inte", "Page not found"),
    ("not_found_text", "Sidan du söker finns inte, eller har flyttats. Gå till startsidan eller använd menyn.", "The page you are looking for does not exist or has moved. Go to the home page or use the menu."),
    ("source", "Godkänd källtext", "Approved source text"),
    ("history", "Sidans historik", "Page history"),
    ("history_title", "Historik", "History"),
    ("history_intro", "Alla godkända versioner av sidan, med vem som godkände dem och vad som ändrades. Varje version är signerad och kan kontrolleras.", "Every approved version of the page, with who approved it and what changed. Each version is signed and can be checked."),
    ("history_current", "Till den aktuella sidan", "To the current page"),
    ("history_version", "Version", "Version"),
    ("history_minor", "mindre ändring", "minor change"),
    ("history_published", "Publicerad", "Published"),
    ("history_approval", "Signerat godkännande", "Signed approval"),
    ("history_changes", "Ändringar", "Changes"),
    ("history_note", "Om ändringen", "About the change"),
    ("withdrawn_title", "Sidan är borttagen", "This page has been removed"),
    ("withdrawn_text", "Sidan har tagits bort genom ett signerat beslut. Beslutet finns i webbplatsens logg och kan kontrolleras.", "The page was removed by a signed decision. The decision is in the site's log and can be checked."),
    ("withdrawn_on", "Borttagen", "Removed on"),
    ("withdrawn_by", "Beslutad av", "Decided by"),
    ("withdrawn_reason", "Skäl", "Reason"),
    ("preview_unapproved", "Förhandsvisning – ej godkänd", "Preview – not approved"),
    ("preview_approved", "Förhandsvisning – godkänd sida", "Preview – approved page"),
    ("preview_fix", "Så åtgärdar du det:", "How to fix it:"),
    ("preview_draft", "Utkast – visas bara här, aldrig på den publicerade webbplatsen. Ta bort draft = true när sidan ska godkännas.", "Draft – shown only here, never on the published site. Remove draft = true when the page is to be approved."),
];

/// The strings for `language`, keyed by name, for templates as `t.<key>`.
pub fn strings(language: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(key, sv, en)| (*key, if language == Language::Sv { *sv } else { *en }))
        .collect()
}
