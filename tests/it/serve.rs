//! `sigill serve`: live reload, the error overlay, preview banners, and
//! incremental updates that always equal a fresh preview.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{page, Fixture};
use sigill::serve::preview::Preview;

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(f: &Fixture) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(assert_cmd::cargo::cargo_bin("sigill"))
            .env("SIGILL_NOW", common::NOW)
            .env("SIGILL_LANG", "en")
            .env("XDG_DATA_HOME", f.data.path())
            .arg("--root")
            .arg(f.root())
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(20), "serve did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port }
    }

    fn get(&self, path: &str) -> (u16, String) {
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let mut response = agent.get(&format!("http://127.0.0.1:{}{path}", self.port)).call().unwrap();
        (response.status().as_u16(), response.body_mut().read_to_string().unwrap())
    }

    /// Lines of the reload event stream, as they arrive; returns once the
    /// server has answered the subscription (its status line arrived), so
    /// no change made afterwards can be missed.
    fn events(&self) -> mpsc::Receiver<String> {
        let (sender, receiver) = mpsc::channel();
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(stream, "GET /__sigill/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let status = receiver.recv_timeout(Duration::from_secs(15)).expect("the event stream answers");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        receiver
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_reload(events: &mpsc::Receiver<String>) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while let Ok(line) = events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        if line == "data: reload" {
            return;
        }
    }
    panic!("no reload event within 15 s");
}

#[test]
fn edits_reload_errors_overlay_and_unapproved_pages_have_a_banner() {
    let f = Fixture::new();
    let server = Server::start(&f);
    let (status, html) = server.get("/om/kontakt/");
    assert_eq!(status, 200);
    assert!(html.contains("<aside class=\"quality-mark\""), "an approved page keeps its mark: {html}");
    assert!(html.contains("Förhandsvisning – godkänd sida"));
    assert!(html.contains("/__sigill/events"), "the reload script is injected");
    let events = server.events();

    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-765 43."));
    wait_for_reload(&events);
    let (_, html) = server.get("/om/kontakt/");
    assert!(html.contains("0100-765 43"), "the new text is served");
    assert!(html.contains("Förhandsvisning – ej godkänd"), "{html}");
    assert!(html.contains("changed since approval"));
    assert!(html.contains("sigill approve content/om/kontakt.md --key"));
    assert!(!html.contains("<aside class=\"quality-mark\""), "never a mark on an unapproved page");

    f.write("content/om/kontakt.md", "+++\ntitle = \"Kontakt\npublisher = \"anna\"\n+++\n");
    wait_for_reload(&events);
    let (_, html) = server.get("/om/kontakt/");
    assert!(html.contains("id=\"sigill-overlay\""), "{html}");
    assert!(html.contains("<code>content/om/kontakt.md:2:"), "file:line in the overlay: {html}");

    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss på 0100-765 43."));
    wait_for_reload(&events);
    let (status, html) = server.get("/om/kontakt/");
    assert_eq!(status, 200);
    assert!(!html.contains("id=\"sigill-overlay\""), "recovered: {html}");

    f.write("content/om/ny.md", &page("Ny sida", "anna", "Helt ny."));
    wait_for_reload(&events);
    let (status, html) = server.get("/om/ny/");
    assert_eq!(status, 200);
    assert!(html.contains("never approved"), "{html}");
    let (status, _) = server.get("/finns-inte/");
    assert_eq!(status, 404);
    let (status, css) = server.get("/css/sigill.css");
    assert_eq!(status, 200);
    assert!(css.contains(".quality-mark"));
    assert!(!f.path("public").exists(), "serve never writes the output folder");
}

