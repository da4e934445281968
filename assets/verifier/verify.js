// Sigill's in-browser verifier. The same algorithm as `sigill verify`
// (docs/format.md), with WebCrypto Ed25519 and SHA-256. No framework, no
// requests to other sites unless the user asks for another site's page.
"use strict";

const WK = "/.well-known/sigill";
const P = (1n << 255n) - 19n;
const L = (1n << 252n) + 27742317777372353535851937790883648493n;
const SMALL_ORDER_Y = [0n, 1n, P - 1n,
  leInt(hexBytes("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")),
  leInt(hexBytes("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"))];
const LIMITS = { envelope: 1 << 20, proof: 1 << 20, page: 16 << 20, source: 1 << 20, files: 64 << 20, inputs: 4 << 20, file: 64 << 20 };
// Reason codes and their wording, written into the page by the build.
const REASONS = (() => { try { return JSON.parse(document.getElementById("sigill-reasons").textContent); } catch { return {}; } })();

const TEXT = {
  sv: {
    checking: "Kontrollerar …",
    verified: "Sidan är kontrollerad",
    warning: "Sidan är oförändrad, men läs varningen",
    failed: "Kontrollen misslyckades",
    intactYes: "Innehållet är exakt det som godkändes.",
    intactNo: "Innehållet stämmer inte med godkännandet.",
    trustYes: "Godkännandet är giltigt: gjort av en behörig person med en giltig nyckel.",
    trustNo: "Godkännandet håller inte.",
    approvedBy: "Godkänd av",
    alsoApprovedBy: "Godkänd även av",
    approvedOn: "Godkänd",
    reviewBy: "Granskas senast",
    note: "Ändring",
    fingerprint: "Webbplatsens fingeravtryck",
    pinnedNow: "Första besöket: fingeravtrycket har sparats i den här webbläsaren. Jämför det med det som organisationen publicerar på andra ställen.",
    pinnedSame: "Fingeravtrycket är detsamma som vid ditt förra besök.",
    pinnedChanged: "VARNING: webbplatsens fingeravtryck har ändrats sedan ditt förra besök. Det kan betyda att någon har tagit kontroll över webbplatsen. Lita inte på sidan förrän organisationen har bekräftat det nya fingeravtrycket.",
    stale: "Webbplatsen har inte byggts om i tid (utgivningen gick ut {date}).",
    lapsed: "Sidans granskningsdatum har passerat ({date}).",
    noEd25519: "Din webbläsare kan inte kontrollera Ed25519-signaturer. Använd kommandoradsverktyget: sigill verify {url}",
    problem: "Det här stämde inte:",
    checkedAt: "Kontrollerad",
    enterPage: "Ange en sida att kontrollera.",
    forget: "Glöm sparat fingeravtryck",
    forgotten: "Det sparade fingeravtrycket är borttaget.",
    otherOrigin: "Den här kontrollen gäller sidor på {origin}. För att kontrollera en sida på en annan webbplats ({other}) måste du ange den webbplatsens förtroendeankare, som du har fått från en annan källa.",
    badAnchor: "Förtroendeankaret ska vara sha256: följt av 64 hexadecimala tecken (mellanslag går bra).",
    checkedSite: "Kontrollerad webbplats",
    detail: "Teknisk förklaring",
  },
  en: {
    checking: "Checking …",
    verified: "The page is verified",
    warning: "The page is unchanged, but read the warning",
    failed: "The check failed",
    intactYes: "The content is exactly what was approved.",
    intactNo: "The content does not match its approval.",
    trustYes: "The approval is valid: made by an authorised person with a valid key.",
    trustNo: "The approval does not hold.",
    approvedBy: "Approved by",
    alsoApprovedBy: "Also approved by",
    approvedOn: "Approved on",
    reviewBy: "Review due",
    note: "Change",
    fingerprint: "Site fingerprint",
    pinnedNow: "First visit: the fingerprint has been saved in this browser. Compare it with the one the organisation publishes elsewhere.",
    pinnedSame: "The fingerprint is the same as on your previous visit.",
    pinnedChanged: "WARNING: the site's fingerprint has changed since your previous visit. Someone may have taken control of the site. Do not trust the page until the organisation has confirmed the new fingerprint.",
    stale: "The site has not been rebuilt in time (its release expired {date}).",
    lapsed: "The page's review date has passed ({date}).",
    noEd25519: "Your browser cannot check Ed25519 signatures. Use the command-line tool: sigill verify {url}",
    problem: "What did not match:",
    checkedAt: "Checked",
    enterPage: "Enter a page to check.",
    forget: "Forget saved fingerprint",
    forgotten: "The saved fingerprint has been removed.",
    otherOrigin: "This check covers pages on {origin}. To check a page on another site ({other}) you must enter that site's trust anchor, obtained from a source other than the site.",
    badAnchor: "The trust anchor is sha256: followed by 64 hexadecimal characters (spaces are fine).",
    checkedSite: "Site checked",
    detail: "Technical detail",
  },
};
const lang = (document.documentElement.lang || "sv").startsWith("en") ? "en" : "sv";
const t = (key, vars = {}) => TEXT[lang][key].replace(/\{(\w+)\}/g, (_, k) => vars[k] ?? "");

// A failed check: `reason` is a stable code shared with `sigill verify`
// and the independent verifier; `detail` says exactly what did not match.
class Reject extends Error {
  constructor(detail, reason) { super(detail); this.reason = reason; }
}
const finding = (reason, detail) => ({ reason, detail });
const wording = (reason) => (REASONS[reason] && REASONS[reason][lang]) || reason;

function hexBytes(hex) {
  if (!/^([0-9a-f]{2})*$/.test(hex)) throw new Reject("not lowercase hex");
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}
function toHex(bytes) { return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(""); }
function leInt(bytes) { let n = 0n; for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]); return n; }
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: true });
function equalBytes(a, b) { return a.length === b.length && a.every((x, i) => x === b[i]); }

