# Sigill's messages in English. Each message has an id that the code asks
# for; { $name } is a value filled in. Keep both catalogues in step:
# a test fails when an id is missing from either.


## admin.rs
admin-cannot-write = cannot write { $path }: { $source }
admin-already-exists-nothing-was-written = { $path } already exists; nothing was written
admin-threshold-needs-at-least-that = --threshold { $root_threshold } needs at least that many distinct root keys
admin-registry-must-be-signed-by = the registry must be signed by { $threshold } of the registry keys named in the root; { $allowed } of the given keys are registry keys
admin-days-registry-valid-for-days = --days { $days }: a registry is valid for 1 to { $max_validity_days } days
admin-new-root-must-be-signed = the new root must be signed by { $threshold } of the { $which } root keys; { $count } of the given keys are
admin-threshold-needs-at-least-that-2 = a threshold of { $threshold } needs at least that many distinct { $which } keys
admin-unknown-role = unknown role { $which }
admin-no-publisher-in-registry-see = no publisher { $id } in the registry (see `sigill publisher list`)
admin-already-has-key = { $id } already has the key { $keyid }
admin-valid-days-too-far = --valid-days { $valid_days } is too far
admin-key-already-registered-for = key { $keyid } is already registered for { $id }
admin-no-publisher-with-id-see = no publisher with id { $id } (see `sigill publisher list`)
admin-publisher-has-no-matching-key = publisher { $id } has no matching key that can change status
admin-key-not-in-publisher-registry = key { $keyid } is not in the publisher registry; ask the system owner to run `sigill publisher add`
admin-key-cannot-approve = key { $keyid } of { $id } is { $status } and cannot approve
admin-names-as-its-publisher-but = { $path } names { $named } as its publisher, but this key belongs to { $id }; change `publisher` in the front matter or use that publisher's key
admin-outside-scopes = { $path } is outside { $id }'s scopes ({ $join })
admin-review-by-not-in-future = --review-by { $date } is not in the future
admin-review-by-more-than-policy = --review-by { $date } is more than the policy's { $max_review_days } days away
admin-existing-approvals-do-not-verify = the existing approvals of { $path } do not verify ({ $problem }); remove the files that were not made by `sigill approve` first
admin-build-would-reject-this-approval = the build would reject this approval of { $path }: { $join }
admin-already-exists-root-trust-made = { $root_file } already exists; the root of trust is made once

## approvals.rs
approvals-have-publisher-review-page-run-2 = have the publisher review the page and run: { $approve }
approvals-needs-new-key-they-run = { $publisher } needs a new key: they run `sigill key new`, the system owner runs `sigill publisher rotate { $publisher } --public-key <their .pub file> --sign-with <registry key file>`, then they approve the page again: { $approve }
approvals-set-publisher-publisher-responsible-for = set `publisher` to the publisher responsible for this folder (see `sigill publisher list`), or ask the system owner to add the folder to { $publisher }'s scopes
approvals-page-url-changed-file-name = the page's URL changed (file name or `slug`): have the publisher approve it at its new address: { $approve }
approvals-remove-slug-alias-that-leaves = remove the `slug` or alias that leaves { $publisher }'s section, or ask the system owner to widen { $publisher }'s scopes (`sigill publisher list`)
approvals-approve-again-with-valid-date = approve again with a valid date: { $approve } --review-by YYYY-MM-DD
approvals-remove-approval-files-that-do = remove the approval files that do not verify (they were not made by `sigill approve`), then run: { $approve }
approvals-ask-system-owner-give-publisher = ask the system owner to give a publisher (for example the web manager) the scope { $target } with `sigill publisher add … --scope { $target }`, then run: { $approve }
approvals-have-responsible-publisher-review-change = have the responsible publisher review the change and run: { $approve } (`sigill status` lists what changed)
approvals-it-published-once-its-publisher = it is published once its publisher approves it: { $who }
approvals-not-published = not published: { $problem }
approvals-review-was-due = review was due { $review }
approvals-have-publisher-review-page-run = have the publisher review the page and run: { $who }
approvals-not-approved-approval-lapsed = not approved: approval lapsed: { $message }
approvals-not-published-approval-lapsed-lapsed = not published: approval lapsed: { $message } (lapsed = "withdraw")
approvals-earlier-approved-version-cannot-be = { $message } (the earlier approved version cannot be published: { $why })
approvals-kept-at-approved-version-approval = kept at the approved version of { $approved_on } (approval { $sequence }): { $change }
approvals-change-published-once-publisher-approves = the change is published once the publisher approves it: { $who }
approvals-approval-lapsed-review-was-due = approval lapsed: review was due { $review_on }; published with a notice that its review date has passed
approvals-not-published-publisher-not-in = not published: publisher { $publisher } is not in the publisher registry
approvals-did-you-mean-sigill-publisher = did you mean { $close }? (`sigill publisher list` shows every publisher)
approvals-use-id-from-sigill-publisher = use an id from `sigill publisher list`

## audit.rs
audit-cannot-make-scratch-folder = cannot make a scratch folder: { $error }
audit-published-log = the published log: { $error }
audit-cannot-list-re-rendered-site = cannot list the re-rendered site: { $error }

## build.rs
build-no-trust-anchor-trust-root = no trust anchor: `[trust] root` is not set
build-run-sigill-trust-init-create = run `sigill trust init` to create the root of trust, or `sigill init DIR --keys KEYDIR` for a new site
build-site-signed-trust-documents-must = the site's signed trust documents must verify from the anchor pinned in site.toml; restore them from version control or ask the system owner
build-release-key-not-release-key = the release key { $keyid } is not a release key named in the root
build-use-build-server-release-key = use the build server's release key that `sigill trust init` was given
build-withdrawal-must-be-made-with = a withdrawal must be made with `sigill withdraw` by the page's publisher, or by the registry keys
build-trust-state-theme-could-not = the trust state or the theme could not be loaded
build-url-would-be-published-by = URL { $url } would be published by { $first } too
build-log-last-release-cannot-be = the log of the last release cannot be read: { $error }
build-build-machine-log-records-what = the build machine's log records what it last published; restore the state folder from its backup, or point --state at an empty folder only to start a new log on purpose
build-self-check-new-site-failed = self-check of the new site failed: { $value }
build-self-check-failed = self-check of { $url } failed: { $problem }
build-cannot-save-log-state = cannot save the log state: { $error }

## cli/approve.rs
approve-review-by-not-date-like = --review-by { $text } is not a date like 2027-05-31
approve-approve-asks-for-confirmation-there = approve asks for confirmation, and there is no terminal; pass --yes to approve without asking
approve-not-approved-nothing-was-written = not approved; nothing was written
approve-approved-as-sequence-review-by = approved { $path } as { $publisher_name } (sequence { $sequence }, review by { $date })
approve-not-path-inside-site = { $path } is not a path inside the site
approve-message = { $path }: { $error }
approve-approved-version-newest-first = { $path }: { $versions_count } approved version(s), newest first
approve-message-2 = {" "}     { $note }
approve-message-3 = {" "}     { $mark }{ $text }
approve-withdraw-asks-for-confirmation-there = withdraw asks for confirmation, and there is no terminal; pass --yes to withdraw without asking
approve-withdraw-page-removed-at-next = withdraw { $path }: the page is removed at the next build, and its address shows this reason:{"\u000A"}  { $reason }
approve-not-withdrawn-nothing-was-written = not withdrawn; nothing was written
approve-withdrew-approvals-up-at-next = withdrew { $path } (approvals up to { $sequence }); at the next build { $url } shows a notice and the log records the decision
approve-approve-item-with-your-signature = Approve { $count } item(s) with your signature?
approve-y-n = { $question } [y/N]{" "}

