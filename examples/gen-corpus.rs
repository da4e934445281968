//! Writes a realistic municipal site of N pages for benchmarks, readable by
//! both Sigill and Hugo, with a complete chain of trust and every page
//! approved by a benchmark publisher (setup, not timed).
//!
//!     cargo run --release --example gen-corpus -- DIR N

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;
use sigill::admin::{self, ApprovalRequest, RootPlan};
use sigill::trust::keyfile::KeyFile;
use sigill::trust::root::Policy;
use sigill::trust::{SigningKey, Timestamp};

const SECTIONS: usize = 20;
const WORDS: &[&str] = &[
    "kommunen", "invånare", "ansökan", "beslut", "förskola", "skola", "bygglov", "avfall", "återvinning", "trafik",
    "parkering", "omsorg", "äldreboende", "hemtjänst", "bibliotek", "kultur", "idrott", "fritid", "miljö", "vatten",
    "avlopp", "gata", "park", "näringsliv", "företag", "tillstånd", "avgift", "taxa", "handläggning", "nämnd",
    "styrelse", "protokoll", "dokument", "kontakt", "telefon", "e-post", "öppettider", "service", "information", "digital",
    "tjänst", "medborgare", "ansvar", "kvalitet", "granskning", "utveckling", "plan", "strategi", "budget", "rapport",
];
const SECTION_NAMES: &[&str] = &[
    "Bygga och bo", "Förskola och skola", "Omsorg och stöd", "Kultur och fritid", "Miljö och hälsa", "Trafik och gator",
    "Näringsliv och arbete", "Kommun och politik", "Vatten och avlopp", "Avfall och återvinning", "Bibliotek",
    "Idrott och motion", "Äldreomsorg", "Funktionsstöd", "Individ och familj", "Krisberedskap", "Samhällsplanering",
    "Turism", "Integration", "Arbetsmarknad",
];

/// A small deterministic generator, so the same N gives the same corpus.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn sentence(&mut self) -> String {
        let len = 8 + self.below(12);
        let mut s = String::new();
        for i in 0..len {
            let w = WORDS[self.below(WORDS.len())];
            if i == 0 {
                let mut c = w.chars();
                s.push_str(&c.next().unwrap().to_uppercase().collect::<String>());
                s.push_str(c.as_str());
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        s.push('.');
        s
    }
}

fn front(title: &str, weight: usize) -> String {
    format!("+++\ntitle = \"{title}\"\ndescription = \"Information om {}\"\npublisher = \"bench\"\nowner = \"Kommunstyrelsen\"\nupdated = 2026-11-01\nweight = {weight}\n+++\n\n", title.to_lowercase())
}

fn page_body(rng: &mut Rng, section: usize, index: usize, per_section: usize) -> String {
    let target = 2048 + rng.below(6144);
    let mut body = String::new();
    let mut heading = 0;
    while body.len() < target {
        heading += 1;
        let _ = writeln!(body, "## Avsnitt {heading}: {}\n", WORDS[rng.below(WORDS.len())]);
        for _ in 0..2 + rng.below(3) {
            let _ = writeln!(body, "{} {} {}\n", rng.sentence(), rng.sentence(), rng.sentence());
        }
        match heading % 3 {
            0 => {
                for _ in 0..4 {
                    let _ = writeln!(body, "- {}", rng.sentence());
                }
                body.push('\n');
            }
            1 => {
                body.push_str("| Tjänst | Avgift | Handläggningstid |\n|---|---|---|\n");
                for _ in 0..4 {
                    let _ = writeln!(body, "| {} | {} kr | {} veckor |", WORDS[rng.below(WORDS.len())], 100 + rng.below(5000), 1 + rng.below(10));
                }
                body.push('\n');
            }
            _ => {
                let other = (index + 1 + rng.below(per_section.max(2) - 1)) % per_section;
                let _ = writeln!(body, "Läs också [sidan om {}](sida-{other:05}.md) och [avsnittet {}](/sektion-{section:02}/#sidor).\n", WORDS[rng.below(WORDS.len())], SECTION_NAMES[section % SECTION_NAMES.len()].to_lowercase());
            }
        }
    }
    body
}

