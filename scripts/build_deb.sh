#!/usr/bin/env bash
# Builds the Debian package (cargo-deb; metadata in Cargo.toml, [package.metadata.deb]):
# the binary, its manual page, bash/zsh/fish completions, the README and the copyright
# file. Not part of CI: run it by hand for a release.
#
#   scripts/build_deb.sh            # build target/debian/backease_<version>_<arch>.deb
#   scripts/build_deb.sh --install  # and install it with dpkg (as root), then check that
#                                   # the command, `man backease` and completion work
#
# cargo-deb is installed when missing (`cargo install cargo-deb --locked`: a few minutes
# on two cores). The manual page and completions come from the binary itself
# (`backease man`, `backease completions SHELL`), written into target/deb-assets, run
# in an empty home so the scripts complete the built-in routine ids and nobody's own.
set -euo pipefail
cd "$(dirname "$0")/.."

INSTALL=0
[[ "${1:-}" == --install ]] && INSTALL=1

if ! cargo deb --version >/dev/null 2>&1; then
  echo "build_deb.sh: installing cargo-deb (cargo install cargo-deb --locked)..." >&2
  cargo install cargo-deb --locked
fi

cargo build --release --locked
BIN="$PWD/target/release/backease"
ASSETS=target/deb-assets
rm -rf "$ASSETS"
mkdir -p "$ASSETS"
EMPTY="$(mktemp -d)"
trap 'rm -rf "$EMPTY"' EXIT
clean() { env -i PATH=/usr/bin:/bin HOME="$EMPTY" BACKEASE_CONFIG_DIR="$EMPTY/c" \
  BACKEASE_DATA_DIR="$EMPTY/d" "$BIN" "$@"; }
clean man | gzip -9n > "$ASSETS/backease.1.gz"
clean completions bash > "$ASSETS/backease.bash"
clean completions zsh > "$ASSETS/_backease"
clean completions fish > "$ASSETS/backease.fish"

cargo deb --no-build --locked
DEB="$(ls -t target/debian/*.deb | head -1)"
echo "package: $DEB ($(du -k "$DEB" | cut -f1) KiB)"
dpkg-deb --info "$DEB" | grep -E '^ (Package|Version|Architecture|Depends|Installed-Size):'
echo "files:"
dpkg-deb --contents "$DEB" | awk '$6 !~ /\/$/ {printf "  %8d  %s\n", $3, $6}'

if [[ $INSTALL == 1 ]]; then
  dpkg -i "$DEB"
  echo "--- backease --version (from $(command -v backease))"
  backease --version
  echo "--- man -w backease"
  man -w backease
  echo "--- man backease | head"
  MANPAGER=cat MANWIDTH=80 man backease 2>/dev/null | head -12
  echo "--- bash completion of 'backease st' and 'backease start five'"
  bash --norc --noprofile -c '
    source /usr/share/bash-completion/completions/backease
    COMP_WORDS=(backease st); COMP_CWORD=1; _backease backease st backease
    echo "  backease st    -> ${COMPREPLY[*]}"
    COMP_WORDS=(backease start five); COMP_CWORD=2; _backease backease five start
    echo "  backease start five -> ${COMPREPLY[*]}"'
fi
