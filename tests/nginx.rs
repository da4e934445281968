//! End to end with a real web server: nginx (Debian package) serves a built
//! site on 127.0.0.1 and `sigill verify` checks it by URL. Required under
//! CI=true (.ci/run installs nginx); skipped with a message elsewhere.

mod common;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{independent_verify, verify, Fixture};
use sigill::trust::canonical::to_canonical;
use sigill::trust::envelope::{Envelope, RELEASE_TYPE};
use sigill::trust::release::ReleasePayload;
use sigill::trust::SigningKey;

const NGINX: &str = "/usr/sbin/nginx";

/// An nginx serving one folder on a free loopback port; stopped on drop.
struct Nginx {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn serve(root: &Path) -> Option<Self> {
        if !Path::new(NGINX).exists() {
            assert!(!common::required(), "nginx is required under CI=true (.ci/run installs it)");
            eprintln!("skipped: nginx is not installed (apt-get install nginx-light)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let conf = format!(
            "daemon off;\nworker_processes 1;\nuser root;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d};\n  proxy_temp_path {d};\n  fastcgi_temp_path {d};\n  uwsgi_temp_path {d};\n  scgi_temp_path {d};\n  types {{ text/html html; application/json json; text/markdown md; text/plain txt; text/css css; }}\n  server {{\n    listen 127.0.0.1:{port};\n    root {root};\n    location = /moved/ {{ return 301 http://127.0.0.2:{port}/om/kontakt/; }}\n  }}\n}}\n",
            d = dir.path().display(),
            root = root.display(),
        );
        let conf_path = dir.path().join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        let child = Command::new(NGINX)
            .arg("-c")
            .arg(&conf_path)
            .arg("-p")
            .arg(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not start: {}", std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default());
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Self { child, port, _dir: dir })
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM lets the master stop its workers; SIGKILL would orphan them.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

fn built_site() -> (Fixture, PathBuf) {
    let f = Fixture::new();
    let public = f.built();
    (f, public)
}

#[test]
fn verify_by_url_against_nginx() {
    let (f, public) = built_site();
    let Some(server) = Nginx::serve(&public) else { return };
    let anchor = f.anchor();

    let (code, stdout, stderr) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("✔ /om/kontakt/  approved by Anna Ek"), "{stdout}");
    let (code, stdout, _) = verify(&[&server.url("/"), "--root", &anchor]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("3 of 3 page(s) verified"), "whole site: {stdout}");
    let origin = server.url("");
    if let Some((ok, out)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(ok, "{out}");
    }

    // A redirect to another host is never followed silently.
    let (code, stdout, _) = verify(&[&server.url("/moved/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("redirected to another site"), "{stdout}");

    // Another anchor.
    let other = format!("sha256:{}", "cd".repeat(32));
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &other]);
    assert_eq!(code, 1);
    assert!(stdout.contains("but site.toml pins") || stdout.contains("hashes to"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&other)) {
        assert!(!ok);
    }

    // One changed byte in a served page.
    let page = public.join("om/kontakt/index.html");
    let original = std::fs::read(&page).unwrap();
    let mut changed = original.clone();
    let at = changed.windows(5).position(|w| w == b"0100-").unwrap();
    changed[at] = b'7';
    std::fs::write(&page, &changed).unwrap();
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("✘ /om/kontakt/  does NOT match its approval"), "{stdout}");
    let (code, stdout, _) = verify(&[&server.url("/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("✘ /om/kontakt/") && stdout.contains("2 of 3 page(s) verified"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(!ok);
    }
    std::fs::write(&page, &original).unwrap();

    // Page A's proof served beside page B.
    let proof = public.join("om/kontakt/index.html.proof.json");
    let original_proof = std::fs::read(&proof).unwrap();
    std::fs::copy(public.join("social/stod/index.html.proof.json"), &proof).unwrap();
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("the proof is for /social/stod/, not for /om/kontakt/"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(!ok);
    }
    std::fs::write(&proof, original_proof).unwrap();

    // A release manifest signed by a key the root does not name.
    let release_file = public.join(".well-known/sigill/release.json");
    let envelope = Envelope::parse(&std::fs::read(&release_file).unwrap()).unwrap();
    let payload: ReleasePayload = serde_json::from_slice(&sigill::trust::encoding::b64_decode(&envelope.payload).unwrap()).unwrap();
    let forger = SigningKey::generate().unwrap();
    std::fs::write(&release_file, Envelope::sign(RELEASE_TYPE, &to_canonical(&payload), &[&forger]).to_bytes()).unwrap();
    let (code, stdout, _) = verify(&[&server.url("/om/kontakt/"), "--root", &anchor]);
    assert_eq!(code, 1);
    assert!(stdout.contains("not signed by the release key the root names"), "{stdout}");
    if let Some((ok, _)) = independent_verify(&origin, "/om/kontakt/", Some(&anchor)) {
        assert!(!ok);
    }
}
