//! The in-browser verifier published at `/.well-known/sigill/verify/`: a
//! static page, a stylesheet and a script that run the same algorithm as
//! `sigill verify` with WebCrypto (see `assets/verifier/`).

use crate::render::escape_html;
use crate::config::{Language, SiteConfig};
use crate::output::{OutputError, Staging};
use crate::trust::release::WELL_KNOWN;

const SCRIPT: &str = include_str!("../assets/verifier/verify.js");
const STYLE: &str = include_str!("../assets/verifier/verify.css");

/// The verifier's URL for checking the page at `url`.
pub fn verifier_url(url: &str) -> String {
    format!("{WELL_KNOWN}/verify/?page={url}")
}

struct Words {
    title: &'static str,
    intro: &'static str,
    label: &'static str,
    hint: &'static str,
    anchor_label: &'static str,
    anchor_hint: &'static str,
    check: &'static str,
    forget: &'static str,
    honesty_title: &'static str,
    honesty: &'static str,
    compare: &'static str,
    noscript: &'static str,
    skip: &'static str,
    about: &'static str,
}

fn words(language: Language) -> Words {
    match language {
        Language::Sv => Words {
            title: "Kontrollera en sida",
            intro: "Här kan du kontrollera att en sida på webbplatsen är exakt den text som en behörig person har godkänt, och att godkännandet fortfarande gäller. Kontrollen görs i din webbläsare med digitala signaturer.",
            label: "Sidans adress",
            hint: "Till exempel /om/it-strategi/ eller en hel adress som börjar med https://",
            anchor_label: "Förtroendeankare (valfritt)",
            anchor_hint: "Krävs för en sida på en annan webbplats: sha256: och 64 tecken, som du har fått från en annan källa än webbplatsen.",
            check: "Kontrollera",
            forget: "Glöm sparat fingeravtryck",
            honesty_title: "Vad den här kontrollen kan och inte kan",
            honesty: "Kontrollen hämtas från samma webbplats som sidan. Den som har tagit kontroll över webbplatsen kan därför också ändra kontrollen. Den starkaste kontrollen gör du med kommandoradsverktyget Sigill och ett fingeravtryck som du har fått från en annan källa än webbplatsen:",
            compare: "Jämför alltid webbplatsens fingeravtryck med det som organisationen publicerar på andra ställen, till exempel i protokoll eller på anslagstavlan.",
            noscript: "Kontrollen behöver JavaScript. Du kan också kontrollera sidan med kommandot nedan.",
            skip: "Hoppa till innehållet",
            about: "Om kvalitetsmärkningen",
        },
        Language::En => Words {
            title: "Check a page",
            intro: "Here you can check that a page of this site is exactly the text an authorised person approved, and that the approval still holds. The check runs in your browser, with digital signatures.",
            label: "Address of the page",
            hint: "For example /om/it-strategi/ or a full address starting with https://",
            anchor_label: "Trust anchor (optional)",
            anchor_hint: "Needed for a page on another site: sha256: and 64 characters, obtained from a source other than the site.",
            check: "Check",
            forget: "Forget saved fingerprint",
            honesty_title: "What this check can and cannot do",
            honesty: "This check is served by the same site as the page. Whoever has taken control of the site could change the check too. The strongest check is the Sigill command-line tool with a fingerprint you obtained from somewhere other than the site:",
            compare: "Always compare the site's fingerprint with the one the organisation publishes elsewhere, such as in minutes or on its notice board.",
            noscript: "The check needs JavaScript. You can also check the page with the command below.",
            skip: "Skip to content",
            about: "About the quality mark",
        },
    }
}

/// The verifier page in the site's language.
pub fn page(config: &SiteConfig, anchor: &str) -> String {
    let w = words(config.language);
    let base = escape_html(config.base_url.trim_end_matches('/'));
    let about = config
        .about_mark_url
        .as_ref()
        .map(|u| format!("<li><a href=\"{}\">{}</a></li>", escape_html(u), w.about))
        .unwrap_or_default();
    format!(
        r##"<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} – {site}</title>
<link rel="stylesheet" href="/css/sigill.css">
<link rel="stylesheet" href="verify.css">
<script type="application/json" id="sigill-reasons">{reasons}</script>
<script src="verify.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">{skip}</a>
<header class="site-header"><div class="wrap"><a class="site-name" href="/">{site}</a></div></header>
<main id="main" class="wrap verifier" tabindex="-1">
<h1>{title}</h1>
<p>{intro}</p>
<form id="check-form" action="" method="get">
  <label for="page">{label}</label>
  <p id="page-hint" class="hint">{hint}</p>
  <input type="text" id="page" name="page" autocomplete="url" aria-describedby="page-hint" spellcheck="false">
  <label for="anchor">{anchor_label}</label>
  <p id="anchor-hint" class="hint">{anchor_hint}</p>
  <input type="text" id="anchor" autocomplete="off" aria-describedby="anchor-hint" spellcheck="false">
  <button type="submit">{check}</button>
  <button type="button" id="forget" class="secondary">{forget}</button>
</form>
<noscript><p>{noscript}</p></noscript>
<section id="result" aria-live="polite" aria-atomic="true"></section>
<section aria-labelledby="honesty">
<h2 id="honesty">{honesty_title}</h2>
<p>{honesty}</p>
<pre><code>sigill verify {base}/ --root {anchor}</code></pre>
<p>{compare}</p>
</section>
</main>
<footer class="site-footer"><div class="wrap"><ul class="footer-links">{about}</ul><p class="org">{org}</p></div></footer>
</body>
</html>
"##,
        lang = config.language.code(),
        title = w.title,
        site = escape_html(&config.title),
        skip = w.skip,
        intro = w.intro,
        label = w.label,
        check = w.check,
        forget = w.forget,
        hint = w.hint,
        anchor_label = w.anchor_label,
        anchor_hint = w.anchor_hint,
        reasons = crate::verify::Reason::table_json().replace('<', "\\u003c"),
        noscript = w.noscript,
        honesty_title = w.honesty_title,
        honesty = w.honesty,
        compare = w.compare,
        anchor = escape_html(anchor),
        org = escape_html(&config.organization),
    )
}

/// Writes the verifier's three files.
pub fn write(staging: &Staging, config: &SiteConfig, anchor: &str) -> Result<(), OutputError> {
    staging.write(&format!("{WELL_KNOWN}/verify/index.html"), page(config, anchor).as_bytes())?;
    staging.write(&format!("{WELL_KNOWN}/verify/verify.js"), SCRIPT.as_bytes())?;
    staging.write(&format!("{WELL_KNOWN}/verify/verify.css"), STYLE.as_bytes())
}
