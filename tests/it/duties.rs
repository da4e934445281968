//! Public-sector duties: pages in many languages with translations bound
//! to the version of their source they translate, the notice board whose
//! posting and removal times are signed, scheduled pages, and the
//! generated accessibility statement.

use std::path::Path;

use super::common::*;
use sigill::trust::Timestamp;

fn translation(title: &str, lang: &str, source: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\npublisher = \"anna\"\nowner = \"Kommunstyrelsen\"\nlang = \"{lang}\"\ntranslation_of = \"{source}\"\n+++\n\n{body}\n")
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// `sigill status --format json` of the fixture, at `at` (or the fixture's clock).
fn status(f: &Fixture, at: Option<&str>) -> serde_json::Value {
    let mut cmd = f.sigill();
    if let Some(at) = at {
        cmd.env("SIGILL_NOW", at);
    }
    let output = cmd.args(["status", "--format", "json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn page_status<'a>(status: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    status["pages"].as_array().unwrap().iter().find(|p| p["path"] == path).unwrap_or_else(|| panic!("{path} not in {status}"))
}

/// Builds at `at` with the fixture's log; returns (exit code, stderr).
fn publish_at(f: &Fixture, at: &str, strict: bool) -> (i32, String) {
    let mut cmd = f.sigill();
    cmd.env("SIGILL_NOW", at).arg("build");
    if strict {
        cmd.arg("--strict");
    }
    let output = cmd.output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).to_string())
}

#[test]
fn a_finnish_translation_goes_out_of_date_when_its_swedish_source_is_approved_again() {
    let f = Fixture::new();
    f.write("content/fi/yhteystiedot.md", &translation("Yhteystiedot", "fi", "content/om/kontakt.md", "Soita meille: 0100-123 45."));
    f.approve("content/fi/yhteystiedot.md", 0);
    let out = f.built();
    let fi = read(out.join("fi/yhteystiedot/index.html"));
    assert!(fi.contains("<html lang=\"fi\" dir=\"ltr\">"), "{fi}");
    assert!(fi.contains("Laatutarkastettu") && fi.contains("Siirry sisältöön"), "the theme speaks Finnish on a Finnish page");
    assert!(!fi.contains("translation-outdated") && !fi.contains("mark-translation"));
    assert_eq!(page_status(&status(&f, None), "content/fi/yhteystiedot.md")["state"], "approved");

    // The Swedish page changes and is approved again.
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-123 45 eller mejla oss."));
    f.approve("content/om/kontakt.md", 0);
    let (_, source) = f.head_payload("content/om/kontakt.md");
    let since = source.approved_at.date();
    let status = status(&f, None);
    let fi_status = page_status(&status, "content/fi/yhteystiedot.md");
    assert_eq!(fi_status["state"], "translation-outdated", "{fi_status}");
    assert_eq!(fi_status["outdated_since"], since.as_str());
    assert!(fi_status["reasons"].to_string().contains("content/om/kontakt.md was approved again (approval 2)"), "{fi_status}");
    let text = f.sigill().arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("translation out of date") && text.contains(&format!("out of date since {since}")), "{text}");

    let out = f.built();
    let fi = read(out.join("fi/yhteystiedot/index.html"));
    assert!(fi.contains("class=\"translation-outdated\""), "the page says so: {fi}");
    assert!(fi.contains(&format!("Käännös on ollut vanhentunut <time datetime=\"{since}\">{since}</time>")), "{fi}");
    assert!(fi.contains("<a href=\"/om/kontakt/\" hreflang=\"sv\">Lue ajantasainen sivu</a>"), "with a link to the current Swedish page: {fi}");
    let mark = &fi[fi.find("class=\"quality-mark").unwrap()..];
    assert!(mark.contains("class=\"mark-translation\"") && mark.contains(&since), "and so does the mark: {mark}");
    // The Swedish page itself is not out of date.
    assert!(!read(out.join("om/kontakt/index.html")).contains("translation-outdated"));

    // Approving the translation again brings it up to date.
    f.write("content/fi/yhteystiedot.md", &translation("Yhteystiedot", "fi", "content/om/kontakt.md", "Soita tai lähetä sähköpostia."));
    f.approve("content/fi/yhteystiedot.md", 0);
    let (_, approved) = f.head_payload("content/fi/yhteystiedot.md");
    assert_eq!(approved.translation_of.as_ref().map(|t| t.source_sha256), Some(source.source_sha256), "the approval records the translated version");
    let out = f.built();
    assert!(!read(out.join("fi/yhteystiedot/index.html")).contains("translation-outdated"));
    assert_eq!(page_status(&status_now(&f), "content/fi/yhteystiedot.md")["state"], "approved");
}

