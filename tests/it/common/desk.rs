//! A running `sigill desk` for tests, and a raw HTTP client that can send
//! what a browser never would (a foreign `Host`, no `Origin`), so the
//! desk's guard is tested against real requests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A desk process; killed when dropped.
pub struct DeskProcess {
    child: Child,
    pub port: u16,
    pub token: String,
    /// The line the desk printed: `http://127.0.0.1:<port>/?token=…`.
    pub url: String,
}

impl Drop for DeskProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers (lowercase names) and body.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl DeskProcess {
    /// Starts `sigill desk --key KEY --port 0` on `root` with the clock at
    /// `now` and messages in `language`, and waits for its address.
    pub fn start(root: &Path, key: &Path, now: &str, language: &str, data: &Path) -> Self {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("sigill"))
            .arg("--root")
            .arg(root)
            .arg("desk")
            .arg("--key")
            .arg(key)
            .args(["--port", "0"])
            .env("SIGILL_NOW", now)
            .env("SIGILL_LANG", language)
            .env("XDG_DATA_HOME", data)
            .env("XDG_CACHE_HOME", data.join("cache"))
            .env_remove("SIGILL_PASSPHRASE")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("sigill desk starts");
        let stdout = child.stdout.take().unwrap();
        let (send, receive) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("http://127.0.0.1:") {
                    let _ = send.send(line);
                }
            }
        });
        let url = receive.recv_timeout(Duration::from_secs(120)).expect("the desk prints its address on a line of its own");
        let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
        let port: u16 = rest.split('/').next().unwrap().parse().unwrap();
        let token = url.split("token=").nth(1).expect("the address carries a token").to_string();
        Self { child, port, token, url }
    }

    /// The desk's own origin.
    pub fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The headers a browser on the desk's own page sends with a form.
    pub fn own(&self) -> Vec<(String, String)> {
        vec![("Host".into(), format!("127.0.0.1:{}", self.port)), ("Origin".into(), self.origin()), ("Cookie".into(), format!("sigill_desk_{}={}", self.port, self.token))]
    }

    /// A form body with the desk's token and `fields`, URL-encoded.
    pub fn form(&self, fields: &[(&str, &str)]) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        out.append_pair("token", &self.token);
        for (k, v) in fields {
            out.append_pair(k, v);
        }
        out.finish()
    }

    /// Sends one request with exactly `headers` (no others but length and close).
    pub fn request(&self, method: &str, path: &str, headers: &[(String, String)], body: &str) -> Answer {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut request = format!("{method} {path} HTTP/1.1\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        if method == "POST" {
            request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        request.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()));
        stream.write_all(request.as_bytes()).unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).to_string();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
        Answer { status, headers, body: body.to_string() }
    }

    /// GET with the desk's own headers.
    pub fn get(&self, path: &str) -> Answer {
        let headers: Vec<(String, String)> = self.own().into_iter().filter(|(n, _)| n != "Origin").collect();
        self.request("GET", path, &headers, "")
    }

    /// POST a form from the desk's own page.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> Answer {
        self.request("POST", path, &self.own(), &self.form(fields))
    }
}

/// `path` as a query value.
pub fn q(path: &str) -> String {
    form_urlencoded::byte_serialize(path.as_bytes()).collect()
}
