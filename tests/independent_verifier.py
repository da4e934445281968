#!/usr/bin/env python3
"""An independent verifier of one Sigill page, written from docs/format.md
alone: Python's hashlib and the `cryptography` package, no code shared with
Sigill.

    independent_verifier.py BASE URL_PATH [--anchor sha256:HEX] [--now T]

BASE is a built site folder or an http(s) origin. Prints a JSON verdict and
exits 0 when the page verifies, 1 when it does not.
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


class Reject(Exception):
    pass


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
    if len(text) != 20:
        raise Reject(f"bad time {text!r}")
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


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
RELEASE_FIELDS = ["builder", "created", "expires", "files_count", "files_sha256", "inputs_sha256", "pages_count", "pages_root", "registry_sha256", "release", "root_sha256", "site"]
LEAF_FIELDS = ["approvals", "approved_at", "html_len", "html_sha256", "path", "publisher", "review_by", "source_sha256", "url"]
PROOF_FIELDS = ["approvals", "format", "inclusion", "leaf", "leaf_index", "release", "tree_size"]


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


def root_from_path(leaf, index, size, path):
    if index >= size:
        raise Reject("leaf index outside the tree")
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            raise Reject("proof too long")
        if fn & 1 or fn == sn:
            r = node(p, r)
            if not fn & 1:
                while not fn & 1 and fn:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise Reject("proof too short")
    return r


def covers(scope, path):
    return path.startswith(scope) if scope.endswith("/") else path == scope


def verify(base, url, anchor, now):
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
        raise Reject(f"trust anchor {found} is not the pinned {anchor}")
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
        raise Reject("root expired")
    site = root["site"]
    # 2. Release.
    keys, th = role_keys(root, "release")
    release = canonical(open_envelope(canonical(fetch(base, f"{WK}/release.json", 1 << 20)), "application/vnd.sigill.release.v1+json", keys, th), RELEASE_FIELDS)
    if release["site"] != site or release["root_sha256"] != sha(versions[-1]):
        raise Reject("release does not match the root")
    stale = now >= time_of(release["expires"])
    # 3. Registry.
    reg_bytes = fetch(base, f"{WK}/registry.json", 1 << 20)
    if sha(reg_bytes) != release["registry_sha256"]:
        raise Reject("registry is not the one the release pins")
    keys, th = role_keys(root, "registry")
    registry = canonical(open_envelope(canonical(reg_bytes), "application/vnd.sigill.registry.v1+json", keys, th), REG_FIELDS)
    if registry["site"] != site or now >= time_of(registry["expires"]):
        raise Reject("registry site or expiry")
    owners = {}
    for pub in registry["publishers"]:
        canonical(json.dumps(pub, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(), PUB_FIELDS)
        for k in pub["keys"]:
            if set(k) != set(PKEY_FIELDS):
                raise Reject("registry key fields")
            raw = public_key(k["public"])
            if sha(raw) != k["keyid"] or k["keyid"] in owners:
                raise Reject("registry keyid does not match its key, or appears twice")
            owners[k["keyid"]] = (pub, k, raw)
    # 4. Page.
    html = fetch(base, url + "index.html" if not base.startswith("http") else url, 16 << 20)
    if html is None:
        raise Reject("page not found")
    proof = canonical(fetch(base, url + "index.html.proof.json", 1 << 20), PROOF_FIELDS)
    leaf = proof["leaf"]
    if set(leaf) != set(LEAF_FIELDS) or proof["format"] != "sigill-proof-v1":
        raise Reject("proof format")
    if leaf["url"] != url:
        raise Reject(f"proof is for {leaf['url']}, not {url}")
    if sha(html) != leaf["html_sha256"] or len(html) != leaf["html_len"]:
        raise Reject("content does not match its approval")
    leaf_bytes = json.dumps(leaf, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    leaf_hash = hashlib.sha256(b"\x00" + leaf_bytes).digest()
    path = [bytes.fromhex(h) for h in proof["inclusion"]]
    if proof["tree_size"] != release["pages_count"] or root_from_path(leaf_hash, proof["leaf_index"], proof["tree_size"], path).hex() != release["pages_root"]:
        raise Reject("inclusion proof does not lead to the release")
    # 5. Approval.
    env_hashes = set()
    summary = None
    for env in proof["approvals"]:
        env_bytes = json.dumps(env, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        env_hashes.add(sha(env_bytes))
        payload = canonical(open_envelope(env, "application/vnd.sigill.approval.v1+json", {k: v[2] for k, v in owners.items()}, 1), APPROVAL_FIELDS)
        if env["signatures"][0]["keyid"] != payload["keyid"] or len(env["signatures"]) != 1:
            raise Reject("approval signed by another key than it names")
        for field in ["path", "source_sha256", "publisher", "approved_at", "review_by", "url"]:
            if payload[field] != leaf[field]:
                raise Reject(f"approval {field} differs from the leaf")
        if payload["site"] != site:
            raise Reject("approval is for another site")
        pub, k, _ = owners[payload["keyid"]]
        at, review = time_of(payload["approved_at"]), time_of(payload["review_by"])
        if pub["id"] != payload["publisher"]:
            raise Reject("key belongs to another publisher")
        if not any(covers(s, payload["path"]) for s in pub["scopes"]):
            raise Reject("publisher out of scope")
        if k["status"] == "compromised" or (k["status"] == "retired" and at >= time_of(k["status_since"])):
            raise Reject(f"key {k['status']}")
        if not time_of(k["valid_from"]) <= at < time_of(k["valid_until"]) or at > now:
            raise Reject("key not valid at approval time, or approval in the future")
        if (review - at).total_seconds() > root["policy"]["max_review_days"] * 86400:
            raise Reject("review date beyond policy")
        if now >= review:
            raise Reject("approval lapsed")
        summary = {"name": pub["name"], "title": pub["title"], "unit": pub["unit"], "approved_at": payload["approved_at"], "review_by": payload["review_by"]}
    if not proof["approvals"] or env_hashes != set(leaf["approvals"]):
        raise Reject("approvals are not the ones the leaf binds")
    # 6. Source.
    source = fetch(base, url + "index.md", 1 << 20)
    if source is not None and sha(source) != leaf["source_sha256"]:
        raise Reject("published source is not the approved text")
    return {"ok": True, "pinned": pinned, "stale": stale, "anchor": found, "approval": summary}


def main():
    args = sys.argv[1:]
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
    base, url = args
    try:
        result = verify(base, url, anchor, now)
    except (Reject, KeyError, TypeError, ValueError) as e:
        print(json.dumps({"ok": False, "reason": f"{type(e).__name__}: {e}" if not isinstance(e, Reject) else str(e)}))
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