fn status_now(f: &Fixture) -> serde_json::Value {
    status(f, None)
}

#[test]
fn hreflang_alternates_are_symmetric_and_the_switcher_names_each_language_in_itself() {
    let f = Fixture::new();
    f.write("content/fi/yhteystiedot.md", &translation("Yhteystiedot", "fi", "content/om/kontakt.md", "Soita meille."));
    f.write("content/se/oktavuohta.md", &translation("Oktavuohta", "se", "content/om/kontakt.md", "Riŋge midjiide."));
    f.write("content/lattlast/kontakt.md", &translation("Så når du oss", "sv-x-lattlast", "content/om/kontakt.md", "Ring oss."));
    f.write("content/yi/kontakt.md", &translation("קאָנטאַקט", "yi", "content/om/kontakt.md", "רוף אונדז אָן."));
    for path in ["content/fi/yhteystiedot.md", "content/se/oktavuohta.md", "content/lattlast/kontakt.md", "content/yi/kontakt.md"] {
        f.approve(path, 0);
    }
    let out = f.built();
    let alternates = |url: &str| -> Vec<(String, String)> {
        let html = read(out.join(url.trim_start_matches('/')).join("index.html"));
        html.split("<link rel=\"alternate\" hreflang=\"")
            .skip(1)
            .map(|rest| {
                let (lang, rest) = rest.split_once("\" href=\"").unwrap();
                (lang.to_string(), rest.split('"').next().unwrap().trim_start_matches("https://test.example").to_string())
            })
            .collect()
    };
    let urls = ["/om/kontakt/", "/fi/yhteystiedot/", "/se/oktavuohta/", "/lattlast/kontakt/", "/yi/kontakt/"];
    let expected = vec![
        ("fi".to_string(), "/fi/yhteystiedot/".to_string()),
        ("se".into(), "/se/oktavuohta/".into()),
        ("sv".into(), "/om/kontakt/".into()),
        ("sv-x-lattlast".into(), "/lattlast/kontakt/".into()),
        ("yi".into(), "/yi/kontakt/".into()),
    ];
    for url in urls {
        assert_eq!(alternates(url), expected, "{url} names every version, itself included");
        for (_, other) in alternates(url) {
            assert!(alternates(&other).iter().any(|(_, back)| back == url), "{other} links back to {url}");
        }
    }
    let sv = read(out.join("om/kontakt/index.html"));
    assert!(sv.contains("<a href=\"/fi/yhteystiedot/\" hreflang=\"fi\" lang=\"fi\" dir=\"ltr\">Suomi</a>"), "{sv}");
    assert!(sv.contains("lang=\"se\" dir=\"ltr\">Davvisámegiella</a>") && sv.contains(">Lättläst</a>"), "{sv}");
    assert!(sv.contains("<a href=\"/yi/kontakt/\" hreflang=\"yi\" lang=\"yi\" dir=\"rtl\">ייִדיש</a>"), "{sv}");
    assert!(!sv.contains("<a href=\"/om/kontakt/\" hreflang"), "the switcher leaves out the page itself");
    assert!(read(out.join("yi/kontakt/index.html")).contains("<html lang=\"yi\" dir=\"rtl\">"));
    // The footer's accessibility link leads to the version in the page's language.
    assert!(read(out.join("fi/yhteystiedot/index.html")).contains("<li><a href=\"/fi/yhteystiedot/\">Saavutettavuusseloste</a></li>"));
    let easy = read(out.join("lattlast/kontakt/index.html"));
    assert!(easy.contains("<html lang=\"sv-x-lattlast\" dir=\"ltr\">") && easy.contains("Texten är kontrollerad") && easy.contains("Hoppa till innehållet"), "easy-read strings, Swedish for the rest");
    // A page without translations has no alternates and no switcher.
    let alone = read(out.join("social/stod/index.html"));
    assert!(!alone.contains("hreflang") && !alone.contains("language-switcher"));
}

