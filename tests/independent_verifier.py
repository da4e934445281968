#!/usr/bin/env python3
"""An independent verifier of Sigill pages, written from docs/format.md
alone: Python's hashlib and the `cryptography` package, no code shared with
Sigill.

    independent_verifier.py BASE URL_PATH [--anchor sha256:HEX] [--now T]
    independent_verifier.py BASE --site [--anchor sha256:HEX] [--now T]
    independent_verifier.py --consistency PROOFS.json

BASE is a built site folder or an http(s) origin. URL_PATH checks one page
and the files it embeds; --site checks every page and every published file
(and, for a folder, that no other file is there). --consistency checks a
list of RFC 6962 consistency proofs between log checkpoints ({old_size,
old_root, new_size, new_root, proof}, hashes in hex) with the algorithm of
RFC 9162 section 2.1.4.2. Prints a JSON verdict with
the reason code of the first failure and exits 0 when everything verifies,
1 when it does not.
"""
import base64
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

P = 2**255 - 19
SMALL_ORDER_Y = {0, 1, P - 1,
                 int.from_bytes(bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"), "little"),
                 int.from_bytes(bytes.fromhex("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a"), "little")}
L = 2**252 + 27742317777372353535851937790883648493
WK = "/.well-known/sigill"
LOG = f"{WK}/log"
ENTRY_FIELDS = ["created", "format", "index", "pages_root", "registry_sha256", "registry_version", "release_sha256", "root_sha256", "root_version", "site", "state_sha256"]


class Reject(Exception):
    """A failed check, with the reason code docs/format.md names for it."""
    def __init__(self, message, reason=None):
        super().__init__(message)
        self.reason = reason


class Stage:
    """The reason code a malformed document counts as at each step."""
    reason = "root_invalid"


class Warnings:
    """Warning codes found so far (the check still passes)."""
    found = []


def fetch(base, path, limit):
    if base.startswith("http://") or base.startswith("https://"):
        try:
            with urllib.request.urlopen(base.rstrip("/") + path, timeout=20) as r:
                data = r.read(limit + 1)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise Reject(f"{path}: HTTP {e.code}")
    else:
        full = os.path.join(base, path.lstrip("/"))
        if path.endswith("/"):
            return None
        if not os.path.isfile(full):
            return None
        with open(full, "rb") as f:
            data = f.read(limit + 1)
    if len(data) > limit:
        raise Reject(f"{path}: larger than {limit} bytes")
    return data


def sha(b):
    return hashlib.sha256(b).hexdigest()


def no_float(_):
    raise Reject("a number with a fraction or exponent")


def canonical(data, fields=None):
    """Parses canonical JSON: duplicates, floats and any re-encoding difference are rejected."""
    def pairs(items):
        keys = [k for k, _ in items]
        if len(keys) != len(set(keys)):
            raise Reject("duplicate key")
        return dict(items)
    try:
        text = data.decode("utf-8")
        value = json.loads(text, object_pairs_hook=pairs, parse_float=no_float, parse_constant=no_float)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise Reject(f"not JSON: {e}")
    again = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    if again != data:
        raise Reject("not canonical JSON")
    if fields is not None and (not isinstance(value, dict) or set(value) != set(fields)):
        raise Reject(f"fields are {sorted(value) if isinstance(value, dict) else value}, expected {sorted(fields)}")
    return value


def b64(text):
    raw = base64.b64decode(text, validate=True)
    if base64.b64encode(raw).decode() != text:
        raise Reject("non-canonical base64")
    return raw


def public_key(b64text):
    raw = b64(b64text)
    if len(raw) != 32:
        raise Reject("public key is not 32 bytes")
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    if y >= P or y in SMALL_ORDER_Y:
        raise Reject("non-canonical or small-order public key")
    return raw


def pae(ptype, body):
    t = ptype.encode()
    return b"DSSEv1 %d %s %d %s" % (len(t), t, len(body), body)


def time_of(text):
    if not isinstance(text, str) or len(text) != 20 or not text.isascii():
        raise Reject(f"bad time {text!r}")
    try:
        value = datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise Reject(f"bad time {text!r}")
    if value.strftime("%Y-%m-%dT%H:%M:%SZ") != text:
        raise Reject(f"bad time {text!r}")
    return value


def open_envelope(env, ptype, keys, threshold):
    """keys: keyid -> raw public key allowed for this role. Returns payload bytes."""
    if set(env) != {"payload", "payloadType", "signatures"}:
        raise Reject("envelope fields")
    if env["payloadType"] != ptype:
        raise Reject(f"payloadType {env['payloadType']} is not {ptype}")
    body = b64(env["payload"])
    seen, good = set(), 0
    for s in env["signatures"]:
        if set(s) != {"keyid", "sig"}:
            raise Reject("signature fields")
        if s["keyid"] in seen:
            raise Reject("keyid twice")
        seen.add(s["keyid"])
        sig = b64(s["sig"])
        key = keys.get(s["keyid"])
        if key is None or len(sig) != 64 or int.from_bytes(sig[32:], "little") >= L:
            continue
        if sha(key) != s["keyid"]:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key).verify(sig, pae(ptype, body))
            good += 1
        except InvalidSignature:
            pass
    if threshold < 1 or good < threshold:
        raise Reject(f"{good} valid signature(s), threshold {threshold}")
    return body


