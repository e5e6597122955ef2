/**
 * What the update coordinator needs from electron-updater, so the decisions
 * run under Node in tests. The Electron layer (app/electron-updater-port.ts)
 * implements it; the test host and the tests use fakes.
 */
export type UpdaterEvent =
  | { kind: 'checking' }
  | { kind: 'available'; version: string }
  | { kind: 'not-available' }
  | { kind: 'progress'; percent: number }
  | { kind: 'downloaded'; version: string }
  | { kind: 'error'; message: string };

export interface UpdaterPort {
  /** Looks for a newer version at `url` (generic provider); one found downloads in the background. */
  check(url: string): Promise<void>;
  /** Quits, installs the downloaded version silently and starts it again. */
  quitAndInstall(): void;
  onEvent(listener: (event: UpdaterEvent) => void): () => void;
}