## cli/audit.rs
audit-not-site-built-by-sigill = { $published } is not a site built by Sigill (no .well-known/sigill/release.json)
audit-published-site-does-not-verify = ✘ the published site does not verify from the anchor in site.toml (run `sigill verify` for details)
audit-differs-from-what-approved-sources = ✘ { $path } differs from what the approved sources render to
audit-published-but-approved-sources-do = ✘ { $path } is published, but the approved sources do not make it
audit-made-from-approved-sources-but = ✘ { $path } is made from the approved sources, but not published
audit-all-published-files-are-exactly = ✔ all { $compared } published files are exactly what the approved sources and theme render to
audit-audit-failed = the audit of { $published } failed

## cli/keys.rs
keys-new-key = the new key { $file }
keys-created-mode = created { $file } (mode 0600{ $encrypted })
keys-label = label:       { $label }
keys-encrypted = encrypted:   { $no }
keys-keyid = keyid:       { $keyid }
keys-fingerprint = fingerprint: { $keyid }
keys-public-key = public key:  { $to_base64 }

## cli/mod.rs
cli-sigill-now-not-date-time = SIGILL_NOW={ $pinned } is not a date (2027-05-31) or a time (2027-05-31T12:00:00Z)
cli-for-verify-root-trust-anchor = for verify, --root is the trust anchor (sha256:HEX, as printed on the site), not { $value }
cli-this-sigill-built-for-verifying = this sigill is built for verifying only

## cli/passphrase.rs
passphrase-use-passphrase-at-least-characters = use a passphrase of at least { $min_passphrase_chars } characters (a few words are easy to remember); nothing was written
passphrase-passphrase-needed-for-set-run = a passphrase is needed for { $purpose }; set { $env } or run on a terminal
passphrase-cannot-read-passphrase = cannot read passphrase: { $error }
passphrase-passphrases-differ-nothing-was-written = the passphrases differ; nothing was written

## cli/report.rs
report-error = error: { $message }
report-error-problem-found-nothing-was = error: { $errors } problem(s) found; nothing was written

## cli/serve.rs
serve-message = { $root }: { $error }
serve-cannot-listen-on-choose-another = cannot listen on 127.0.0.1:{ $port }: { $error } (choose another --port)
serve-previewing-page-at-ctrl-c = Previewing { $pages } page(s) at { $url }  (Ctrl-C stops; nothing is written to the output folder)
serve-cannot-watch = cannot watch { $root }: { $error }

## cli/site.rs
site-not-empty-choose-new-folder = { $what } { $path } is not empty; choose a new folder (nothing was written)
site-message = { $what } { $path }: { $error }
site-cannot-create = cannot create { $parent }: { $error }
site-cannot-write-in = cannot write in { $parent }: { $error }
site-cannot-replace-empty-folder = cannot replace the empty folder { $target }: { $error }
site-cannot-move-new-files-into = cannot move the new files into { $target }: { $error }
site-site-must-be-domain-name = --site { $site } must be a domain name such as www.nora.se
site-already-holds-site-site-toml = { $dir } already holds a site (site.toml exists); nothing was written
site-keys-lies-inside-site-folder = --keys { $keydir } lies inside the site folder (or holds it): keys there would be committed and could be published; keep them in a folder of their own, such as ~/{ $site }-nycklar
site-created-keys-in-root-registry = created keys in { $keydir } (root, registry, { $publisher }: encrypted; release: unencrypted, for the build server)
site-created-new-site-in = created a new site in { $dir }
site-build-it-sigill-root-build = build it: sigill --root { $dir } build
site-next-create-keys-root-trust = next: create keys and the root of trust (`sigill key new`, `sigill trust init`), or run init again with --keys KEYDIR
site-new-trust-documents-do-not = the new trust documents do not verify
site-created-root-trust-registered-publisher = created the root of trust, registered publisher { $publisher } for content/, the theme and site.toml, and approved the start page, the theme and site.toml
site-trust-anchor = trust anchor: { $anchor }
site-give-path-like-content-om = { $path }: give a path like content/om/kontakt.md (lowercase a-z, digits, '-'; write å, ä, ö as a, a, o)
site-created = created { $path }
site-publisher-owner-come-from-section = publisher { $publisher } and owner { $owner } come from the section; change them if another publisher answers for this page
site-set-publisher-responsible-publisher-id = set `publisher` to the responsible publisher's id (see `sigill publisher list`)
site-when-text-ready-sigill-approve = when the text is ready: sigill approve { $path } --key <publisher's key file>
site-no-folder-for-build-log = no folder for the build's log state (no HOME or XDG_DATA_HOME): pass --state DIR or set SIGILL_STATE
site-check-failed = the check failed
site-check-could-not-run = the check could not run
site-ok-page-would-be-published = ok: { $pages } page(s) would be published{ $drafts }{ $pending }
site-thing-pending-listed-above-strict = ; { $pending_count } thing(s) pending, listed above (`--strict` fails on them)
site-draft-left-out = {" "}({ $drafts_count } draft(s) left out)
site-no-release-key-pass-release = no release key: pass --release-key FILE, set SIGILL_RELEASE_KEY, or set `release_key` under [trust] in site.toml
site-built-page-into = built { $pages } page(s) into { $out }{ $drafts }{ $pending }
site-pages-unchanged = { $rendered } page(s) rendered; { $unchanged } unchanged since the last build, taken from the live site
site-warning-can-be-read-by = warning: { $path } can be read by other users of this machine; run `chmod 600 { $path2 }`
site-expires-in-day = expires in { $days_left } day(s)
site-review-by-days = review by { $date } ({ $days } days)
site-page-approved-not-due-for = {"\u000A"}{ $approved } of { $statuses_count } page(s) approved and not due for review within { $review_due_soon_days } days

## cli/trust.rs
trust-site-toml-pins-no-trust = site.toml pins no trust anchor; run `sigill trust init` first
trust-note-expiry-has-passed-renewing = note: the { $expires } expiry has passed; renewing from the last valid state
trust-days-give-days-about-ten = --days { $days }: give 1 to { $max_validity_days } days (about ten years)
trust-wrote = { $what }; wrote { $path }
trust-trust-anchor-unchanged-citizens-pinned = the trust anchor is unchanged: citizens' pinned fingerprints stay valid
trust-renewed-root-until = renewed the root until { $date }
trust-renewed-registry-for-days-wrote = renewed the registry for { $days } days; wrote { $path }
trust-unknown-trust-command = unknown trust command
trust-created-trust-root-root-json = created trust/root/1.root.json and trust/registry/0001.registry.json
trust-pinned-in-site-toml-root = pinned in site.toml: root = "{ $anchor }"
trust-trust-anchor-fingerprint-publish-it = trust anchor fingerprint (publish it where citizens can compare):
trust-message = {" "} { $sha256 }
trust-public-key = --public-key { $text }: { $error }
trust-public-key-file-larger-than = --public-key { $text }: the file is larger than a key
trust-public-key-file-should-hold = --public-key { $text }: { $error }; the file should hold the line `sigill key show --public` prints
trust-public-key-no-such-file = --public-key { $text }: no such file (give a .pub file from `sigill key show --public`, a key file, or the base64 key)
trust-public-key-give-base-bytes = --public-key: { $error } (give base64 of 32 bytes, a .pub file or a key file)
trust-gave-new-key-retired-old = gave { $id } the new key { $keyid } and retired the old one(s); their approvals stay valid; wrote { $path }
trust-publisher-id-must-be-lowercase = publisher id { $id } must be lowercase letters, digits and '-'
trust-added-with-key-wrote = added { $id } ({ $name }) with key { $keyid }; wrote { $path }
trust-marked-key-as-wrote = marked { $changed } key(s) of { $id } as { $status }; wrote { $path }
trust-every-approval-made-with-that = every approval made with that key is now void: run `sigill status` to see the pages to approve again
trust-registry-version-expires-publisher = registry version { $version } (expires { $expires }), { $publishers_count } publisher(s)
trust-message-2 = {"\u000A"}{ $id }  { $name }, { $title }, { $unit }
trust-scopes = {" "} scopes: { $join }
trust-key-since-valid = {" "} key { $keyid }  { $status } since { $status_since }, valid { $valid_from } – { $valid_until }

