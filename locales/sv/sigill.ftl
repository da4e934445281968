# Sigills meddelanden på svenska. Varje meddelande har ett id som koden
# frågar efter; { $namn } fylls i med ett värde. Håll båda katalogerna i
# takt: ett test fallerar när ett id saknas i någon av dem.


## admin.rs
admin-already-exists-nothing-was-written = { $path } finns redan; inget skrevs
admin-threshold-needs-at-least-that = --threshold { $root_threshold } kräver minst lika många olika rotnycklar
admin-registry-must-be-signed-by = registret måste signeras av { $threshold } av de registernycklar som roten anger; { $allowed } av de angivna nycklarna är registernycklar
admin-days-registry-valid-for-days = --days { $days }: ett register gäller i 1 till { $max_validity_days } dagar
admin-new-root-must-be-signed = den nya roten måste signeras av { $threshold } av rotens { $which } nycklar; { $count } av de angivna nycklarna är det
admin-threshold-needs-at-least-that-2 = en tröskel på { $threshold } kräver minst lika många olika { $which }-nycklar
admin-unknown-role = okänd roll { $which }
admin-no-publisher-in-registry-see = ingen utgivare { $id } i registret (se `sigill publisher list`)
admin-already-has-key = { $id } har redan nyckeln { $keyid }
admin-valid-days-too-far = --valid-days { $valid_days } är för långt
admin-key-already-registered-for = nyckeln { $keyid } är redan registrerad för { $id }
admin-no-publisher-with-id-see = ingen utgivare med id { $id } (se `sigill publisher list`)
admin-publisher-has-no-matching-key = utgivaren { $id } har ingen matchande nyckel vars status kan ändras
admin-key-not-in-publisher-registry = nyckeln { $keyid } finns inte i registret över utgivare; be systemägaren köra `sigill publisher add`
admin-key-cannot-approve = nyckeln { $keyid } som tillhör { $id } är { $status } och kan inte godkänna
admin-names-as-its-publisher-but = { $path } anger { $named } som ansvarig utgivare, men den här nyckeln tillhör { $id }; ändra `publisher` i sidhuvudet eller använd den utgivarens nyckel
admin-outside-scopes = { $path } ligger utanför { $id }s ansvarsområden ({ $join })
admin-review-by-not-in-future = --review-by { $date } ligger inte i framtiden
admin-review-by-more-than-policy = --review-by { $date } ligger mer än policyns { $max_review_days } dagar fram
admin-existing-approvals-do-not-verify = de befintliga godkännandena av { $path } går inte att verifiera ({ $problem }); ta först bort filerna som inte skapats av `sigill approve`
admin-build-would-reject-this-approval = bygget skulle avvisa det här godkännandet av { $path }: { $join }
admin-already-exists-root-trust-made = { $root_file } finns redan; förtroenderoten skapas en gång

## approvals.rs
approvals-have-publisher-review-page-run-2 = låt utgivaren granska sidan och köra: { $approve }
approvals-needs-new-key-they-run = { $publisher } behöver en ny nyckel: utgivaren kör `sigill key new`, systemägaren kör `sigill publisher rotate { $publisher } --public-key <deras .pub-fil> --sign-with <registernyckelns fil>`, sedan godkänner utgivaren sidan igen: { $approve }
approvals-set-publisher-publisher-responsible-for = sätt `publisher` till den utgivare som ansvarar för mappen (se `sigill publisher list`), eller be systemägaren lägga till mappen i { $publisher }s ansvarsområden
approvals-page-url-changed-file-name = sidans adress har ändrats (filnamn eller `slug`): låt utgivaren godkänna den på den nya adressen: { $approve }
approvals-remove-slug-alias-that-leaves = ta bort den `slug` eller det alias som lämnar { $publisher }s avsnitt, eller be systemägaren vidga { $publisher }s ansvarsområden (`sigill publisher list`)
approvals-approve-again-with-valid-date = godkänn igen med ett giltigt datum: { $approve } --review-by ÅÅÅÅ-MM-DD
approvals-remove-approval-files-that-do = ta bort godkännandefilerna som inte går att verifiera (de skapades inte av `sigill approve`) och kör sedan: { $approve }
approvals-ask-system-owner-give-publisher = be systemägaren ge en utgivare (till exempel webbansvarig) ansvarsområdet { $target } med `sigill publisher add … --scope { $target }`, och kör sedan: { $approve }
approvals-have-responsible-publisher-review-change = låt den ansvariga utgivaren granska ändringen och köra: { $approve } (`sigill status` visar vad som har ändrats)
approvals-it-published-once-its-publisher = den publiceras när utgivaren har godkänt den: { $who }
approvals-not-published = publiceras inte: { $problem }
approvals-review-was-due = granskningen skulle ha gjorts senast { $review }
approvals-have-publisher-review-page-run = låt utgivaren granska sidan och köra: { $who }
approvals-not-approved-approval-lapsed = inte godkänd: granskningen har gått ut: { $message }
approvals-not-published-approval-lapsed-lapsed = publiceras inte: granskningen har gått ut: { $message } (lapsed = "withdraw")
approvals-earlier-approved-version-cannot-be = { $message } (den tidigare godkända versionen kan inte publiceras: { $why })
approvals-kept-at-approved-version-approval = den godkända versionen från { $approved_on } ligger kvar (godkännande { $sequence }): { $change }
approvals-change-published-once-publisher-approves = ändringen publiceras när utgivaren har godkänt den: { $who }
approvals-approval-lapsed-review-was-due = granskningen har gått ut: den skulle ha gjorts senast { $review_on }; sidan publiceras med en upplysning om att granskningsdatumet har passerat
approvals-not-published-publisher-not-in = publiceras inte: utgivaren { $publisher } finns inte i registret över utgivare
approvals-did-you-mean-sigill-publisher = menade du { $close }? (`sigill publisher list` visar alla utgivare)
approvals-use-id-from-sigill-publisher = använd ett id från `sigill publisher list`

## audit.rs
audit-cannot-make-scratch-folder = kan inte skapa en arbetsmapp: { $error }
audit-published-log = den publicerade loggen: { $error }
audit-cannot-list-re-rendered-site = kan inte lista den omgjorda webbplatsen: { $error }

## build.rs
build-no-trust-anchor-trust-root = inget förtroendeankare: `[trust] root` är inte satt
build-run-sigill-trust-init-create = kör `sigill trust init` för att skapa förtroenderoten, eller `sigill init MAPP --keys NYCKELMAPP` för en ny webbplats
build-site-signed-trust-documents-must = webbplatsens signerade förtroendedokument måste gå att verifiera från ankaret i site.toml; återställ dem från versionshanteringen eller kontakta systemägaren
build-release-key-not-release-key = utgivningsnyckeln { $keyid } är inte en utgivningsnyckel som roten anger
build-use-build-server-release-key = använd byggserverns utgivningsnyckel, den som `sigill trust init` fick
build-withdrawal-must-be-made-with = en borttagning görs med `sigill withdraw` av sidans utgivare, eller med registrets nycklar
build-trust-state-theme-could-not = förtroendet eller temat kunde inte läsas in
build-url-would-be-published-by = adressen { $url } skulle också publiceras av { $first }
build-log-last-release-cannot-be = loggen över den senaste utgivningen kan inte läsas: { $error }
build-build-machine-log-records-what = byggmaskinens logg visar vad den senast publicerade; återställ tillståndsmappen från säkerhetskopian, eller låt --state peka på en tom mapp bara om du avsiktligt vill börja en ny logg
build-self-check-new-site-failed = självkontrollen av den nya webbplatsen misslyckades: { $value }
build-self-check-failed = självkontrollen av { $url } misslyckades: { $problem }
build-cannot-save-log-state = kan inte spara loggens tillstånd: { $error }

## cli/approve.rs
approve-review-by-not-date-like = --review-by { $text } är inte ett datum som 2027-05-31
approve-approve-asks-for-confirmation-there = approve frågar innan den signerar, och det finns ingen terminal; ange --yes för att godkänna utan att frågas
approve-not-approved-nothing-was-written = inte godkänt; inget skrevs
approve-approved-as-sequence-review-by = godkände { $path } som { $publisher_name } (godkännande { $sequence }, granskas senast { $date })
approve-not-path-inside-site = { $path } är inte en sökväg i webbplatsen
approve-message = { $path }: { $error }
approve-approved-version-newest-first = { $path }: { $versions_count } godkända versioner, nyaste först
approve-message-2 = {" "}     { $note }
approve-message-3 = {" "}     { $mark }{ $text }
approve-withdraw-asks-for-confirmation-there = withdraw frågar innan den signerar, och det finns ingen terminal; ange --yes för att ta bort utan att frågas
approve-withdraw-page-removed-at-next = ta bort { $path }: sidan tas bort vid nästa bygge, och på dess adress visas skälet:{"\u000A"}  { $reason }
approve-not-withdrawn-nothing-was-written = inte borttagen; inget skrevs
approve-withdrew-approvals-up-at-next = tog bort { $path } (godkännanden till och med { $sequence }); vid nästa bygge visar { $url } en upplysning och loggen registrerar beslutet
approve-approve-item-with-your-signature = Godkänna { $count } sak(er) med din signatur?
approve-y-n = { $question } [j/N]{" "}

