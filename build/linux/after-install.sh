#!/bin/bash
# Vigil Station: runs as root after the deb or rpm is installed or upgraded.
# electron-builder renders this file: the executable and product-name macros
# below are filled in at build time (any other dollar-brace word with only
# letters in it would be taken for a macro, so shell variables here use no braces).
#
# What it sets up (build/README.md, "Linux"):
#   /etc/vigil-station      root:vigil-station 0750  config.json (holds the gateway token) – IT writes it, the station reads it
#   /var/lib/vigil-station  vigil-station:vigil-station 2770  audit trail, users, exports (dataDir)
#   /var/lib/vigil-station-audit-journal  vigil-station:vigil-station 2770  the audit trail's fallback journal (audit.journalDir's default)
#   /var/lib/vigil-station-audit-key      vigil-station 0700, made once    the audit signing key and last signed head (audit.keyDir's default)
#   vigil-station           a system user and group; OS accounts that run the station join the group
set -e

APP_DIR='/opt/${sanitizedProductName}'
EXECUTABLE='${executable}'

# Only the package test sets these: it runs this script against a scratch root.
ROOT="$VIGIL_INSTALL_ROOT"
CONFIG_DIR="$ROOT${VIGIL_CONFIG_DIR:-/etc/vigil-station}"
DATA_DIR="$ROOT${VIGIL_DATA_DIR:-/var/lib/vigil-station}"
SERVICE_USER="${VIGIL_SERVICE_USER:-vigil-station}"
SERVICE_GROUP="${VIGIL_SERVICE_GROUP:-vigil-station}"
DATA_DIR_IN_SYSTEM="${VIGIL_DATA_DIR:-/var/lib/vigil-station}"

# --- the service account (never removed: it owns years of audit trail) ---
if ! getent group "$SERVICE_GROUP" >/dev/null; then
  groupadd --system "$SERVICE_GROUP"
fi
if ! getent passwd "$SERVICE_USER" >/dev/null; then
  NOLOGIN="$(command -v nologin || echo /bin/false)"
  useradd --system --gid "$SERVICE_GROUP" --home-dir "$DATA_DIR_IN_SYSTEM" --no-create-home \
    --shell "$NOLOGIN" --comment "Vigil Station" "$SERVICE_USER"
fi

# --- configuration: root-owned, readable by the station's group only ---
# Enforced on every install and upgrade: a config anyone can write could point
# the wall at another gateway; one anyone can read leaks the station token.
mkdir -p "$CONFIG_DIR"
chown root:"$SERVICE_GROUP" "$CONFIG_DIR"
chmod 0750 "$CONFIG_DIR"

# --- data: the service user's; setgid so what the station creates stays in its group ---
# Only the folder itself: the audit trail's files are never rewritten by a package.
mkdir -p "$DATA_DIR"
chown "$SERVICE_USER":"$SERVICE_GROUP" "$DATA_DIR"
chmod 2770 "$DATA_DIR"

# --- the audit trail's folders beside dataDir (not in it), where the station looks by default ---
# The station cannot make them itself: /var/lib is root's. The journal is shared like dataDir.
mkdir -p "$DATA_DIR-audit-journal"
chown "$SERVICE_USER":"$SERVICE_GROUP" "$DATA_DIR-audit-journal"
chmod 2770 "$DATA_DIR-audit-journal"
# The key folder must be the running account's alone (the station refuses a key folder others can
# write): made once for the service account, never re-owned on upgrade, since IT chowns it to the
# account that runs the station when that is another one (build/README.md, "Linux").
if [ ! -d "$DATA_DIR-audit-key" ]; then
  mkdir -p "$DATA_DIR-audit-key"
  chown "$SERVICE_USER":"$SERVICE_GROUP" "$DATA_DIR-audit-key"
  chmod 0700 "$DATA_DIR-audit-key"
fi

if [ -n "$ROOT" ]; then
  exit 0 # package test: nothing below may touch the machine running it
fi

# --- the command on PATH: vigil-station --check-config, --verify-audit, … ---
if type update-alternatives >/dev/null 2>&1; then
  if [ -L "/usr/bin/$EXECUTABLE" ] && [ "$(readlink "/usr/bin/$EXECUTABLE")" != "/etc/alternatives/$EXECUTABLE" ]; then
    rm -f "/usr/bin/$EXECUTABLE"
  fi
  update-alternatives --install "/usr/bin/$EXECUTABLE" "$EXECUTABLE" "$APP_DIR/$EXECUTABLE" 100 || ln -sf "$APP_DIR/$EXECUTABLE" "/usr/bin/$EXECUTABLE"
else
  ln -sf "$APP_DIR/$EXECUTABLE" "/usr/bin/$EXECUTABLE"
fi

# --- Chromium's sandbox: setuid helper only where user namespaces do not work ---
if ! { [ -L /proc/self/ns/user ] && unshare --user true 2>/dev/null; }; then
  chmod 4755 "$APP_DIR/chrome-sandbox" || true
else
  chmod 0755 "$APP_DIR/chrome-sandbox" || true
fi

if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database /usr/share/applications || true
fi

# --- AppArmor (Ubuntu 24.04+ restricts unprivileged user namespaces without a profile) ---
if apparmor_status --enabled >/dev/null 2>&1; then
  PROFILE_SOURCE="$APP_DIR/resources/apparmor-profile"
  PROFILE_TARGET="/etc/apparmor.d/$EXECUTABLE"
  if [ -f "$PROFILE_SOURCE" ] && apparmor_parser --skip-kernel-load --debug "$PROFILE_SOURCE" >/dev/null 2>&1; then
    cp -f "$PROFILE_SOURCE" "$PROFILE_TARGET"
    if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
      apparmor_parser --replace --write-cache --skip-read-cache "$PROFILE_TARGET" || true
    fi
  fi
fi
