#!/usr/bin/env bash
# Builds the Debian package (cargo-deb; metadata in Cargo.toml, [package.metadata.deb]):
# the binary, its manual pages (backease(1), backease-routines(5)), bash/zsh/fish
# completions, the README, the copyright file and changelog.Debian.gz; then runs lintian
# on it, which must pass. Not part of CI: run it by hand for a release.
#
# The maintainer is Debian's usual pair: DEBFULLNAME (default "backease contributors")
# and DEBEMAIL, the address that answers for the package (required: lintian refuses a
# Maintainer without one).
#
#   DEBEMAIL=you@example.org scripts/build_deb.sh   # target/debian/backease_<version>-1_<arch>.deb
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

if [[ -z "${DEBEMAIL:-}" ]]; then
  echo "build_deb.sh: set DEBEMAIL to the address that answers for the package" >&2
  exit 2
fi
MAINTAINER="${DEBFULLNAME:-backease contributors} <$DEBEMAIL>"
if ! command -v lintian >/dev/null; then
  echo "build_deb.sh: lintian is missing (apt-get install lintian)" >&2
  exit 2
fi

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
clean man routines | gzip -9n > "$ASSETS/backease-routines.5.gz"
# The Debian changelog: one entry for this version (cargo-deb adds the revision, -1).
VERSION="$(clean --version | awk '{print $2}')"
{
  echo "backease ($VERSION-1) unstable; urgency=medium"
  echo
  echo "  * Release $VERSION."
  echo
  echo " -- $MAINTAINER  $(date -R -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}")"
} > "$ASSETS/changelog"
clean completions bash > "$ASSETS/backease.bash"
clean completions zsh > "$ASSETS/_backease"
clean completions fish > "$ASSETS/backease.fish"

cargo deb --no-build --locked --maintainer "$MAINTAINER"
DEB="$(ls -t target/debian/*.deb | head -1)"
echo "package: $DEB ($(du -k "$DEB" | cut -f1) KiB)"
dpkg-deb --info "$DEB" | grep -E '^ (Package|Version|Architecture|Depends|Installed-Size):'
echo "files:"
dpkg-deb --contents "$DEB" | awk '$6 !~ /\/$/ {printf "  %8d  %s\n", $3, $6}'

# Every error and warning fails the build; informational tags are shown. Left out: the
# tag asking a first upload to close an ITP bug (the package is not meant for Debian's
# archive, which is the case its description allows).
echo "--- lintian"
lintian --fail-on error,warning --info --suppress-tags initial-upload-closes-no-bugs "$DEB"
echo "lintian: clean"

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