## cli/verify.rs
verify-root-not-trust-anchor-give = --root { $text } is not a trust anchor: give sha256: and the 64 hex digits of the site's fingerprint (spaces and upper case are fine)
verify-warning-cannot-remember-site-log = warning: cannot remember the site's log in { $folder }: { $error }
verify-release-has-expired-site-was = the release of { $error } has expired: the site was not rebuilt in time
verify-release-dated-in-future = the release of { $error } is dated in the future
verify-verification-failed-for = verification failed for { $error }
verify-anchor-not-trust-anchor-sha = --anchor { $text } is not a trust anchor (sha256:HEX)
verify-not-url-this-tool-can = { $target } is not a URL this tool can fetch
verify-message = { $target }: { $error }
verify-releases-root = { $size } releases, root { $root }
verify-from-need-from = --from { $from } --to { $to }: need 0 < FROM <= TO <= { $size }
verify-does-not-exist = { $target } does not exist
verify-not-page-give-folder-site = { $target } is not a page (give a folder of the site, or its index.html)
verify-not-inside-site-built-by = { $target } is not inside a site built by Sigill (no .well-known/sigill/release.json above it)
verify-checked = Checked { $error }
verify-site = Site: { $site }
verify-trust-anchor-fingerprint = Trust anchor: { $anchor }{"\u000A"}  fingerprint { $fp } — { $how }
verify-release-page-made-fresh-until = Release { $release } of { $pages_count } page(s), made { $created }, fresh until { $expires }{ $else }
verify-message-2 = ⚠ { $detail }
verify-message-3 = ✘ { $detail }
verify-approved-by-on-review-by = { $mark } { $url }  approved by { $name }, { $title }, { $unit } on { $approved_at }; review by { $review_by }
verify-message-4 = {" "}   ✘ { $detail }
verify-message-5 = {" "}   ⚠ { $detail }
verify-page-verified = { $ok } of { $pages_count } page(s) verified
verify-site-as-whole-failed-problem = The site as a whole FAILED: { $problems_count } problem(s) above
verify-rely-on-this-pass-anchor = To rely on this, pass the anchor the site's owner publishes elsewhere: sigill verify TARGET --root sha256:…

## config.rs
config-site-toml-not-valid = site.toml is not valid
config-cannot-read-site-configuration = cannot read the site configuration: { $error }
config-run-sigill-init-dir-create = run `sigill init DIR` to create a site, or pass --root to point at one
config-site-toml-larger-than-kib = site.toml is larger than 256 KiB
config-site-toml-not-valid-utf = site.toml is not valid UTF-8
config-save-file-as-utf-in = save the file as UTF-8 in your editor

## continuity.rs
continuity-this-release-time-not-later = this release's time { $created } is not later than the last logged release ({ $index }, at { $created2 })
continuity-check-build-machine-clock-sigill = check the build machine's clock (and SIGILL_NOW / SOURCE_DATE_EPOCH);  a release must be later than the one before it
continuity-root-rolled-back-repository-newest = root rolled back: the repository's newest root is version { $version }, the log already used version { $root_version }
continuity-restore-trust-root-root-json = restore trust/root/{ $root_version }.root.json from version control; a root version can never be removed
continuity-root-does-not-chain-from = the root does not chain from the logged root: version { $root_version } in the log has sha256 { $root_sha256 }, which the repository's root chain does not hold
continuity-trust-anchor-root-files-were = the trust anchor or root files were replaced; restore trust/ and site.toml's anchor from the last published release, or rotate the root with the old root keys (`sigill trust rotate-root`)
continuity-registry-rolled-back-newest-registry = registry rolled back: the newest registry is version { $version }, the log already used version { $registry_version }
continuity-restore-missing-registry-versions-from = restore the missing registry versions from version control; a registry version can never be removed
continuity-registry-version-differs-from-version = registry version { $version } differs from the version { $version2 } the log recorded
continuity-published-registry-version-can-never = a published registry version can never be changed; make the change as a new version (`sigill publisher …`)
continuity-approval-went-backwards-release-published = approval went backwards: release { $index } published approval { $sequence }, this build has approval { $sequence2 }
continuity-restore-approval-files-from-version = restore the approval files of { $path } from version control; an approval can never be removed
continuity-approval-differs-from-approval-release = approval { $sequence } differs from the approval { $sequence2 } release { $index } published
continuity-published-approval-can-never-be = a published approval can never be replaced; restore it from version control and approve again
continuity-approved-page-vanished-release-published = an approved page vanished: release { $index } published approval { $sequence } of it, and there is no signed withdrawal
continuity-restore-page-have-its-publisher = restore the page, or have its publisher withdraw it: sigill withdraw { $path } --reason "…" --key <publisher's key file>
continuity-page-was-withdrawn-at-approval = the page was withdrawn at approval { $sequence } ({ $withdrawn_at }); approval { $sequence2 } cannot publish it again
continuity-withdrawn-page-published-again-only = a withdrawn page is published again only by a new approval: sigill approve { $path } --key <publisher's key file>
continuity-approval-first-published-now-but = approval { $sequence } is first published now, but key { $keyid } of { $id } was { $status } at { $status_since } — before this release; its approved_at does not count
continuity-have-publisher-with-current-key = have a publisher with a current key approve the page: sigill approve { $path } --key <key file>

