//! Site features inside the approval model: data and static files, tags,
//! dated sections with pages and feeds, components, search, images,
//! nested menus and the external link check.

use std::path::Path;

use super::common::*;
use super::common::restamp;

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn with_front(title: &str, publisher: &str, front: &str, body: &str) -> String {
    page(title, publisher, body).replace("+++\n\n", &format!("{front}\n+++\n\n"))
}

/// A fixture whose web editor also answers for `data/` and `static/`.
fn site_with_files() -> Fixture {
    let f = Fixture::new();
    f.registry_version(|p| {
        let webb = p.publishers.iter_mut().find(|p| p.id == "webb").unwrap();
        webb.scopes.extend(["data/".to_string(), "static/".to_string()]);
        webb.scopes.sort();
    });
    f.write("data/kontakter.toml", "[kontaktcenter]\nname = \"Kontaktcenter\"\nphone = \"0100-123 45\"\nemail = \"kontakt@test.example\"\nhours = \"Vardagar 8–16\"\n");
    f.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>Testby</title></svg>\n");
    f.approve("data/kontakter.toml", 2);
    f.approve("static/img/logo.svg", 2);
    f
}

/// Every page's template reads the approved data (converted once for the
/// whole build), and an approved change of the data reaches every page
/// on the next build, also the pages that are otherwise unchanged.
#[test]
fn templates_read_the_approved_data_on_every_page_and_its_changes() {
    let f = site_with_files();
    let template = f.path("themes/default/templates/page.html");
    let text = read(&template);
    assert!(text.contains("</article>"), "the theme's page template closes its article");
    std::fs::write(&template, text.replacen("</article>", "</article>\n<p class=\"telefon\">{{ data.kontakter.kontaktcenter.phone }}</p>", 1)).unwrap();
    f.approve_site_inputs();
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Ring oss."));
    f.approve("content/om/kontakt.md", 0);
    let out = f.built();
    let pages: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.file_name().is_some_and(|n| n == "index.html") && read(p).contains("<article"))
        .filter(|p| !p.components().any(|c| c.as_os_str() == "historik" || c.as_os_str() == "history"))
        .collect();
    let shown = |p: &std::path::PathBuf, phone: &str| read(p).contains(&format!("<p class=\"telefon\">{phone}</p>"));
    let plain: Vec<_> = pages.iter().filter(|p| read(p).contains("class=\"telefon\"")).collect();
    assert!(plain.len() >= 2, "at least two pages use the page template: {pages:?}");
    for page in &plain {
        assert!(shown(page, "0100-123 45"), "{} shows the approved phone number", page.display());
    }
    f.write("data/kontakter.toml", &f.read("data/kontakter.toml").replace("0100-123 45", "0100-999 99"));
    f.approve("data/kontakter.toml", 2);
    let out = f.built();
    for page in &plain {
        let page = out.join(page.strip_prefix(f.path("public")).unwrap());
        assert!(shown(&page, "0100-999 99"), "{} shows the newly approved number", page.display());
    }
}

