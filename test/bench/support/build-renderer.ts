/**
 * Builds the current renderer sources with the project's own renderer config
 * into `outDir`, so a benchmark always measures the code beside it (not a
 * stale out/renderer).
 */
export async function buildRenderer(outDir: string): Promise<void> {
  const vite = await import('vite');
  const { default: electronViteConfig } = (await import('../../../electron.vite.config')) as unknown as {
    default: { renderer: import('vite').UserConfig };
  };
  const renderer = electronViteConfig.renderer;
  await vite.build({
    ...renderer,
    configFile: false,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    build: {
      ...renderer.build,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'es2022',
      modulePreload: { polyfill: false },
      reportCompressedSize: false,
    },
  });
}