## frontmatter.rs
frontmatter-page-does-not-start-with = the page does not start with front matter
frontmatter-start-file-with-line-toml = start the file with a line `+++`, the TOML fields (title, publisher, owner), and another `+++`
frontmatter-front-matter-not-closed = front matter is not closed
frontmatter-add-line-after-last-front = add a line `+++` after the last front matter field
frontmatter-add-it-front-matter-every = add it to the front matter; every page names its title, publisher (the publisher's id) and owner
frontmatter-empty = `{ $name }` is empty
frontmatter-write-page-it-shown-readers = write the page's { $name }; it is shown to readers and may not be blank
frontmatter-updated-not-date = `updated` is { $updated }, not a date
frontmatter-write-it-as-date-updated = write it as a date: updated = 2026-11-28
frontmatter-slug-not-plain-url-segment = slug { $slug } is not a plain URL segment
frontmatter-use-lowercase-letters-z-digits = use lowercase letters a-z, digits and '-', e.g. slug = "bygglov"
frontmatter-front-matter-yaml-between-lines = the front matter is YAML (between --- lines); Sigill uses TOML between +++ lines
frontmatter-write-it-like-this = write it like this:{"\u000A"}{ $n }

## inputs.rs
inputs-theme-folder-missing = the theme folder is missing
inputs-set-theme-in-site-toml = set `theme` in site.toml to a folder under themes/ that has templates/ and theme.toml
inputs-cannot-read-theme = cannot read the theme: { $error }
inputs-symbolic-links-are-not-allowed = symbolic links are not allowed in a theme
inputs-replace-link-with-file-itself = replace the link with the file itself, so what is approved is what is published
inputs-file-name-in-theme-not = file name in the theme is not a plain URL path
inputs-rename-it-using-lowercase-z = rename it using lowercase a-z, digits, '-', '_' and '.'
inputs-theme-has-more-than-files = the theme has more than { $max_theme_files } files
inputs-theme-has-no-theme-toml = the theme has no theme.toml
inputs-add-theme-toml-with-theme = add a theme.toml with the theme's name; it stands for the theme when the theme is approved
inputs-message = { $problem }
inputs-not-approved = not approved: { $problem }

## l10n.rs

## load.rs
load-content-folder-missing = the content folder is missing
load-create-content-write-pages-in = create content/ and write pages in it
load-cannot-read = cannot read: { $error }
load-file-folder-name-not-plain = file or folder name is not a plain URL path
load-rename-it-using-lowercase-z = rename it using lowercase a-z, digits, '-', '_' and '.' (write å, ä, ö as a, a, o), e.g. content/om/it-strategi.md
load-name-differs-from-only-in = name differs from { $previous } only in case
load-rename-one-them = rename one of them
load-file-not-part-page-bundle = file is not part of a page bundle
load-put-images-documents-in-folder = put images and documents in a folder with an index.md (a page bundle) so they are approved with that page
load-split-page-into-smaller-pages = split the page into smaller pages
load-file-not-valid-utf = the file is not valid UTF-8
load-file-larger-than-limit-kib = the file is larger than the limit of { $limit } KiB
load-page-changed-during-build = the page changed while the build was reading it
load-build-again-when-saved = save the file and build again
load-private-key-file-lies-inside = a private key file lies inside the site's published or tracked folders
load-move-it-out-content-themes = move it out of content/, themes/ and trust/ (keep keys in a folder of your own, never published)
load-symbolic-links-are-not-allowed = symbolic links are not allowed here
load-replace-link-with-file-itself = replace the link with the file itself: a build publishes only files that lie in the site

## log/checkpoint.rs
checkpoint-not-signed-by-release-key = not signed by a release key of the site's root ({ $error })
checkpoint-origin-expected = origin is { $origin }, expected { $origin2 }

## log/mod.rs
log-checkpoint = checkpoint: { $value0 }
log-log-has-entries-more-than = the log has { $value0 } entries, more than a verifier reads

## log/read.rs
read-entry-not-entry-sigill-log = entry { $index } is not entry { $index } of a sigill log
read-not-state-entry-commits = { $index } is not the state entry { $index2 } commits to
read-not-release-entry-commits = { $index } is not the release entry { $index2 } commits to
read-log-has-no-entry = the log has no entry { $index }

## log/tiles.rs
tiles-holds-entries-expected = holds { $entries_count } entries, expected { $count }

## output.rs
output-cannot-create-staging-folder-beside = cannot create a staging folder beside { $target }: { $source }
output-kept-file-changed = a file kept from the live release changed while the build read it; build again
output-cannot-move-new-site-into = cannot move the new site into { $target }: { $source } (the previous output is unchanged)
output-refusing-write-it-would-leave = refusing to write { $path }: it would leave the output folder
output-theme-static-file-would-replace = the theme's static file { $path } would replace a file the build made (a page, a bundle file or the verifier); rename it
output-folder-of-this-build-there = this build already wrote files into a folder at this path
output-refusing-write-site-into = refusing to write the site into { $target }: { $why }
output-it-overlaps-site-folder = it overlaps the site's { $folder }/ folder
output-it-overlaps-folder-key-file = it overlaps the folder of the key file { $key }
output-it-holds-files-last-build = it holds files the last build did not make ({ $join }); move them away, or add them to the site as approved files, and build again

## render.rs
render-template-not-valid-utf = the template is not valid UTF-8
render-required-template-missing = required template is missing
render-template-error = template error: { $message }
render-fix-template-named-in-message = fix the template named in the message
render-page-withdrawn-theme-has-no = the page is withdrawn, and the theme has no templates/withdrawn.html for the notice at its address
render-copy-templates-withdrawn-html-from = copy templates/withdrawn.html from Sigill's default theme into the theme and approve the theme
render-theme-has-no-templates-history = the theme has no templates/history.html for the page's history
render-copy-templates-history-html-from = copy templates/history.html from Sigill's default theme into the theme and approve the theme

## scaffold.rs
scaffold-trust-in-site-toml-not = `trust` in site.toml is not a table

## serve/watcher.rs
watcher-updated-in-ms-page-rendered = updated in { $as_millis } ms: { $html } page(s) rendered, { $markdown } Markdown file(s){ $else }
watcher-site-toml-could-not-be = site.toml could not be read; keeping the last preview{"\u000A"}{ $value }

## status.rs
status-publisher-not-in-registry = publisher { $publisher } is not in the registry
status-root-trust-version = the root of trust (version { $version })
status-publisher-registry-version = the publisher registry (version { $version })
status-key-publisher = the key { $keyid } of publisher { $id }
status-have-make-new-key-sigill = have { $name } make a new key (`sigill key new`), then: sigill publisher rotate { $id } --public-key <their .pub file> --sign-with <registry key file>

## subject.rs
subject-site-uses-theme-not = the site uses the theme { $theme_dir }, not { $wanted_dir }
subject-approve-set-theme-in-site = approve { $theme_dir }, or set `theme` in site.toml first
subject-message = { $path } { $why }
subject-theme-could-not-be-read = the theme could not be read; `sigill check` says why

## toml_errors.rs
toml-errors-unknown-field = unknown field `{ $key }`
toml-errors-did-you-mean = did you mean `{ $close }`?
toml-errors-known-fields = known fields: { $join }
toml-errors-missing-field = missing field `{ $key }`

## trust/approval.rs
approval-never-approved = never approved
approval-changed-during-build = { $file } changed while the site was being built: it no longer holds the approval that was verified. Build again.
approval-message = { $file }: { $reason }
approval-signature-does-not-verify-under = { $file }: signature does not verify under a registered publisher key ({ $reason })
approval-approval-for-not-copied-from = { $file }: approval is for { $field } { $found }, not { $expected } (copied from elsewhere?)
approval-file-name-says-sequence-approval = { $file }: file name says sequence { $named }, the approval says { $signed }
approval-two-different-approvals-with-sequence = two different approvals with sequence { $sequence } ({ $first } and { $second }): equivocation
approval-approval-chain-broken-at-sequence = approval chain is broken at sequence { $sequence }: { $reason }
approval-changed-since-approval-file-sha = changed since approval: the file's sha256 is { $found }, the approval covers { $approved }
approval-changed-since-approval-bundle-file = changed since approval: bundle file { $asset } { $how }
approval-approval-by-publisher-but-front = approval is by publisher { $approved }, but the front matter names { $front_matter }
approval-key-belongs-publisher-not = key { $keyid } belongs to publisher { $owner }, not { $claimed }
approval-publisher-not-responsible-for-scopes = publisher { $publisher } is not responsible for { $path } (scopes: { $scopes })
approval-approval-for-url-but-page = the approval is for the URL { $approved }, but the page is published at { $page }
approval-publisher-cannot-take-url-it = publisher { $publisher } cannot take the URL { $url }: it lies outside their scopes ({ $scopes }); a `slug` or alias may not move a page into another section
approval-key-marked-compromised-since-every = key { $keyid } of { $publisher } is marked compromised since { $since }; every approval it made is void
approval-key-was-not-valid-at = key { $keyid } of { $publisher } was not valid at { $approved_at } ({ $why })
approval-approved-at-in-future-build = approved_at { $approved_at } is in the future (build time { $now })
approval-approval-lapsed-review-was-due = approval lapsed: review was due { $review_by }
approval-review-by-more-than-policy = review_by { $review_by } is more than the policy's { $max_days } days after approval
approval-approval-names-as-which-no = the approval names { $publisher } as { $named }, which no registry version ever did
approval-it-dated-before-approval-that = it is dated { $approved_at }, before approval { $sequence } ({ $approved_at2 }) that it follows
approval-previous-prior-approval-payload-hashes = `previous` is { $previous }, the prior approval's payload hashes to { $previous2 }
approval-valid-only-from = valid only from { $valid_from }
approval-valid-only-until = valid only until { $valid_until }

## trust/canonical.rs
canonical-document-bytes-over-limit-bytes = document is { $len } bytes, over the limit of { $limit } bytes
canonical-not-valid-json-for-this = not valid JSON for this document type: { $value0 }
canonical-json-not-in-canonical-form = JSON is not in canonical form (keys sorted, no whitespace, integers only)

## trust/envelope.rs
envelope-envelope = envelope: { $value0 }
envelope-payloadtype-expected = payloadType is { $found }, expected { $expected }
envelope-payload-not-valid-base = payload is not valid base64: { $value0 }
envelope-signature-by-not-valid-base = signature by { $keyid } is not valid base64: { $reason }
envelope-keyid-appears-twice-in-envelope = keyid { $value0 } appears twice in the envelope
envelope-valid-signature-from-required-keys = { $valid } valid signature(s) from the required keys, threshold is { $threshold }

## trust/keyfile.rs
keyfile-cannot-read = cannot read { $path }: { $source }
keyfile-already-exists-choose-another-file = { $path } already exists; choose another file name or move the old key away first
keyfile-bytes-key-file-at-most = { $path } is { $len } bytes; a key file is at most { $max_bytes } bytes
keyfile-not-sigill-key-file-it = { $path } is not a Sigill key file (it may be truncated or damaged): { $reason }
keyfile-asks-for-pbkdf-iterations-at = { $path } asks for { $iterations } PBKDF2 iterations; at least { $min_iterations } are required (the file may have been tampered with)
keyfile-wrong-passphrase-for-file-was = wrong passphrase for { $path } (or the file was altered)
keyfile-message = { $path }: { $source }
keyfile-system-random-number-generator-failed = the system random number generator failed
keyfile-sealing-key-failed-encryption-library = sealing the key failed (the encryption library refused it)

## trust/keys.rs
keys-public-key-bytes-this-one = a public key is 32 bytes, this one is { $value0 }
keys-public-key-not-canonically-encoded = the public key is not canonically encoded (y >= p)
keys-public-key-point-small-order = the public key is a point of small order; a trivial signature would verify under it
keys-public-key-not-valid-base = the public key is not valid base64: { $value0 }
keys-stored-public-key-does-not = the stored public key does not belong to the stored private key

## trust/mod.rs
trust-missing = { $file } is missing
trust-cannot-read = cannot read { $file }: { $reason }
trust-larger-than-bytes = { $file } is larger than { $limit } bytes
trust-hashes-but-site-toml-pins = { $file } hashes to { $found }, but site.toml pins { $expected }
trust-root-document-rejected = { $file }: root document rejected: { $reason }
trust-registry-rejected = { $file }: registry rejected: { $reason }
trust-expired-at = { $file }: the { $what } expired at { $expires }

## trust/registry.rs
registry-publisher-id-must-be-lowercase = publisher id { $who } must be lowercase letters, digits and '-'
registry-publisher-id-appears-twice = publisher id { $who } appears twice
registry-publisher-has-empty-name-title = publisher { $who } has an empty name, title or unit
registry-publisher-has-scope-scope-content = publisher { $who } has scope { $scope }; a scope is `content/`, a folder like `content/om/` (lowercase, ending in /), one page like `content/kontakt.md`, a theme folder like `themes/default/`, `site.toml`, or the data and static files: `data/`, `static/`, a folder under them or one file
registry-publisher-keyid-does-not-match = publisher { $who }: keyid { $keyid } does not match its public key
registry-keyid-registered-twice = keyid { $keyid } is registered twice
registry-not-signed-by-registry-role = not signed by the registry role: { $error }
registry-version-but-file-name-says = version is { $version }, but the file name says { $version2 }
registry-site-this-site = site is { $site }, this site is { $site2 }

## trust/root.rs
root-keyid-does-not-match-its = keyid { $keyid } does not match its public key
root-role-names-key-twice = role { $name } names a key twice
root-role-names-key-which-root = role { $name } names key { $missing }, which the root does not list
root-role-has-threshold-with-keys = role { $name } has threshold { $threshold } with { $keyids_count } keys
root-version-expected = version is { $version }, expected { $index }
root-site-expected = site is { $site }, expected { $expected }

## trust/timestamp.rs
timestamp-not-yyyy-mm-ddthh-mm = { $text } is not a YYYY-MM-DDTHH:MM:SSZ time

## trust/withdrawal.rs
withdrawal-not-signed-by-publisher-responsible = { $file }: not signed by a publisher responsible for { $path } with a current key, nor by the registry keys ({ $reason })
withdrawal-withdrawal-for-not = { $file }: the withdrawal is for { $field } { $found }, not { $expected }
withdrawal-reason-must-be-characters-on = the reason must be 1 to { $max_reason_chars } characters on one line
withdrawal-it-dated-after-time-build = it is dated { $withdrawn_at }, after the time of the build
withdrawal-signed-by-but-it-says = signed by { $id }, but it says { $by } decided
withdrawal-not-responsible-for-it-scopes = { $id } is not responsible for it (scopes: { $join })
withdrawal-key-was-not-valid-at = key { $signer } was not valid at { $withdrawn_at }
withdrawal-signed-by-registry-keys-but = signed by the registry keys, but it says { $by } decided

## validate.rs
validate-url-also-used-by = URL { $url } is also used by { $first }
validate-change-file-name-slug-aliases = change the file name, `slug` or `aliases` so each page has its own URL
validate-alias-not-site-path-like = alias { $alias } is not a site path like /gammal/adress/
validate-write-aliases-as-absolute-paths = write aliases as absolute paths starting and ending with /
validate-heading-level-skips-from-h = heading level skips from h{ $previous_level } to h{ $level }
validate-use-here-so-screen-reader = use { $usize } here, so screen reader users can follow the structure
validate-link-text-does-not-say = link text "{ $text }" does not say where it leads
validate-image-has-no-alt-text = image { $dest } has no alt text
validate-link-not-allowed = link to { $dest } is not allowed
validate-link-which-not-page-this = link to { $path }, which is not a page of this site
validate-link-leaves-site = link to { $dest } leaves the site
validate-link-lacks-final-page = link to { $absolute } lacks the final / (the page is { $absolute }/)
validate-link-which-does-not-exist = link to { $dest }, which does not exist on this site
validate-link-page-has-no-heading = link to { $dest }: the page has no heading with id "{ $anchor }"

## verify/files.rs
files-cannot-read-list-published-files = cannot read the list of published files: { $error }
files-not-list-files-release-signs = { $path } is not the list of files the release signs
files-malformed-format-order-count = { $path } is malformed (format, order or count)
files-lists-malformed-entry = { $path } lists a malformed entry { $path2 }
files-cannot-read-approvals-theme-site = cannot read the approvals of the theme and site.toml: { $error }
files-not-one-release-signs = { $path } is not the one the release signs
files-approval-for-another-site = the approval of { $path } is for another site
files-page-approval-not-one-theme = { $path } is a page approval, not one of the theme or site.toml
files-message = { $path }: { $problem }
files-must-hold-exactly-one-approval = { $path } must hold exactly one approval of site.toml and one of a theme, besides approvals of data/*.toml and static/ files only, sorted by path
files-not-file-signed-release-added = { $path } is not a file of the signed release (added after the build?)
files-was-changed-after-build-it = { $path } was changed after the build: it does not match the signed release
files-missing-signed-release-lists-it = { $path } is missing: the signed release lists it
files-not-file-signed-release-added-2 = { $value } is not a file of the signed release (added after the build?)

## verify/history.rs
history-not-version-page-at-address = { $path } is not version { $sequence } of the page at { $url } (address, site, number or chain)
history-not-text-version-approves = { $text } is not the text version { $sequence } approves
history-does-not-lead-to-published-version = the history of { $url } does not lead to its published version: its approval is neither version { $sequence } nor the one after it

## verify/log.rs
log-checkpoint-missing-release-not-in = { $log_dir }/checkpoint is missing: the release is not in a log
log-log-cannot-be-read = the log cannot be read: { $error }
log-served-release-not-newest-release = the served release is not the newest release in the log (entry { $index }, made { $created })
log-log-has-releases-but-this = the log has { $size } releases, but this verifier already saw { $size2 }: an older state of the site is being served
log-log-does-not-extend-one = the log does not extend the one this verifier saw before ({ $size } releases, root { $root }): its history was rewritten
log-entry-goes-backwards-from-entry = entry { $index } goes backwards from entry { $index2 } (time, root or registry version, or site)
log-release-dropped-approval-without-withdrawal = release { $index } dropped { $path } (approval { $sequence }) without a withdrawal, or went back to an older approval
log-not-file-log = { $prefix }{ $path } is not a file of the log
log-differs-from-what-log-entries = { $prefix }{ $path } differs from what the log's entries give
log-file-log-are-missing = { $seen } file(s) of the log are missing
site-cannot-read-site-root-trust = cannot read the site's root of trust: { $error }

## verify/mod.rs
verify-message-6 = { $index_path }: { $error }
verify-not-list-pages-release-signs = { $index_path } is not the list of pages the release signs

## verify/page.rs
page-cannot-read-page = cannot read the page: { $error }
page-page-proof-missing-malformed = the page's proof is missing or malformed: { $error }
page-unknown-proof-format-release = unknown proof format { $proof } or release { $release }
page-proof-for-not-for-proof = the proof is for { $url }, not for { $url2 } (a proof of another page)
page-proof-leaf-differs-from-release = the proof's leaf differs from the release's list of pages
page-content-does-not-match-its = content does not match its approval: the served page ({ $html_count } bytes) hashes to { $html_sha }, the release says { $html_sha256 } ({ $html_len } bytes)
page-page-proof-does-not-lead = the page's proof does not lead to the signed release (a proof of another page or another build)
page-approvals-in-proof-are-not = the approvals in the proof are not the ones the release binds
page-approval-for-url-but-release = the approval is for the URL { $none }, but the release puts it at { $url } (an approval moved to another address)
page-bundle-file-not-published-as = the bundle file { $url_path } is not published as its approval covers it
page-approval-differs-from-page = the approval's { $field } ({ $signed }) differs from the page's ({ $bound })
page-intact-but = intact, but the { $problem }
page-page-approval-not-in-log = the page's approval is not in the log's record of the release
page-approval-was-first-published-on = the approval was first published on { $logged_at }, after key { $keyid } was retired ({ $status_since }): its approved_at does not count
page-published-source-index-md-not = the published source (index.md) is not the approved text
page-approved-source-text-not-published = the approved source text is not published beside the page
page-approved-source-text-could-not = the approved source text could not be read: { $error }

## verify/site.rs
site-site-first-root-hashes-not = the site's first root hashes to { $found }, not to the anchor given with --root ({ $pinned })
site-trust-anchor-was-not-pinned = the trust anchor was not pinned: compare the fingerprint with the one the site's owner publishes elsewhere, or pass --root
site-not-signed-by-release-key = not signed by the release key the root names: { $error }
site-release-manifest-rejected = { $release_path }: release manifest rejected: { $error }
site-created-expires-pages-root-malformed = { $release_path }: created, expires or pages_root is malformed
site-release-for-site-root-for = the release is for site { $site }, the root for { $site2 }
site-release-pins-another-root-version = the release pins another root version than the site publishes
site-release-lifetime-not-within-root = the release's lifetime is not within the root policy's { $max_days } days
site-release-dated-after-time-this = the release is dated { $created }, after the time of this check
site-release-expired-at-site-has = the release expired at { $expires }: the site has not been rebuilt in time (stale)
site-not-registry-release-pins = { $registry_path } is not the registry the release pins
site-cannot-read-registry = cannot read the registry: { $error }
site-site-trust-anchor-but-it = the site's trust anchor is { $found_anchor }, but it was { $anchor } when you checked before: its root of trust was replaced

## verify/source.rs
source-was-not-found = { $value0 } was not found
source-larger-than-bytes = { $what } is larger than { $limit } bytes
source-message = { $what }: { $reason }
source-redirected-another-site-not-followed = redirected to another site ({ $location }); not followed
source-server-answered = the server answered { $status }

## withdraw.rs
withdraw-not-path-inside-site-such = { $path } is not a path inside the site, such as content/om/kontakt.md
withdraw-not-page-only-pages-content = { $path } is not a page: only pages (content/….md) are withdrawn
withdraw-reason-must-say-why-in = --reason must say why, in 1 to { $max_reason_chars } characters on one line; citizens read it at the page's old address
withdraw-only-approved-page-can-be = { $path }: { $error }; only an approved page can be withdrawn
withdraw-was-never-approved-delete-file = { $path } was never approved: delete the file, nothing was published
withdraw-has-no-published-address = { $path } has no published address
withdraw-registry-role-needs-signatures-withdrawal = the registry role needs { $threshold } signatures; a withdrawal by the registry is signed by one key here
withdraw-this-key-neither-publisher-key = this key is neither a publisher's key in the registry nor a registry key
withdraw-key-can-no-longer-sign = key { $keyid } of { $id } is { $status } and can no longer sign
withdraw-not-responsible-for-scopes = { $id } is not responsible for { $path } (scopes: { $join })
withdraw-exists-page-already-withdrawn = { $file } exists: the page is already withdrawn

## diagnostic.rs, progress
diagnostic-error = error
diagnostic-warning = warning
diagnostic-help = help
stage-loading = loading
stage-verifying-approvals = verifying approvals
stage-rendering = rendering
stage-self-check = self-check

## More messages
approvals-key-not-in-registry = key not in the registry
approvals-approved-text-not-kept = the approved text is not kept beside its approval
approvals-text-changed-during-build = { $path } changed while the site was being built: its approved text is no longer in the file. Build again.
approvals-bundle-files-changed-too = its bundle files changed too, and the approved ones are not kept
approvals-approved-text-not-utf8 = the approved text is not UTF-8
approvals-approved-text-no-longer-parses = the approved text no longer parses
approvals-approved-text-address-differs = the approved text's address differs from its approval
approvals-text-does-not-parse = a text that does not parse
approval-private-key-not-approval = this is a private key file, not an approval: move it out of trust/ at once
approval-signed-by-other-key = signed by a key other than the one the approval names
approval-note-too-long = note is too long
build-history-address-taken = every page's history is published at <its URL>historik/ (history/ in English): rename the page that uses that address
build-needs-release-key = a build needs the release key to sign the release manifest
trust-replaced-release-key = replaced the release key
trust-replaced-registry-keys = replaced the registry keys
trust-replaced-root-keys = replaced the root keys
verify-intact-not-trustworthy = intact, but not trustworthy
verify-does-not-match-approval = does NOT match its approval
load-symlinks-not-allowed-in-content = symbolic links are not allowed in content/
load-name-not-utf8 = file or folder name is not valid UTF-8, so it is not a plain URL path
load-symlink-points-outside = symbolic link points outside the site
output-is-site-folder = it is the site folder or holds it
output-is-a-file = it is a file, not a folder
output-not-empty-not-sigill = it is not empty and is not a site built by Sigill (no .well-known/sigill/files.json); empty it or choose another folder
subject-is-draft = is a draft: set `draft = false` before approving it
subject-not-a-page = is not a page of this site (give the path from the site root, e.g. content/om/kontakt.md, themes/default/ or site.toml)
validate-empty-heading = empty heading
validate-empty-heading-help = write the heading's text, or remove the line
validate-link-without-text = link without text
validate-link-without-text-help = write what the link leads to between [ and ]
validate-fix-address = fix the address; internal links are /path/ or a relative .md file
validate-image-in-bundle = put the image in the page bundle beside index.md and link it by file name
keyfile-keyid-mismatch = keyid does not match the public key
keyfile-unsupported-kdf = unsupported kdf or cipher
keyfile-sealed-seed-length = sealed seed has the wrong length (truncated?)
withdrawal-one-signature = a publisher's withdrawal has exactly one signature
root-policy-at-least-one-day = policy limits must be at least one day
registry-file-names = registry files are named NNNN.registry.json
checkpoint-too-large = larger than a checkpoint may be
read-entries-do-not-hash = the log's entries do not hash to its signed checkpoint
log-site-has-no-log = the site has no release log
source-path-leaves-site = path leaves the site
audit-files-json-too-large = files.json is too large
seal-expiry-past-9999 = the release's expiry is past the year 9999
continuity-state-folder-no-parent = the state folder has no parent
status-invalid = approval does not verify
status-publisher-revoked = publisher key revoked
status-out-of-scope = publisher out of scope
status-lapsed = lapsed
status-never-approved = never approved
status-changed = changed since approval
status-review-due-soon = review due soon
status-approved = approved
continuity-decided-by-policy = the site's review policy (lapsed = "withdraw" in site.toml)
continuity-reason-review-due = its review was due on { $date } and it has not been approved again
continuity-decided-by-registry = the publisher registry
continuity-reason-key-compromised = the approving key was marked compromised on { $date }
validate-level-1-heading = a level-1 heading in the text; the page title is already the page's h1
validate-level-1-heading-help = use ## for the first heading in the text
validate-name-destination = name the destination, e.g. [Ansök om bygglov](…)
validate-describe-image = describe the image between ![ and ] (WCAG 1.1.1)
approve-command = sigill approve { $path } --key <{ $who }'s key file>
approval-unknown-publisher = publisher { $publisher } is not in the publisher registry
approval-asset-added = was added
approval-asset-modified = was modified
approval-asset-removed = was removed
approvals-approve-input-command = sigill approve { $target } --key <key file of a publisher whose scope covers { $target }>
log-not-cosigned-by = the log's checkpoint is not cosigned by the witness { $name }
verify-witness-not-name-key = --witness { $text } is not a witness (give name=base64 public key)
log-cosignature-added = added the cosignature to { $path }
log-witness-refuses = the log does not extend the one this witness cosigned before ({ $size } releases, root { $root }): not cosigned
log-witness-key = verifiers require this witness with: --witness { $name }={ $key }

## Languages and translations
language-tag-malformed = { $tag } is not a BCP 47 language tag
language-tag-not-canonical = language tag { $tag } is not in canonical form: write "{ $canonical }"
approval-terms-differ = the approval's { $field } ({ $approved }) is not the page's ({ $page })
frontmatter-time-needs-offset = { $name } = { $value } is neither a date nor a time with an offset
frontmatter-write-time-with-offset = write a date ({ $name } = 2027-01-15, midnight UTC) or a time with its offset ({ $name } = 2027-01-15T08:00:00+01:00)
frontmatter-unpublish-before-publish = unpublish_at ({ $to }) is not after publish_at ({ $from })
frontmatter-unpublish-after-publish = a page is taken down after it is put up: move unpublish_at later or publish_at earlier
frontmatter-translation-of-not-a-page = translation_of = { $source } is not the path of a page
frontmatter-translation-of-help = name the page this one translates by its path from the site root, e.g. translation_of = "content/om/kontakt.md"
frontmatter-translation-of-itself = the page names itself in translation_of
i18n-not-a-strings-file = the theme's i18n folder holds only strings files named <language>.toml
i18n-strings-file-help = name each file by a language tag (sv.toml, fi.toml, sv-x-lattlast.toml) and write one key = "text" line per string
i18n-strings-file-too-large = strings file larger than { $max } bytes
i18n-strings-file-unreadable = strings file cannot be read: { $error }
i18n-theme-lacks-site-language = the theme has no strings in the site's language "{ $tag }"
i18n-add-strings-file = add { $file } with every string of the theme (copy the site language's file and translate it)
i18n-theme-lacks-strings = the theme lacks { $count } string(s) in "{ $tag }" (used by { $page }): { $missing }
i18n-theme-lacks-language = the theme has no strings in "{ $tag }" (it has: { $languages })
validate-notice-board-not-section = notice_board = true belongs in a section's _index.md
validate-notice-board-help = make a folder for the notice board with an _index.md that says notice_board = true; each page in the folder is a notice
validate-translation-source-missing = translation_of names { $source }, which is not a page of the site
validate-translation-of-translation = { $source } is itself a translation; a translation names the original page
validate-translation-of-translation-help = set translation_of to the page that { $source } translates
validate-translation-same-language = the page is in the same language as { $source }, which it translates
validate-translation-same-language-help = set lang to the translation's language (fi, en, se, sv-x-lattlast …); each language has one translation of a page
validate-translation-duplicate = { $source } already has a translation in this language: { $first }
subject-trust-unreadable = the site's trust documents cannot be read, so the translated version cannot be recorded
subject-source-not-approved = the source { $source } has no approval to translate from: { $problem }
subject-approve-source-first = approve { $source } first: a translation's approval records which approved version it translates
continuity-reason-schedule-ended = The page's publication period ended on { $date }, as its approval said.
build-archive-address-taken = { $url } is the address of a notice board's archive
render-theme-has-no-notice-archive = the site has a notice board, but the theme has no templates/notice-archive.html
render-copy-notice-archive = copy templates/notice-archive.html from Sigill's default theme into the theme and approve the theme
approvals-earlier-version-not-published = not published: its newest approval takes effect later, and approval { $sequence } before it cannot be published meanwhile: { $why }
status-translation-outdated = translation out of date
status-scheduled = scheduled
status-translation-outdated-since = out of date since { $since }: { $source } was approved again (approval { $sequence })
status-upcoming-posting = TO BE PUBLISHED
status-upcoming-removal = TO BE TAKEN DOWN
status-published-from = published from { $at }
render-statement-needs-facts = the page uses the accessibility statement's template, but site.toml has no [accessibility] table
render-statement-needs-facts-help = add [accessibility] to site.toml with responsible, email or phone, assessed_on and method (README, "Accessibility statement")
admin-unpublish-at-passed = unpublish_at ({ $date }) has passed: the page would never be published; set a later time or remove it
page-published-before-its-time = the release ({ $created }) is older than the time the approval lets the page be published ({ $at })
approve-published-at = Published at { $url }
approve-translates = Translates { $path } as approved now (text sha256 { $sha }…): the translation is out of date when that page is approved again
approve-publish-from = Not published before { $at } (publish_at, signed with the approval)
approve-publish-until = Not published from { $at } on (unpublish_at, signed with the approval)
accessibility-no-statement-page = site.toml has the accessibility statement's facts, but no published page shows the statement
accessibility-no-statement-page-help = add a page with template = "accessibility-statement.html" (for example content/om/tillganglighet.md) and have it approved
accessibility-statement-missing-in = the accessibility statement has no version in "{ $lang }", which the site publishes in (e.g. { $page })
accessibility-statement-missing-help = add a translation of { $source } with lang = "{ $lang }" and template = "accessibility-statement.html"; the build writes the statement in that language
subject-site-files-unreadable = the site's data and static files cannot be read (see the problems above)
subject-no-site-file = { $path } is no file of data/ or static/
site-files-data-not-toml = data/ holds only TOML files
site-files-data-not-toml-help = write data as key = value in a .toml file (data/oppettider.toml), or move the file to static/ to publish it
site-files-too-many = data/ and static/ hold more than { $max } files
site-files-data-unreadable = the data file cannot be read: { $error }
site-files-data-unreadable-help = fix the TOML at the line named; templates read it as data.<file name>
site-files-cannot-read = cannot read: { $error }
files-static-not-published-as-approved = { $path } is not published at { $url } as approved
frontmatter-date-not-date = date = { $date } is not a date
frontmatter-paginate-range = paginate = { $n } is not between 1 and { $max }
frontmatter-tag-invalid = the tag { $tag } is empty, too long or has no letters or digits
frontmatter-tag-help = write tags as short words: tags = ["Bygglov", "Miljö"]
render-theme-lacks-template = the theme has no templates/{ $template }
render-copy-template-from-default = copy templates/{ $template } from Sigill's default theme into the theme and approve the theme
build-generated-archive = a notice board's archive
build-generated-tags = the index of tags
build-generated-tag = the page of the tag "{ $tag }"
build-generated-listing = listing page { $number } of { $path }
build-address-generated = { $url } is where the build puts { $what }
build-generated-search = the search page
validate-dated-section-needs-date = the page is in a section listed by date (sort_by = "date"), but has no date
validate-dated-section-needs-date-help = add the day it was published to the front matter: date = 2026-11-20
components-bad-name = { $name } is not a component name (lowercase letters, digits and - only)
components-bad-args = the component's arguments are not written as key="value": { $text }
components-unsafe-url = the argument { $key } is a { $scheme }: address; components take only http, https, mailto and tel addresses
components-repeated-arg = the argument { $key } is given twice
components-unknown = there is no component { $name } (the theme has: { $known })
components-missing-arg = the component { $name } needs the argument { $arg }="…"
components-notice-kind = a notice's kind is "info" (Bra att veta) or "important" (Viktigt)
components-wrong-form = write { $name } the way it is meant: {"{"}% notice … %{"}"} … {"{"}% end %{"}"} and {"{"}% details … %{"}"} … {"{"}% end %{"}"} have text inside; {"{{"} contact … {"}}"} and {"{{"} video … {"}}"} stand alone
components-end-elsewhere = this {"{"}% end %{"}"} closes a component opened in another block (a list or a quote); open and close it at the same level
components-stray-end = {"{"}% end %{"}"} without a component to close
components-not-alone = a component line must stand alone, with an empty line before and after it
components-not-closed = the component { $name } is never closed: add {"{"}% end %{"}"} on a line of its own after its text
components-help = components: {"{"}% notice kind="important" %{"}"} … {"{"}% end %{"}"}, {"{"}% details summary="…" %{"}"} … {"{"}% end %{"}"}, {"{{"} contact id="…" {"}}"}, {"{{"} video url="…" title="…" transcript="…" {"}}"} (README, "Components")
components-no-contact = data/kontakter.toml has no contact [{ $id }]
search-index-failed = the search index could not be made: { $error }
stage-search-index = search index
images-cannot-encode = the image { $path } cannot be resized: { $error }
links-too-many-redirects = more than { $max } redirects
links-summary = External links: { $count } checked ({ $cached } from the cache), { $broken } broken, { $redirected } redirected
links-broken = broken      { $url } → { $status }
links-failed = no answer   { $url } → { $reason }
links-redirected = redirected  { $url } → { $to } ({ $status }): link to the new address
links-strict-failed = { $broken } external link(s) broken

registry-rule-scope-invalid = the rule's scope { $scope } is not a scope under content/ (a folder ending in / or one file)
registry-rules-sorted-unique = the registry's rules must be sorted by scope, one rule per scope
registry-rule-count = the rule for { $scope } must require from 1 to { $max } approvals
approval-co-file-name = a co-approval's file name must be <sequence>.<publisher>.json
approval-too-few-approvals = approved by { $have } of { $need } publishers ({ $by }); the scope's rule needs { $need } different publishers to approve the same text
approval-co-mismatch = { $file }: this co-approval does not match the approval it joins ({ $field } differs)
admin-co-needs-first = { $path } needs approvals from more than one publisher: { $named } approves the text as it is now first, then you can join that approval
admin-co-already = { $id } has already approved this version of { $path }
page-one-primary-approval = the proof must hold exactly one approval of the page; any other must be a co-approval of it
page-co-approval-mismatch = a co-approval in the proof does not match the page's approval ({ $field } differs)
status-awaiting-approvals = awaiting approvals
status-sent-back = sent back by { $name }: { $comment }
approvals-ask-second-publisher = ask another publisher whose scope covers it to approve the same text: `sigill desk --key THEIR.key` or `sigill approve { $path } --key THEIR.key`
sent-back-empty = write a comment that tells the communicator what to change
sent-back-too-long = the comment is longer than { $max } characters
desk-wrong-passphrase = The passphrase does not open your key. Nothing was signed; try again.
desk-no-such-page = There is no page { $path } in the site.
desk-key-changed = The key file has changed since the desk started; start the desk again.
desk-not-your-scope = { $path } is not in your scopes: its own publisher reviews it.
desk-diff-added = added
desk-diff-removed = removed
desk-name = Sigill approval desk
desk-skip = Skip to the content
desk-signed-in-as = Signing as { $name }
desk-language = Language
desk-approvals-of = { $have } of { $need } approvals
desk-review-by = Review by { $date } ({ $days } days)
desk-other-scope = This page is in the scope of { $name }. You cannot approve it.
desk-publisher-is = Its responsible publisher is { $name }.
desk-not-signable = You cannot approve this page here: its responsible publisher is { $name }.
desk-change-summary = Change
desk-sent-back-by = Sent back by { $name }: { $comment }
desk-state-invalid = Invalid approval
desk-state-revoked = Key revoked
desk-state-out-of-scope = Outside the scope
desk-state-lapsed = Review date passed
desk-state-new = New
desk-state-awaiting = Needs another approval
desk-state-changed = Changed
desk-state-translation = Translation out of date
desk-state-due = Review due soon
desk-state-scheduled = Scheduled
desk-state-approved = Approved
desk-queue-title = To review
desk-queue-intro = { $count ->
    [one] One page in your scopes awaits you.
   *[other] { $count } pages in your scopes await you.
}
desk-counts = Your pages by state
desk-your-pages = Your pages
desk-nothing-waits = Nothing awaits your approval.
desk-others = Other publishers' pages
desk-others-intro = These pages await their own publishers. They are shown so you know; you cannot approve them.
desk-back-to-queue = ← Back to the queue
desk-fact-state = State
desk-fact-path = File
desk-fact-url = Address
desk-fact-publisher = Responsible publisher
desk-fact-review-by = Review by
desk-fact-approvals = Approvals
desk-as-published = The page as it will be published
desk-preview-of = Preview of { $title }
desk-open-page = Open the page on its own
desk-changes = Changes since the last approval
desk-words-changed = { $added } words added, { $removed } words removed.
desk-first-approval = First approval: the whole text is new.
desk-source-changes = Changes in the source text (Markdown)
desk-files = Files of the page
desk-no-files = The page has no files of its own.
desk-file-added = Added
desk-file-removed = Removed
desk-file-changed = Changed
desk-file-unchanged = Unchanged
desk-image-preview = Preview of the image { $name }
desk-problems = Problems the check finds
desk-no-problems = The check finds no problems.
desk-approve = Approve
desk-note = Change note
desk-note-help = Shown in the page's history, for example "New opening hours from January".
desk-kind = Kind of change
desk-major = Ordinary change (the page shows a new "updated" date)
desk-minor = Minor correction (keeps the page's "updated" date)
desk-review-label = Review again by
desk-passphrase = Passphrase of your key
desk-passphrase-help = Used once to sign, on this computer only; never stored.
desk-approve-button = Approve and sign
desk-send-back = Send back
desk-comment = Comment to the communicator
desk-send-back-button = Send back with comment
desk-refused = Refused
desk-approved = Approved and signed: { $path }, approval { $sequence }.
desk-co-approved = Your approval of { $path } is signed: approval { $sequence } now has a second publisher.
desk-committed = Committed to git: { $id }.
desk-not-committed = The approval is written, but git could not commit it: { $why }
desk-sent-back = Sent back: { $path }. The communicator sees your comment in the preview and in sigill status.
desk-refused-host = This desk only answers its own address on this computer.
desk-refused-origin = This request did not come from the desk's own pages. Nothing was done.
desk-refused-token = Open the desk with the address it printed when it started (with its token).
desk-started = Approval desk for { $name } ({ $id }). Open this address in your browser (Ctrl+C stops the desk):
trust-required-approvals = Pages under { $scope } now need { $approvals } different publishers' approval (1: no rule); wrote { $path }
verify-also-approved-by =     also approved by { $name }, { $title }, { $unit } on { $approved_at }
approve-co-approved = co-approved { $path } as { $publisher_name }: approval { $sequence } now has a second publisher
site-approved-by = approved by { $names }
