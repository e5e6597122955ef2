// Entry point of the Electron main process: everything Electron-specific lives
// in ./app; the services it wires together live beside it and never import electron.
import { runAdminCommandLine } from './app/admin-command-line';
import { runApp } from './app/run-app';

// IT's administrative commands (--check-config, --verify-audit, …) run and exit before any window exists.
if (!runAdminCommandLine()) runApp();
