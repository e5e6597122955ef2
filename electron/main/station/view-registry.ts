import type { EventChannel, EventPayload } from '../../../shared/ipc/contract';

/** Anything that shows the unit: an Electron window, or a browser via the test host. */
export interface StationView {
  event<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
  waveformFrame(frame: ArrayBuffer): void;
  /** What people call this screen ("workstation", "wall", "browser 10.1.2.3"), e.g. in failed sign-in notices. Default: its view id. */
  label?: string;
}

interface Entry {
  view: StationView;
  label: string;
  /** The session signed in at this view, if any: sessions belong to a screen, not to the station. */
  sessionId: string | null;
}

/**
 * The views attached to the station, each with a station-assigned id that
 * requests from it carry (the transport knows which window or socket asked;
 * the page never names itself), and the one session signed in at it.
 */
export class ViewRegistry {
  private readonly entries = new Map<string, Entry>();
  private nextId = 1;

  add(view: StationView): string {
    const viewId = `view-${this.nextId++}`;
    this.entries.set(viewId, { view, label: view.label ? `${view.label} (${viewId})` : viewId, sessionId: null });
    return viewId;
  }

  /** Removes the view; returns the session that was signed in at it, if any. */
  remove(viewId: string): string | null {
    const entry = this.entries.get(viewId);
    this.entries.delete(viewId);
    return entry?.sessionId ?? null;
  }

  has(viewId: string): boolean {
    return this.entries.has(viewId);
  }

  view(viewId: string): StationView | undefined {
    return this.entries.get(viewId)?.view;
  }

  label(viewId: string): string {
    return this.entries.get(viewId)?.label ?? viewId;
  }

  /** View ids with the session signed in at each (for events only some sessions may see). */
  viewIdsWithSessions(): Array<{ viewId: string; sessionId: string }> {
    return [...this.entries].flatMap(([viewId, e]) => (e.sessionId !== null ? [{ viewId, sessionId: e.sessionId }] : []));
  }

  sessionOf(viewId: string): string | null {
    return this.entries.get(viewId)?.sessionId ?? null;
  }

  bindSession(viewId: string, sessionId: string | null): void {
    const entry = this.entries.get(viewId);
    if (entry) entry.sessionId = sessionId;
  }

  /** The view a session is signed in at (a session ended by the station must be told to its view). */
  viewOfSession(sessionId: string): string | null {
    for (const [viewId, entry] of this.entries) if (entry.sessionId === sessionId) return viewId;
    return null;
  }

  all(): IterableIterator<StationView> {
    return [...this.entries.values()].map((e) => e.view)[Symbol.iterator]();
  }

  get size(): number {
    return this.entries.size;
  }
}