function b64(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4) throw new Reject("invalid base64");
  const bin = atob(text);
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  if (btoa(bin) !== text) throw new Reject("non-canonical base64");
  return bytes;
}

async function sha256(bytes) { return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)); }
async function sha256Hex(bytes) { return toHex(await sha256(bytes)); }

// Canonical JSON: keys sorted, no whitespace, integers only. We re-encode
// and compare bytes, which also rejects duplicate keys and floats like 1.0.
function canonicalEncode(value) {
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new Reject("a number that is not an integer");
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(canonicalEncode).join(",") + "]";
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalEncode(value[k])).join(",") + "}";
}
function canonical(bytes, fields) {
  let text;
  try { text = dec.decode(bytes); } catch { throw new Reject("not UTF-8"); }
  if (text.charCodeAt(0) === 0xfeff) throw new Reject("byte order mark");
  let value;
  try { value = JSON.parse(text); } catch (e) { throw new Reject("not JSON"); }
  if (canonicalEncode(value) !== text) throw new Reject("not canonical JSON");
  if (fields) exactFields(value, fields);
  return value;
}
function exactFields(value, fields) {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Reject("not an object");
  const have = Object.keys(value).sort().join(",");
  if (have !== [...fields].sort().join(",")) throw new Reject(`unexpected fields: ${have}`);
}

function checkPublicKey(raw) {
  if (raw.length !== 32) throw new Reject("a public key is 32 bytes");
  const y = leInt(raw) & ((1n << 255n) - 1n);
  if (y >= P) throw new Reject("non-canonical public key");
  if (SMALL_ORDER_Y.includes(y)) throw new Reject("public key of small order");
  return raw;
}

async function ed25519Verify(publicKey, signature, message) {
  if (signature.length !== 64 || leInt(signature.slice(32)) >= L) return false;
  const key = await crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
  return crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
}

async function supportsEd25519() {
  try {
    // RFC 8032 test 1 public key.
    await crypto.subtle.importKey("raw", hexBytes("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"), { name: "Ed25519" }, false, ["verify"]);
    return true;
  } catch { return false; }
}

function pae(type, body) {
  const t = enc.encode(type);
  return concat(enc.encode(`DSSEv1 ${t.length} `), t, enc.encode(` ${body.length} `), body);
}

// keys: Map keyid -> raw key. Returns the payload bytes when the threshold holds.
async function openEnvelope(envelope, type, keys, threshold) {
  exactFields(envelope, ["payload", "payloadType", "signatures"]);
  if (envelope.payloadType !== type) throw new Reject(`payloadType ${envelope.payloadType} is not ${type}`);
  const body = b64(envelope.payload);
  const seen = new Set();
  let good = 0;
  for (const s of envelope.signatures) {
    exactFields(s, ["keyid", "sig"]);
    if (seen.has(s.keyid)) throw new Reject("a keyid appears twice");
    seen.add(s.keyid);
    const sig = b64(s.sig);
    const key = keys.get(s.keyid);
    if (key && (await sha256Hex(key)) === s.keyid && (await ed25519Verify(key, sig, pae(type, body)))) good++;
  }
  if (threshold < 1 || good < threshold) throw new Reject(`${good} valid signature(s), ${threshold} required`);
  return body;
}

async function roleKeys(root, role) {
  const r = root.roles[role];
  const keys = new Map();
  for (const id of r.keyids) {
    const raw = checkPublicKey(b64(root.keys[id].public));
    if ((await sha256Hex(raw)) !== id) throw new Reject("root keyid does not match its key");
    keys.set(id, raw);
  }
  return [keys, r.threshold];
}

// A strict YYYY-MM-DDTHH:MM:SSZ time in milliseconds; anything else (an
// impossible date such as 2026-02-30, a NaN) is a failure, never a pass.
const time = (text) => {
  const m = typeof text === "string" && /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(text);
  if (!m) throw new Reject(`bad time ${text}`);
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  const d = new Date(ms);
  if (!Number.isFinite(ms) || d.getUTCFullYear() !== +m[1] || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]
      || d.getUTCHours() !== +m[4] || d.getUTCMinutes() !== +m[5] || d.getUTCSeconds() !== +m[6]) throw new Reject(`impossible time ${text}`);
  return ms;
};