/// A 1200×800 image, different for every page (no two encode alike).
fn image_for(path: &str) -> Vec<u8> {
    let seed = path.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let image = image::RgbImage::from_fn(1200, 800, |x, y| image::Rgb([((x + seed) % 256) as u8, ((y * 3 + seed / 7) % 256) as u8, ((x ^ y) % 256) as u8]));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgb8(image).write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(count)) = (args.get(1), args.get(2).and_then(|n| n.parse::<usize>().ok())) else {
        eprintln!("usage: gen-corpus DIR N");
        std::process::exit(2);
    };
    let root = Path::new(dir);
    if root.exists() && std::fs::read_dir(root).unwrap().next().is_some() {
        eprintln!("{dir} is not empty");
        std::process::exit(2);
    }
    // BENCH_IMAGES=n: every n-th page is a bundle with a 1200×800 PNG.
    let images_every: usize = std::env::var("BENCH_IMAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    // BENCH_DATA=n: a data file of n contacts (`data/kontakter.toml`),
    // approved, which every page's template is given as `data`.
    let contacts: usize = std::env::var("BENCH_DATA").ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    let leaf_pages = count.saturating_sub(SECTIONS + 1).max(SECTIONS);
    let pages_in = |s: usize| leaf_pages / SECTIONS + usize::from(s < leaf_pages % SECTIONS);
    let mut config = String::from("site = \"bench.example\"\nbase_url = \"https://bench.example\"\ntitle = \"Benchkommun\"\norganization = \"Benchkommun\"\nlanguage = \"sv\"\n");
    // BENCH_SEARCH=0: a site without the search index.
    if std::env::var("BENCH_SEARCH").is_ok_and(|v| v == "0") {
        config.push_str("search = false\n");
    }
    let mut hugo = String::from("baseURL = \"https://bench.example/\"\nlanguageCode = \"sv\"\ntitle = \"Benchkommun\"\ndisableKinds = [\"taxonomy\", \"term\"]\n");
    for (s, name) in SECTION_NAMES.iter().enumerate().take(SECTIONS.min(6)) {
        let _ = write!(config, "\n[[menu]]\ntitle = \"{name}\"\nurl = \"/sektion-{s:02}/\"\n");
        let _ = write!(hugo, "\n[[menus.main]]\nname = \"{name}\"\nurl = \"/sektion-{s:02}/\"\nweight = {s}\n");
    }
    config.push_str("\n[trust]\n");
    write(&root.join("site.toml"), &config);
    write(&root.join("hugo.toml"), &hugo);
    for (rel, text) in sigill::scaffold::THEME_FILES {
        write(&root.join("themes/default").join(rel), text);
    }
    for (rel, text) in HUGO_LAYOUTS {
        write(&root.join("layouts").join(rel), text);
    }
    // The leanest reasonable Hugo site: title and content only
    // (`hugo --layoutDir layouts-lean`).
    for (rel, text) in HUGO_LEAN_LAYOUTS {
        write(&root.join("layouts-lean").join(rel), text);
    }
    write(&root.join("content/_index.md"), &(front("Välkommen till Benchkommun", 0) + "Kommunens webbplats.\n\n## Sidor\n\nVälj ett område i menyn.\n"));
    let mut pages = vec!["content/_index.md".to_string()];
    for s in 0..SECTIONS {
        let name = SECTION_NAMES[s % SECTION_NAMES.len()];
        let path = format!("content/sektion-{s:02}/_index.md");
        write(&root.join(&path), &(front(name, s) + &format!("Här finns information om {}.\n\n## Sidor\n\nSidorna i avsnittet listas nedan.\n", name.to_lowercase())));
        pages.push(path);
    }
    let mut generated: Vec<(String, String)> = (0..SECTIONS)
        .into_par_iter()
        .flat_map_iter(|s| {
            let per_section = pages_in(s);
            (0..per_section).map(move |i| {
                let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((s as u64) << 32 | i as u64).wrapping_mul(0x2545_f491_4f6c_dd1d) | 1);
                let title = format!("{} {}", SECTION_NAMES[s % SECTION_NAMES.len()], i + 1);
                // Every n-th page a bundle with a photo-sized image.
                if images_every > 0 && i % images_every == 0 {
                    let body = page_body(&mut rng, s, i, per_section) + "\n![Bild till sidan](bild.png)\n";
                    (format!("content/sektion-{s:02}/sida-{i:05}/index.md"), front(&title, i) + &body)
                } else {
                    (format!("content/sektion-{s:02}/sida-{i:05}.md"), front(&title, i) + &page_body(&mut rng, s, i, per_section))
                }
            })
        })
        .collect();
    generated.sort();
    generated.par_iter().for_each(|(path, text)| {
        write(&root.join(path), text);
        if let Some(dir) = path.strip_suffix("/index.md") {
            std::fs::write(root.join(dir).join("bild.png"), image_for(path)).unwrap();
        }
    });
    pages.extend(generated.into_iter().map(|(p, _)| p));

    // The chain of trust, with keys kept under keys/ (outside the site's trees).
    let now = Timestamp::now();
    let [root_key, registry_key, release_key, publisher_key] = [(); 4].map(|_| SigningKey::generate().unwrap());
    let root_bytes = admin::first_root(&RootPlan {
        site: "bench.example",
        root_keys: &[&root_key],
        root_threshold: 1,
        registry_keys: &[registry_key.public().clone()],
        registry_threshold: 1,
        release_keys: &[release_key.public().clone()],
        policy: Policy { max_review_days: 730, release_max_days: 90 },
        expires: now.plus_days(365),
    })
    .unwrap();
    admin::write_new_file(&root.join("trust/root/1.root.json"), &root_bytes).unwrap();
    let registry = admin::first_registry("bench.example", now.plus_days(365), &[&registry_key]);
    admin::write_new_file(&root.join("trust/registry/0001.registry.json"), &registry).unwrap();
    std::fs::create_dir_all(root.join("keys")).unwrap();
    KeyFile::seal(&release_key, "bench release", None, 600_000).unwrap().write_new(&root.join("keys/release.key")).unwrap();
    // The publisher's key, unencrypted (a benchmark, not a site): a warm
    // rebuild measures an edited page approved again.
    KeyFile::seal(&publisher_key, "bench publisher", None, 600_000).unwrap().write_new(&root.join("keys/publisher.key")).unwrap();
    let anchor = format!("sha256:{}", sigill::trust::encoding::sha256_hex(&root_bytes));
    sigill::scaffold::pin_anchor(root, &anchor, Some("keys/release.key")).unwrap();
    let state = sigill::trust::load_trust(&root.join("trust"), &anchor, "bench.example", now).unwrap();
    let entry = admin::new_publisher(admin::PublisherName { id: "bench", name: "Bengt Bench", title: "Webbredaktör", unit: "Kommunikationsenheten" }, publisher_key.public(), &["content/".into(), "data/".into(), "themes/default/".into(), "site.toml".into()], now, 1000);
    admin::next_registry(&root.join("trust"), &state, &[&registry_key], now, |p| admin::add_publisher(p, entry)).unwrap();
    let state = sigill::trust::load_trust(&root.join("trust"), &anchor, "bench.example", now).unwrap();
    let trust_dir = root.join("trust");
    pages.push("site.toml".into());
    pages.push("themes/default/theme.toml".into());
    if contacts > 0 {
        let mut data = String::new();
        for n in 0..contacts {
            let _ = write!(data, "[kontakt-{n}]\nname = \"Kontakt {n}\"\nphone = \"0100-12 {n:05}\"\nemail = \"kontakt{n}@bench.example\"\nhours = \"Måndag–fredag 09.00–11.00\"\n\n");
        }
        write(&root.join("data/kontakter.toml"), &data);
        pages.push("data/kontakter.toml".into());
    }
    let theme = sigill::inputs::ThemeFiles::load(root, "default").unwrap();
    pages.par_iter().for_each(|path| {
        let bytes = std::fs::read(root.join(path)).unwrap();
        let is_page = path.starts_with("content/");
        let url = is_page.then(|| sigill::parse::url_for_path(path, None));
        let request = ApprovalRequest {
            site: "bench.example",
            trust_dir: &trust_dir,
            path,
            bytes: &bytes,
            assets: if path.starts_with("themes/") {
                theme.assets()
            } else if let Some(dir) = path.strip_suffix("/index.md").filter(|d| root.join(d).join("bild.png").exists()) {
                let png = std::fs::read(root.join(dir).join("bild.png")).unwrap();
                vec![sigill::trust::approval::ApprovedAsset { path: format!("{dir}/bild.png"), sha256: sigill::trust::digest::Sha256::of(&png) }]
            } else {
                Vec::new()
            },
            front_matter_publisher: is_page.then_some("bench"),
            url: url.as_deref(),
            aliases: &[],
            translation_of: None,
            schedule: Default::default(),
            note: "",
            minor: false,
            review_by: None,
            default_review_days: 365,
            now,
        };
        let draft = admin::draft_approval(&state, &request, publisher_key.public()).unwrap();
        admin::write_approval(&draft, &publisher_key, &trust_dir, &bytes).unwrap();
    });
    let bytes: u64 = pages.iter().map(|p| std::fs::metadata(root.join(p)).unwrap().len()).sum();
    println!("wrote {} pages ({:.1} MB of Markdown) to {dir}, all approved", pages.len(), bytes as f64 / 1e6);
}