ROOT_FIELDS = ["expires", "keys", "policy", "roles", "site", "version"]
REG_FIELDS = ["expires", "publishers", "site", "version"]
PUB_FIELDS = ["id", "keys", "name", "scopes", "title", "unit"]
PKEY_FIELDS = ["keyid", "public", "status", "status_since", "valid_from", "valid_until"]
APPROVAL_FIELDS = ["approved_at", "assets", "keyid", "note", "path", "previous", "publisher", "review_by", "sequence", "site", "source_len", "source_sha256", "url"]
FILE_FIELDS = ["len", "path", "sha256"]
RELEASE_FIELDS = ["builder", "created", "expires", "files_count", "files_sha256", "inputs_sha256", "pages_count", "pages_root", "registry_sha256", "release", "root_sha256", "site"]
LEAF_FIELDS = ["approvals", "approved_at", "html_len", "html_sha256", "path", "publisher", "review_by", "source_sha256", "url"]
PROOF_FIELDS = ["approvals", "format", "leaf", "leaf_index", "release", "tree_size"]


def role_keys(root, role):
    r = root["roles"][role]
    keys = {}
    for kid in r["keyids"]:
        raw = public_key(root["keys"][kid]["public"])
        if sha(raw) != kid:
            raise Reject("root keyid does not match its key")
        keys[kid] = raw
    return keys, r["threshold"]


def node(l, r):
    return hashlib.sha256(b"\x01" + l + r).digest()


TILE_WIDTH = 256


def root_from_tiles(base, leaf, index, size):
    """The pages root reached from a leaf through the page tiles."""
    if not isinstance(index, int) or not isinstance(size, int) or isinstance(index, bool) or not 0 <= index < size:
        raise Reject("leaf index outside the tree")
    want, level, count = leaf, 0, size
    while True:
        n = index // TILE_WIDTH
        width = min(TILE_WIDTH, count - n * TILE_WIDTH)
        data = fetch(base, f"{WK}/page-tiles/{level}/{n}", TILE_WIDTH * 32)
        if data is None or len(data) != width * 32:
            raise Reject(f"page tile {level}/{n} is missing or of the wrong size")
        entries = [data[i:i + 32] for i in range(0, len(data), 32)]
        if entries[index % TILE_WIDTH] != want:
            raise Reject(f"page tile {level}/{n} does not hold the hash from below")
        tile = tree_hash(entries)
        if count <= TILE_WIDTH:
            return tile
        want, index, count, level = tile, n, -(-count // TILE_WIDTH), level + 1


def covers(scope, path):
    return path.startswith(scope) if scope.endswith("/") else path == scope


def default_url(path):
    if not (path.startswith("content/") and path.endswith(".md")):
        return None
    rest = path[len("content/"):-len(".md")]
    if rest in ("_index", "index"):
        rest = ""
    elif rest.endswith("/_index"):
        rest = rest[:-len("/_index")]
    elif rest.endswith("/index"):
        rest = rest[:-len("/index")]
    return f"/{rest}/" if rest else "/"


def covers_url(scope, url):
    if not (url.startswith("/") and url.endswith("/")) or not scope.startswith("content/"):
        return False
    inner = url[1:-1]
    if inner and not all(seg and not seg.startswith(".") and all(c in "abcdefghijklmnopqrstuvwxyz0123456789-_." for c in seg) for seg in inner.split("/")):
        return False
    if scope.endswith("/"):
        return url.startswith("/" + scope[len("content/"):])
    return default_url(scope) == url


NAMING_FIELDS = ["publisher_name", "publisher_title", "publisher_unit"]
# Optional terms a page's approval repeats from its front matter.
TERMS_FIELDS = ["publish_at", "translation_of", "unpublish_at"]


def is_hex64(value):
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)


def open_approval(env, owners):
    try:
        payload = canonical(open_envelope(env, "application/vnd.sigill.approval.v1+json", {k: v[2] for k, v in owners.items()}, 1))
        # The publisher's signed naming comes as all three fields or none.
        named = all(f in payload for f in NAMING_FIELDS)
        minor = ["minor"] if "minor" in payload else []
        terms = [f for f in TERMS_FIELDS if f in payload]
        co = ["co_approves"] if "co_approves" in payload else []
        if set(payload) != set(APPROVAL_FIELDS + (NAMING_FIELDS if named else []) + minor + terms + co):
            raise Reject("approval fields")
        if co and not is_hex64(payload["co_approves"]):
            raise Reject("co_approves is a sha256")
        for f in ("publish_at", "unpublish_at"):
            if f in payload:
                time_of(payload[f])
        if "translation_of" in payload:
            t = payload["translation_of"]
            if not isinstance(t, dict) or set(t) != {"path", "source_sha256"} or not isinstance(t["path"], str) or not is_hex64(t["source_sha256"]):
                raise Reject("translation_of is {path, source_sha256}")
        if minor and payload["minor"] is not True:
            raise Reject("minor is either true or absent")
        if named and not all(isinstance(payload[f], str) and payload[f].strip() for f in NAMING_FIELDS):
            raise Reject("incomplete naming")
        time_of(payload["approved_at"])
        time_of(payload["review_by"])
    except (Reject, KeyError, TypeError, ValueError) as e:
        raise Reject(f"approval does not verify: {e}", "approval_invalid")
    if len(env["signatures"]) != 1 or env["signatures"][0]["keyid"] != payload["keyid"]:
        raise Reject("approval signed by another key than it names", "approval_invalid")
    return payload