## cli/audit.rs
audit-not-site-built-by-sigill = { $published } är inte en webbplats byggd av Sigill (ingen .well-known/sigill/release.json)
audit-published-site-does-not-verify = ✘ den publicerade webbplatsen går inte att verifiera från ankaret i site.toml (kör `sigill verify` för detaljer)
audit-differs-from-what-approved-sources = ✘ { $path } skiljer sig från det de godkända källorna ger
audit-published-but-approved-sources-do = ✘ { $path } är publicerad, men de godkända källorna ger den inte
audit-made-from-approved-sources-but = ✘ { $path } ges av de godkända källorna, men är inte publicerad
audit-all-published-files-are-exactly = ✔ alla { $compared } publicerade filer är exakt det som de godkända källorna och temat ger
audit-audit-failed = granskningen av { $published } misslyckades

## cli/keys.rs
keys-new-key = den nya nyckeln { $file }
keys-created-mode = skapade { $file } (läge 0600{ $encrypted })
keys-label = etikett:      { $label }
keys-encrypted = krypterad:    { $no }
keys-keyid = nyckel-id:    { $keyid }
keys-fingerprint = fingeravtryck: { $keyid }
keys-public-key = publik nyckel: { $to_base64 }

## cli/mod.rs
cli-sigill-now-not-date-time = SIGILL_NOW={ $pinned } är inte ett datum (2027-05-31) eller en tidpunkt (2027-05-31T12:00:00Z)
cli-for-verify-root-trust-anchor = för verify är --root förtroendeankaret (sha256:HEX, som det står på webbplatsen), inte { $value }
cli-this-sigill-built-for-verifying = den här sigill är byggd enbart för att verifiera

## cli/passphrase.rs
passphrase-use-passphrase-at-least-characters = använd en lösenfras på minst { $min_passphrase_chars } tecken (några ord är lätta att komma ihåg); inget skrevs
passphrase-passphrase-needed-for-set-run = en lösenfras behövs för { $purpose }; sätt { $env } eller kör i en terminal
passphrase-cannot-read-passphrase = kan inte läsa lösenfrasen: { $error }
passphrase-passphrases-differ-nothing-was-written = lösenfraserna skiljer sig åt; inget skrevs

## cli/report.rs
report-error = fel: { $message }
report-error-problem-found-nothing-was = fel: { $errors } problem hittades; inget skrevs

## cli/serve.rs
serve-message = { $root }: { $error }
serve-cannot-listen-on-choose-another = kan inte lyssna på 127.0.0.1:{ $port }: { $error } (välj en annan --port)
serve-previewing-page-at-ctrl-c = Förhandsvisar { $pages } sida/sidor på { $url }  (Ctrl-C avslutar; inget skrivs till utdatamappen)
serve-cannot-watch = kan inte bevaka { $root }: { $error }

## cli/site.rs
site-not-empty-choose-new-folder = { $what } { $path } är inte tom; välj en ny mapp (inget skrevs)
site-message = { $what } { $path }: { $error }
site-cannot-create = kan inte skapa { $parent }: { $error }
site-cannot-write-in = kan inte skriva i { $parent }: { $error }
site-cannot-replace-empty-folder = kan inte ersätta den tomma mappen { $target }: { $error }
site-cannot-move-new-files-into = kan inte flytta de nya filerna till { $target }: { $error }
site-site-must-be-domain-name = --site { $site } måste vara ett domännamn som www.nora.se
site-already-holds-site-site-toml = { $dir } innehåller redan en webbplats (site.toml finns); inget skrevs
site-keys-lies-inside-site-folder = --keys { $keydir } ligger i webbplatsens mapp (eller innehåller den): nycklar där skulle checkas in och kunna publiceras; håll dem i en egen mapp, som ~/{ $site }-nycklar
site-created-keys-in-root-registry = skapade nycklar i { $keydir } (rot, register, { $publisher }: krypterade; utgivning: okrypterad, för byggservern)
site-created-new-site-in = skapade en ny webbplats i { $dir }
site-build-it-sigill-root-build = bygg den: sigill --root { $dir } build
site-next-create-keys-root-trust = nästa steg: skapa nycklar och förtroenderoten (`sigill key new`, `sigill trust init`), eller kör init igen med --keys NYCKELMAPP
site-new-trust-documents-do-not = de nya förtroendedokumenten går inte att verifiera
site-created-root-trust-registered-publisher = skapade förtroenderoten, registrerade utgivaren { $publisher } för content/, temat och site.toml, och godkände startsidan, temat och site.toml
site-trust-anchor = förtroendeankare: { $anchor }
site-give-path-like-content-om = { $path }: ange en sökväg som content/om/kontakt.md (gemener a-z, siffror, '-'; skriv å, ä, ö som a, a, o)
site-created = skapade { $path }
site-publisher-owner-come-from-section = utgivaren { $publisher } och informationsägaren { $owner } kommer från avsnittet; ändra dem om en annan utgivare svarar för sidan
site-set-publisher-responsible-publisher-id = sätt `publisher` till den ansvariga utgivarens id (se `sigill publisher list`)
site-when-text-ready-sigill-approve = när texten är klar: sigill approve { $path } --key <utgivarens nyckelfil>
site-no-folder-for-build-log = ingen mapp för byggets loggtillstånd (varken HOME eller XDG_DATA_HOME): ange --state MAPP eller sätt SIGILL_STATE
site-check-failed = kontrollen misslyckades
site-check-could-not-run = kontrollen kunde inte köras
site-ok-page-would-be-published = ok: { $pages } sida/sidor skulle publiceras{ $drafts }{ $pending }
site-thing-pending-listed-above-strict = ; { $pending_count } sak(er) väntar, listade ovan (`--strict` fallerar på dem)
site-draft-left-out = {" "}({ $drafts_count } utkast utelämnade)
site-no-release-key-pass-release = ingen utgivningsnyckel: ange --release-key FIL, sätt SIGILL_RELEASE_KEY, eller sätt `release_key` under [trust] i site.toml
site-built-page-into = byggde { $pages } sida/sidor till { $out }{ $drafts }{ $pending }
site-pages-unchanged = { $rendered } sida/sidor renderades; { $unchanged } oförändrade sedan förra bygget, tagna från den publicerade webbplatsen
site-warning-can-be-read-by = varning: { $path } kan läsas av andra användare på den här datorn; kör `chmod 600 { $path2 }`
site-expires-in-day = går ut om { $days_left } dag(ar)
site-review-by-days = granskas senast { $date } ({ $days } dagar)
site-page-approved-not-due-for = {"\u000A"}{ $approved } av { $statuses_count } sida/sidor är godkända och ska inte granskas inom { $review_due_soon_days } dagar

## cli/trust.rs
trust-site-toml-pins-no-trust = site.toml anger inget förtroendeankare; kör `sigill trust init` först
trust-note-expiry-has-passed-renewing = obs: giltighetstiden { $expires } har passerat; förnyar från det senaste giltiga tillståndet
trust-days-give-days-about-ten = --days { $days }: ange 1 till { $max_validity_days } dagar (ungefär tio år)
trust-wrote = { $what }; skrev { $path }
trust-trust-anchor-unchanged-citizens-pinned = förtroendeankaret är oförändrat: invånarnas sparade fingeravtryck gäller fortfarande
trust-renewed-root-until = förnyade roten till { $date }
trust-renewed-registry-for-days-wrote = förnyade registret för { $days } dagar; skrev { $path }
trust-unknown-trust-command = okänt trust-kommando
trust-created-trust-root-root-json = skapade trust/root/1.root.json och trust/registry/0001.registry.json
trust-pinned-in-site-toml-root = fastställt i site.toml: root = "{ $anchor }"
trust-trust-anchor-fingerprint-publish-it = förtroendeankarets fingeravtryck (publicera det där invånare kan jämföra):
trust-message = {" "} { $sha256 }
trust-public-key = --public-key { $text }: { $error }
trust-public-key-file-larger-than = --public-key { $text }: filen är större än en nyckel
trust-public-key-file-should-hold = --public-key { $text }: { $error }; filen ska innehålla raden som `sigill key show --public` skriver ut
trust-public-key-no-such-file = --public-key { $text }: ingen sådan fil (ange en .pub-fil från `sigill key show --public`, en nyckelfil eller nyckeln i base64)
trust-public-key-give-base-bytes = --public-key: { $error } (ange base64 av 32 byte, en .pub-fil eller en nyckelfil)
trust-gave-new-key-retired-old = gav { $id } den nya nyckeln { $keyid } och pensionerade den gamla; deras godkännanden gäller fortfarande; skrev { $path }
trust-publisher-id-must-be-lowercase = utgivarens id { $id } får bara innehålla gemener, siffror och '-'
trust-added-with-key-wrote = lade till { $id } ({ $name }) med nyckeln { $keyid }; skrev { $path }
trust-marked-key-as-wrote = markerade { $changed } nyckel/nycklar för { $id } som { $status }; skrev { $path }
trust-every-approval-made-with-that = varje godkännande som gjorts med den nyckeln är nu ogiltigt: kör `sigill status` för att se sidorna som ska godkännas igen
trust-registry-version-expires-publisher = registerversion { $version } (går ut { $expires }), { $publishers_count } utgivare
trust-message-2 = {"\u000A"}{ $id }  { $name }, { $title }, { $unit }
trust-scopes = {" "} ansvarsområden: { $join }
trust-key-since-valid = {" "} nyckel { $keyid }  { $status } sedan { $status_since }, giltig { $valid_from } – { $valid_until }