#[test]
fn data_and_static_files_are_published_only_as_approved() {
    let f = site_with_files();
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "{{ contact id=\"kontaktcenter\" }}\n\n![Logotyp](/img/logo.svg)"));
    f.approve("content/om/kontakt.md", 0);
    let out = f.built();
    let html = read(out.join("om/kontakt/index.html"));
    assert!(html.contains("<strong>Kontaktcenter</strong>") && html.contains("Vardagar 8–16"), "the contact card reads the approved data: {html}");
    assert_eq!(read(out.join("img/logo.svg")), f.read("static/img/logo.svg"), "the static file is published at its address");
    let inputs = read(out.join(".well-known/sigill/inputs.json"));
    assert!(inputs.contains("ZGF0YS9rb250YWt0ZXIudG9tbC") || inputs.len() > 2000, "inputs.json holds the approvals of the data and static files");
    let earlier = snapshot(&out);

    // A data file changed without approval: refused, nothing written.
    f.write("data/kontakter.toml", &f.read("data/kontakter.toml").replace("0100-123 45", "0900-666 66"));
    let (code, stderr) = f.publish();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("data/kontakter.toml: error: not approved: changed since approval"), "{stderr}");
    assert!(stderr.contains("sigill approve data/kontakter.toml"), "says how to fix it: {stderr}");
    assert_eq!(snapshot(&out), earlier, "nothing was written");
    f.approve("data/kontakter.toml", 2);

    // A static file changed without approval: refused too.
    f.write("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n");
    let (code, stderr) = f.publish();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("static/img/logo.svg: error: not approved: changed since approval"), "{stderr}");
    assert_eq!(snapshot(&out), earlier, "nothing was written");
    // A static file nobody approved at all.
    f.write("static/img/logo.svg", &f.read("static/img/logo.svg").replace("<script>alert(1)</script>", "<title>Testby</title>"));
    f.write("static/extra.js", "alert(1)\n");
    let (code, stderr) = f.publish();
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("static/extra.js: error: not approved: never approved"), "{stderr}");
    std::fs::remove_file(f.path("static/extra.js")).unwrap();
    f.approve("static/img/logo.svg", 2);
    let out = f.built();

    // Verifiers check each static file against its approval: a forger with
    // the release key who swaps it and re-signs the release is caught.
    let forged = tempfile::tempdir().unwrap();
    copy_tree(&out, forged.path());
    std::fs::write(forged.path().join("img/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>0900-666 66</text></svg>\n").unwrap();
    restamp::resign_release(forged.path(), &f.release_key, |_| {});
    let (code, stdout, _) = verify(&["--no-remember", "--root", &f.anchor(), forged.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("static/img/logo.svg is not published at /img/logo.svg as approved"), "{stdout}");
    if let Some((ok, text)) = independent_verify_site(forged.path().to_str().unwrap(), Some(&f.anchor())) {
        assert!(!ok && text.contains("inputs_invalid"), "{text}");
    }
}

#[test]
fn tags_get_readable_pages_and_an_index() {
    let f = Fixture::new();
    f.write("content/om/kontakt.md", &with_front("Kontakt", "anna", "tags = [\"Miljö och hälsa\", \"Service\"]", "Ring oss."));
    f.write("content/social/stod.md", &with_front("Stöd", "bo", "tags = [\"miljö och hälsa\"]", "Socialtjänsten hjälper dig."));
    f.approve("content/om/kontakt.md", 0);
    f.approve("content/social/stod.md", 1);
    let out = f.built();
    let index = read(out.join("taggar/index.html"));
    assert!(index.contains("<a href=\"/taggar/miljo-och-halsa/\">Miljö och hälsa</a> <span class=\"count\">(2)</span>"), "{index}");
    assert!(index.contains("<a href=\"/taggar/service/\">Service</a>"), "{index}");
    let tag = read(out.join("taggar/miljo-och-halsa/index.html"));
    assert!(tag.contains("<a href=\"/om/kontakt/\">Kontakt</a>") && tag.contains("<a href=\"/social/stod/\">Stöd</a>"), "{tag}");
    let page = read(out.join("om/kontakt/index.html"));
    assert!(page.contains("<a href=\"/taggar/miljo-och-halsa/\">Miljö och hälsa</a>, <a href=\"/taggar/service/\">Service</a>"), "{page}");
    let (code, stdout, stderr) = verify(&["--no-remember", "--root", &f.anchor(), out.to_str().unwrap()]);
    assert_eq!(code, 0, "tag pages are covered by the release: {stdout}{stderr}");
    // Unknown fields stay errors: `tags` is a declared field, `tagz` is not.
    f.write("content/om/kontakt.md", &with_front("Kontakt", "anna", "tagz = [\"Service\"]", "Ring oss."));
    let out = f.sigill().arg("check").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown field `tagz`"), "{}", String::from_utf8_lossy(&out.stderr));
}

fn news_site() -> Fixture {
    let f = Fixture::new();
    f.write("content/nyheter/_index.md", &with_front("Nyheter", "anna", "sort_by = \"date\"\npaginate = 2", "Senaste nytt."));
    for (n, day) in [(1, "01"), (2, "05"), (3, "03"), (4, "09"), (5, "07")] {
        f.write(&format!("content/nyheter/nyhet-{n}.md"), &with_front(&format!("Nyhet {n}"), "anna", &format!("date = 2026-11-{day}"), &format!("Text {n}.")));
    }
    for path in ["content/nyheter/_index.md", "content/nyheter/nyhet-1.md", "content/nyheter/nyhet-2.md", "content/nyheter/nyhet-3.md", "content/nyheter/nyhet-4.md", "content/nyheter/nyhet-5.md"] {
        f.approve(path, 0);
    }
    f
}

#[test]
fn a_dated_section_lists_newest_first_in_pages_with_a_feed() {
    let f = news_site();
    let out = f.built();
    let order = |html: &str| -> Vec<String> {
        html.split("<li><a href=\"/nyheter/nyhet-").skip(1).map(|rest| rest.split('/').next().unwrap().to_string()).collect()
    };
    let first = read(out.join("nyheter/index.html"));
    assert_eq!(order(&first), ["4", "5"], "newest first, two per page: {first}");
    assert!(first.contains("<nav class=\"pagination\" aria-label=\"Sidnumrering\">") && first.contains("<a href=\"/nyheter/sida/2/\" rel=\"next\">Nästa sida</a>"), "{first}");
    assert!(first.contains("<a href=\"/nyheter/\" aria-current=\"page\"><span class=\"visually-hidden\">Sida </span>1</a>"), "{first}");
    let second = read(out.join("nyheter/sida/2/index.html"));
    assert_eq!(order(&second), ["2", "3"], "{second}");
    assert!(second.contains("rel=\"prev\">Föregående sida</a>") && second.contains("rel=\"next\">Nästa sida</a>") && second.contains("<link rel=\"canonical\" href=\"https://test.example/nyheter/sida/2/\">"), "{second}");
    assert!(!second.contains("class=\"quality-mark"), "a listing page carries no mark of its own");
    let third = read(out.join("nyheter/sida/3/index.html"));
    assert_eq!(order(&third), ["1"]);
    assert!(!third.contains("rel=\"next\""));
    let feed = read(out.join("nyheter/atom.xml"));
    let entries: Vec<&str> = feed.split("<entry>").skip(1).map(|e| e.split("<title>").nth(1).unwrap().split('<').next().unwrap()).collect();
    assert_eq!(entries, ["Nyhet 4", "Nyhet 5", "Nyhet 2", "Nyhet 3", "Nyhet 1"], "{feed}");
    assert!(feed.contains("<published>2026-11-09T00:00:00Z</published>") && first.contains("href=\"/nyheter/atom.xml\""), "{feed}");
    let (code, stdout, stderr) = verify(&["--no-remember", "--root", &f.anchor(), out.to_str().unwrap()]);
    assert_eq!(code, 0, "listing pages and feeds are covered by the release: {stdout}{stderr}");
    // A news item without a date is an error that says so.
    f.write("content/nyheter/nyhet-6.md", &page("Nyhet 6", "anna", "Text."));
    let out = f.sigill().arg("check").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("content/nyheter/nyhet-6.md:1:1: warning: the page is in a section listed by date (sort_by = \"date\"), but has no date"), "{stderr}");
    // And a page may not take a listing page's address.
    f.write("content/nyheter/sida/2.md", &with_front("Fel", "anna", "date = 2026-11-02", "Text."));
    f.approve("content/nyheter/sida/2.md", 0);
    let (code, stderr) = f.build();
    assert_eq!(code, 1);
    assert!(stderr.contains("/nyheter/sida/2/ is where the build puts listing page 2 of content/nyheter/_index.md"), "{stderr}");
}

