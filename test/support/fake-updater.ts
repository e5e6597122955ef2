import type { UpdaterEvent, UpdaterPort } from '../../electron/main/updates/updater-port';

/** A stand-in for electron-updater: records checks and installs; the test emits its events. */
export class FakeUpdater implements UpdaterPort {
  checks: string[] = [];
  installs = 0;
  private readonly listeners = new Set<(event: UpdaterEvent) => void>();

  async check(url: string): Promise<void> {
    this.checks.push(url);
  }

  quitAndInstall(): void {
    this.installs++;
  }

  onEvent(listener: (event: UpdaterEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: UpdaterEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