## cli/verify.rs
verify-root-not-trust-anchor-give = --root { $text } är inte ett förtroendeankare: ange sha256: och de 64 hexsiffrorna i webbplatsens fingeravtryck (mellanslag och versaler går bra)
verify-warning-cannot-remember-site-log = varning: kan inte komma ihåg webbplatsens logg i { $folder }: { $error }
verify-release-has-expired-site-was = utgivningen av { $error } har gått ut: webbplatsen har inte byggts om i tid
verify-release-dated-in-future = utgivningen av { $error } är daterad i framtiden
verify-verification-failed-for = kontrollen misslyckades för { $error }
verify-anchor-not-trust-anchor-sha = --anchor { $text } är inte ett förtroendeankare (sha256:HEX)
verify-not-url-this-tool-can = { $target } är inte en adress som verktyget kan hämta
verify-message = { $target }: { $error }
verify-releases-root = { $size } utgivningar, rot { $root }
verify-from-need-from = --from { $from } --to { $to }: kräver 0 < FROM <= TO <= { $size }
verify-does-not-exist = { $target } finns inte
verify-not-page-give-folder-site = { $target } är inte en sida (ange en mapp i webbplatsen, eller dess index.html)
verify-not-inside-site-built-by = { $target } ligger inte i en webbplats byggd av Sigill (ingen .well-known/sigill/release.json ovanför)
verify-checked = Kontrollerade { $error }
verify-site = Webbplats: { $site }
verify-trust-anchor-fingerprint = Förtroendeankare: { $anchor }{"\u000A"}  fingeravtryck { $fp } — { $how }
verify-release-page-made-fresh-until = Utgivning { $release } med { $pages_count } sida/sidor, gjord { $created }, aktuell till { $expires }{ $else }
verify-message-2 = ⚠ { $detail }
verify-message-3 = ✘ { $detail }
verify-approved-by-on-review-by = { $mark } { $url }  godkänd av { $name }, { $title }, { $unit } den { $approved_at }; granskas senast { $review_by }
verify-message-4 = {" "}   ✘ { $detail }
verify-message-5 = {" "}   ⚠ { $detail }
verify-page-verified = { $ok } av { $pages_count } sida/sidor verifierade
verify-site-as-whole-failed-problem = Webbplatsen som helhet MISSLYCKADES: { $problems_count } problem ovan
verify-rely-on-this-pass-anchor = För att kunna lita på detta, ange ankaret som webbplatsens ägare publicerar på annat håll: sigill verify MÅL --root sha256:…

## config.rs
config-site-toml-not-valid = site.toml är inte giltig
config-cannot-read-site-configuration = kan inte läsa webbplatsens inställningar: { $error }
config-run-sigill-init-dir-create = kör `sigill init MAPP` för att skapa en webbplats, eller ange --root för att peka ut en
config-site-toml-larger-than-kib = site.toml är större än 256 KiB
config-site-toml-not-valid-utf = site.toml är inte giltig UTF-8
config-save-file-as-utf-in = spara filen som UTF-8 i din editor

## continuity.rs
continuity-this-release-time-not-later = den här utgivningens tid { $created } är inte senare än den senast loggade utgivningen ({ $index }, { $created2 })
continuity-check-build-machine-clock-sigill = kontrollera byggmaskinens klocka (och SIGILL_NOW / SOURCE_DATE_EPOCH); en utgivning måste vara senare än den före
continuity-root-rolled-back-repository-newest = roten har rullats tillbaka: förrådets nyaste rot är version { $version }, loggen har redan använt version { $root_version }
continuity-restore-trust-root-root-json = återställ trust/root/{ $root_version }.root.json från versionshanteringen; en rotversion får aldrig tas bort
continuity-root-does-not-chain-from = roten kedjar inte från den loggade roten: version { $root_version } i loggen har sha256 { $root_sha256 }, som förrådets rotkedja inte innehåller
continuity-trust-anchor-root-files-were = förtroendeankaret eller rotfilerna har bytts ut; återställ trust/ och ankaret i site.toml från den senast publicerade utgivningen, eller byt rot med de gamla rotnycklarna (`sigill trust rotate-root`)
continuity-registry-rolled-back-newest-registry = registret har rullats tillbaka: det nyaste registret är version { $version }, loggen har redan använt version { $registry_version }
continuity-restore-missing-registry-versions-from = återställ de saknade registerversionerna från versionshanteringen; en registerversion får aldrig tas bort
continuity-registry-version-differs-from-version = registerversion { $version } skiljer sig från version { $version2 } som loggen registrerade
continuity-published-registry-version-can-never = en publicerad registerversion får aldrig ändras; gör ändringen som en ny version (`sigill publisher …`)
continuity-approval-went-backwards-release-published = godkännandet har gått bakåt: utgivning { $index } publicerade godkännande { $sequence }, det här bygget har godkännande { $sequence2 }
continuity-restore-approval-files-from-version = återställ godkännandefilerna för { $path } från versionshanteringen; ett godkännande får aldrig tas bort
continuity-approval-differs-from-approval-release = godkännande { $sequence } skiljer sig från godkännande { $sequence2 } som utgivning { $index } publicerade
continuity-published-approval-can-never-be = ett publicerat godkännande får aldrig bytas ut; återställ det från versionshanteringen och godkänn igen
continuity-approved-page-vanished-release-published = en godkänd sida har försvunnit: utgivning { $index } publicerade godkännande { $sequence } av den, och det finns ingen signerad borttagning
continuity-restore-page-have-its-publisher = återställ sidan, eller låt dess utgivare ta bort den: sigill withdraw { $path } --reason "…" --key <utgivarens nyckelfil>
continuity-page-was-withdrawn-at-approval = sidan togs bort vid godkännande { $sequence } ({ $withdrawn_at }); godkännande { $sequence2 } kan inte publicera den igen
continuity-withdrawn-page-published-again-only = en borttagen sida publiceras igen bara genom ett nytt godkännande: sigill approve { $path } --key <utgivarens nyckelfil>
continuity-approval-first-published-now-but = godkännande { $sequence } publiceras först nu, men nyckeln { $keyid } som tillhör { $id } blev { $status } { $status_since } — före den här utgivningen; dess approved_at räknas inte
continuity-have-publisher-with-current-key = låt en utgivare med en giltig nyckel godkänna sidan: sigill approve { $path } --key <nyckelfil>

## frontmatter.rs
frontmatter-page-does-not-start-with = sidan börjar inte med ett sidhuvud
frontmatter-start-file-with-line-toml = börja filen med en rad `+++`, TOML-fälten (title, publisher, owner) och ännu en `+++`
frontmatter-front-matter-not-closed = sidhuvudet är inte avslutat
frontmatter-add-line-after-last-front = lägg till en rad `+++` efter sidhuvudets sista fält
frontmatter-add-it-front-matter-every = lägg till det i sidhuvudet; varje sida anger titel, ansvarig utgivare (utgivarens id) och informationsägare
frontmatter-empty = `{ $name }` är tomt
frontmatter-write-page-it-shown-readers = skriv sidans { $name }; det visas för läsarna och får inte vara tomt
frontmatter-updated-not-date = `updated` är { $updated }, inte ett datum
frontmatter-write-it-as-date-updated = skriv det som ett datum: updated = 2026-11-28
frontmatter-slug-not-plain-url-segment = slug { $slug } är inte ett enkelt adressled
frontmatter-use-lowercase-letters-z-digits = använd gemener a-z, siffror och '-', till exempel slug = "bygglov"
frontmatter-front-matter-yaml-between-lines = sidhuvudet är YAML (mellan rader med ---); Sigill använder TOML mellan rader med +++
frontmatter-write-it-like-this = skriv det så här:{"\u000A"}{ $n }

## inputs.rs
inputs-theme-folder-missing = temamappen saknas
inputs-set-theme-in-site-toml = sätt `theme` i site.toml till en mapp under themes/ som har templates/ och theme.toml
inputs-cannot-read-theme = kan inte läsa temat: { $error }
inputs-symbolic-links-are-not-allowed = symboliska länkar är inte tillåtna i ett tema
inputs-replace-link-with-file-itself = ersätt länken med själva filen, så att det som godkänns är det som publiceras
inputs-file-name-in-theme-not = ett filnamn i temat är inte en enkel adress
inputs-rename-it-using-lowercase-z = byt namn med gemener a-z, siffror, '-', '_' och '.'
inputs-theme-has-more-than-files = temat har fler än { $max_theme_files } filer
inputs-theme-has-no-theme-toml = temat har ingen theme.toml
inputs-add-theme-toml-with-theme = lägg till en theme.toml med temats namn; den står för temat när temat godkänns
inputs-message = { $problem }
inputs-not-approved = inte godkänt: { $problem }

## l10n.rs