#[test]
fn language_tags_are_checked_and_a_language_the_theme_lacks_is_a_clear_error() {
    let f = Fixture::new();
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss.").replace("+++\n\n", "lang = \"sv_SE\"\n+++\n\n"));
    let output = f.sigill().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("content/om/kontakt.md:") && stderr.contains("\"sv_SE\" is not a BCP 47 language tag"), "{stderr}");
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss.").replace("+++\n\n", "lang = \"sv-se\"\n+++\n\n"));
    let output = f.sigill().arg("check").output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("write \"sv-SE\""));

    let before = Fixture::new();
    let out = before.built();
    let earlier = snapshot(&out);
    before.write("content/de/kontakt.md", &translation("Kontakt", "de", "content/om/kontakt.md", "Rufen Sie uns an."));
    before.approve("content/de/kontakt.md", 0);
    let (code, stderr) = before.build();
    assert_eq!(code, 1, "{stderr}");
    let strings = std::fs::read_to_string(before.path("themes/default/i18n/sv.toml")).unwrap().lines().filter(|l| l.contains(" = ")).count();
    assert!(stderr.contains(&format!("themes/default/i18n/: error: the theme lacks {strings} string(s) in \"de\" (used by content/de/kontakt.md): ")), "{stderr}");
    assert!(stderr.contains("skip_to_content") && stderr.contains("add themes/default/i18n/de.toml"), "{stderr}");
    assert_eq!(snapshot(&out), earlier, "nothing was written");
}

#[test]
fn a_translation_cannot_be_approved_before_its_source_and_must_name_an_existing_other_language_page() {
    let f = Fixture::new();
    let keys = tempfile::tempdir().unwrap();
    let anna = key_file(keys.path(), "anna.key", &f.publishers[0].key);
    f.write("content/om/ny.md", &page("Ny", "anna", "Ny sida."));
    f.write("content/fi/uusi.md", &translation("Uusi", "fi", "content/om/ny.md", "Uusi sivu."));
    let trust_before = snapshot(&f.path("trust"));
    let output = f.sigill().env("SIGILL_PASSPHRASE", "").args(["approve", "content/fi/uusi.md", "--key"]).arg(&anna).args(["--note", "x", "--yes"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("approve content/om/ny.md first: a translation's approval records which approved version it translates"), "{stderr}");
    assert_eq!(snapshot(&f.path("trust")), trust_before, "nothing was signed");

    f.write("content/fi/uusi.md", &translation("Uusi", "fi", "content/om/puuttuu.md", "Uusi sivu."));
    let output = f.sigill().arg("check").output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("translation_of names content/om/puuttuu.md, which is not a page of the site"));
    f.write("content/fi/uusi.md", &translation("Uusi", "sv", "content/om/ny.md", "Uusi sivu.").replace("lang = \"sv\"\n", ""));
    let output = f.sigill().arg("check").output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("the page is in the same language as content/om/ny.md"));
}