async function fetchBytes(origin, path, limit) {
  const response = await fetch(origin + path, { cache: "no-store", redirect: "error", credentials: "omit" });
  if (response.status === 404) return null;
  if (!response.ok) throw new Reject(`${path}: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw new Reject(`${path} is too large`);
  return bytes;
}
async function mustFetch(origin, path, limit) {
  const bytes = await fetchBytes(origin, path, limit);
  if (!bytes) throw new Reject(`${path} was not found`);
  return bytes;
}

async function nodeHash(l, r) { return sha256(concat(new Uint8Array([1]), l, r)); }
// The page tiles (docs/format.md, "Page tiles"): from the leaf's tile up
// to the single tile of the top level, whose hash is the pages root. Null
// when a tile is missing, of the wrong size or does not hold the hash
// from below at the leaf's place.
const TILE_WIDTH = 256;
async function rootFromTiles(origin, leafHash, index, size) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let want = toHex(leafHash), level = 0, count = size;
  for (;;) {
    const n = Math.floor(index / TILE_WIDTH);
    const width = Math.min(TILE_WIDTH, count - n * TILE_WIDTH);
    let bytes;
    try { bytes = await fetchBytes(origin, `${WK}/page-tiles/${level}/${n}`, TILE_WIDTH * 32); } catch (e) { return null; }
    if (!bytes || bytes.length !== width * 32) return null;
    const entries = [];
    for (let i = 0; i < width; i++) entries.push(bytes.slice(i * 32, i * 32 + 32));
    if (toHex(entries[index % TILE_WIDTH]) !== want) return null;
    const hash = await treeHash(entries);
    if (count <= TILE_WIDTH) return hash;
    want = toHex(hash);
    index = n;
    count = Math.ceil(count / TILE_WIDTH);
    level += 1;
  }
}

const covers = (scope, path) => (scope.endsWith("/") ? path.startsWith(scope) : path === scope);
// The URL a content file gets without a slug (docs/format.md, "Scopes and URLs").
function defaultUrl(path) {
  const m = /^content\/(.*)\.md$/.exec(path);
  if (!m) return null;
  let rest = m[1];
  if (rest === "_index" || rest === "index") rest = "";
  else if (rest.endsWith("/_index")) rest = rest.slice(0, -7);
  else if (rest.endsWith("/index")) rest = rest.slice(0, -6);
  return rest ? `/${rest}/` : "/";
}
function coversUrl(scope, url) {
  if (!url.startsWith("/") || !url.endsWith("/")) return false;
  const inner = url.slice(1, -1);
  if (inner && !inner.split("/").every((s) => /^[a-z0-9_.-]+$/.test(s) && !s.startsWith("."))) return false;
  if (!scope.startsWith("content/")) return false;
  if (scope.endsWith("/")) return url.startsWith("/" + scope.slice("content/".length));
  return defaultUrl(scope) === url;
}

// Every same-origin file a page embeds (src, <link href>) or links in its
// own folder (its bundle), as URL paths — the same rule as `sigill verify`.
function embeddedPaths(html, url) {
  const found = new Set();
  for (const [attribute, always] of [['src="', true], ['href="', false]]) {
    let at = html.indexOf(attribute);
    while (at !== -1) {
      const start = at + attribute.length;
      const end = html.indexOf('"', start);
      if (end === -1) break;
      let value = html.slice(start, end).replaceAll("&amp;", "&").split(/[#?]/)[0];
      if (value && !value.endsWith("/") && !value.startsWith("//") && !value.includes(":")) {
        const joined = value.startsWith("/") ? value : url + value;
        const parts = [];
        let ok = true;
        for (const s of joined.split("/")) {
          if (s === "" || s === ".") continue;
          if (s === "..") { if (!parts.length) { ok = false; break; } parts.pop(); } else parts.push(s);
        }
        const path = "/" + parts.join("/");
        const tag = html.slice(html.lastIndexOf("<", at), at);
        if (ok && (always || tag.startsWith("<link") || path.startsWith(url))) found.add(path);
      }
      at = html.indexOf(attribute, end);
    }
  }
  return [...found].sort();
}

// One approval envelope under the registry: signature by the key it names.
async function openApproval(env, owners) {
  const allKeys = new Map([...owners].map(([id, o]) => [id, o.raw]));
  let payload;
  try {
    const body = await openEnvelope(env, "application/vnd.sigill.approval.v1+json", allKeys, 1);
    const fields = ["approved_at", "assets", "keyid", "note", "path", "previous", "publisher", "review_by", "sequence", "site", "source_len", "source_sha256", "url"];
    const named = ["publisher_name", "publisher_title", "publisher_unit"];
    payload = canonical(body);
    // The publisher's signed naming comes as all three fields or none.
    const terms = ["publish_at", "translation_of", "unpublish_at"].filter((f) => f in payload);
    exactFields(payload, [...(named.every((f) => f in payload) ? [...fields, ...named] : fields), ...("minor" in payload ? ["minor"] : []), ...terms, ...("co_approves" in payload ? ["co_approves"] : [])]);
    if ("co_approves" in payload && !/^[0-9a-f]{64}$/.test(payload.co_approves)) throw new Reject("co_approves is a sha256");
    for (const f of ["publish_at", "unpublish_at"]) if (f in payload) time(payload[f]);
    if ("translation_of" in payload) {
      const t = payload.translation_of;
      if (t === null || typeof t !== "object" || Array.isArray(t)) throw new Reject("translation_of is {path, source_sha256}");
      exactFields(t, ["path", "source_sha256"]);
      if (typeof t.path !== "string" || !/^[0-9a-f]{64}$/.test(t.source_sha256)) throw new Reject("translation_of is {path, source_sha256}");
    }
    if ("minor" in payload && payload.minor !== true) throw new Reject("minor is either true or absent");
    if (named.some((f) => f in payload) && !named.every((f) => typeof payload[f] === "string" && payload[f].trim())) throw new Reject("incomplete naming");
    time(payload.approved_at); time(payload.review_by);
  } catch (e) {
    throw new Reject(`the approval's signature does not verify under a key of the publisher registry (${e.message})`, "approval_invalid");
  }
  if (env.signatures.length !== 1 || env.signatures[0].keyid !== payload.keyid) throw new Reject("the approval is signed by another key than it names", "approval_invalid");
  return payload;
}

// Who may have made an approval, and whether it still holds at `now`.
function authority(payload, owners, root, now) {
  const out = [];
  const { pub, key } = owners.get(payload.keyid);
  const at = time(payload.approved_at), review = time(payload.review_by);
  if (pub.id !== payload.publisher) out.push(finding("key_not_owned", `the key belongs to ${pub.id}, not ${payload.publisher}`));
  if (!pub.scopes.some((s) => covers(s, payload.path))) out.push(finding("out_of_scope", `${pub.id} is not responsible for ${payload.path}`));
  if (payload.url !== null && !pub.scopes.some((s) => coversUrl(s, payload.url))) out.push(finding("out_of_scope", `${pub.id} cannot take the URL ${payload.url}`));
  if (key.status === "compromised") out.push(finding("key_compromised", `the publisher's key is marked compromised since ${key.status_since}`));
  if (key.status === "retired" && at >= time(key.status_since)) out.push(finding("key_not_valid", "the key was retired before the approval"));
  if (at < time(key.valid_from) || at >= time(key.valid_until)) out.push(finding("key_not_valid", "the key was not valid when the page was approved"));
  if (at > now) out.push(finding("approval_future", "the approval is dated in the future"));
  if (review - at > root.policy.max_review_days * 86400000) out.push(finding("review_beyond_policy", "the review date is beyond the site's policy"));
  const lapsed = now >= review ? finding("approval_lapsed", `the review date ${payload.review_by.slice(0, 10)} has passed`) : null;
  return { pub, findings: out, lapsed };
}

