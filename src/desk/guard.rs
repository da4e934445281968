//! Who may talk to the desk: only this machine's browser, holding the
//! one-time token the desk printed. Every request must name the desk's own
//! loopback address as its `Host` (no DNS rebinding), carry the token (the
//! cookie set on the first visit, or the link's `token`), and any request
//! that changes something must come from the desk's own pages (`Origin`)
//! and repeat the token in its form (no cross-site request can sign).

use ring::digest::{digest, SHA256};

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// `Host` is not the desk's loopback address.
    Host,
    /// A request that changes something without the desk's own `Origin`.
    Origin,
    /// No valid token.
    Token,
}

/// The desk's address and secret.
pub struct Guard {
    token: String,
    port: u16,
}

/// What a request shows the guard.
#[derive(Debug, Default, Clone, Copy)]
pub struct Presented<'a> {
    /// GET and HEAD change nothing.
    pub safe: bool,
    pub host: Option<&'a str>,
    pub origin: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub query_token: Option<&'a str>,
    /// The `token` field of a submitted form.
    pub form_token: Option<&'a str>,
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    digest(&SHA256, a.as_bytes()).as_ref() == digest(&SHA256, b.as_bytes()).as_ref()
}

impl Guard {
    /// A guard for the desk on `port` with a fresh random token.
    pub fn new(port: u16) -> Result<Self, ring::error::Unspecified> {
        let mut bytes = [0u8; 24];
        ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut bytes)?;
        Ok(Self { token: crate::trust::encoding::hex(&bytes), port })
    }

    /// The token, for the address the desk prints.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The name of the cookie that carries the token (per port: cookies
    /// are shared by every port of a host).
    pub fn cookie_name(&self) -> String {
        format!("sigill_desk_{}", self.port)
    }

    /// The origins of the desk's own pages.
    pub fn origins(&self) -> [String; 2] {
        [format!("http://127.0.0.1:{}", self.port), format!("http://localhost:{}", self.port)]
    }

    /// Checks one request.
    pub fn check(&self, request: &Presented<'_>) -> Result<(), Refusal> {
        let hosts = [format!("127.0.0.1:{}", self.port), format!("localhost:{}", self.port)];
        if !request.host.is_some_and(|h| hosts.iter().any(|ok| ok == h)) {
            return Err(Refusal::Host);
        }
        let origins = self.origins();
        match request.origin {
            Some(origin) if !origins.iter().any(|ok| ok == origin) => return Err(Refusal::Origin),
            None if !request.safe => return Err(Refusal::Origin),
            _ => {}
        }
        let held = request.cookie.or(request.query_token);
        if !held.is_some_and(|t| same_secret(t, &self.token)) {
            return Err(Refusal::Token);
        }
        if !request.safe && !request.form_token.is_some_and(|t| same_secret(t, &self.token)) {
            return Err(Refusal::Token);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard { token: "secret-token".into(), port: 4100 }
    }

    fn ok<'a>() -> Presented<'a> {
        Presented { safe: false, host: Some("127.0.0.1:4100"), origin: Some("http://127.0.0.1:4100"), cookie: Some("secret-token"), query_token: None, form_token: Some("secret-token") }
    }

    #[test]
    fn only_the_desks_own_pages_with_the_token_pass() {
        let g = guard();
        assert_eq!(g.check(&ok()), Ok(()));
        assert_eq!(g.check(&Presented { host: Some("localhost:4100"), origin: Some("http://localhost:4100"), ..ok() }), Ok(()));
        assert_eq!(g.check(&Presented { host: Some("evil.example:4100"), ..ok() }), Err(Refusal::Host));
        assert_eq!(g.check(&Presented { host: Some("127.0.0.1:4101"), ..ok() }), Err(Refusal::Host));
        assert_eq!(g.check(&Presented { host: None, ..ok() }), Err(Refusal::Host));
        assert_eq!(g.check(&Presented { origin: Some("http://evil.example"), ..ok() }), Err(Refusal::Origin));
        assert_eq!(g.check(&Presented { origin: None, ..ok() }), Err(Refusal::Origin));
        assert_eq!(g.check(&Presented { cookie: Some("wrong"), ..ok() }), Err(Refusal::Token));
        assert_eq!(g.check(&Presented { cookie: None, ..ok() }), Err(Refusal::Token));
        assert_eq!(g.check(&Presented { form_token: None, ..ok() }), Err(Refusal::Token));
        // Reading needs the token but no origin; the link's token counts.
        let read = Presented { safe: true, origin: None, cookie: None, query_token: Some("secret-token"), form_token: None, ..ok() };
        assert_eq!(g.check(&read), Ok(()));
        assert_eq!(g.check(&Presented { query_token: Some("secret-tokem"), ..read }), Err(Refusal::Token));
    }

    #[test]
    fn tokens_are_random_and_long() {
        let (a, b) = (Guard::new(1).unwrap(), Guard::new(1).unwrap());
        assert_ne!(a.token(), b.token());
        assert_eq!(a.token().len(), 48);
    }
}