## load.rs
load-content-folder-missing = mappen content saknas
load-create-content-write-pages-in = skapa content/ och skriv sidorna där
load-cannot-read = kan inte läsa: { $error }
load-file-folder-name-not-plain = fil- eller mappnamnet är inte en enkel adress
load-rename-it-using-lowercase-z = byt namn med gemener a-z, siffror, '-', '_' och '.' (skriv å, ä, ö som a, a, o), till exempel content/om/it-strategi.md
load-name-differs-from-only-in = namnet skiljer sig från { $previous } bara i versaler och gemener
load-rename-one-them = byt namn på en av dem
load-file-not-part-page-bundle = filen hör inte till något sidpaket
load-put-images-documents-in-folder = lägg bilder och dokument i en mapp med en index.md (ett sidpaket) så att de godkänns med den sidan
load-split-page-into-smaller-pages = dela upp sidan i mindre sidor
load-file-not-valid-utf = filen är inte giltig UTF-8
load-file-larger-than-limit-kib = filen är större än gränsen på { $limit } KiB
load-page-changed-during-build = sidan ändrades medan bygget läste den
load-build-again-when-saved = spara filen och bygg igen
load-private-key-file-lies-inside = en privat nyckelfil ligger i webbplatsens publicerade eller versionshanterade mappar
load-move-it-out-content-themes = flytta den från content/, themes/ och trust/ (förvara nycklar i en egen mapp som aldrig publiceras)
load-symbolic-links-are-not-allowed = symboliska länkar är inte tillåtna här
load-replace-link-with-file-itself = ersätt länken med själva filen: ett bygge publicerar bara filer som ligger i webbplatsen

## log/checkpoint.rs
checkpoint-not-signed-by-release-key = inte signerad av en utgivningsnyckel i webbplatsens rot ({ $error })
checkpoint-origin-expected = ursprunget är { $origin }, väntat { $origin2 }

## log/read.rs
read-entry-not-entry-sigill-log = post { $index } är inte post { $index } i en sigill-logg
read-not-state-entry-commits = { $index } är inte det tillstånd som post { $index2 } binder
read-not-release-entry-commits = { $index } är inte den utgivning som post { $index2 } binder
read-log-has-no-entry = loggen har ingen post { $index }

## log/tiles.rs
tiles-holds-entries-expected = innehåller { $entries_count } poster, väntat { $count }

## output.rs
output-it-overlaps-site-folder = den överlappar webbplatsens mapp { $folder }/
output-it-overlaps-folder-key-file = den överlappar mappen med nyckelfilen { $key }
output-it-holds-files-last-build = den innehåller filer som det senaste bygget inte skapade ({ $join }); flytta bort dem, eller lägg till dem i webbplatsen som godkända filer, och bygg igen

## render.rs
render-template-not-valid-utf = mallen är inte giltig UTF-8
render-required-template-missing = en mall som krävs saknas
render-template-error = fel i mallen: { $message }
render-fix-template-named-in-message = rätta mallen som nämns i meddelandet
render-page-withdrawn-theme-has-no = sidan är borttagen, och temat har ingen templates/withdrawn.html för upplysningen på dess adress
render-copy-templates-withdrawn-html-from = kopiera templates/withdrawn.html från Sigills standardtema till temat och godkänn temat
render-theme-has-no-templates-history = temat har ingen templates/history.html för sidans historik
render-copy-templates-history-html-from = kopiera templates/history.html från Sigills standardtema till temat och godkänn temat

## scaffold.rs
scaffold-trust-in-site-toml-not = `trust` i site.toml är inte en tabell

## serve/watcher.rs
watcher-updated-in-ms-page-rendered = uppdaterat på { $as_millis } ms: { $html } sida/sidor renderade, { $markdown } Markdown-fil(er){ $else }
watcher-site-toml-could-not-be = site.toml kunde inte läsas; den senaste förhandsvisningen ligger kvar{"\u000A"}{ $value }

## status.rs
status-publisher-not-in-registry = utgivaren { $publisher } finns inte i registret
status-root-trust-version = förtroenderoten (version { $version })
status-publisher-registry-version = registret över utgivare (version { $version })
status-key-publisher = nyckeln { $keyid } som tillhör utgivaren { $id }
status-have-make-new-key-sigill = låt { $name } skapa en ny nyckel (`sigill key new`), och kör sedan: sigill publisher rotate { $id } --public-key <deras .pub-fil> --sign-with <registernyckelns fil>

## subject.rs
subject-site-uses-theme-not = webbplatsen använder temat { $theme_dir }, inte { $wanted_dir }
subject-approve-set-theme-in-site = godkänn { $theme_dir }, eller sätt `theme` i site.toml först
subject-message = { $path } { $why }
subject-theme-could-not-be-read = temat kunde inte läsas; `sigill check` säger varför

## toml_errors.rs
toml-errors-unknown-field = okänt fält `{ $key }`
toml-errors-did-you-mean = menade du `{ $close }`?
toml-errors-known-fields = kända fält: { $join }
toml-errors-missing-field = fältet `{ $key }` saknas

## trust/approval.rs
approval-changed-during-build = { $file } ändrades medan webbplatsen byggdes: filen innehåller inte längre godkännandet som kontrollerades. Bygg igen.
approval-it-dated-before-approval-that = det är daterat { $approved_at }, före godkännande { $sequence } ({ $approved_at2 }) som det följer på
approval-previous-prior-approval-payload-hashes = `previous` är { $previous }, men det föregående godkännandets innehåll har hashen { $previous2 }
approval-valid-only-from = giltig först från { $valid_from }
approval-valid-only-until = giltig bara till { $valid_until }

## trust/registry.rs
registry-publisher-id-must-be-lowercase = utgivarens id { $who } får bara innehålla gemener, siffror och '-'
registry-publisher-id-appears-twice = utgivarens id { $who } förekommer två gånger
registry-publisher-has-empty-name-title = utgivaren { $who } har ett tomt namn, en tom titel eller enhet
registry-publisher-has-scope-scope-content = utgivaren { $who } har ansvarsområdet { $scope }; ett ansvarsområde är `content/`, en mapp som `content/om/` (gemener, slutar med /), en sida som `content/kontakt.md`, en temamapp som `themes/default/`, `site.toml`, eller data- och statiska filer: `data/`, `static/`, en mapp under dem eller en fil
registry-publisher-keyid-does-not-match = utgivaren { $who }: nyckel-id { $keyid } stämmer inte med den publika nyckeln
registry-keyid-registered-twice = nyckel-id { $keyid } är registrerat två gånger
registry-not-signed-by-registry-role = inte signerat av registerrollen: { $error }
registry-version-but-file-name-says = versionen är { $version }, men filnamnet säger { $version2 }
registry-site-this-site = webbplatsen är { $site }, den här webbplatsen är { $site2 }

## trust/root.rs
root-keyid-does-not-match-its = nyckel-id { $keyid } stämmer inte med den publika nyckeln
root-role-names-key-twice = rollen { $name } anger en nyckel två gånger
root-role-names-key-which-root = rollen { $name } anger nyckeln { $missing }, som roten inte listar
root-role-has-threshold-with-keys = rollen { $name } har tröskeln { $threshold } med { $keyids_count } nycklar
root-version-expected = versionen är { $version }, väntat { $index }
root-site-expected = webbplatsen är { $site }, väntat { $expected }

## trust/timestamp.rs
timestamp-not-yyyy-mm-ddthh-mm = { $text } är inte en tidpunkt på formen ÅÅÅÅ-MM-DDTHH:MM:SSZ

## trust/withdrawal.rs
withdrawal-reason-must-be-characters-on = skälet måste vara 1 till { $max_reason_chars } tecken på en rad
withdrawal-it-dated-after-time-build = den är daterad { $withdrawn_at }, efter byggets tidpunkt
withdrawal-signed-by-but-it-says = signerad av { $id }, men enligt den beslutade { $by }
withdrawal-not-responsible-for-it-scopes = { $id } ansvarar inte för den (ansvarsområden: { $join })
withdrawal-key-was-not-valid-at = nyckeln { $signer } var inte giltig { $withdrawn_at }
withdrawal-signed-by-registry-keys-but = signerad med registrets nycklar, men enligt den beslutade { $by }

## validate.rs
validate-url-also-used-by = adressen { $url } används också av { $first }
validate-change-file-name-slug-aliases = ändra filnamnet, `slug` eller `aliases` så att varje sida får en egen adress
validate-alias-not-site-path-like = aliaset { $alias } är inte en sökväg som /gammal/adress/
validate-write-aliases-as-absolute-paths = skriv alias som absoluta sökvägar som börjar och slutar med /
validate-heading-level-skips-from-h = rubriknivån hoppar från h{ $previous_level } till h{ $level }
validate-use-here-so-screen-reader = använd { $usize } här, så att den som använder skärmläsare kan följa strukturen
validate-link-text-does-not-say = länktexten "{ $text }" säger inte vart länken leder
validate-image-has-no-alt-text = bilden { $dest } saknar alternativtext
validate-link-not-allowed = länken till { $dest } är inte tillåten
validate-link-which-not-page-this = länk till { $path }, som inte är en sida på den här webbplatsen
validate-link-leaves-site = länken till { $dest } lämnar webbplatsen
validate-link-lacks-final-page = länken till { $absolute } saknar avslutande / (sidan är { $absolute }/)
validate-link-which-does-not-exist = länk till { $dest }, som inte finns på den här webbplatsen
validate-link-page-has-no-heading = länk till { $dest }: sidan har ingen rubrik med id "{ $anchor }"