/// A small deterministic generator for the edit sequence.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn incremental_updates_equal_a_fresh_preview() {
    let f = Fixture::new();
    let mut preview = Preview::load_with_clock(f.root(), common::now).unwrap();
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let mut extra: Vec<String> = Vec::new();
    for step in 0..40 {
        let mut changed: Vec<PathBuf> = Vec::new();
        let action = rng.below(9);
        match action {
            0 | 1 => {
                let path = "content/om/kontakt.md";
                f.write(path, &page("Kontakt", "anna", &format!("Ring oss, version {step}. [Start](../_index.md)")));
                changed.push(f.path(path));
            }
            2 => {
                let path = "content/social/stod.md";
                f.write(path, &page(&format!("Stöd {step}"), "bo", "Socialtjänsten hjälper dig."));
                changed.push(f.path(path));
            }
            3 => {
                let path = format!("content/om/sida-{step}.md");
                f.write(&path, &page(&format!("Sida {step}"), "anna", "Se [kontakt](kontakt.md)."));
                changed.push(f.path(&path));
                extra.push(path);
            }
            4 => {
                if let Some(path) = extra.pop() {
                    std::fs::remove_file(f.path(&path)).unwrap();
                    changed.push(f.path(&path));
                }
            }
            5 => {
                if let Some(path) = extra.pop() {
                    let renamed = path.replace(".md", "-ny.md");
                    std::fs::rename(f.path(&path), f.path(&renamed)).unwrap();
                    changed.extend([f.path(&path), f.path(&renamed)]);
                    extra.push(renamed);
                }
            }
            6 => {
                let path = "content/om/kontakt.md";
                f.write(path, "+++\ntitle = \"trasig\n+++\n");
                changed.push(f.path(path));
            }
            7 => {
                let path = "themes/default/templates/404.html";
                let text = f.read(path).replace("<h1>", &format!("<h1 data-step=\"{step}\">"));
                f.write(path, &text);
                changed.push(f.path(path));
            }
            _ => {
                let path = "content/om/kontakt.md";
                f.write(path, &page("Kontakt", "anna", &format!("Godkänd version {step}.")));
                f.approve(path, 0);
                changed.extend([f.path(path), f.path("trust/approvals/content/om/kontakt.md")]);
            }
        }
        preview.apply(&changed).unwrap();
        let fresh = Preview::load_with_clock(f.root(), common::now).unwrap();
        assert_eq!(preview.pages_html().keys().collect::<Vec<_>>(), fresh.pages_html().keys().collect::<Vec<_>>(), "step {step} (action {action})");
        for (url, html) in fresh.pages_html() {
            assert_eq!(&preview.pages_html()[url], html, "step {step} (action {action}): {url} differs from a fresh preview");
        }
        assert_eq!(preview.diagnostics(), fresh.diagnostics(), "step {step} (action {action})");
    }

    // An approval alone re-renders exactly that page.
    let path = "content/om/granskas.md";
    f.write(path, &page("Granskas", "anna", "Väntar på godkännande."));
    preview.apply(&[f.path(path)]).unwrap();
    f.approve(path, 0);
    let update = preview.apply(&[f.path("trust/approvals/content/om/granskas.md/000001.json")]).unwrap();
    assert_eq!((update.markdown, update.html), (0, 1), "{update:?}");
    assert!(preview.pages_html()["/om/granskas/"].contains("<aside class=\"quality-mark\""));
    let fresh = Preview::load_with_clock(f.root(), common::now).unwrap();
    assert_eq!(preview.pages_html(), fresh.pages_html());
}

#[test]
fn drafts_are_a_workspace_in_the_preview() {
    let f = Fixture::new();
    f.write("content/om/utkast.md", "+++\ntitle = \"Utkast\"\npublisher = \"anna\"\nowner = \"K\"\ndraft = true\n+++\n\nPåbörjad text.\n");
    let mut preview = Preview::load_with_clock(f.root(), common::now).unwrap();
    let html = &preview.pages_html()["/om/utkast/"];
    assert!(html.contains("Utkast – visas bara här"), "the draft is shown under its banner: {html}");
    assert!(!html.contains("<aside class=\"quality-mark"), "never with a mark");
    // The build leaves it out and does not fail.
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert!(!f.path("public/om/utkast/index.html").exists());
    // Once it is no draft, it is an ordinary page waiting for approval.
    f.write("content/om/utkast.md", &page("Utkast", "anna", "Klar text."));
    preview.apply(&[f.path("content/om/utkast.md")]).unwrap();
    let html = &preview.pages_html()["/om/utkast/"];
    assert!(html.contains("Förhandsvisning – ej godkänd") && !html.contains("Utkast – visas bara här"), "{html}");
}