/// `sigill verify` of the built folder as a citizen would at `at`.
fn verify_at(at: &str, f: &Fixture, out: &Path) {
    let output = sigill_command().env("SIGILL_NOW", at).args(["verify", "--no-remember", "--root", &f.anchor()]).arg(out).output().unwrap();
    assert!(output.status.success(), "{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
}

fn notice(title: &str, publish_at: &str, unpublish_at: &str) -> String {
    format!("+++\ntitle = \"{title}\"\npublisher = \"anna\"\nowner = \"Kommunstyrelsen\"\npublish_at = {publish_at}\nunpublish_at = {unpublish_at}\n+++\n\nProtokollet är justerat.\n")
}

fn notice_board(f: &Fixture) {
    f.write("content/anslagstavla/_index.md", "+++\ntitle = \"Anslagstavla\"\npublisher = \"anna\"\nowner = \"Kommunstyrelsen\"\nnotice_board = true\n+++\n\nKommunens anslagstavla.\n");
    f.write("content/anslagstavla/ks-2026-11-30.md", &notice("Protokoll KS 2026-11-30", "2026-12-02T08:00:00+01:00", "2026-12-23T08:00:00+01:00"));
    f.approve("content/anslagstavla/_index.md", 0);
    f.approve("content/anslagstavla/ks-2026-11-30.md", 0);
}

#[test]
fn a_notice_is_posted_and_taken_down_at_its_signed_times_and_moves_to_the_archive() {
    let f = Fixture::new();
    notice_board(&f);
    let (_, payload) = f.head_payload("content/anslagstavla/ks-2026-11-30.md");
    assert_eq!((payload.publish_at, payload.unpublish_at), (Timestamp::parse("2026-12-02T07:00:00Z"), Timestamp::parse("2026-12-23T07:00:00Z")), "the times are inside the signed approval");
    let out = f.path("public");

    // Before publish_at: absent everywhere, and `status` says when it goes up.
    let (code, stderr) = publish_at(&f, "2026-12-01T12:00:10Z", true);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("anslagstavla/ks-2026-11-30").exists());
    let board = read(out.join("anslagstavla/index.html"));
    assert!(!board.contains("ks-2026-11-30") && board.contains("Det finns inga anslag just nu."), "{board}");
    let status = status(&f, Some("2026-12-01T12:00:11Z"));
    assert_eq!(page_status(&status, "content/anslagstavla/ks-2026-11-30.md")["state"], "scheduled");
    let upcoming = status["upcoming"].to_string();
    assert!(upcoming.contains("{\"action\":\"publish\",\"at\":\"2026-12-02T07:00:00Z\",\"path\":\"content/anslagstavla/ks-2026-11-30.md\"}"), "{upcoming}");
    assert!(upcoming.contains("{\"action\":\"unpublish\",\"at\":\"2026-12-23T07:00:00Z\""), "{upcoming}");

    // Between the times: on the board and on its own page, with both dates.
    let (code, stderr) = publish_at(&f, "2026-12-05T09:00:00Z", true);
    assert_eq!(code, 0, "{stderr}");
    let board = read(out.join("anslagstavla/index.html"));
    assert!(board.contains("<a href=\"/anslagstavla/ks-2026-11-30/\">Protokoll KS 2026-11-30</a>"), "{board}");
    for html in [&board, &read(out.join("anslagstavla/ks-2026-11-30/index.html"))] {
        assert!(html.contains("<dt>Uppsatt</dt><dd><time datetime=\"2026-12-02T07:00:00Z\">2026-12-02</time></dd>"), "{html}");
        assert!(html.contains("<dt>Nedtas</dt><dd><time datetime=\"2026-12-23T07:00:00Z\">2026-12-23</time></dd>"), "{html}");
    }
    let archive = read(out.join("anslagstavla/arkiv/index.html"));
    assert!(!archive.contains("ks-2026-11-30") && archive.contains("Inga anslag har tagits ned ännu."), "{archive}");

    // After unpublish_at: off the board, in the archive with its dates, and
    // still readable at its address, marked as taken down.
    let (code, stderr) = publish_at(&f, "2026-12-23T07:00:00Z", true);
    assert_eq!(code, 0, "{stderr}");
    let board = read(out.join("anslagstavla/index.html"));
    assert!(!board.contains("ks-2026-11-30/\">") && board.contains("<a href=\"/anslagstavla/arkiv/\">Nedtagna anslag</a> (1)"), "{board}");
    let archive = read(out.join("anslagstavla/arkiv/index.html"));
    assert!(archive.contains("<a href=\"/anslagstavla/ks-2026-11-30/\">Protokoll KS 2026-11-30</a>"), "{archive}");
    assert!(archive.contains("<dt>Nedtagen</dt><dd><time datetime=\"2026-12-23T07:00:00Z\">2026-12-23</time></dd>"), "{archive}");
    let page = read(out.join("anslagstavla/ks-2026-11-30/index.html"));
    assert!(page.contains("class=\"notice-archived\"") && page.contains("<dt>Nedtagen</dt>"), "{page}");
    // Everything published, the archive too, is covered by the release.
    verify_at("2026-12-23T08:00:00Z", &f, &out);
    let files = read(out.join(".well-known/sigill/files.json"));
    assert!(files.contains("anslagstavla/arkiv/index.html"), "{files}");
}