// The whole check. Returns {outcome, intact, problems, warnings, approval, anchor, site}.
// `pinned` is the anchor the user gave, or null (trust on first use).
async function verifyPage(origin, url, now, pinned) {
  const result = { outcome: "failed", intact: false, problems: [], warnings: [], approval: null, anchor: null, site: null, url: origin + url };
  let stage = "root_invalid";
  try {
    // 1. Root chain.
    const versions = [];
    for (let n = 1; n <= 1000; n++) {
      const bytes = await fetchBytes(origin, `${WK}/root/${n}.root.json`, LIMITS.envelope);
      if (!bytes) break;
      versions.push(bytes);
    }
    if (!versions.length) throw new Reject("the site publishes no root of trust");
    result.anchor = "sha256:" + (await sha256Hex(versions[0]));
    if (pinned && pinned !== result.anchor) throw new Reject(`the site's first root hashes to ${result.anchor}, not to the anchor you gave (${pinned})`, "anchor_mismatch");
    let root = null;
    for (const [i, bytes] of versions.entries()) {
      const env = canonical(bytes);
      if (root) { const [k, th] = await roleKeys(root, "root"); await openEnvelope(env, "application/vnd.sigill.root.v1+json", k, th); }
      const next = canonical(b64(env.payload), ["expires", "keys", "policy", "roles", "site", "version"]);
      const [k, th] = await roleKeys(next, "root");
      await openEnvelope(env, "application/vnd.sigill.root.v1+json", k, th);
      if (next.version !== i + 1 || (root && root.site !== next.site)) throw new Reject("root versions do not chain");
      root = next;
    }
    if (now >= time(root.expires)) throw new Reject("the site's root of trust has expired", "root_expired");
    result.site = root.site;
    // 2. Release.
    stage = "release_invalid";
    const [rk, rth] = await roleKeys(root, "release");
    const releaseBytes = await mustFetch(origin, `${WK}/release.json`, LIMITS.envelope);
    const release = canonical(await openEnvelope(canonical(releaseBytes), "application/vnd.sigill.release.v1+json", rk, rth),
      ["builder", "created", "expires", "files_count", "files_sha256", "inputs_sha256", "pages_count", "pages_root", "registry_sha256", "release", "root_sha256", "site"]);
    const created = time(release.created), expires = time(release.expires);
    hexBytes(release.pages_root);
    if (release.site !== root.site || release.root_sha256 !== (await sha256Hex(versions[versions.length - 1]))) throw new Reject("the release does not belong to this root", "release_mismatch");
    if (expires <= created || expires - created > root.policy.release_max_days * 86400000) throw new Reject("the release's lifetime is not within the root policy");
    if (created > now + 600000) throw new Reject(`the release is dated ${release.created}, after the time of this check`, "release_future");
    // A failure of its own: the site may be intact, but nobody vouches that it is current.
    const stale = now >= expires;
    // 3. Registry.
    stage = "registry_invalid";
    const regBytes = await mustFetch(origin, `${WK}/registry.json`, LIMITS.envelope);
    if ((await sha256Hex(regBytes)) !== release.registry_sha256) throw new Reject("the publisher registry is not the one the release pins");
    const [gk, gth] = await roleKeys(root, "registry");
    const registry = canonical(await openEnvelope(canonical(regBytes), "application/vnd.sigill.registry.v1+json", gk, gth));
    exactFields(registry, ["expires", "publishers", "site", "version", ...("rules" in registry ? ["rules"] : [])]);
    // The two-person rule: scopes whose pages need several publishers.
    const rules = registry.rules ?? [];
    if ("rules" in registry && (!Array.isArray(rules) || !rules.length)) throw new Reject("the registry's rules are malformed");
    rules.forEach((r, i) => {
      exactFields(r, ["required_approvals", "scope"]);
      if (typeof r.scope !== "string" || !r.scope.startsWith("content/") || !Number.isInteger(r.required_approvals) || r.required_approvals < 1 || r.required_approvals > 5) throw new Reject("a registry rule is malformed");
      if (i && !(rules[i - 1].scope < r.scope)) throw new Reject("the registry's rules are not sorted");
    });
    if (registry.site !== root.site || now >= time(registry.expires)) throw new Reject("the publisher registry is for another site or has expired");
    const owners = new Map();
    for (const pub of registry.publishers) {
      exactFields(pub, ["id", "keys", "name", "scopes", "title", "unit"]);
      for (const k of pub.keys) {
        exactFields(k, ["keyid", "public", "status", "status_since", "valid_from", "valid_until"]);
        const raw = checkPublicKey(b64(k.public));
        for (const f of ["status_since", "valid_from", "valid_until"]) time(k[f]);
        if ((await sha256Hex(raw)) !== k.keyid || owners.has(k.keyid)) throw new Reject("a registry key does not match its keyid");
        owners.set(k.keyid, { pub, key: k, raw });
      }
    }
    // 4. The list of published files.
    stage = "files_invalid";
    const filesBytes = await mustFetch(origin, `${WK}/files.json`, LIMITS.files);
    if ((await sha256Hex(filesBytes)) !== release.files_sha256) throw new Reject("the list of published files is not the one the release signs");
    const filesIndex = canonical(filesBytes, ["files", "format"]);
    const files = new Map();
    let previous = null;
    for (const f of filesIndex.files) {
      exactFields(f, ["len", "path", "sha256"]);
      hexBytes(f.sha256);
      if (previous !== null && !(previous < f.path)) throw new Reject("files.json is not sorted");
      previous = f.path;
      files.set(f.path, f);
    }
    if (filesIndex.format !== "sigill-files-v1" || files.size !== release.files_count) throw new Reject("files.json is malformed");
    // 5. The approvals of the theme and site.toml.
    stage = "inputs_invalid";
    const inputsBytes = await mustFetch(origin, `${WK}/inputs.json`, LIMITS.inputs);
    if ((await sha256Hex(inputsBytes)) !== release.inputs_sha256) throw new Reject("inputs.json is not the one the release signs");
    const inputs = canonical(inputsBytes, ["approvals", "format"]);
    const inputPaths = [];
    for (const env of inputs.approvals) {
      const payload = await openApproval(env, owners).catch((e) => { throw new Reject(e.message, "inputs_invalid"); });
      if (payload.site !== root.site || payload.url !== null) throw new Reject(`the approval of ${payload.path} is not a site input of this site`);
      if (payload.path.startsWith("static/")) {
        const listed = files.get("/" + payload.path.slice("static/".length));
        if (!listed || listed.sha256 !== payload.source_sha256 || listed.len !== payload.source_len) throw new Reject(`${payload.path} is not published as approved`);
      }
      const { findings, lapsed } = authority(payload, owners, root, now);
      if (findings.length) throw new Reject(`${payload.path}: ${findings.map((f) => f.detail).join("; ")}`);
      if (lapsed) result.warnings.push(lapsed);
      inputPaths.push(payload.path);
    }
    const themes = inputPaths.filter((p) => p.startsWith("themes/") && p.endsWith("/theme.toml")).length;
    const siteFiles = inputPaths.every((p) => p === "site.toml" || (p.startsWith("themes/") && p.endsWith("/theme.toml")) || (p.startsWith("data/") && p.endsWith(".toml")) || p.startsWith("static/"));
    const ordered = inputPaths.every((p, i) => i === 0 || inputPaths[i - 1] < p);
    if (inputs.format !== "sigill-inputs-v1" || themes !== 1 || inputPaths.filter((p) => p === "site.toml").length !== 1 || !siteFiles || !ordered)
      throw new Reject("inputs.json must hold one approval of site.toml and one of a theme, besides data/*.toml and static/ files, sorted");
    // 5b. The release log: signed, whole, ending in this release, and
    // extending the log this browser saw before.
    stage = "log_invalid";
    const log = await checkLog(origin, versions, root, release, releaseBytes);
    result.log = { size: log.size, root: log.root };
    const seen = remembered(origin);
    if (seen && seen.anchor === result.anchor) {
      if (log.size < seen.size) result.problems.push(finding("log_rollback", `the log has ${log.size} releases, but this browser already saw ${seen.size}: an older state of the site is shown`));
      else if (toHex(await treeHash(log.leaves.slice(0, seen.size))) !== seen.root) result.problems.push(finding("log_fork", "the site's log does not extend the one this browser saw before: its history was rewritten"));
    }
    if (stale) result.problems.push(finding("release_stale", `the release expired at ${release.expires}: the site has not been rebuilt in time`));
    // 6. Page and proof.
    stage = "page_missing";
    const html = await mustFetch(origin, url, LIMITS.page);
    stage = "proof_invalid";
    const proofPath = url.endsWith("/") ? url + "index.html.proof.json" : url + ".proof.json";
    const proof = canonical(await mustFetch(origin, proofPath, LIMITS.proof), ["approvals", "format", "leaf", "leaf_index", "release", "tree_size"]);
    const leaf = proof.leaf;
    exactFields(leaf, ["approvals", "approved_at", "html_len", "html_sha256", "path", "publisher", "review_by", "source_sha256", "url"]);
    const integrity = [];
    if (proof.format !== "sigill-proof-v2" || proof.release !== `${WK}/release.json`) integrity.push(finding("proof_invalid", "unknown proof format"));
    if (leaf.url !== url) integrity.push(finding("proof_other_page", `the proof is for ${leaf.url}, not for ${url} (a proof of another page)`));
    const htmlHash = await sha256Hex(html);
    if (htmlHash !== leaf.html_sha256 || html.length !== leaf.html_len) integrity.push(finding("content_mismatch", `content does not match its approval: the page hashes to ${htmlHash}, the release says ${leaf.html_sha256}`));
    const leafHash = await sha256(concat(new Uint8Array([0]), enc.encode(canonicalEncode(leaf))));
    const computed = proof.tree_size === release.pages_count ? await rootFromTiles(origin, leafHash, proof.leaf_index, proof.tree_size) : null;
    if (!computed || toHex(computed) !== release.pages_root) integrity.push(finding("inclusion_invalid", "the page's proof does not lead to the signed release (a proof of another page or another build)"));
    // 7. Approval.
    stage = "approval_invalid";
    const trust = [];
    const bound = new Set();
    const opened = [];
    for (const env of proof.approvals) {
      bound.add(await sha256Hex(enc.encode(canonicalEncode(env))));
      try { opened.push([env, await openApproval(env, owners)]); } catch (e) { trust.push(finding(e.reason, e.message)); }
    }
    // Exactly one approval is the page's own; any other is a co-approval of it.
    const primaries = opened.filter(([, p]) => !("co_approves" in p));
    if (opened.length === proof.approvals.length && primaries.length !== 1) integrity.push(finding("approval_unbound", "the proof must hold exactly one approval of the page; any other must be a co-approval of it"));
    if (primaries.length === 1) {
      const [env, payload] = primaries[0];
      if (payload.url !== leaf.url) integrity.push(finding("url_mismatch", `the approval is for the URL ${payload.url}, but the release puts it at ${leaf.url}`));
      for (const f of ["path", "source_sha256", "publisher", "approved_at", "review_by"]) if (payload[f] !== leaf[f]) integrity.push(finding("approval_mismatch", `the approval's ${f} differs from the page's`));
      if (payload.site !== root.site) integrity.push(finding("approval_mismatch", "the approval is for another site"));
      for (const asset of payload.assets) {
        const listed = files.get("/" + asset.path.replace(/^content\//, ""));
        if (!listed || listed.sha256 !== asset.sha256) integrity.push(finding("approval_mismatch", `the bundle file ${asset.path} is not published as approved`));
      }
      const { pub, findings, lapsed } = authority(payload, owners, root, now);
      trust.push(...findings);
      // A page with a signed publication time is in no release made before it.
      if ("publish_at" in payload && time(release.created) < time(payload.publish_at)) integrity.push(finding("published_early", `the release is older than the time the approval lets the page be published (${payload.publish_at})`));
      // Time comes from the log: the approval counts from the release that first logged it.
      const loggedAt = log.logged.get(await sha256Hex(enc.encode(canonicalEncode(env))));
      const owner = owners.get(payload.keyid);
      if (loggedAt === undefined) integrity.push(finding("log_mismatch", "the page's approval is not in the log's record of the release"));
      else if (owner && owner.key.status === "retired" && time(owner.key.status_since) <= time(loggedAt)) trust.push(finding("key_not_valid", "the approval was first published after its key was retired"));
      // Intact and approved, but due for review: a warning, as the page says.
      if (lapsed) result.warnings.push(lapsed);
      result.approval = { name: payload.publisher_name ?? pub.name, title: payload.publisher_title ?? pub.title, unit: payload.publisher_unit ?? pub.unit, approved_at: payload.approved_at, review_by: payload.review_by, note: payload.note, co_approvers: [] };
      // The two-person rule: other publishers' approvals of the same text.
      const primarySha = await sha256Hex(b64(env.payload));
      const approvers = [payload.publisher];
      const same = ["site", "path", "url", "source_sha256", "source_len", "assets", "sequence", "previous", "translation_of", "publish_at", "unpublish_at"];
      for (const [coEnv, co] of opened) {
        if (co === payload) continue;
        const differs = same.find((f) => canonicalEncode(co[f] ?? null) !== canonicalEncode(payload[f] ?? null));
        if (co.co_approves !== primarySha || co.publisher === payload.publisher || differs) { trust.push(finding("too_few_approvals", `a co-approval does not match the page's approval (${differs ?? "co_approves"})`)); continue; }
        const checked = authority(co, owners, root, now);
        trust.push(...checked.findings);
        if (checked.lapsed) result.warnings.push(checked.lapsed);
        const coLogged = log.logged.get(await sha256Hex(enc.encode(canonicalEncode(coEnv))));
        if (coLogged === undefined) integrity.push(finding("log_mismatch", "a co-approval is not in the log's record of the release"));
        if (!checked.findings.length && !approvers.includes(co.publisher)) {
          approvers.push(co.publisher);
          result.approval.co_approvers.push({ name: co.publisher_name ?? checked.pub.name, title: co.publisher_title ?? checked.pub.title, unit: co.publisher_unit ?? checked.pub.unit, approved_at: co.approved_at });
        }
      }
      const need = Math.max(1, ...rules.filter((r) => covers(r.scope, leaf.path)).map((r) => r.required_approvals));
      if (approvers.length < need) trust.push(finding("too_few_approvals", `approved by ${approvers.length} of ${need} publishers`));
    }
    if (!proof.approvals.length || bound.size !== leaf.approvals.length || !leaf.approvals.every((h) => bound.has(h))) integrity.push(finding("approval_unbound", "the approvals in the proof are not the ones the release binds"));
    // 8. The published source, when there is one.
    stage = "source_mismatch";
    const sourcePath = url.endsWith("/") ? url + "index.md" : url + ".md";
    const source = await fetchBytes(origin, sourcePath, LIMITS.source);
    if (!source) result.warnings.push(finding("source_missing", "the approved source text is not published beside the page"));
    else if ((await sha256Hex(source)) !== leaf.source_sha256) integrity.push(finding("source_mismatch", "the published source text is not the approved text"));
    // 9. The files the page embeds and its bundle's files.
    stage = "file_missing";
    let text = "";
    try { text = dec.decode(html); } catch { text = ""; }
    for (const p of embeddedPaths(text, url)) {
      const listed = files.get(p);
      if (!listed) { integrity.push(finding("file_extra", `${p} is not a file of the signed release`)); continue; }
      const bytes = await fetchBytes(origin, p, LIMITS.file);
      if (!bytes) integrity.push(finding("file_missing", `${p} is missing: the signed release lists it`));
      else if ((await sha256Hex(bytes)) !== listed.sha256 || bytes.length !== listed.len) integrity.push(finding("file_changed", `${p} was changed after the build`));
    }
    result.intact = integrity.length === 0;
    result.problems.push(...integrity, ...trust);
    result.outcome = result.problems.length ? "failed" : result.warnings.length ? "warning" : "verified";
  } catch (e) {
    result.problems.push(finding((e instanceof Reject && e.reason) || stage, e.message || String(e)));
    result.outcome = "failed";
  }
  return result;
}

// The release log (docs/format.md, step 6): a C2SP signed-note checkpoint
// over an RFC 6962 tree of entries, published as C2SP tlog-tiles.
async function treeHash(leaves) {
  if (leaves.length === 0) return sha256(new Uint8Array(0));
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(await treeHash(leaves.slice(0, k)), await treeHash(leaves.slice(k)));
}

function tileIndex(n) {
  const parts = [String(n % 1000).padStart(3, "0")];
  for (n = Math.floor(n / 1000); n > 0; n = Math.floor(n / 1000)) parts.unshift("x" + String(n % 1000).padStart(3, "0"));
  return parts.join("/");
}

async function openCheckpoint(bytes, origin, keys) {
  const text = dec.decode(bytes);
  if ([...text].some((c) => c < " " && c !== "\n")) throw new Reject("the log checkpoint has control characters");
  const split = text.lastIndexOf("\n\n");
  if (split < 0) throw new Reject("the log checkpoint is not a signed note");
  const body = text.slice(0, split + 1);
  let signed = false;
  for (const line of text.slice(split + 2).replace(/\n$/, "").split("\n")) {
    if (!line.startsWith("\u2014 ")) throw new Reject("malformed signature line in the log checkpoint");
    const [name, sig] = line.slice(2).split(" ");
    const raw = b64(sig);
    if (name !== origin || raw.length !== 68) continue;
    for (const key of keys) {
      const id = (await sha256(concat(enc.encode(origin + "\n"), new Uint8Array([1]), key))).slice(0, 4);
      if (!equalBytes(id, raw.slice(0, 4))) continue;
      if (!(await ed25519Verify(key, raw.slice(4), enc.encode(body)))) throw new Reject("the log checkpoint's signature does not verify");
      signed = true;
    }
  }
  if (!signed) throw new Reject("the log checkpoint is not signed by a release key of the root");
  const lines = body.split("\n");
  if (lines[0] !== origin || !/^(0|[1-9][0-9]*)$/.test(lines[1])) throw new Reject("the log checkpoint's origin or size is wrong");
  const rootHash = b64(lines[2]);
  if (rootHash.length !== 32) throw new Reject("the log checkpoint's root is not a hash");
  return { size: Number(lines[1]), rootHash };
}

async function checkLog(origin, versions, root, release, releaseBytes) {
  const keys = [];
  for (const bytes of versions) {
    const payload = canonical(b64(canonical(bytes).payload));
    for (const keyid of payload.roles.release.keyids) {
      const raw = checkPublicKey(b64(payload.keys[keyid].public));
      if (!keys.some((k) => equalBytes(k, raw))) keys.push(raw);
    }
  }
  const { size, rootHash } = await openCheckpoint(await mustFetch(origin, `${WK}/log/checkpoint`, 16384), root.site + "/sigill-log", keys);
  if (size < 1 || size > 1000000) throw new Reject("the log's size is out of range");
  const entries = [];
  for (let n = 0; n * 256 < size; n++) {
    const width = Math.min(256, size - n * 256);
    const bundle = await mustFetch(origin, `${WK}/log/tile/entries/${tileIndex(n)}` + (width === 256 ? "" : `.p/${width}`), 256 * 16386);
    for (let at = 0; at < bundle.length;) {
      if (at + 2 > bundle.length) throw new Reject("an entry bundle is cut off");
      const length = (bundle[at] << 8) | bundle[at + 1];
      if (at + 2 + length > bundle.length) throw new Reject("an entry bundle is cut off");
      entries.push(bundle.slice(at + 2, at + 2 + length));
      at += 2 + length;
    }
    if (entries.length !== n * 256 + width) throw new Reject("an entry bundle holds the wrong number of entries");
  }
  const leaves = [];
  for (const e of entries) leaves.push(await sha256(concat(new Uint8Array([0]), e)));
  if (!equalBytes(await treeHash(leaves), rootHash)) throw new Reject("the log's entries do not hash to its checkpoint");
  const fields = ["created", "format", "index", "pages_root", "registry_sha256", "registry_version", "release_sha256", "root_sha256", "root_version", "site", "state_sha256"];
  const parsed = entries.map((e) => canonical(e, fields));
  parsed.forEach((e, i) => {
    if (e.format !== "sigill-log-entry-v1" || e.index !== i) throw new Reject(`log entry ${i} is malformed`);
    const a = parsed[i - 1];
    if (a && (time(e.created) <= time(a.created) || e.root_version < a.root_version || e.registry_version < a.registry_version || e.site !== a.site)) throw new Reject(`log entry ${i} goes backwards`);
  });
  const last = parsed[parsed.length - 1];
  if (last.release_sha256 !== (await sha256Hex(releaseBytes)) || last.created !== release.created || last.pages_root !== release.pages_root
      || last.root_sha256 !== release.root_sha256 || last.registry_sha256 !== release.registry_sha256 || last.site !== release.site) {
    throw new Reject("the release shown is not the newest in the site's log", "log_mismatch");
  }
  const stateBytes = await mustFetch(origin, `${WK}/log/state/${last.index}.json`, LIMITS.files);
  if ((await sha256Hex(stateBytes)) !== last.state_sha256) throw new Reject("the log's newest state is not the one its entry commits to");
  const state = canonical(stateBytes);
  exactFields(state, ["format", "inputs", "pages", "withdrawn", ...("co_approvals" in state ? ["co_approvals"] : [])]);
  const logged = new Map([...state.pages, ...state.inputs, ...(state.co_approvals ?? [])].map((a) => [a.approval_sha256, a.logged_at]));
  return { size, root: toHex(rootHash), leaves, logged };
}

// What this browser saw of a site's log, kept with its anchor.
function remembered(origin) {
  try { return JSON.parse(localStorage.getItem("sigill-log:" + origin)); } catch { return null; }
}
function rememberLog(origin, anchor, log) {
  try { localStorage.setItem("sigill-log:" + origin, JSON.stringify({ anchor, size: log.size, root: log.root })); } catch { /* storage may be off */ }
}

// Trust on first use: the anchor seen at an origin is remembered only after
// a check that passed; a later change is loud.
function storedAnchor(origin) {
  try { return localStorage.getItem("sigill-anchor:" + origin); } catch { return null; }
}
function rememberAnchor(origin, anchor) {
  try { localStorage.setItem("sigill-anchor:" + origin, anchor); } catch { /* storage may be off */ }
}

function fingerprint(anchor) { return anchor.replace("sha256:", "").match(/.{1,4}/g).join(" "); }

// An anchor as people copy it: with or without "sha256:", grouped, any case.
function normalizeAnchor(text) {
  const hex = text.trim().toLowerCase().replace(/^sha256:/, "").replace(/\s+/g, "");
  return /^[0-9a-f]{64}$/.test(hex) ? "sha256:" + hex : null;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function render(result, pin) {
  const out = document.getElementById("result");
  out.replaceChildren();
  const heading = { verified: t("verified"), warning: t("warning"), failed: t("failed") }[result.outcome];
  out.dataset.outcome = result.outcome;
  const icon = { verified: "✔", warning: "⚠", failed: "✘" }[result.outcome];
  out.append(el("h2", { id: "verdict", class: `verdict verdict-${result.outcome}`, tabindex: "-1" }, `${icon} ${heading}`));
  out.append(el("p", { class: "checked-url" }, result.url));
  const facts = el("dl", { class: "facts" });
  const add = (k, v) => facts.append(el("div", {}, el("dt", {}, k), el("dd", {}, v)));
  if (result.approval) {
    add(t("approvedBy"), `${result.approval.name}, ${result.approval.title}, ${result.approval.unit}`);
    for (const co of result.approval.co_approvers ?? []) add(t("alsoApprovedBy"), `${co.name}, ${co.title}, ${co.unit} (${co.approved_at.slice(0, 10)})`);
    add(t("approvedOn"), result.approval.approved_at.slice(0, 10));
    add(t("reviewBy"), result.approval.review_by.slice(0, 10));
    if (result.approval.note) add(t("note"), result.approval.note);
  }
  if (result.anchor) add(t("fingerprint"), el("code", { class: "fingerprint" }, fingerprint(result.anchor)));
  out.append(facts);
  const checks = el("ul", { class: "checks" });
  checks.append(el("li", { "data-check": "integrity", class: result.intact ? "ok" : "bad" }, result.intact ? t("intactYes") : t("intactNo")));
  const trustOk = result.outcome !== "failed";
  checks.append(el("li", { "data-check": "trust", class: trustOk ? "ok" : "bad" }, trustOk ? t("trustYes") : t("trustNo")));
  out.append(checks);
  if (pin === "changed") out.append(el("p", { class: "alert", role: "alert" }, t("pinnedChanged")));
  else if (pin === "new") out.append(el("p", { class: "note" }, t("pinnedNow")));
  else if (pin === "same") out.append(el("p", { class: "note" }, t("pinnedSame")));
  for (const w of result.warnings) out.append(el("p", { class: "warning", "data-reason": w.reason }, "⚠ " + wording(w.reason)));
  if (result.problems.length) {
    out.append(el("p", {}, t("problem")));
    const list = el("ul", { class: "problems" });
    for (const p of result.problems) {
      list.append(el("li", { "data-reason": p.reason }, wording(p.reason), " ", el("span", { class: "detail", lang: "en" }, `(${p.detail})`)));
    }
    out.append(list);
  }
  document.getElementById("verdict").focus();
}

function refuse(message) {
  const out = document.getElementById("result");
  out.dataset.outcome = "refused";
  out.replaceChildren(el("p", { id: "verdict", class: "alert", role: "alert", tabindex: "-1" }, message));
  document.getElementById("verdict").focus();
}

async function run(target, anchorText) {
  const out = document.getElementById("result");
  if (!target) { out.replaceChildren(el("p", {}, t("enterPage"))); return; }
  let pageUrl;
  try { pageUrl = new URL(target, location.href); } catch { out.replaceChildren(el("p", {}, t("enterPage"))); return; }
  if (!["http:", "https:"].includes(pageUrl.protocol)) { out.replaceChildren(el("p", {}, t("enterPage"))); return; }
  let pinned = null;
  if (anchorText) {
    pinned = normalizeAnchor(anchorText);
    if (!pinned) { refuse(t("badAnchor")); return; }
  }
  // A page of another site is checked only against an anchor the user
  // gives: this site's verifier never vouches for another origin on its own.
  if (pageUrl.origin !== location.origin && !pinned) {
    refuse(t("otherOrigin", { origin: location.origin, other: pageUrl.origin }));
    return;
  }
  const url = pageUrl.pathname;
  out.replaceChildren(el("p", {}, t("checking")));
  out.dataset.outcome = "checking";
  if (!(await supportsEd25519())) {
    out.dataset.outcome = "unsupported";
    out.replaceChildren(el("h2", { id: "verdict", tabindex: "-1" }, t("noEd25519", { url: pageUrl.href })));
    return;
  }
  const result = await verifyPage(pageUrl.origin, url, Date.now(), pinned);
  let pin = null;
  if (result.anchor && !pinned) {
    const stored = storedAnchor(pageUrl.origin);
    if (stored && stored !== result.anchor) {
      pin = "changed";
      result.outcome = "failed";
      result.problems.push(finding("anchor_changed", `the anchor was ${stored} at an earlier visit, now ${result.anchor}`));
    } else if (stored) {
      pin = "same";
    } else if (result.outcome !== "failed") {
      rememberAnchor(pageUrl.origin, result.anchor);
      pin = "new";
      // Trust on first use is not a pinned anchor: say so, as `sigill verify` does.
      result.warnings.push(finding("anchor_not_pinned", "first visit: the site's own anchor was trusted and remembered"));
      result.outcome = "warning";
    }
  }
  // As the anchor, the log is remembered only after a check that passed.
  if (result.log && result.anchor && result.outcome !== "failed") rememberLog(pageUrl.origin, result.anchor, result.log);
  render(result, pin);
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("check-form");
  const input = document.getElementById("page");
  const anchorInput = document.getElementById("anchor");
  const params = new URLSearchParams(location.search);
  if (params.get("page")) input.value = params.get("page");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const target = input.value.trim();
    const anchorText = anchorInput ? anchorInput.value.trim() : "";
    // The anchor is never put in the address: a link must not carry one.
    history.replaceState(null, "", "?page=" + encodeURIComponent(target));
    run(target, anchorText);
  });
  document.getElementById("forget").addEventListener("click", () => {
    try {
      const origin = new URL(input.value || "/", location.href).origin;
      localStorage.removeItem("sigill-anchor:" + origin);
      localStorage.removeItem("sigill-log:" + origin);
    } catch { /* ignore */ }
    document.getElementById("result").replaceChildren(el("p", { role: "status" }, t("forgotten")));
  });
  if (input.value) run(input.value.trim(), anchorInput ? anchorInput.value.trim() : "");
});
