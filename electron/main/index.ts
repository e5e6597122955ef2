// Entry point of the Electron main process: everything Electron-specific lives
// in ./app; the services it wires together live beside it and never import electron.
import { runApp } from './app/run-app';

runApp();