/// The preview runs the same site-wide checks as `build`: a private key in
/// the site's folders and a page naming an unknown publisher are reported
/// in both, with the same words.
#[test]
fn the_preview_and_the_build_report_the_same_site_problems() {
    let f = Fixture::new();
    let key = sigill::trust::SigningKey::generate().unwrap();
    common::key_file(&f.path("themes/default"), "glömd.key", &key);
    f.write("content/okand.md", &page("Okänd", "okand", "Text."));
    let preview = Preview::load_with_clock(f.root(), common::now).unwrap();
    let shown: Vec<String> = preview.diagnostics().iter().map(|d| format!("{}: {}", d.file, d.message)).collect();
    let (code, stderr) = f.publish();
    assert_eq!(code, 1, "a private key stops the build: {stderr}");
    let key_problem = "a private key file lies inside the site's published or tracked folders";
    assert!(shown.iter().any(|s| s.contains("glömd.key") && s.contains(key_problem)), "{shown:?}");
    assert!(stderr.contains("glömd.key") && stderr.contains(key_problem), "{stderr}");
    // With the key gone: the unknown publisher is a warning in the build
    // and the banner's reason in the preview.
    std::fs::remove_file(f.path("themes/default/glömd.key")).unwrap();
    let preview = Preview::load_with_clock(f.root(), common::now).unwrap();
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    let unknown = "publisher \"okand\" is not in the publisher registry";
    assert!(stderr.contains(&format!("content/okand.md:3:1: warning: not published: {unknown}")), "{stderr}");
    let html = preview.html("/okand/").unwrap();
    assert!(html.contains("Förhandsvisning – ej godkänd") && html.contains(&unknown.replace('"', "&quot;")), "{html}");
}

/// The live preview marks a translation out of date as soon as its source
/// is approved again, and links the page's other languages.
#[test]
fn the_preview_marks_a_translation_out_of_date_when_its_source_is_approved_again() {
    let f = Fixture::new();
    f.write("content/fi/yhteystiedot.md", "+++\ntitle = \"Yhteystiedot\"\npublisher = \"anna\"\nowner = \"K\"\nlang = \"fi\"\ntranslation_of = \"content/om/kontakt.md\"\n+++\n\nSoita meille.\n");
    f.approve("content/fi/yhteystiedot.md", 0);
    let mut preview = Preview::load_with_clock(f.root(), common::now).unwrap();
    let html = &preview.pages_html()["/fi/yhteystiedot/"];
    assert!(html.contains("hreflang=\"sv\" lang=\"sv\" dir=\"ltr\">Svenska</a>") && !html.contains("translation-outdated"), "{html}");
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Nytt nummer: 0100-999 99."));
    f.approve("content/om/kontakt.md", 0);
    let approvals = std::fs::read_dir(f.path("trust/approvals/content/om/kontakt.md")).unwrap().map(|e| e.unwrap().path()).collect::<Vec<_>>();
    let mut changed = approvals;
    changed.push(f.path("content/om/kontakt.md"));
    preview.apply(&changed).unwrap();
    let html = &preview.pages_html()["/fi/yhteystiedot/"];
    assert!(html.contains("class=\"translation-outdated\"") && html.contains("Käännös on ollut vanhentunut"), "{html}");
}

/// The preview shows components with the site's data and serves the
/// site's static files, as the build does.
#[test]
fn the_preview_reads_data_and_serves_site_static_files() {
    let f = Fixture::new();
    f.write("data/kontakter.toml", "[kontaktcenter]\nname = \"Kontaktcenter\"\nphone = \"0100-123 45\"\n");
    f.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n");
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "{{ contact id=\"kontaktcenter\" }}\n\n![Logotyp](/img/logo.svg)"));
    let preview = Preview::load_with_clock(f.root(), common::now).unwrap();
    let html = &preview.pages_html()["/om/kontakt/"];
    assert!(html.contains("<strong>Kontaktcenter</strong>"), "{html}");
    assert_eq!(preview.file("/img/logo.svg"), Some(f.path("static/img/logo.svg")));
    assert_eq!(preview.file("/img/../../site.toml"), None);
    assert!(sigill::serve::preview::is_relevant(f.root(), &f.path("data/kontakter.toml")) && sigill::serve::preview::is_relevant(f.root(), &f.path("static/img/logo.svg")));
}