def authority(payload, owners, root, now):
    """The first reason the approval's key could not make it, or None."""
    pub, k, _ = owners[payload["keyid"]]
    at, review = time_of(payload["approved_at"]), time_of(payload["review_by"])
    if pub["id"] != payload["publisher"]:
        return Reject("key belongs to another publisher", "key_not_owned")
    if not any(covers(s, payload["path"]) for s in pub["scopes"]):
        return Reject("publisher out of scope", "out_of_scope")
    if payload["url"] is not None and not any(covers_url(s, payload["url"]) for s in pub["scopes"]):
        return Reject("URL out of the publisher's scope", "out_of_scope")
    if k["status"] == "compromised":
        return Reject("key compromised", "key_compromised")
    if k["status"] == "retired" and at >= time_of(k["status_since"]):
        return Reject("key retired", "key_not_valid")
    if not time_of(k["valid_from"]) <= at < time_of(k["valid_until"]):
        return Reject("key not valid at approval time", "key_not_valid")
    if at > now:
        return Reject("approval in the future", "approval_future")
    if (review - at).total_seconds() > root["policy"]["max_review_days"] * 86400:
        return Reject("review date beyond policy", "review_beyond_policy")
    return None


def check_logged(env, payload, ctx, owners):
    """Time comes from the log: the approval must be in the newest state, and
    its key not retired when the approval was first published."""
    env_sha = sha(json.dumps(env, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode())
    logged_at = ctx["log"]["logged"].get(env_sha)
    if logged_at is None:
        raise Reject("the approval is not in the log's record of the release", "log_mismatch")
    key = owners[payload["keyid"]][1]
    if key["status"] == "retired" and time_of(key["status_since"]) <= time_of(logged_at):
        raise Reject("the approval was first published after its key was retired", "key_not_valid")


def lapsed(payload, now):
    """A warning, not a failure: the page is intact and was approved, but is due for review."""
    return now >= time_of(payload["review_by"])


def embedded_paths(html, url):
    found = set()
    for attribute, always in (('src="', True), ('href="', False)):
        at = html.find(attribute)
        while at != -1:
            start = at + len(attribute)
            end = html.find('"', start)
            if end == -1:
                break
            value = html[start:end].replace("&amp;", "&").split("#")[0].split("?")[0]
            if value and not value.endswith("/") and not value.startswith("//") and ":" not in value:
                joined = value if value.startswith("/") else url + value
                parts, ok = [], True
                for seg in joined.split("/"):
                    if seg in ("", "."):
                        continue
                    if seg == "..":
                        if not parts:
                            ok = False
                            break
                        parts.pop()
                    else:
                        parts.append(seg)
                path = "/" + "/".join(parts)
                tag = html[html.rfind("<", 0, at):at]
                if ok and (always or tag.startswith("<link") or path.startswith(url)):
                    found.add(path)
            at = html.find(attribute, end)
    return sorted(found)


def check_file(base, files, path):
    listed = files.get(path)
    if listed is None:
        raise Reject(f"{path} is not a file of the signed release", "file_extra")
    data = fetch(base, path, 64 << 20)
    if data is None:
        raise Reject(f"{path} is missing", "file_missing")
    if sha(data) != listed["sha256"] or len(data) != listed["len"]:
        raise Reject(f"{path} was changed after the build", "file_changed")


def load_site(base, anchor, now):
    """Steps 1-5 of docs/format.md: root, release, registry, files, inputs."""
    Stage.reason = "root_invalid"
    # 1. Root chain.
    versions = []
    n = 1
    while True:
        data = fetch(base, f"{WK}/root/{n}.root.json", 1 << 20)
        if data is None:
            break
        versions.append(data)
        n += 1
    if not versions:
        raise Reject("no root")
    found = "sha256:" + sha(versions[0])
    pinned = anchor is not None
    if pinned and found != anchor:
        raise Reject(f"trust anchor {found} is not the pinned {anchor}", "anchor_mismatch")
    root = None
    for i, data in enumerate(versions):
        env = canonical(data)
        if root is not None:
            keys, th = role_keys(root, "root")
            open_envelope(env, "application/vnd.sigill.root.v1+json", keys, th)
        new = canonical(b64(env["payload"]), ROOT_FIELDS)
        keys, th = role_keys(new, "root")
        open_envelope(env, "application/vnd.sigill.root.v1+json", keys, th)
        if new["version"] != i + 1 or (root and new["site"] != root["site"]):
            raise Reject("root version or site")
        root = new
    if now >= time_of(root["expires"]):
        raise Reject("root expired", "root_expired")
    site = root["site"]
    # 2. Release.
    Stage.reason = "release_invalid"
    keys, th = role_keys(root, "release")
    release_bytes = fetch(base, f"{WK}/release.json", 1 << 20)
    if release_bytes is None:
        raise Reject("no release")
    release = canonical(open_envelope(canonical(release_bytes), "application/vnd.sigill.release.v1+json", keys, th), RELEASE_FIELDS)
    created, expires = time_of(release["created"]), time_of(release["expires"])
    if len(release["pages_root"]) != 64:
        raise Reject("pages_root is not a sha256")
    bytes.fromhex(release["pages_root"])
    if release["site"] != site or release["root_sha256"] != sha(versions[-1]):
        raise Reject("release does not match the root", "release_mismatch")
    if expires <= created or (expires - created).total_seconds() > root["policy"]["release_max_days"] * 86400:
        raise Reject("release lifetime beyond policy")
    if (created - now).total_seconds() > 600:
        raise Reject("release dated in the future", "release_future")
    stale = now >= expires
    # 3. Registry.
    Stage.reason = "registry_invalid"
    reg_bytes = fetch(base, f"{WK}/registry.json", 1 << 20)
    if reg_bytes is None or sha(reg_bytes) != release["registry_sha256"]:
        raise Reject("registry is not the one the release pins")
    keys, th = role_keys(root, "registry")
    registry = canonical(open_envelope(canonical(reg_bytes), "application/vnd.sigill.registry.v1+json", keys, th))
    if not isinstance(registry, dict) or set(registry) - {"rules"} != set(REG_FIELDS):
        raise Reject("registry fields")
    # The two-person rule: scopes whose pages need several publishers.
    rules = registry.get("rules", [])
    if "rules" in registry and not rules:
        raise Reject("rules is absent when empty")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or set(rule) != {"required_approvals", "scope"} or not isinstance(rule["scope"], str) or not rule["scope"].startswith("content/"):
            raise Reject("registry rule fields")
        if not isinstance(rule["required_approvals"], int) or isinstance(rule["required_approvals"], bool) or not 1 <= rule["required_approvals"] <= 5:
            raise Reject("registry rule count")
        if i and rules[i - 1]["scope"] >= rule["scope"]:
            raise Reject("registry rules sorted and unique")
    if registry["site"] != site or now >= time_of(registry["expires"]):
        raise Reject("registry site or expiry")
    owners = {}
    for pub in registry["publishers"]:
        canonical(json.dumps(pub, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(), PUB_FIELDS)
        for k in pub["keys"]:
            if set(k) != set(PKEY_FIELDS):
                raise Reject("registry key fields")
            raw = public_key(k["public"])
            for f in ("status_since", "valid_from", "valid_until"):
                time_of(k[f])
            if sha(raw) != k["keyid"] or k["keyid"] in owners:
                raise Reject("registry keyid does not match its key, or appears twice")
            owners[k["keyid"]] = (pub, k, raw)
    # 4. The list of published files.
    Stage.reason = "files_invalid"
    files_bytes = fetch(base, f"{WK}/files.json", 64 << 20)
    if files_bytes is None or sha(files_bytes) != release["files_sha256"]:
        raise Reject("files.json is not the list the release signs")
    index = canonical(files_bytes, ["files", "format"])
    files = {}
    previous = None
    for f in index["files"]:
        if set(f) != set(FILE_FIELDS) or len(f["sha256"]) != 64 or f["path"] in (f"{WK}/release.json", f"{WK}/files.json") or f["path"].startswith(LOG + "/"):
            raise Reject("files.json entry malformed")
        bytes.fromhex(f["sha256"])
        if previous is not None and not previous.encode() < f["path"].encode():
            raise Reject("files.json is not sorted")
        previous = f["path"]
        files[f["path"]] = f
    if index["format"] != "sigill-files-v1" or len(files) != release["files_count"]:
        raise Reject("files.json format or count")
    # 5. The approvals of site.toml and the theme.
    Stage.reason = "inputs_invalid"
    inputs_bytes = fetch(base, f"{WK}/inputs.json", 4 << 20)
    if inputs_bytes is None or sha(inputs_bytes) != release["inputs_sha256"]:
        raise Reject("inputs.json is not the one the release signs")
    inputs = canonical(inputs_bytes, ["approvals", "format"])
    paths = []
    for env in inputs["approvals"]:
        try:
            payload = open_approval(env, owners)
        except Reject as e:
            raise Reject(str(e), "inputs_invalid")
        if payload["site"] != site or payload["url"] is not None:
            raise Reject("not a site input of this site", "inputs_invalid")
        if payload["path"].startswith("static/"):
            listed = files.get("/" + payload["path"][len("static/"):])
            if listed is None or listed["sha256"] != payload["source_sha256"] or listed["len"] != payload["source_len"]:
                raise Reject(f"{payload['path']} is not published as approved", "inputs_invalid")
        problem = authority(payload, owners, root, now)
        if problem is not None:
            raise Reject(f"{payload['path']}: {problem}", "inputs_invalid")
        if lapsed(payload, now):
            Warnings.found.append("approval_lapsed")
        paths.append(payload["path"])
    themes = [p for p in paths if p.startswith("themes/") and p.endswith("/theme.toml")]
    site_files = all(p == "site.toml" or p in themes or (p.startswith("data/") and p.endswith(".toml")) or p.startswith("static/") for p in paths)
    ordered = all(a.encode() < b.encode() for a, b in zip(paths, paths[1:]))
    if inputs["format"] != "sigill-inputs-v1" or len(themes) != 1 or paths.count("site.toml") != 1 or not site_files or not ordered:
        raise Reject("inputs.json must hold one approval of site.toml and one of a theme, besides data/*.toml and static/ files, sorted", "inputs_invalid")
    # 6. The release log.
    Stage.reason = "log_invalid"
    log = check_log(base, versions, root, release, release_bytes)
    if stale:
        raise Reject("the release has expired: the site was not rebuilt in time", "release_stale")
    return {"root": root, "site": site, "release": release, "owners": owners, "rules": rules, "files": files, "stale": stale, "found": found, "pinned": pinned, "log": log}


def note_key_id(name, public):
    """C2SP signed-note key ID: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + b"\x01" + public).digest()[:4]


def open_checkpoint(data, origin, keys):
    """A C2SP signed note holding a C2SP tlog-checkpoint; returns (size, root)."""
    text = data.decode("utf-8")
    if any(ord(c) < 0x20 and c != "\n" for c in text):
        raise Reject("checkpoint has control characters")
    body, sigs = text.rsplit("\n\n", 1)
    body += "\n"
    signed = False
    for line in sigs.rstrip("\n").split("\n"):
        if not line.startswith("\u2014 "):
            raise Reject("malformed signature line")
        name, b64sig = line[2:].split(" ", 1)
        raw = base64.b64decode(b64sig, validate=True)
        if name != origin or len(raw) != 68:
            continue
        for key in keys:
            if raw[:4] == note_key_id(origin, key):
                try:
                    Ed25519PublicKey.from_public_bytes(key).verify(raw[4:], body.encode())
                except InvalidSignature:
                    raise Reject("checkpoint signature does not verify")
                signed = True
    if not signed:
        raise Reject("checkpoint is not signed by a release key of the root")
    lines = body.split("\n")
    if lines[0] != origin or not lines[1].isdigit() or str(int(lines[1])) != lines[1]:
        raise Reject("checkpoint origin or size")
    root_hash = base64.b64decode(lines[2], validate=True)
    if len(root_hash) != 32:
        raise Reject("checkpoint root is not 32 bytes")
    return int(lines[1]), root_hash


def tile_index(n):
    """A tile index as C2SP path elements: 1234067 -> x001/x234/067."""
    parts = [f"{n % 1000:03d}"]
    n //= 1000
    while n > 0:
        parts.insert(0, f"x{n % 1000:03d}")
        n //= 1000
    return "/".join(parts)


def tile_path(level, n, width):
    return f"tile/{level}/{tile_index(n)}" + ("" if width == 256 else f".p/{width}")


def subtree_levels(leaf_hashes):
    """Hashes of every complete subtree: levels[k][j] covers leaves j*2^k .. (j+1)*2^k - 1."""
    levels = [leaf_hashes]
    while len(levels[-1]) >= 2:
        below = levels[-1]
        levels.append([node(below[2 * j], below[2 * j + 1]) for j in range(len(below) // 2)])
    return levels


def log_files(entries, levels):
    """Every tile and entry bundle of a log of these entries (C2SP tlog-tiles, height 8)."""
    files = {}
    size = len(entries)
    level = 0
    while (size >> (8 * level)) > 0:
        hashes = levels[8 * level] if 8 * level < len(levels) else []
        count = size >> (8 * level)
        for n in range((count + 255) // 256):
            chunk = hashes[n * 256:(n + 1) * 256]
            files[tile_path(level, n, len(chunk))] = b"".join(chunk)
        level += 1
    for n in range((size + 255) // 256):
        chunk = entries[n * 256:(n + 1) * 256]
        bundle = b"".join(len(e).to_bytes(2, "big") + e for e in chunk)
        files[tile_path("entries", n, len(chunk))] = bundle
    return files


def check_log(base, versions, root, release, release_bytes):
    """Step 6: the checkpoint, the entries, the newest entry is this release."""
    keys = []
    for data in versions:
        payload = canonical(b64(canonical(data)["payload"]))
        for keyid in payload["roles"]["release"]["keyids"]:
            raw = public_key(payload["keys"][keyid]["public"])
            if raw not in keys:
                keys.append(raw)
    origin = root["site"] + "/sigill-log"
    data = fetch(base, f"{LOG}/checkpoint", 16384)
    if data is None:
        raise Reject("no log checkpoint")
    size, root_hash = open_checkpoint(data, origin, keys)
    if size == 0 or size > 1_000_000:
        raise Reject("log size")
    entries = []
    for n in range((size + 255) // 256):
        width = min(256, size - n * 256)
        bundle = fetch(base, f"{LOG}/{tile_path('entries', n, width)}", 256 * (16384 + 2))
        if bundle is None:
            raise Reject("an entry bundle is missing")
        at = 0
        while at < len(bundle):
            length = int.from_bytes(bundle[at:at + 2], "big")
            if at + 2 + length > len(bundle) or at + 2 > len(bundle):
                raise Reject("entry bundle cut off")
            entries.append(bundle[at + 2:at + 2 + length])
            at += 2 + length
        if len(entries) != n * 256 + width:
            raise Reject("entry bundle holds the wrong number of entries")
    leaves = [hashlib.sha256(b"\x00" + e).digest() for e in entries]
    if tree_hash(leaves) != root_hash:
        raise Reject("the log's entries do not hash to its checkpoint")
    parsed = [canonical(e, ENTRY_FIELDS) for e in entries]
    for i, e in enumerate(parsed):
        if e["format"] != "sigill-log-entry-v1" or e["index"] != i:
            raise Reject(f"entry {i} is malformed")
        if i > 0:
            a = parsed[i - 1]
            if time_of(e["created"]) <= time_of(a["created"]) or e["root_version"] < a["root_version"] or e["registry_version"] < a["registry_version"] or e["site"] != a["site"]:
                raise Reject(f"entry {i} goes backwards")
    last = parsed[-1]
    if (last["release_sha256"] != sha(release_bytes) or last["created"] != release["created"] or last["pages_root"] != release["pages_root"]
            or last["root_sha256"] != release["root_sha256"] or last["registry_sha256"] != release["registry_sha256"] or last["site"] != release["site"]):
        raise Reject("the served release is not the newest in the log", "log_mismatch")
    state = fetch(base, f"{LOG}/state/{last['index']}.json", 64 << 20)
    if state is None or sha(state) != last["state_sha256"]:
        raise Reject("the newest state is not the one its entry commits to")
    state = canonical(state)
    if not isinstance(state, dict) or set(state) - {"co_approvals"} != {"format", "inputs", "pages", "withdrawn"}:
        raise Reject("state fields")
    logged = {a["approval_sha256"]: a["logged_at"] for a in state["pages"] + state["inputs"] + state.get("co_approvals", [])}
    return {"size": size, "root": root_hash.hex(), "entries": entries, "parsed": parsed, "levels": subtree_levels(leaves), "checkpoint": data, "logged": logged}


def check_log_folder(base, log):
    """A folder holds exactly the log's files."""
    expected = log_files(log["entries"], log["levels"])
    expected["checkpoint"] = log["checkpoint"]
    hashed = {}
    for e in log["parsed"]:
        hashed[f"state/{e['index']}.json"] = e["state_sha256"]
        hashed[f"release/{e['index']}.json"] = e["release_sha256"]
    # Every page a release published is in the next one, at the same or a
    # later approval, or withdrawn.
    before = None
    for e in log["parsed"]:
        state_bytes = fetch(base, f"{LOG}/state/{e['index']}.json", 64 << 20)
        if state_bytes is None or sha(state_bytes) != e["state_sha256"]:
            raise Reject(f"state {e['index']} is not the one its entry commits to", "log_invalid")
        state = canonical(state_bytes)
        if not isinstance(state, dict) or set(state) - {"co_approvals"} != {"format", "inputs", "pages", "withdrawn"}:
            raise Reject("state fields", "log_invalid")
        if before is not None:
            for page in before["pages"]:
                kept = any(p["path"] == page["path"] and p["sequence"] >= page["sequence"] for p in state["pages"])
                gone = any(w["path"] == page["path"] and w["sequence"] >= page["sequence"] for w in state["withdrawn"])
                if not kept and not gone:
                    raise Reject(f"release {e['index']} dropped {page['path']} without a withdrawal", "log_invalid")
        before = state
    folder = os.path.join(base, LOG.lstrip("/"))
    present = set()
    for dirpath, _, names in os.walk(folder):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), folder).replace(os.sep, "/")
            present.add(rel)
            data = fetch(base, f"{LOG}/{rel}", 64 << 20)
            if rel in expected:
                if data != expected[rel]:
                    raise Reject(f"{LOG}/{rel} differs from what the log's entries give", "file_changed")
            elif rel in hashed:
                if sha(data) != hashed[rel]:
                    raise Reject(f"{LOG}/{rel} is not the document its entry commits to", "log_invalid")
            else:
                raise Reject(f"{LOG}/{rel} is not a file of the log", "file_extra")
    if present != set(expected) | set(hashed):
        raise Reject("files of the log are missing", "file_missing")


