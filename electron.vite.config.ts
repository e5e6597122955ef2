import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './shared/security/content-security-policy';

/** Production builds carry the strict CSP in the page itself (file:// has no headers). */
function cspMetaTag(): Plugin {
  return {
    name: 'vigil-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' },
    ],
  };
}

// Source folders follow the project layout (electron/main, electron/preload,
// renderer/) instead of electron-vite's default src/ tree.
export default defineConfig({
  main: {
    build: {
      // better-sqlite3 and other runtime deps stay in node_modules (native code).
      externalizeDeps: true,
      // The audit writer runs in its own worker thread, so it is a second entry
      // (out/main/audit-worker.js) rather than part of the main bundle.
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'audit-worker': resolve(__dirname, 'electron/main/audit/writer/audit-worker.ts'),
          // The full-disclosure recorder's thread (electron/main/disclosure/), likewise.
          'disclosure-worker': resolve(__dirname, 'electron/main/disclosure/writer/disclosure-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() from node_modules, so the preload is
      // one self-contained CommonJS file with its few dependencies bundled in.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react(), cspMetaTag()],
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