## verify/files.rs
files-cannot-read-list-published-files = kan inte läsa listan över publicerade filer: { $error }
files-not-list-files-release-signs = { $path } är inte den lista över filer som utgivningen signerar
files-malformed-format-order-count = { $path } är felaktigt utformad (format, ordning eller antal)
files-lists-malformed-entry = { $path } listar en felaktig post { $path2 }
files-cannot-read-approvals-theme-site = kan inte läsa godkännandena av temat och site.toml: { $error }
files-not-one-release-signs = { $path } är inte den som utgivningen signerar
files-approval-for-another-site = godkännandet av { $path } gäller en annan webbplats
files-page-approval-not-one-theme = { $path } är ett godkännande av en sida, inte av temat eller site.toml
files-message = { $path }: { $problem }
files-must-hold-exactly-one-approval = { $path } måste innehålla exakt ett godkännande av site.toml och ett av ett tema, i övrigt bara godkännanden av data/*.toml och filer i static/, sorterade efter sökväg
files-not-file-signed-release-added = { $path } är inte en fil i den signerade utgivningen (tillagd efter bygget?)
files-was-changed-after-build-it = { $path } har ändrats efter bygget: den stämmer inte med den signerade utgivningen
files-missing-signed-release-lists-it = { $path } saknas: den signerade utgivningen listar den
files-not-file-signed-release-added-2 = { $value } är inte en fil i den signerade utgivningen (tillagd efter bygget?)

## verify/history.rs
history-not-version-page-at-address = { $path } är inte version { $sequence } av sidan på { $url } (adress, webbplats, nummer eller kedja)
history-not-text-version-approves = { $text } är inte texten som version { $sequence } godkänner
history-does-not-lead-to-published-version = historiken för { $url } leder inte till den publicerade versionen: sidans godkännande är varken version { $sequence } eller den som följer på den

## verify/log.rs
log-checkpoint-missing-release-not-in = { $log_dir }/checkpoint saknas: utgivningen finns inte i någon logg
log-log-cannot-be-read = loggen kan inte läsas: { $error }
log-served-release-not-newest-release = utgivningen som visas är inte den senaste i loggen (post { $index }, gjord { $created })
log-log-has-releases-but-this = loggen har { $size } utgivningar, men den här kontrollen har redan sett { $size2 }: ett äldre tillstånd av webbplatsen visas
log-log-does-not-extend-one = loggen bygger inte vidare på den som den här kontrollen såg förut ({ $size } utgivningar, rot { $root }): dess historik har skrivits om
log-entry-goes-backwards-from-entry = post { $index } går bakåt från post { $index2 } (tid, rot- eller registerversion, eller webbplats)
log-release-dropped-approval-without-withdrawal = utgivning { $index } tappade { $path } (godkännande { $sequence }) utan borttagning, eller gick tillbaka till ett äldre godkännande
log-not-file-log = { $prefix }{ $path } är inte en fil i loggen
log-differs-from-what-log-entries = { $prefix }{ $path } skiljer sig från det loggens poster ger
log-file-log-are-missing = { $seen } fil(er) i loggen saknas
site-cannot-read-site-root-trust = kan inte läsa webbplatsens förtroenderot: { $error }

## verify/mod.rs
verify-message-6 = { $index_path }: { $error }
verify-not-list-pages-release-signs = { $index_path } är inte den lista över sidor som utgivningen signerar

## verify/page.rs
page-cannot-read-page = kan inte läsa sidan: { $error }
page-page-proof-missing-malformed = sidans bevis saknas eller är felaktigt: { $error }
page-unknown-proof-format-release = okänt bevisformat { $proof } eller utgivning { $release }
page-proof-for-not-for-proof = beviset gäller { $url }, inte { $url2 } (ett bevis för en annan sida)
page-proof-leaf-differs-from-release = bevisets löv skiljer sig från utgivningens lista över sidor
page-content-does-not-match-its = innehållet stämmer inte med godkännandet: den visade sidan ({ $html_count } byte) har hashen { $html_sha }, utgivningen säger { $html_sha256 } ({ $html_len } byte)
page-page-proof-does-not-lead = sidans bevis leder inte till den signerade utgivningen (ett bevis för en annan sida eller ett annat bygge)
page-approvals-in-proof-are-not = godkännandena i beviset är inte de som utgivningen binder
page-approval-for-url-but-release = godkännandet gäller adressen { $none }, men utgivningen lägger sidan på { $url } (ett godkännande som flyttats till en annan adress)
page-bundle-file-not-published-as = filen { $url_path } i sidpaketet är inte publicerad så som godkännandet täcker den
page-approval-differs-from-page = godkännandets { $field } ({ $signed }) skiljer sig från sidans ({ $bound })
page-intact-but = oförändrad, men { $problem }
page-page-approval-not-in-log = sidans godkännande finns inte i loggens uppgifter om utgivningen
page-approval-was-first-published-on = godkännandet publicerades först { $logged_at }, efter att nyckeln { $keyid } pensionerades ({ $status_since }): dess approved_at räknas inte
page-published-source-index-md-not = den publicerade källtexten (index.md) är inte den godkända texten
page-approved-source-text-not-published = den godkända källtexten är inte publicerad bredvid sidan
page-approved-source-text-could-not = den godkända källtexten kunde inte läsas: { $error }

## verify/site.rs
site-site-first-root-hashes-not = webbplatsens första rot har hashen { $found }, inte ankaret som angavs med --root ({ $pinned })
site-trust-anchor-was-not-pinned = förtroendeankaret var inte fastställt: jämför fingeravtrycket med det som webbplatsens ägare publicerar på annat håll, eller ange --root
site-not-signed-by-release-key = inte signerad av den utgivningsnyckel som roten anger: { $error }
site-release-manifest-rejected = { $release_path }: utgivningen avvisades: { $error }
site-created-expires-pages-root-malformed = { $release_path }: created, expires eller pages_root är felaktig
site-release-for-site-root-for = utgivningen gäller webbplatsen { $site }, roten gäller { $site2 }
site-release-pins-another-root-version = utgivningen pekar ut en annan rotversion än den webbplatsen publicerar
site-release-lifetime-not-within-root = utgivningens giltighetstid ryms inte inom rotpolicyns { $max_days } dagar
site-release-dated-after-time-this = utgivningen är daterad { $created }, efter tidpunkten för den här kontrollen
site-release-expired-at-site-has = utgivningen gick ut { $expires }: webbplatsen har inte byggts om i tid
site-not-registry-release-pins = { $registry_path } är inte det register som utgivningen pekar ut
site-cannot-read-registry = kan inte läsa registret: { $error }
site-site-trust-anchor-but-it = webbplatsens förtroendeankare är { $found_anchor }, men det var { $anchor } när du kontrollerade förut: dess förtroenderot har bytts ut

## verify/source.rs
source-redirected-another-site-not-followed = omdirigerad till en annan webbplats ({ $location }); följdes inte
source-server-answered = servern svarade { $status }

## withdraw.rs
withdraw-not-path-inside-site-such = { $path } är inte en sökväg i webbplatsen, som content/om/kontakt.md
withdraw-not-page-only-pages-content = { $path } är inte en sida: bara sidor (content/….md) kan tas bort
withdraw-reason-must-say-why-in = --reason måste säga varför, med 1 till { $max_reason_chars } tecken på en rad; invånare läser det på sidans gamla adress
withdraw-only-approved-page-can-be = { $path }: { $error }; bara en godkänd sida kan tas bort
withdraw-was-never-approved-delete-file = { $path } har aldrig godkänts: radera filen, inget har publicerats
withdraw-has-no-published-address = { $path } har ingen publicerad adress
withdraw-registry-role-needs-signatures-withdrawal = registerrollen kräver { $threshold } signaturer; en borttagning av registret signeras här med en nyckel
withdraw-this-key-neither-publisher-key = den här nyckeln är varken en utgivares nyckel i registret eller en registernyckel
withdraw-key-can-no-longer-sign = nyckeln { $keyid } som tillhör { $id } är { $status } och kan inte längre signera
withdraw-not-responsible-for-scopes = { $id } ansvarar inte för { $path } (ansvarsområden: { $join })
withdraw-exists-page-already-withdrawn = { $file } finns: sidan är redan borttagen

## Felen i biblioteket (trust/, output.rs, log/, verify/source.rs)
admin-cannot-write = kan inte skriva { $path }: { $source }
log-checkpoint = kontrollpunkt: { $value0 }
log-log-has-entries-more-than = loggen har { $value0 } poster, fler än en kontroll läser
output-cannot-create-staging-folder-beside = kan inte skapa en arbetsmapp bredvid { $target }: { $source }
output-kept-file-changed = en fil som behölls från den publicerade versionen ändrades medan bygget läste den; bygg igen
output-cannot-move-new-site-into = kan inte flytta den nya webbplatsen till { $target }: { $source } (den tidigare utdatan är oförändrad)
output-refusing-write-it-would-leave = vägrar skriva { $path }: den skulle hamna utanför utdatamappen
output-theme-static-file-would-replace = temats statiska fil { $path } skulle ersätta en fil som bygget gjort (en sida, en fil i ett sidpaket eller verifieraren); byt namn på den
output-folder-of-this-build-there = det här bygget har redan skrivit filer i en mapp på den här sökvägen
output-refusing-write-site-into = vägrar skriva webbplatsen till { $target }: { $why }
approval-never-approved = aldrig godkänd
approval-message = { $file }: { $reason }
approval-signature-does-not-verify-under = { $file }: signaturen går inte att verifiera med någon registrerad utgivarnyckel ({ $reason })
approval-approval-for-not-copied-from = { $file }: godkännandet gäller { $field } { $found }, inte { $expected } (kopierat från annat håll?)
approval-file-name-says-sequence-approval = { $file }: filnamnet anger godkännande { $named }, godkännandet självt { $signed }
approval-two-different-approvals-with-sequence = två olika godkännanden med nummer { $sequence } ({ $first } och { $second }): motstridiga godkännanden
approval-approval-chain-broken-at-sequence = kedjan av godkännanden är bruten vid nummer { $sequence }: { $reason }
approval-changed-since-approval-file-sha = ändrad sedan godkännandet: filens sha256 är { $found }, godkännandet gäller { $approved }
approval-changed-since-approval-bundle-file = ändrad sedan godkännandet: filen { $asset } i sidpaketet { $how }
approval-approval-by-publisher-but-front = godkännandet är gjort av utgivaren { $approved }, men sidhuvudet anger { $front_matter }
approval-key-belongs-publisher-not = nyckeln { $keyid } tillhör utgivaren { $owner }, inte { $claimed }
approval-publisher-not-responsible-for-scopes = utgivaren { $publisher } ansvarar inte för { $path } (ansvarsområden: { $scopes })
approval-approval-for-url-but-page = godkännandet gäller adressen { $approved }, men sidan publiceras på { $page }
approval-publisher-cannot-take-url-it = utgivaren { $publisher } kan inte ta adressen { $url }: den ligger utanför utgivarens ansvarsområden ({ $scopes }); en `slug` eller ett alias får inte flytta en sida till ett annat avsnitt
approval-key-marked-compromised-since-every = nyckeln { $keyid } som tillhör { $publisher } är spärrad som röjd sedan { $since }; varje godkännande den har gjort är ogiltigt
approval-key-was-not-valid-at = nyckeln { $keyid } som tillhör { $publisher } var inte giltig { $approved_at } ({ $why })
approval-approved-at-in-future-build = approved_at { $approved_at } ligger i framtiden (byggets tid { $now })
approval-approval-lapsed-review-was-due = granskningen har gått ut: den skulle ha gjorts senast { $review_by }
approval-review-by-more-than-policy = review_by { $review_by } ligger mer än policyns { $max_days } dagar efter godkännandet
approval-approval-names-as-which-no = godkännandet anger { $publisher } som { $named }, vilket ingen registerversion någonsin har gjort
canonical-document-bytes-over-limit-bytes = dokumentet är { $len } byte, över gränsen på { $limit } byte
canonical-not-valid-json-for-this = inte giltig JSON för den här dokumenttypen: { $value0 }
canonical-json-not-in-canonical-form = JSON är inte på kanonisk form (sorterade nycklar, inga blanksteg, bara heltal)
envelope-envelope = kuvert: { $value0 }
envelope-payloadtype-expected = payloadType är { $found }, väntat { $expected }
envelope-payload-not-valid-base = innehållet är inte giltig base64: { $value0 }
envelope-signature-by-not-valid-base = signaturen från { $keyid } är inte giltig base64: { $reason }
envelope-keyid-appears-twice-in-envelope = nyckel-id { $value0 } förekommer två gånger i kuvertet
envelope-valid-signature-from-required-keys = { $valid } giltiga signaturer från de nycklar som krävs, tröskeln är { $threshold }
keyfile-cannot-read = kan inte läsa { $path }: { $source }
keyfile-already-exists-choose-another-file = { $path } finns redan; välj ett annat filnamn eller flytta först undan den gamla nyckeln
keyfile-bytes-key-file-at-most = { $path } är { $len } byte; en nyckelfil är högst { $max_bytes } byte
keyfile-not-sigill-key-file-it = { $path } är ingen Sigill-nyckelfil (den kan vara avkortad eller skadad): { $reason }
keyfile-asks-for-pbkdf-iterations-at = { $path } begär { $iterations } PBKDF2-iterationer; minst { $min_iterations } krävs (filen kan ha manipulerats)
keyfile-wrong-passphrase-for-file-was = fel lösenfras för { $path } (eller så har filen ändrats)
keyfile-message = { $path }: { $source }
keyfile-system-random-number-generator-failed = systemets slumptalsgenerator fungerade inte
keyfile-sealing-key-failed-encryption-library = nyckeln kunde inte förseglas (krypteringsbiblioteket vägrade)
keys-public-key-bytes-this-one = en publik nyckel är 32 byte, den här är { $value0 }
keys-public-key-not-canonically-encoded = den publika nyckeln är inte kanoniskt kodad (y >= p)
keys-public-key-point-small-order = den publika nyckeln är en punkt av liten ordning; en trivial signatur skulle verifieras med den
keys-public-key-not-valid-base = den publika nyckeln är inte giltig base64: { $value0 }
keys-stored-public-key-does-not = den sparade publika nyckeln hör inte till den sparade privata nyckeln
trust-missing = { $file } saknas
trust-cannot-read = kan inte läsa { $file }: { $reason }
trust-larger-than-bytes = { $file } är större än { $limit } byte
trust-hashes-but-site-toml-pins = { $file } har hashen { $found }, men site.toml anger { $expected }
trust-root-document-rejected = { $file }: rotdokumentet avvisades: { $reason }
trust-registry-rejected = { $file }: registret avvisades: { $reason }
trust-expired-at = { $file }: { $what } gick ut { $expires }
withdrawal-not-signed-by-publisher-responsible = { $file }: inte signerad av en utgivare som ansvarar för { $path } med en giltig nyckel, och inte av registrets nycklar ({ $reason })
withdrawal-withdrawal-for-not = { $file }: borttagningen gäller { $field } { $found }, inte { $expected }
source-was-not-found = { $value0 } hittades inte
source-larger-than-bytes = { $what } är större än { $limit } byte
source-message = { $what }: { $reason }

## diagnostic.rs, förlopp
diagnostic-error = fel
diagnostic-warning = varning
diagnostic-help = hjälp
stage-loading = läser in
stage-verifying-approvals = kontrollerar godkännanden
stage-rendering = renderar
stage-self-check = självkontroll

## Fler meddelanden
approvals-key-not-in-registry = nyckeln finns inte i registret
approvals-approved-text-not-kept = den godkända texten finns inte sparad bredvid godkännandet
approvals-text-changed-during-build = { $path } ändrades medan webbplatsen byggdes: den godkända texten finns inte längre i filen. Bygg igen.
approvals-bundle-files-changed-too = filerna i sidpaketet har också ändrats, och de godkända finns inte sparade
approvals-approved-text-not-utf8 = den godkända texten är inte UTF-8
approvals-approved-text-no-longer-parses = den godkända texten går inte längre att läsa in
approvals-approved-text-address-differs = den godkända textens adress skiljer sig från godkännandets
approvals-text-does-not-parse = en text som inte går att läsa in
approval-private-key-not-approval = det här är en privat nyckelfil, inte ett godkännande: flytta den från trust/ genast
approval-signed-by-other-key = signerat med en annan nyckel än den godkännandet anger
approval-note-too-long = anteckningen är för lång
build-history-address-taken = varje sidas historik publiceras på <sidans adress>historik/ (history/ på engelska): byt namn på sidan som använder den adressen
build-needs-release-key = ett bygge behöver utgivningsnyckeln för att signera utgivningen
trust-replaced-release-key = bytte utgivningsnyckeln
trust-replaced-registry-keys = bytte registrets nycklar
trust-replaced-root-keys = bytte rotnycklarna
verify-intact-not-trustworthy = oförändrad, men inte tillförlitlig
verify-does-not-match-approval = stämmer INTE med sitt godkännande
load-symlinks-not-allowed-in-content = symboliska länkar är inte tillåtna i content/
load-name-not-utf8 = fil- eller mappnamnet är inte giltig UTF-8 och därför ingen enkel URL-sökväg
load-symlink-points-outside = den symboliska länken pekar utanför webbplatsen
output-is-site-folder = den är webbplatsens mapp eller innehåller den
output-is-a-file = den är en fil, inte en mapp
output-not-empty-not-sigill = den är inte tom och är ingen webbplats byggd av Sigill (ingen .well-known/sigill/files.json); töm den eller välj en annan mapp
subject-is-draft = är ett utkast: sätt `draft = false` innan du godkänner det
subject-not-a-page = är inte en sida på den här webbplatsen (ange sökvägen från webbplatsens rot, till exempel content/om/kontakt.md, themes/default/ eller site.toml)
validate-empty-heading = tom rubrik
validate-empty-heading-help = skriv rubrikens text, eller ta bort raden
validate-link-without-text = länk utan text
validate-link-without-text-help = skriv vart länken leder mellan [ och ]
validate-fix-address = rätta adressen; interna länkar är /sökväg/ eller en relativ .md-fil
validate-image-in-bundle = lägg bilden i sidpaketet bredvid index.md och länka den med filnamnet
keyfile-keyid-mismatch = nyckel-id stämmer inte med den publika nyckeln
keyfile-unsupported-kdf = nyckelhärledning eller chiffer stöds inte
keyfile-sealed-seed-length = den förseglade nyckeln har fel längd (avkortad?)
withdrawal-one-signature = en utgivares borttagning har exakt en signatur
root-policy-at-least-one-day = policyns gränser måste vara minst en dag
registry-file-names = registerfiler heter NNNN.registry.json
checkpoint-too-large = större än en kontrollpunkt får vara
read-entries-do-not-hash = loggens poster ger inte hashen i dess signerade kontrollpunkt
log-site-has-no-log = webbplatsen har ingen logg över utgivningar
source-path-leaves-site = sökvägen lämnar webbplatsen
audit-files-json-too-large = files.json är för stor
seal-expiry-past-9999 = utgivningens giltighetstid går förbi år 9999
continuity-state-folder-no-parent = tillståndsmappen har ingen överordnad mapp
status-invalid = godkännandet håller inte
status-publisher-revoked = utgivarens nyckel spärrad
status-out-of-scope = utanför utgivarens ansvar
status-lapsed = granskningen har gått ut
status-never-approved = aldrig godkänd
status-changed = ändrad sedan godkännandet
status-review-due-soon = ska granskas snart
status-approved = godkänd
continuity-decided-by-policy = webbplatsens regel för granskning (lapsed = "withdraw" i site.toml)
continuity-reason-review-due = den skulle ha granskats senast { $date } och har inte godkänts igen
continuity-decided-by-registry = registret över ansvariga utgivare
continuity-reason-key-compromised = nyckeln som godkände sidan spärrades som röjd { $date }
validate-level-1-heading = en rubrik på nivå 1 i texten; sidans titel är redan sidans h1
validate-level-1-heading-help = använd ## för den första rubriken i texten
validate-name-destination = skriv vart länken leder, till exempel [Ansök om bygglov](…)
validate-describe-image = beskriv bilden mellan ![ och ] (WCAG 1.1.1)
approve-command = sigill approve { $path } --key <nyckelfil för { $who }>
approval-unknown-publisher = utgivaren { $publisher } finns inte i registret över utgivare
approval-asset-added = har lagts till
approval-asset-modified = har ändrats
approval-asset-removed = har tagits bort
approvals-approve-input-command = sigill approve { $target } --key <nyckelfil för en utgivare vars ansvarsområde omfattar { $target }>
log-not-cosigned-by = loggens kontrollpunkt är inte bestyrkt av vittnet { $name }
verify-witness-not-name-key = --witness { $text } är inget vittne (ange namn=publik nyckel i base64)
log-cosignature-added = lade till bestyrkandet i { $path }
log-witness-refuses = loggen bygger inte vidare på den som vittnet bestyrkte förut ({ $size } utgivningar, rot { $root }): inte bestyrkt
log-witness-key = kontroller kräver det här vittnet med: --witness { $name }={ $key }

## Språk och översättningar
language-tag-malformed = { $tag } är ingen språkkod enligt BCP 47
language-tag-not-canonical = språkkoden { $tag } är inte skriven på standardsättet: skriv "{ $canonical }"
approval-terms-differ = godkännandets { $field } ({ $approved }) är inte sidans ({ $page })
frontmatter-time-needs-offset = { $name } = { $value } är varken ett datum eller en tid med tidszon
frontmatter-write-time-with-offset = skriv ett datum ({ $name } = 2027-01-15, midnatt UTC) eller en tid med tidszon ({ $name } = 2027-01-15T08:00:00+01:00)
frontmatter-unpublish-before-publish = unpublish_at ({ $to }) ligger inte efter publish_at ({ $from })
frontmatter-unpublish-after-publish = en sida tas ned efter att den satts upp: flytta unpublish_at senare eller publish_at tidigare
frontmatter-translation-of-not-a-page = translation_of = { $source } är inte sökvägen till en sida
frontmatter-translation-of-help = ange sidan som den här översätter med sökvägen från webbplatsens rot, t.ex. translation_of = "content/om/kontakt.md"
frontmatter-translation-of-itself = sidan anger sig själv i translation_of
i18n-not-a-strings-file = temats i18n-mapp får bara innehålla textfiler med namnet <språk>.toml
i18n-strings-file-help = namnge varje fil efter en språkkod (sv.toml, fi.toml, sv-x-lattlast.toml) och skriv en rad nyckel = "text" per text
i18n-strings-file-too-large = textfilen är större än { $max } byte
i18n-strings-file-unreadable = textfilen kan inte läsas: { $error }
i18n-theme-lacks-site-language = temat saknar texter på webbplatsens språk "{ $tag }"
i18n-add-strings-file = lägg till { $file } med alla temats texter (kopiera webbplatsspråkets fil och översätt den)
i18n-theme-lacks-strings = temat saknar { $count } text(er) på "{ $tag }" (används av { $page }): { $missing }
i18n-theme-lacks-language = temat har inga texter på "{ $tag }" (det har: { $languages })
validate-notice-board-not-section = notice_board = true hör hemma i ett avsnitts _index.md
validate-notice-board-help = skapa en mapp för anslagstavlan med en _index.md där det står notice_board = true; varje sida i mappen är ett anslag
validate-translation-source-missing = translation_of anger { $source }, som inte är en sida på webbplatsen
validate-translation-of-translation = { $source } är själv en översättning; en översättning anger originalsidan
validate-translation-of-translation-help = sätt translation_of till sidan som { $source } översätter
validate-translation-same-language = sidan har samma språk som { $source }, som den översätter
validate-translation-same-language-help = sätt lang till översättningens språk (fi, en, se, sv-x-lattlast …); varje språk har en översättning av en sida
validate-translation-duplicate = { $source } har redan en översättning på det här språket: { $first }
subject-trust-unreadable = webbplatsens förtroendedokument kan inte läsas, så den översatta versionen kan inte anges
subject-source-not-approved = källsidan { $source } har inget godkännande att översätta från: { $problem }
subject-approve-source-first = godkänn { $source } först: en översättnings godkännande anger vilken godkänd version den översätter
continuity-reason-schedule-ended = Sidans publiceringsperiod tog slut { $date }, enligt dess godkännande.
build-archive-address-taken = { $url } är adressen till en anslagstavlas arkiv
render-theme-has-no-notice-archive = webbplatsen har en anslagstavla, men temat saknar templates/notice-archive.html
render-copy-notice-archive = kopiera templates/notice-archive.html från Sigills standardtema till temat och godkänn temat
approvals-earlier-version-not-published = publiceras inte: det nyaste godkännandet gäller först senare, och godkännande { $sequence } före det kan inte publiceras under tiden: { $why }
status-translation-outdated = översättning inaktuell
status-scheduled = schemalagd
status-translation-outdated-since = inaktuell sedan { $since }: { $source } har godkänts på nytt (godkännande { $sequence })
status-upcoming-posting = PUBLICERAS
status-upcoming-removal = TAS NED
status-published-from = publiceras från { $at }
render-statement-needs-facts = sidan använder mallen för tillgänglighetsredogörelsen, men site.toml saknar tabellen [accessibility]
render-statement-needs-facts-help = lägg till [accessibility] i site.toml med responsible, email eller phone, assessed_on och method (README, "Accessibility statement")
admin-unpublish-at-passed = unpublish_at ({ $date }) har passerat: sidan skulle aldrig publiceras; ange en senare tid eller ta bort den
page-published-before-its-time = utgåvan ({ $created }) är äldre än den tid då godkännandet tillåter att sidan publiceras ({ $at })
approve-published-at = Publiceras på { $url }
approve-translates = Översätter { $path } som den är godkänd nu (text sha256 { $sha }…): översättningen blir inaktuell när den sidan godkänns på nytt
approve-publish-from = Publiceras inte före { $at } (publish_at, signeras med godkännandet)
approve-publish-until = Publiceras inte från och med { $at } (unpublish_at, signeras med godkännandet)
accessibility-no-statement-page = site.toml har uppgifterna till tillgänglighetsredogörelsen, men ingen publicerad sida visar redogörelsen
accessibility-no-statement-page-help = lägg till en sida med template = "accessibility-statement.html" (till exempel content/om/tillganglighet.md) och få den godkänd
accessibility-statement-missing-in = tillgänglighetsredogörelsen finns inte på "{ $lang }", som webbplatsen publicerar på (t.ex. { $page })
accessibility-statement-missing-help = lägg till en översättning av { $source } med lang = "{ $lang }" och template = "accessibility-statement.html"; bygget skriver redogörelsen på det språket
subject-site-files-unreadable = webbplatsens data- och statiska filer kan inte läsas (se problemen ovan)
subject-no-site-file = { $path } är ingen fil i data/ eller static/
site-files-data-not-toml = data/ får bara innehålla TOML-filer
site-files-data-not-toml-help = skriv data som nyckel = värde i en .toml-fil (data/oppettider.toml), eller flytta filen till static/ för att publicera den
site-files-too-many = data/ och static/ innehåller fler än { $max } filer
site-files-data-unreadable = datafilen kan inte läsas: { $error }
site-files-data-unreadable-help = rätta TOML-koden på raden som anges; mallarna läser den som data.<filnamn>
site-files-cannot-read = kan inte läsas: { $error }
files-static-not-published-as-approved = { $path } är inte publicerad på { $url } som den godkändes
frontmatter-date-not-date = date = { $date } är inte ett datum
frontmatter-paginate-range = paginate = { $n } ligger inte mellan 1 och { $max }
frontmatter-tag-invalid = taggen { $tag } är tom, för lång eller saknar bokstäver och siffror
frontmatter-tag-help = skriv taggar som korta ord: tags = ["Bygglov", "Miljö"]
render-theme-lacks-template = temat saknar templates/{ $template }
render-copy-template-from-default = kopiera templates/{ $template } från Sigills standardtema till temat och godkänn temat
build-generated-archive = en anslagstavlas arkiv
build-generated-tags = förteckningen över taggar
build-generated-tag = sidan för taggen "{ $tag }"
build-generated-listing = listsida { $number } av { $path }
build-address-generated = { $url } är adressen där bygget lägger { $what }
build-generated-search = söksidan
validate-dated-section-needs-date = sidan ligger i ett avsnitt som listas efter datum (sort_by = "date"), men saknar datum
validate-dated-section-needs-date-help = skriv in dagen den publicerades i sidhuvudet: date = 2026-11-20
components-bad-name = { $name } är inget komponentnamn (bara små bokstäver, siffror och -)
components-bad-args = komponentens argument är inte skrivna som nyckel="värde": { $text }
components-unsafe-url = argumentet { $key } är en { $scheme }:-adress; komponenter tar bara http-, https-, mailto- och tel-adresser
components-repeated-arg = argumentet { $key } anges två gånger
components-unknown = det finns ingen komponent { $name } (temat har: { $known })
components-missing-arg = komponenten { $name } behöver argumentet { $arg }="…"
components-notice-kind = en notis kind är "info" (Bra att veta) eller "important" (Viktigt)
components-wrong-form = skriv { $name } på avsett sätt: {"{"}% notice … %{"}"} … {"{"}% end %{"}"} och {"{"}% details … %{"}"} … {"{"}% end %{"}"} har text inuti; {"{{"} contact … {"}}"} och {"{{"} video … {"}}"} står ensamma
components-end-elsewhere = detta {"{"}% end %{"}"} stänger en komponent som öppnades i ett annat block (en lista eller ett citat); öppna och stäng på samma nivå
components-stray-end = {"{"}% end %{"}"} utan någon komponent att stänga
components-not-alone = en komponentrad ska stå ensam, med en tom rad före och efter
components-not-closed = komponenten { $name } stängs aldrig: lägg till {"{"}% end %{"}"} på en egen rad efter dess text
components-help = komponenter: {"{"}% notice kind="important" %{"}"} … {"{"}% end %{"}"}, {"{"}% details summary="…" %{"}"} … {"{"}% end %{"}"}, {"{{"} contact id="…" {"}}"}, {"{{"} video url="…" title="…" transcript="…" {"}}"} (README, "Components")
components-no-contact = data/kontakter.toml har ingen kontakt [{ $id }]
search-index-failed = sökindexet kunde inte göras: { $error }
stage-search-index = sökindex
images-cannot-encode = bilden { $path } kan inte skalas om: { $error }
links-too-many-redirects = fler än { $max } omdirigeringar
links-summary = Externa länkar: { $count } kontrollerade ({ $cached } från cachen), { $broken } trasiga, { $redirected } omdirigerade
links-broken = trasig      { $url } → { $status }
links-failed = inget svar  { $url } → { $reason }
links-redirected = omdirigerad { $url } → { $to } ({ $status }): länka till den nya adressen
links-strict-failed = { $broken } extern(a) länk(ar) trasiga

registry-rule-scope-invalid = regelns område { $scope } är inte ett område under content/ (en mapp som slutar med / eller en fil)
registry-rules-sorted-unique = registrets regler måste vara sorterade efter område, en regel per område
registry-rule-count = regeln för { $scope } måste kräva från 1 till { $max } godkännanden
approval-co-file-name = en medgodkännandefils namn måste vara <nummer>.<ansvarig>.json
approval-too-few-approvals = godkänd av { $have } av { $need } ansvariga ({ $by }); områdets regel kräver att { $need } olika ansvariga godkänner samma text
approval-co-mismatch = { $file }: medgodkännandet stämmer inte med godkännandet det hör till ({ $field } skiljer sig)
admin-co-needs-first = { $path } kräver godkännande av mer än en ansvarig: { $named } godkänner först texten som den är nu, sedan kan du ansluta dig till det godkännandet
admin-co-already = { $id } har redan godkänt den här versionen av { $path }
page-one-primary-approval = beviset måste innehålla exakt ett godkännande av sidan; övriga måste vara medgodkännanden av det
page-co-approval-mismatch = ett medgodkännande i beviset stämmer inte med sidans godkännande ({ $field } skiljer sig)
status-awaiting-approvals = väntar på godkännanden
status-sent-back = återsänd av { $name }: { $comment }
approvals-ask-second-publisher = be en annan ansvarig vars område täcker sidan att godkänna samma text: `sigill desk --key DERAS.key` eller `sigill approve { $path } --key DERAS.key`
sent-back-empty = skriv en kommentar som säger vad kommunikatören ska ändra
sent-back-too-long = kommentaren är längre än { $max } tecken
desk-wrong-passphrase = Lösenfrasen öppnar inte din nyckel. Inget signerades; försök igen.
desk-no-such-page = Det finns ingen sida { $path } på webbplatsen.
desk-key-changed = Nyckelfilen har ändrats sedan granskningsdisken startade; starta den igen.
desk-not-your-scope = { $path } ligger inte inom dina områden: sidans egen ansvariga granskar den.
desk-diff-added = tillagt
desk-diff-removed = borttaget
desk-name = Sigill granskningsdisk
desk-skip = Hoppa till innehållet
desk-signed-in-as = Signerar som { $name }
desk-language = Språk
desk-approvals-of = { $have } av { $need } godkännanden
desk-review-by = Granskas senast { $date } ({ $days } dagar)
desk-other-scope = Sidan ligger inom { $name }s område. Du kan inte godkänna den.
desk-publisher-is = Sidans ansvariga utgivare är { $name }.
desk-not-signable = Du kan inte godkänna sidan här: dess ansvariga utgivare är { $name }.
desk-change-summary = Ändring
desk-sent-back-by = Återsänd av { $name }: { $comment }
desk-state-invalid = Ogiltigt godkännande
desk-state-revoked = Nyckeln återkallad
desk-state-out-of-scope = Utanför området
desk-state-lapsed = Granskningsdatum passerat
desk-state-new = Ny
desk-state-awaiting = Behöver ett godkännande till
desk-state-changed = Ändrad
desk-state-translation = Översättningen inaktuell
desk-state-due = Ska granskas snart
desk-state-scheduled = Schemalagd
desk-state-approved = Godkänd
desk-queue-title = Att granska
desk-queue-intro = { $count ->
    [one] En sida inom dina områden väntar på dig.
   *[other] { $count } sidor inom dina områden väntar på dig.
}
desk-counts = Dina sidor efter läge
desk-your-pages = Dina sidor
desk-nothing-waits = Inget väntar på ditt godkännande.
desk-others = Andra ansvarigas sidor
desk-others-intro = De här sidorna väntar på sina egna ansvariga. De visas för kännedom; du kan inte godkänna dem.
desk-back-to-queue = ← Tillbaka till kön
desk-fact-state = Läge
desk-fact-path = Fil
desk-fact-url = Adress
desk-fact-publisher = Ansvarig utgivare
desk-fact-review-by = Granskas senast
desk-fact-approvals = Godkännanden
desk-as-published = Sidan som den kommer att publiceras
desk-preview-of = Förhandsvisning av { $title }
desk-open-page = Öppna sidan för sig
desk-changes = Ändringar sedan senaste godkännandet
desk-words-changed = { $added } ord tillagda, { $removed } ord borttagna.
desk-first-approval = Första godkännandet: hela texten är ny.
desk-source-changes = Ändringar i källtexten (Markdown)
desk-files = Sidans filer
desk-no-files = Sidan har inga egna filer.
desk-file-added = Tillagd
desk-file-removed = Borttagen
desk-file-changed = Ändrad
desk-file-unchanged = Oförändrad
desk-image-preview = Förhandsvisning av bilden { $name }
desk-problems = Problem som kontrollen hittar
desk-no-problems = Kontrollen hittar inga problem.
desk-approve = Godkänn
desk-note = Ändringsnotering
desk-note-help = Visas i sidans historik, till exempel ”Nya öppettider från januari”.
desk-kind = Typ av ändring
desk-major = Vanlig ändring (sidan får ett nytt ”uppdaterad”-datum)
desk-minor = Mindre rättelse (sidan behåller sitt ”uppdaterad”-datum)
desk-review-label = Granska igen senast
desk-passphrase = Lösenfras för din nyckel
desk-passphrase-help = Används en gång för att signera, bara på den här datorn; sparas aldrig.
desk-approve-button = Godkänn och signera
desk-send-back = Skicka tillbaka
desk-comment = Kommentar till kommunikatören
desk-send-back-button = Skicka tillbaka med kommentar
desk-refused = Nekad
desk-approved = Godkänd och signerad: { $path }, godkännande { $sequence }.
desk-co-approved = Ditt godkännande av { $path } är signerat: godkännande { $sequence } har nu en andra ansvarig.
desk-committed = Incheckat i git: { $id }.
desk-not-committed = Godkännandet är sparat, men git kunde inte checka in det: { $why }
desk-sent-back = Återsänd: { $path }. Kommunikatören ser din kommentar i förhandsvisningen och i sigill status.
desk-refused-host = Granskningsdisken svarar bara på sin egen adress på den här datorn.
desk-refused-origin = Begäran kom inte från granskningsdiskens egna sidor. Inget gjordes.
desk-refused-token = Öppna granskningsdisken med adressen den skrev ut när den startade (med sin token).
desk-started = Granskningsdisk för { $name } ({ $id }). Öppna adressen i din webbläsare (Ctrl+C stänger disken):
trust-required-approvals = Sidor under { $scope } kräver nu godkännande av { $approvals } olika ansvariga (1: ingen regel); skrev { $path }
verify-also-approved-by =     godkänd även av { $name }, { $title }, { $unit } den { $approved_at }
approve-co-approved = medgodkände { $path } som { $publisher_name }: godkännande { $sequence } har nu en andra ansvarig
site-approved-by = godkänd av { $names }
