#!/bin/bash
# Vigil Station: runs as root after the deb or rpm is removed – and, for both
# formats, during an upgrade, where removing anything would break the version
# just installed (rpm runs the old package's script after the new one's
# after-install). Rendered by electron-builder like after-install.sh.
#
# Never removed, not even on purge: /etc/vigil-station (IT's configuration),
# /var/lib/vigil-station (the audit trail, kept for years by law) and the
# vigil-station account that owns them. IT removes those deliberately.
set -e

EXECUTABLE='${executable}'
APP_DIR='/opt/${sanitizedProductName}'

case "$1" in
  remove | purge | 0) ;; # deb remove/purge; rpm erase (no version left)
  *) exit 0 ;;           # deb upgrade/failed-upgrade/abort-*; rpm upgrade (1 or more versions left)
esac

if type update-alternatives >/dev/null 2>&1; then
  update-alternatives --remove "$EXECUTABLE" "$APP_DIR/$EXECUTABLE" || true
else
  rm -f "/usr/bin/$EXECUTABLE"
fi

if [ -f "/etc/apparmor.d/$EXECUTABLE" ]; then
  if apparmor_status --enabled >/dev/null 2>&1 && ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; }; then
    apparmor_parser --remove "/etc/apparmor.d/$EXECUTABLE" || true
  fi
  rm -f "/etc/apparmor.d/$EXECUTABLE"
fi

if [ "$1" = purge ]; then
  echo "Vigil Station: kept /etc/vigil-station, /var/lib/vigil-station (audit trail) and the vigil-station account; remove them deliberately if the retention period allows."
fi
