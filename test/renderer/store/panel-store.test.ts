import { describe, expect, it } from 'vitest';
import { permissionFor, usePanelStore } from '../../../renderer/src/store/panel-store';

describe('panel store', () => {
  it('opens one review screen at a time', () => {
    const { openBed, openAudit, close } = usePanelStore.getState();
    openBed('bed-03');
    expect(usePanelStore.getState().panel).toEqual({ kind: 'bed', bedId: 'bed-03' });
    openAudit();
    expect(usePanelStore.getState().panel).toEqual({ kind: 'audit' });
    close();
    expect(usePanelStore.getState().panel).toBeNull();
  });

  it('names the permission each screen needs', () => {
    expect(permissionFor({ kind: 'audit' })).toBe('review-audit');
    expect(permissionFor({ kind: 'admin' })).toBe('configure');
    expect(permissionFor({ kind: 'bed', bedId: 'bed-01' })).toBeNull();
    expect(permissionFor(null)).toBeNull();
  });
});