#[test]
fn a_changed_removal_time_without_a_new_approval_is_refused() {
    let f = Fixture::new();
    notice_board(&f);
    let out = f.path("public");
    let (code, stderr) = publish_at(&f, "2026-12-05T09:00:00Z", true);
    assert_eq!(code, 0, "{stderr}");
    let earlier = snapshot(&out);
    // Someone with write access keeps the notice up longer.
    f.write("content/anslagstavla/ks-2026-11-30.md", &notice("Protokoll KS 2026-11-30", "2026-12-02T08:00:00+01:00", "2027-03-01T08:00:00+01:00"));
    let (code, stderr) = publish_at(&f, "2026-12-05T09:00:05Z", true);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/anslagstavla/ks-2026-11-30.md: error: kept at the approved version") && stderr.contains("changed since approval"), "{stderr}");
    assert_eq!(snapshot(&out), earlier, "nothing was written");
    // Published as the web team does by default, the signed time holds.
    let (code, stderr) = publish_at(&f, "2026-12-24T09:00:00Z", false);
    assert_eq!(code, 0, "{stderr}");
    let archive = read(out.join("anslagstavla/arkiv/index.html"));
    assert!(archive.contains("Protokoll KS 2026-11-30") && archive.contains("2026-12-23"), "taken down at the approved time: {archive}");

    // An approval whose signed time differs from the text's is no approval of it.
    let g = Fixture::new();
    notice_board(&g);
    g.resign_head("content/anslagstavla/ks-2026-11-30.md", &g.publishers[0].key, |p| p.unpublish_at = Timestamp::parse("2027-03-01T07:00:00Z"));
    let (code, stderr) = publish_at(&g, "2026-12-05T09:00:00Z", true);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("the approval's unpublish_at (2027-03-01T07:00:00Z) is not the page's (2026-12-23T07:00:00Z)"), "{stderr}");
}