/// Hugo's leanest reasonable templates: the page's title and content.
const HUGO_LEAN_LAYOUTS: &[(&str, &str)] = &[
    ("_default/baseof.html", "<!doctype html>\n<html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ block \"main\" . }}{{ end }}</body></html>\n"),
    ("_default/single.html", "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n"),
    ("_default/list.html", "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n"),
];

/// Hugo templates equivalent to Sigill's default theme: same layout, menu
/// and footer (without the quality mark, which Hugo cannot make).
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    ("_default/baseof.html", r##"<!doctype html>
<html lang="{{ site.LanguageCode }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ site.Title }}</title><link rel="stylesheet" href="/css/sigill.css"></head>
<body>
<a class="skip-link" href="#main">Hoppa till innehållet</a>
<header class="site-header"><div class="wrap"><a class="site-name" href="/">{{ site.Title }}</a>
<nav class="main-menu" aria-label="Huvudmeny"><ul>{{ range site.Menus.main }}<li><a href="{{ .URL }}">{{ .Name }}</a></li>{{ end }}</ul></nav></div></header>
<main id="main" class="wrap">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap"><dl><div><dt>Granskad av</dt><dd>{{ .Params.publisher }}</dd></div><div><dt>Informationsägare</dt><dd>{{ .Params.owner }}</dd></div><div><dt>Sidan uppdaterad</dt><dd>{{ .Params.updated }}</dd></div></dl><p class="org">{{ site.Title }}</p></div></footer>
</body></html>
"##),
    ("_default/single.html", r#"{{ define "main" }}<article><h1>{{ .Title }}</h1><p class="lead">{{ .Description }}</p>
<nav class="toc"><h2>Innehåll på sidan</h2>{{ .TableOfContents }}</nav>
<div class="content">{{ .Content }}</div></article>{{ end }}
"#),
    ("_default/list.html", r#"{{ define "main" }}<article><h1>{{ .Title }}</h1><div class="content">{{ .Content }}</div>
<ul class="cards">{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a><p>{{ .Description }}</p></li>{{ end }}</ul></article>{{ end }}
"#),
];
