//! A real nginx (Debian package) serving built sites on loopback ports.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const NGINX: &str = "/usr/sbin/nginx";

/// An nginx serving folders on free loopback ports; stopped on drop.
pub struct Nginx {
    child: Child,
    pub ports: Vec<u16>,
    _dir: tempfile::TempDir,
}

impl Nginx {
    /// Serves one folder; `None` (after a message) when nginx is missing outside CI.
    pub fn serve(root: &Path) -> Option<Self> {
        Self::serve_many(&[root])
    }

    /// Serves each folder on its own port.
    pub fn serve_many(roots: &[&Path]) -> Option<Self> {
        if !Path::new(NGINX).exists() {
            assert!(!super::required(), "nginx is required under CI=true (.ci/run installs it)");
            eprintln!("skipped: nginx is not installed (apt-get install nginx-light)");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let listeners: Vec<std::net::TcpListener> = roots.iter().map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap()).collect();
        let ports: Vec<u16> = listeners.iter().map(|l| l.local_addr().unwrap().port()).collect();
        drop(listeners);
        let servers: String = roots
            .iter()
            .zip(&ports)
            .map(|(root, port)| {
                // The shared file docs/deploy.md gives users, the common
                // dotfile hardening it must survive, and one test redirect.
                format!(
                    "  server {{\n    listen 127.0.0.1:{port};\n    root {root};\n    include {shared};\n    location ~ /\\. {{ deny all; }}\n    location = /moved/ {{ return 301 http://127.0.0.2:{port}/om/kontakt/; }}\n  }}\n",
                    root = root.display(),
                    shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deploy/sigill-nginx.conf").display(),
                )
            })
            .collect();
        let conf = format!(
            "daemon off;\nworker_processes 1;\nuser root;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n  client_body_temp_path {d};\n  proxy_temp_path {d};\n  fastcgi_temp_path {d};\n  uwsgi_temp_path {d};\n  scgi_temp_path {d};\n{servers}}}\n",
            d = dir.path().display(),
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
        while ports.iter().any(|port| TcpStream::connect(("127.0.0.1", *port)).is_err()) {
            assert!(started.elapsed() < Duration::from_secs(10), "nginx did not start: {}", std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default());
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Self { child, ports, _dir: dir })
    }

    /// A URL on the first served folder.
    pub fn url(&self, path: &str) -> String {
        self.origin(0) + path
    }

    /// `http://127.0.0.1:PORT` of the `index`th folder.
    pub fn origin(&self, index: usize) -> String {
        format!("http://127.0.0.1:{}", self.ports[index])
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM lets the master stop its workers; SIGKILL would orphan them.
        let _ = Command::new("kill").arg("-TERM").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }
}

