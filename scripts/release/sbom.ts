/**
 * The software bill of materials of what the package ships, in CycloneDX
 * JSON: `npm sbom` over the runtime dependencies (dev tools are not shipped),
 * plus the Electron runtime itself, which is a devDependency to npm but is the
 * program hospital security reviews most need to see (Chromium, Node).
 */
export interface CycloneDxBom {
  bomFormat: 'CycloneDX';
  specVersion: string;
  metadata: { component: { name: string; version: string; [key: string]: unknown }; [key: string]: unknown };
  components: Array<{ 'bom-ref'?: string; type: string; name: string; version: string; purl?: string; [key: string]: unknown }>;
  dependencies?: Array<{ ref: string; dependsOn?: string[] }>;
  [key: string]: unknown;
}

export const NPM_SBOM_ARGS = ['sbom', '--sbom-format', 'cyclonedx', '--sbom-type', 'application', '--omit', 'dev'] as const;

/** Corrects and completes npm's output for the package being shipped. */
export function completeSbom(npmOutput: unknown, app: { name: string; version: string }, electronVersion: string): CycloneDxBom {
  const bom = npmOutput as CycloneDxBom;
  if (!bom || bom.bomFormat !== 'CycloneDX' || !Array.isArray(bom.components) || !bom.metadata?.component) {
    throw new Error('npm sbom did not produce a CycloneDX document');
  }
  // npm names the root after the folder it runs in (a checkout may be called anything).
  bom.metadata.component = { ...bom.metadata.component, name: app.name, version: app.version };
  const ref = `electron@${electronVersion}`;
  if (!bom.components.some((c) => c.name === 'electron')) {
    bom.components.push({
      'bom-ref': ref,
      type: 'framework',
      name: 'electron',
      version: electronVersion,
      scope: 'required',
      description: 'The runtime the app ships as its executable (Chromium, Node.js, V8)',
      purl: `pkg:npm/electron@${electronVersion}`,
      licenses: [{ license: { id: 'MIT' } }],
    });
    const root = bom.dependencies?.find((d) => d.ref === bom.metadata.component['bom-ref']);
    if (root) root.dependsOn = [...(root.dependsOn ?? []), ref];
  }
  return bom;
}