#[test]
fn any_page_can_be_scheduled_and_leaves_the_site_with_a_notice_at_its_address() {
    let f = Fixture::new();
    f.write("content/om/vinter.md", &page("Vinterväghållning", "anna", "Vi plogar när det fallit 5 cm snö.").replace("+++\n\n", "publish_at = 2026-12-03\nunpublish_at = 2027-03-31\n+++\n\n"));
    f.approve("content/om/vinter.md", 0);
    let out = f.path("public");
    let (code, stderr) = publish_at(&f, "2026-12-01T12:00:10Z", true);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("om/vinter").exists(), "not before publish_at");
    let (code, stderr) = publish_at(&f, "2026-12-03T00:00:00Z", true);
    assert_eq!(code, 0, "{stderr}");
    assert!(read(out.join("om/vinter/index.html")).contains("Vi plogar"));
    // After unpublish_at the page leaves; its address says why and when,
    // and the log records it as decided by the approval's signed end.
    let (code, stderr) = publish_at(&f, "2027-03-31T00:00:01Z", true);
    assert_eq!(code, 0, "{stderr}");
    let notice = read(out.join("om/vinter/index.html"));
    assert!(notice.contains("Sidan är borttagen") && notice.contains("publiceringsperiod tog slut 2027-03-31"), "{notice}");
    assert!(notice.contains("Anna Ek, Kommunikationschef, Kommunledningskontoret"), "who signed the end: {notice}");
    verify_at("2027-03-31T01:00:00Z", &f, &out);
    // A later build keeps it gone without complaint.
    let (code, stderr) = publish_at(&f, "2027-04-01T00:00:00Z", true);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn a_newer_version_scheduled_for_later_leaves_the_current_one_published_until_then() {
    let f = Fixture::new();
    let out = f.path("public");
    let (code, stderr) = publish_at(&f, "2026-12-01T12:00:10Z", true);
    assert_eq!(code, 0, "{stderr}");
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Nytt nummer från årsskiftet: 0100-999 99.").replace("+++\n\n", "publish_at = 2027-01-01\n+++\n\n"));
    f.approve("content/om/kontakt.md", 0);
    let (code, stderr) = publish_at(&f, "2026-12-02T00:00:00Z", false);
    assert_eq!(code, 0, "{stderr}");
    let html = read(out.join("om/kontakt/index.html"));
    assert!(html.contains("0100-123 45") && !html.contains("0100-999 99"), "the approved version before it stays: {html}");
    let (code, stderr) = publish_at(&f, "2027-01-01T00:00:00Z", false);
    assert_eq!(code, 0, "{stderr}");
    assert!(read(out.join("om/kontakt/index.html")).contains("0100-999 99"), "the new version from its time");
}

const FACTS: &str = "\n[accessibility]\nresponsible = \"Kommunikationsenheten\"\nemail = \"kontakt@test.example\"\nassessed_on = 2026-11-15\nmethod = \"självskattning\"\n";

fn statement_site() -> Fixture {
    let f = Fixture::new();
    let config = f.read("site.toml");
    let (head, trust) = config.split_once("\n[trust]").unwrap();
    f.write("site.toml", &format!("{head}\n{FACTS}\n[trust]{trust}"));
    f.write("content/om/tillganglighet.md", &page("Tillgänglighetsredogörelse", "anna", "## Mer\n\nInget undantag åberopas.").replace("+++\n\n", "template = \"accessibility-statement.html\"\n+++\n\n"));
    f.write("content/en/accessibility.md", &translation("Accessibility statement", "en", "content/om/tillganglighet.md", "").replace("+++\n\n", "template = \"accessibility-statement.html\"\n+++\n\n"));
    f.approve("content/om/tillganglighet.md", 0);
    f.approve("content/en/accessibility.md", 0);
    f.approve_site_inputs();
    f
}

