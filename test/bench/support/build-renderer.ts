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

/** The `p`th percentile (0-100) of an ascending array, nearest rank. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