#[test]
fn components_render_from_the_theme_and_markdown_cannot_add_behaviour() {
    let f = site_with_files();
    let body = "{% notice kind=\"important\" %}\nSista dag är **fredag**. Läs [kontakt](kontakt.md).\n{% end %}\n\n{% details summary=\"Vad kostar det?\" %}\nInget.\n{% end %}\n\n{{ video url=\"https://play.test.example/v/1\" title=\"Så gör du\" transcript=\"/om/kontakt/\" }}\n\n{{ contact id=\"kontaktcenter\" }}";
    f.write("content/om/info.md", &page("Info", "anna", body));
    f.approve("content/om/info.md", 0);
    let out = f.built();
    let html = read(out.join("om/info/index.html"));
    assert!(html.contains("<div class=\"notice-box important\" role=\"note\">\n  <p class=\"notice-box-title\">Viktigt</p>"), "{html}");
    assert!(html.contains("Sista dag är <strong>fredag</strong>. Läs <a href=\"/om/kontakt/\">kontakt</a>."), "Markdown inside, links resolved: {html}");
    assert!(html.contains("<details class=\"accordion\">\n  <summary>Vad kostar det?</summary>"), "{html}");
    assert!(html.contains("<a href=\"https://play.test.example/v/1\">Se filmen: Så gör du</a>") && html.contains("<a href=\"/om/kontakt/\">Läs filmen som text</a>"), "{html}");
    assert!(html.contains("<a href=\"tel:012345\">0100-123 45</a>") || html.contains("<strong>Kontaktcenter</strong>"), "{html}");
    assert!(!html.contains("sigill:"), "no marker is left: {html}");

    let check = |body: &str| -> String {
        f.write("content/om/info.md", &page("Info", "anna", body));
        let out = f.sigill().arg("check").output().unwrap();
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    let stderr = check("{{ video url=\"javascript:alert(1)\" title=\"x\" }}");
    assert!(stderr.contains("the argument url is a javascript: address"), "{stderr}");
    let stderr = check("{{ karusell bilder=\"3\" }}");
    assert!(stderr.contains("there is no component karusell (the theme has: contact, details, notice, video)"), "{stderr}");
    let stderr = check("{% notice %}\nText utan slut.");
    assert!(stderr.contains("the component notice is never closed"), "{stderr}");
    let stderr = check("{% details %}\nText.\n{% end %}");
    assert!(stderr.contains("the component details needs the argument summary"), "{stderr}");
    let stderr = check("{{ contact id=\"x\" title=\"a\" title=\"b\" }}");
    assert!(stderr.contains("the argument title is given twice"), "{stderr}");
    // Arguments are text: markup in them is shown, never run.
    f.write("content/om/info.md", &page("Info", "anna", "{% details summary=\"<script>alert(1)</script>\" %}\nText.\n{% end %}"));
    f.approve("content/om/info.md", 0);
    let out = f.built();
    let html = read(out.join("om/info/index.html"));
    assert!(html.contains("<summary>&lt;script&gt;alert(1)&lt;/script&gt;</summary>"), "{html}");
    // A theme adds its own component as an approved template.
    f.write("themes/default/templates/components/faktaruta.html", "<aside class=\"fakta\"><p>{{ args.rubrik }}</p>{{ body | safe }}</aside>\n");
    f.write("content/om/info.md", &page("Info", "anna", "{% faktaruta rubrik=\"Fakta\" %}\nTre kommuner.\n{% end %}"));
    f.approve_site_inputs();
    f.approve("content/om/info.md", 0);
    let out = f.built();
    let html = read(out.join("om/info/index.html"));
    let aside = &html[html.find("<aside class=\"fakta\"><p>Fakta</p>").expect("the theme's own component")..];
    assert!(aside[..aside.find("</aside>").unwrap()].contains("<p>Tre kommuner.</p>"), "{aside}");
}

#[test]
fn the_search_index_and_page_are_published_and_covered() {
    let f = Fixture::new();
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", "Återvinningscentralen har öppet på lördagar."));
    f.approve("content/om/kontakt.md", 0);
    let out = f.built();
    let search = read(out.join("sok/index.html"));
    assert!(search.contains("<form class=\"search-form\" role=\"search\" action=\"/sok/\"") && search.contains("<script type=\"module\" src=\"/js/search.js\"></script>"), "{search}");
    assert!(search.contains("<p id=\"search-nojs\">Sökningen behöver JavaScript"), "without JavaScript the page says where else to look: {search}");
    assert!(read(out.join("om/kontakt/index.html")).contains("<a class=\"search-link\" href=\"/sok/\">Sök</a>"));
    assert!(out.join("pagefind/pagefind.js").is_file() && out.join("pagefind/pagefind-entry.json").is_file());
    let entry = read(out.join("pagefind/pagefind-entry.json"));
    assert!(entry.contains("\"sv\""), "a Swedish index: {entry}");
    let files = read(out.join(".well-known/sigill/files.json"));
    assert!(files.contains("/pagefind/pagefind-entry.json") && files.contains("/sok/index.html"), "the index is in the release");
    let (code, stdout, stderr) = verify(&["--no-remember", "--root", &f.anchor(), out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // The same sources give the same index.
    let before = snapshot(&out.join("pagefind"));
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(snapshot(&f.path("public/pagefind")), before, "the index is deterministic");
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 128, 255]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image).write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

#[test]
fn bundle_images_get_widths_sizes_and_a_cache() {
    let f = Fixture::new();
    f.write("content/om/karta/index.md", &page("Karta", "anna", "![Karta över centrum](karta.png)"));
    std::fs::write(f.path("content/om/karta/karta.png"), png(1200, 800)).unwrap();
    f.approve("content/om/karta/index.md", 0);
    let cache = tempfile::tempdir().unwrap();
    let build = |f: &Fixture| {
        let out = f.sigill().env("XDG_CACHE_HOME", cache.path()).args(["build", "--strict"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    build(&f);
    let out = f.path("public");
    let html = read(out.join("om/karta/index.html"));
    assert!(html.contains("<img src=\"/om/karta/karta.png\" srcset=\"/om/karta/karta-480w.webp 480w, /om/karta/karta-960w.webp 960w, /om/karta/karta-1200w.webp 1200w\" sizes=\"(max-width: 44rem) 100vw, 42rem\" width=\"1200\" height=\"800\" alt=\"Karta över centrum\" loading=\"lazy\" decoding=\"async\">"), "{html}");
    for (w, h) in [(480, 320), (960, 640), (1200, 800)] {
        let bytes = std::fs::read(out.join(format!("om/karta/karta-{w}w.webp"))).unwrap();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (w, h), "a WebP {w} px wide");
    }
    assert_eq!(std::fs::read(out.join("om/karta/karta.png")).unwrap(), png(1200, 800), "the original is kept");
    // The second build takes every variant from the cache: none is encoded again.
    let entries: Vec<_> = walkdir::WalkDir::new(cache.path()).into_iter().flatten().filter(|e| e.file_type().is_file()).map(|e| (e.path().to_path_buf(), e.metadata().unwrap().modified().unwrap())).collect();
    assert_eq!(entries.len(), 3, "{entries:?}");
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&f);
    for (path, modified) in &entries {
        assert_eq!(&std::fs::metadata(path).unwrap().modified().unwrap(), modified, "{} was not written again", path.display());
    }
    let (code, stdout, stderr) = verify(&["--no-remember", "--root", &f.anchor(), out.to_str().unwrap()]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Alt text stays required.
    f.write("content/om/karta/index.md", &page("Karta", "anna", "![](karta.png)"));
    let out = f.sigill().arg("check").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("image karta.png has no alt text"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn menus_nest_from_site_toml_or_from_sections_with_the_current_page_marked() {
    let f = Fixture::new();
    f.write("content/om/_index.md", &page("Om", "anna", "Om kommunen."));
    f.approve("content/om/_index.md", 0);
    let config = f.read("site.toml");
    let (head, trust) = config.split_once("\n[trust]").unwrap();
    f.write("site.toml", &format!("{head}\n\n[[menu]]\ntitle = \"Om\"\nurl = \"/om/\"\n\n[[menu]]\ntitle = \"Stöd\"\nurl = \"/social/stod/\"\nchildren = [{{ title = \"Kontakt\", url = \"/om/kontakt/\" }}]\n\n[trust]{trust}"));
    f.approve_site_inputs();
    let out = f.built();
    let html = read(out.join("om/kontakt/index.html"));
    assert!(html.contains("<li><a href=\"/om/\" aria-current=\"true\">Om</a></li>"), "the section in the path is marked: {html}");
    let nav = &html[html.find("<nav class=\"section-nav").expect("a section menu")..];
    assert!(nav.contains("aria-label=\"I avsnittet: Om\"") && nav.contains("<a href=\"/om/kontakt/\" aria-current=\"page\">Kontakt</a>"), "{nav}");
    let stod = read(out.join("social/stod/index.html"));
    let nav = &stod[stod.find("<nav class=\"section-nav").expect("children from site.toml")..];
    assert!(nav.contains("<a href=\"/om/kontakt/\">Kontakt</a>"), "{nav}");
}

/// A web server for the link check: `/ok` answers, `/gone` is 404,
/// `/moved` redirects to `/ok`, `/nohead` refuses HEAD but answers GET.
fn link_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let requests = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            loop {
                let mut header = String::new();
                if reader.read_line(&mut header).map(|n| n == 0).unwrap_or(true) || header == "\r\n" {
                    break;
                }
            }
            let mut parts = request.split_whitespace();
            let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
            let response = match (method, path) {
                (_, "/ok") => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                (_, "/moved") => "HTTP/1.1 301 Moved Permanently\r\nLocation: /ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ("HEAD", "/nohead") => "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                ("GET", "/nohead") => "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok",
                _ => "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            };
            let mut stream = stream;
            let _ = stream.write_all(response.as_bytes());
        }
    });
    (origin, requests)
}

#[test]
fn external_links_are_checked_only_when_asked_and_reported_by_page_and_publisher() {
    let (origin, requests) = link_server();
    let f = Fixture::new();
    f.write("content/om/kontakt.md", &page("Kontakt", "anna", &format!("[Svar]({origin}/ok), [borta]({origin}/gone) och [flyttad]({origin}/moved).")));
    f.write("content/social/stod.md", &page("Stöd", "bo", &format!("[Utan HEAD]({origin}/nohead) och [borta igen]({origin}/gone#del).")));
    f.approve("content/om/kontakt.md", 0);
    f.approve("content/social/stod.md", 1);
    let cache = tempfile::tempdir().unwrap();
    let (code, stderr) = f.publish();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 0, "a build never asks another server");
    let run = |extra: &[&str]| {
        let out = f.sigill().env("XDG_CACHE_HOME", cache.path()).args(["check", "--external", "--external-interval", "10"]).args(extra).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string())
    };
    let (code, stdout) = run(&[]);
    assert_eq!(code, Some(0), "broken links do not fail the check unless asked: {stdout}");
    assert!(stdout.contains("External links: 4 checked (0 from the cache), 1 broken, 1 redirected"), "{stdout}");
    let kontakt = &stdout[stdout.find("content/om/kontakt.md (anna, Anna Ek)").expect("grouped by page and publisher")..];
    assert!(kontakt.contains(&format!("broken      {origin}/gone → 404")), "{stdout}");
    assert!(kontakt.contains(&format!("redirected  {origin}/moved → {origin}/ok (200)")), "{stdout}");
    let stod = &stdout[stdout.find("content/social/stod.md (bo, Bo Lind)").expect("the other page")..];
    assert!(stod.contains(&format!("broken      {origin}/gone → 404")) && !stod.contains("nohead"), "HEAD refused, GET answered: {stdout}");
    // A second run within the time to live asks nobody.
    let asked = requests.load(std::sync::atomic::Ordering::SeqCst);
    let (code, stdout) = run(&["--strict"]);
    assert_eq!(code, Some(1), "--strict fails on a broken link: {stdout}");
    assert!(stdout.contains("4 checked (4 from the cache)"), "{stdout}");
    assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), asked, "the cache answered");
    let (_, stdout) = run(&["--external-ttl", "0", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["broken"], 1, "{json}");
    assert!(requests.load(std::sync::atomic::Ordering::SeqCst) > asked, "a zero time to live asks again");
}

#[test]
fn a_site_can_go_without_search() {
    let f = Fixture::new();
    let config = f.read("site.toml");
    f.write("site.toml", &config.replacen("title = ", "search = false\ntitle = ", 1));
    f.approve_site_inputs();
    let out = f.built();
    assert!(!out.join("sok").exists() && !out.join("pagefind").exists(), "no search page or index");
    assert!(!read(out.join("om/kontakt/index.html")).contains("search-link"), "and no link to one");
}
