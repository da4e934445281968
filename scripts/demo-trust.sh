#!/usr/bin/env bash
# Maintains the example site's chain of trust with the DEMO keys in demo-keys/.
#
#   scripts/demo-trust.sh reapprove   approve every page, the theme and
#                                     site.toml again (after edits, or before
#                                     the demo approvals lapse)
#   scripts/demo-trust.sh create      make new demo keys and a new root
#                                     (changes the trust anchor; rarely needed)
#
# The demo passphrase is "sigill-demo". These keys are public and worthless:
# never use them, or this script, for a real site.
set -euo pipefail
cd "$(dirname "$0")/.."
export SIGILL_PASSPHRASE=sigill-demo
sigill() { cargo run -q --release -- "$@"; }

approve_all() {
  local note="$1"
  # Translations come after their sources: their approval records the
  # source's approved version.
  for publisher in kommunikation samhallsbyggnad utbildning kansli sprak; do
    mapfile -t pages < <(grep -rl --include='*.md' "^publisher = \"$publisher\"" content | sort)
    [ "${#pages[@]}" -gt 0 ] && sigill approve "${pages[@]}" --key "demo-keys/$publisher.key" --note "$note" --yes
  done
  # The theme and site.toml are approved like pages, by the web editor.
  sigill approve site.toml themes/default/ --key demo-keys/webb.key --note "$note" --yes
}

case "${1:-}" in
  create)
    rm -rf demo-keys trust
    mkdir -p demo-keys
    sigill key new demo-keys/root.key --label "DEMO root (system owner)"
    sigill key new demo-keys/registry.key --label "DEMO registry (web management)"
    sigill key new demo-keys/release.key --label "DEMO release (build server)" --no-passphrase
    for p in kommunikation samhallsbyggnad utbildning kansli sprak webb; do
      sigill key new "demo-keys/$p.key" --label "DEMO publisher $p"
    done
    sed -i '/^\[trust\]/,$d' site.toml && printf '[trust]\n' >> site.toml
    sigill trust init --root-key demo-keys/root.key --registry-key demo-keys/registry.key --release-key demo-keys/release.key
    printf 'release_key = "demo-keys/release.key"\n' >> site.toml
    sigill publisher add kommunikation --name "Karin Lund" --title "Kommunikationschef" --unit "Kommunledningskontoret" \
      --public-key demo-keys/kommunikation.key --scope content/_index.md content/om/ content/kontakt.md --sign-with demo-keys/registry.key
    sigill publisher add samhallsbyggnad --name "Erik Berg" --title "Förvaltningschef" --unit "Samhällsbyggnadsförvaltningen" \
      --public-key demo-keys/samhallsbyggnad.key --scope content/bygga-bo/ --sign-with demo-keys/registry.key
    sigill publisher add utbildning --name "Sara Nilsson" --title "Skolchef" --unit "Barn- och utbildningsförvaltningen" \
      --public-key demo-keys/utbildning.key --scope content/utbildning/ --sign-with demo-keys/registry.key
    sigill publisher add kansli --name "Maria Ek" --title "Registrator" --unit "Kommunkansliet" \
      --public-key demo-keys/kansli.key --scope content/anslagstavla/ --sign-with demo-keys/registry.key
    sigill publisher add sprak --name "Mika Aho" --title "Språksamordnare" --unit "Kommunikationsenheten" \
      --public-key demo-keys/sprak.key --scope content/en/ content/fi/ content/se/ content/lattlast/ --sign-with demo-keys/registry.key
    sigill publisher add webb --name "Lena Holm" --title "Webbredaktör" --unit "Kommunikationsenheten" \
      --public-key demo-keys/webb.key --scope themes/default/ site.toml --sign-with demo-keys/registry.key
    approve_all "Första versionen"
    ;;
  reapprove)
    approve_all "${2:-Granskad på nytt}"
    ;;
  *)
    sed -n '2,12p' "$0"
    exit 2
    ;;
esac
