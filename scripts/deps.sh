#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are missing:
# chromium (end-to-end tests), libxml2-utils (xmllint validates REFI-QDA
# exports against their schema), libreoffice-calc-nogui (a headless
# LibreOffice opens the Excel exports) and libreoffice-writer-nogui (it opens
# the .docx and .odt transcript fixtures). Needs root and apt-get; says what
# it does.
set -euo pipefail
missing=() # installed with their recommended packages
lean=()    # installed without: LibreOffice's would add python3, apparmor, ...
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xmllint >/dev/null || missing+=(libxml2-utils)
command -v soffice >/dev/null || command -v libreoffice >/dev/null || lean+=(libreoffice-calc-nogui)
soffice=$(command -v soffice || command -v libreoffice || true)
[ -n "$soffice" ] && [ -e "$(dirname "$(readlink -f "$soffice")")/libswlo.so" ] || lean+=(libreoffice-writer-nogui)
all=("${missing[@]}" "${lean[@]}")
[ ${#all[@]} -eq 0 ] && exit 0
# install runs apt-get install and prints one line per package it unpacks,
# so that a first run that takes minutes shows what it is doing.
install() {
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o Dpkg::Use-Pty=0 "$@" 2>&1 |
    { grep --line-buffered -E '^(Need to get|After this operation|Unpacking |E: )' || true; } | sed -u 's/^/deps:   /'
}
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "deps: installing ${all[*]} with apt-get (needed by the tests; the first time takes a few minutes)"
  echo "deps: apt-get update"
  apt-get update -qq
  if [ ${#missing[@]} -gt 0 ]; then
    install "${missing[@]}"
  fi
  if [ ${#lean[@]} -gt 0 ]; then
    install --no-install-recommends "${lean[@]}"
  fi
  echo "deps: done"
else
  echo "deps: missing ${all[*]}; install them (Debian: apt-get install --no-install-recommends ${all[*]}) and run again" >&2
  exit 1
fi
