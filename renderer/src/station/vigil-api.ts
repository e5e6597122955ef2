import { API_GLOBAL, type VigilApi } from '../../../shared/ipc/contract';

/** The API the preload (Electron) or the test host bridge (browser) installed. */
export function getVigilApi(): VigilApi | null {
  const api = (window as unknown as Record<string, unknown>)[API_GLOBAL];
  return api && typeof api === 'object' ? (api as VigilApi) : null;
}