#[test]
fn the_statement_lists_the_problems_the_build_finds_and_then_never_claims_full_compliance() {
    let f = statement_site();
    let out = f.built();
    let sv = read(out.join("om/tillganglighet/index.html"));
    for heading in ["Hur tillgänglig är webbplatsen?", "Vad kan du göra om du inte kan använda delar av webbplatsen?", "Rapportera brister i webbplatsens tillgänglighet", "Tillsyn", "Teknisk information om webbplatsens tillgänglighet", "Innehåll som inte är tillgängligt", "Hur vi testat webbplatsen"] {
        assert!(sv.contains(&format!(">{heading}</h")), "Digg's structure: {heading}");
    }
    assert!(sv.contains("Webbplatsen är helt förenlig") && sv.contains("hittade inga brister"), "{sv}");
    assert!(sv.contains("Myndigheten för digital förvaltning (Digg)") && sv.contains("<time datetime=\"2026-11-15\">2026-11-15</time>") && sv.contains("kontakt@test.example"));
    assert!(sv.contains("Inget undantag åberopas."), "the page's own text follows");
    let en = read(out.join("en/accessibility/index.html"));
    assert!(en.contains("The website is fully compliant") && en.contains(">How we tested the website</h2>"), "in every site language: {en}");

    // A scanned PDF (no text layer, no language) is added and approved.
    f.write("content/social/blankett/index.md", &page("Blankett", "bo", "[Ansökan (PDF)](ansokan.pdf)"));
    std::fs::write(f.path("content/social/blankett/ansokan.pdf"), b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Page /Resources << /XObject << /Im1 3 0 R >> >> >> endobj\n%%EOF\n").unwrap();
    f.approve("content/social/blankett/index.md", 1);
    // And the theme gets a pale link colour, approved too.
    let css = f.read("themes/default/static/css/sigill.css");
    f.write("themes/default/static/css/sigill.css", &format!("{css}\na {{ color: #9a9a9a; }}\n"));
    f.approve_site_inputs();
    let out = f.built();
    let sv = read(out.join("om/tillganglighet/index.html"));
    assert!(!sv.contains("helt förenlig"), "no claim of full compliance while a check reports a fault: {sv}");
    assert!(sv.contains("Webbplatsen är delvis förenlig"), "{sv}");
    assert!(sv.contains("<strong>PDF-fil utan textlager (inskannad bild)</strong>: <a href=\"/social/blankett/ansokan.pdf\">Blankett</a>"), "{sv}");
    assert!(sv.contains("<strong>PDF-fil som inte anger sitt språk</strong>"), "{sv}");
    assert!(sv.contains("<strong>För låg kontrast mellan text och bakgrund</strong>: <code>themes/default/static/css/sigill.css</code> – a: #9a9a9a / page background"), "{sv}");
    let en = read(out.join("en/accessibility/index.html"));
    assert!(en.contains("The website is partially compliant") && en.contains("PDF without a text layer"), "{en}");

    // Even a site that claims more in site.toml.
    let g = statement_site();
    g.write("site.toml", &g.read("site.toml").replace("method = \"självskattning\"\n", "method = \"självskattning\"\nclaim = \"full\"\n"));
    let css = g.read("themes/default/static/css/sigill.css");
    g.write("themes/default/static/css/sigill.css", &format!("{css}\nbody {{ color: #777; background: #fff; }}\n"));
    g.approve_site_inputs();
    let out = g.built();
    let sv = read(out.join("om/tillganglighet/index.html"));
    assert!(sv.contains("delvis förenlig") && !sv.contains("helt förenlig") && sv.contains("body: #777 / #fff"), "{sv}");
}

#[test]
fn a_statement_page_without_facts_in_site_toml_is_an_error_that_says_what_to_add() {
    let f = Fixture::new();
    f.write("content/om/tillganglighet.md", &page("Tillgänglighetsredogörelse", "anna", "Text.").replace("+++\n\n", "template = \"accessibility-statement.html\"\n+++\n\n"));
    f.approve("content/om/tillganglighet.md", 0);
    let (code, stderr) = f.build();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("content/om/tillganglighet.md: error: the page uses the accessibility statement's template, but site.toml has no [accessibility] table"), "{stderr}");
    assert!(stderr.contains("add [accessibility] to site.toml"), "{stderr}");
}

#[test]
fn the_build_says_which_site_language_lacks_the_statement() {
    let f = statement_site();
    f.write("content/fi/yhteystiedot.md", &translation("Yhteystiedot", "fi", "content/om/kontakt.md", "Soita meille."));
    f.approve("content/fi/yhteystiedot.md", 0);
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("content/om/tillganglighet.md: warning: the accessibility statement has no version in \"fi\", which the site publishes in (e.g. content/fi/yhteystiedot.md)"), "{stderr}");
    assert!(!stderr.contains("no version in \"en\"") && !stderr.contains("no version in \"sv\""), "{stderr}");
    f.write("content/fi/saavutettavuus.md", &translation("Saavutettavuusseloste", "fi", "content/om/tillganglighet.md", "").replace("+++\n\n", "template = \"accessibility-statement.html\"\n+++\n\n"));
    f.approve("content/fi/saavutettavuus.md", 0);
    let out = f.built();
    let fi = read(out.join("fi/saavutettavuus/index.html"));
    assert!(fi.contains("<html lang=\"fi\" dir=\"ltr\">") && fi.contains("Sivusto täyttää digitaalisten julkisten palvelujen saavutettavuutta koskevan lain vaatimukset."), "{fi}");
}