def consistent(old_size, old_root, new_size, new_root, proof):
    """RFC 9162 section 2.1.4.2: verify a consistency proof between two tree heads."""
    if old_size == new_size:
        return old_root == new_root and not proof
    if old_size == 0 or old_size > new_size or not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node(c, fr)
            sr = node(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


def verify_page(base, ctx, url, now, expected_leaf=None):
    """Steps 6-9: page, proof, approval, source, embedded files."""
    root, site, release, owners, files = ctx["root"], ctx["site"], ctx["release"], ctx["owners"], ctx["files"]
    # 6. Page.
    Stage.reason = "page_missing"
    html = fetch(base, url + "index.html" if not base.startswith("http") else url, 16 << 20)
    if html is None:
        raise Reject("page not found", "page_missing")
    Stage.reason = "proof_invalid"
    proof_bytes = fetch(base, url + "index.html.proof.json", 1 << 20)
    if proof_bytes is None:
        raise Reject("no proof", "proof_invalid")
    proof = canonical(proof_bytes, PROOF_FIELDS)
    leaf = proof["leaf"]
    if set(leaf) != set(LEAF_FIELDS) or proof["format"] != "sigill-proof-v2" or proof["release"] != f"{WK}/release.json":
        raise Reject("proof format", "proof_invalid")
    if expected_leaf is not None and leaf != expected_leaf:
        raise Reject("the proof's leaf is not the listed one", "proof_invalid")
    if leaf["url"] != url:
        raise Reject(f"proof is for {leaf['url']}, not {url}", "proof_other_page")
    if sha(html) != leaf["html_sha256"] or len(html) != leaf["html_len"]:
        raise Reject("content does not match its approval", "content_mismatch")
    leaf_bytes = json.dumps(leaf, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    leaf_hash = hashlib.sha256(b"\x00" + leaf_bytes).digest()
    Stage.reason = "inclusion_invalid"
    if proof["tree_size"] != release["pages_count"] or root_from_tiles(base, leaf_hash, proof["leaf_index"], proof["tree_size"]).hex() != release["pages_root"]:
        raise Reject("inclusion proof does not lead to the release", "inclusion_invalid")
    # 7. Approval.
    Stage.reason = "approval_invalid"
    env_hashes = set()
    summary = None
    for env in proof["approvals"]:
        env_bytes = json.dumps(env, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        env_hashes.add(sha(env_bytes))
    if not proof["approvals"] or env_hashes != set(leaf["approvals"]):
        raise Reject("approvals are not the ones the leaf binds", "approval_unbound")
    opened = [(env, open_approval(env, owners)) for env in proof["approvals"]]
    primaries = [(env, p) for env, p in opened if "co_approves" not in p]
    if len(primaries) != 1:
        raise Reject("the proof must hold exactly one approval that is not a co-approval", "approval_unbound")
    env, payload = primaries[0]
    if payload["url"] != leaf["url"]:
        raise Reject("approval is for another URL", "url_mismatch")
    for field in ["path", "source_sha256", "publisher", "approved_at", "review_by"]:
        if payload[field] != leaf[field]:
            raise Reject(f"approval {field} differs from the leaf", "approval_mismatch")
    if payload["site"] != site:
        raise Reject("approval is for another site", "approval_mismatch")
    for asset in payload["assets"]:
        listed = files.get("/" + asset["path"][len("content/"):] if asset["path"].startswith("content/") else "/" + asset["path"])
        if listed is None or listed["sha256"] != asset["sha256"]:
            raise Reject(f"bundle file {asset['path']} is not published as approved", "approval_mismatch")
    problem = authority(payload, owners, root, now)
    if problem is not None:
        raise problem
    # A page with a signed publication time is in no release made before it.
    if "publish_at" in payload and time_of(release["created"]) < time_of(payload["publish_at"]):
        raise Reject("published before its approval's publish_at", "published_early")
    # Time comes from the log: the approval counts from the release that
    # first logged it, whatever approved_at says.
    check_logged(env, payload, ctx, owners)
    if lapsed(payload, now):
        Warnings.found.append("approval_lapsed")
    pub = owners[payload["keyid"]][0]
    summary = {"name": payload.get("publisher_name", pub["name"]), "title": payload.get("publisher_title", pub["title"]), "unit": payload.get("publisher_unit", pub["unit"]), "approved_at": payload["approved_at"], "review_by": payload["review_by"]}
    # The two-person rule: co-approvals by other publishers of the same text.
    primary_sha = sha(base64.b64decode(env["payload"]))
    approvers = [payload["publisher"]]
    co_summaries = []
    for co_env, co in opened:
        if co is payload:
            continue
        if co["co_approves"] != primary_sha or co["publisher"] == payload["publisher"]:
            raise Reject("a co-approval does not join the page's approval", "too_few_approvals")
        for field in ["site", "path", "url", "source_sha256", "source_len", "assets", "sequence", "previous", "translation_of", "publish_at", "unpublish_at"]:
            if co.get(field) != payload.get(field):
                raise Reject(f"a co-approval's {field} differs from the page's approval", "too_few_approvals")
        problem = authority(co, owners, root, now)
        if problem is not None:
            raise problem
        check_logged(co_env, co, ctx, owners)
        if lapsed(co, now):
            Warnings.found.append("approval_lapsed")
        if co["publisher"] not in approvers:
            approvers.append(co["publisher"])
            who = owners[co["keyid"]][0]
            co_summaries.append({"name": co.get("publisher_name", who["name"]), "title": co.get("publisher_title", who["title"]), "unit": co.get("publisher_unit", who["unit"]), "approved_at": co["approved_at"]})
    need = max([r["required_approvals"] for r in ctx["rules"] if covers(r["scope"], leaf["path"])] or [1])
    if len(approvers) < need:
        raise Reject(f"approved by {len(approvers)} of {need} publishers", "too_few_approvals")
    if co_summaries:
        summary["co_approvers"] = co_summaries
    # 8. Source.
    Stage.reason = "source_mismatch"
    source = fetch(base, url + "index.md", 1 << 20)
    if source is not None and sha(source) != leaf["source_sha256"]:
        raise Reject("published source is not the approved text", "source_mismatch")
    # 9. Embedded and bundle files.
    Stage.reason = "file_missing"
    for p in embedded_paths(html.decode("utf-8", "replace"), url):
        check_file(base, files, p)
    return summary


def verify(base, url, anchor, now):
    ctx = load_site(base, anchor, now)
    summary = verify_page(base, ctx, url, now)
    return {"ok": True, "pinned": ctx["pinned"], "stale": ctx["stale"], "anchor": ctx["found"], "approval": summary, "warnings": sorted(set(Warnings.found))}


def verify_whole_site(base, anchor, now):
    ctx = load_site(base, anchor, now)
    Stage.reason = "pages_index_invalid"
    index_bytes = fetch(base, f"{WK}/pages.json", 64 << 20)
    if index_bytes is None:
        raise Reject("no pages.json", "pages_index_invalid")
    index = canonical(index_bytes, ["format", "leaves"])
    hashes = [hashlib.sha256(b"\x00" + json.dumps(l, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()).digest() for l in index["leaves"]]
    if index["format"] != "sigill-pages-v1" or len(hashes) != ctx["release"]["pages_count"] or tree_hash(hashes).hex() != ctx["release"]["pages_root"]:
        raise Reject("pages.json is not the list the release signs", "pages_index_invalid")
    for leaf in index["leaves"]:
        verify_page(base, ctx, leaf["url"], now, leaf)
    Stage.reason = "file_missing"
    for p in ctx["files"]:
        check_file(base, ctx["files"], p)
    check_histories(base, ctx)
    if not base.startswith("http"):
        unlisted = {f"{WK}/release.json", f"{WK}/files.json"}
        for folder, _, names in os.walk(base):
            for name in names:
                rel = "/" + os.path.relpath(os.path.join(folder, name), base).replace(os.sep, "/")
                if rel not in ctx["files"] and rel not in unlisted and not rel.startswith(LOG + "/"):
                    raise Reject(f"{rel} is not a file of the signed release", "file_extra")
        check_log_folder(base, ctx["log"])
    return {"ok": True, "pinned": ctx["pinned"], "stale": ctx["stale"], "anchor": ctx["found"], "pages": len(index["leaves"]), "warnings": sorted(set(Warnings.found))}


def check_histories(base, ctx):
    """Step 10: every published version in a page's history is a signed
    approval of that page, numbered and chained in order, with its text."""
    Stage.reason = "history_invalid"
    folders = {}
    for path in ctx["files"]:
        folder, _, name = path.rpartition("/")
        page, _, slug = folder.rpartition("/")
        if slug in ("historik", "history") and name.endswith(".approval.json") and name[:-len(".approval.json")].isdigit():
            folders.setdefault((page + "/", folder), {})[int(name[:-len(".approval.json")])] = path
    for (url, folder), versions in folders.items():
        previous = None
        previous_at = None
        for index, sequence in enumerate(sorted(versions)):
            env = canonical(fetch(base, versions[sequence], 1 << 20))
            try:
                payload = open_approval(env, ctx["owners"])
            except Reject as e:
                raise Reject(str(e), "history_invalid")
            at = time_of(payload["approved_at"])
            if (sequence != index + 1 or payload["sequence"] != sequence or payload["previous"] != previous or payload["url"] != url
                    or payload["site"] != ctx["site"] or (previous_at is not None and at < previous_at)):
                raise Reject(f"{versions[sequence]} is not version {sequence} of {url}", "history_invalid")
            text = f"{folder}/{sequence}.md"
            if text in ctx["files"] and sha(fetch(base, text, 1 << 20)) != payload["source_sha256"]:
                raise Reject(f"{text} is not the approved text", "history_invalid")
            previous = sha(b64(env["payload"]))
            previous_at = at
            last = sequence
        # The page's published approval (in its proof) is the last version
        # of the folder or the one right after it.
        broken = Reject(f"the history of {url} does not lead to its published version", "history_invalid")
        try:
            proof = canonical(fetch(base, url + "index.html.proof.json", 1 << 20))
            published = [(e, p) for e, p in ((e, open_approval(e, ctx["owners"])) for e in proof["approvals"]) if "co_approves" not in p]
        except (Reject, KeyError, TypeError):
            raise broken
        if len(published) != 1:
            raise broken
        current_env, current = published[0]
        current_sha = sha(b64(current_env["payload"]))
        same = current["sequence"] == last and current_sha == previous
        following = current["sequence"] == last + 1 and current["previous"] == previous and time_of(current["approved_at"]) >= previous_at
        if not (same or following):
            raise broken


def tree_hash(hashes):
    """RFC 6962 Merkle tree hash over leaf hashes."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = 1
    while k * 2 < len(hashes):
        k *= 2
    return node(tree_hash(hashes[:k]), tree_hash(hashes[k:]))


def main():
    args = sys.argv[1:]
    if args and args[0] == "--consistency":
        with open(args[1], "rb") as f:
            proofs = json.load(f)
        bad = [p for p in proofs if not consistent(p["old_size"], bytes.fromhex(p["old_root"]), p["new_size"], bytes.fromhex(p["new_root"]), [bytes.fromhex(h) for h in p["proof"]])]
        print(json.dumps({"ok": not bad, "checked": len(proofs), "failed": bad}))
        return 0 if not bad else 1
    anchor = None
    now = datetime.now(timezone.utc)
    if "--anchor" in args:
        i = args.index("--anchor")
        anchor = args[i + 1]
        del args[i:i + 2]
    if "--now" in args:
        i = args.index("--now")
        now = time_of(args[i + 1])
        del args[i:i + 2]
    whole = "--site" in args
    if whole:
        args.remove("--site")
        base, = args
    else:
        base, url = args
    try:
        result = verify_whole_site(base, anchor, now) if whole else verify(base, url, anchor, now)
    except (Reject, KeyError, TypeError, ValueError, IndexError, AttributeError) as e:
        reason = e.reason if isinstance(e, Reject) and e.reason else Stage.reason
        print(json.dumps({"ok": False, "reason": reason, "detail": str(e) if isinstance(e, Reject) else f"{type(e).__name__}: {e}"}))
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
