import { useState, type FormEvent } from 'react';
import { secretRuleText, secretRuleViolation } from '../../../shared/domain/pin-rules';
import { ROLES, type Role } from '../../../shared/domain/session';
import type { UserSummary } from '../../../shared/domain/user-admin';
import type { useUsers } from './use-users';
import { ROLE_LABEL } from './role-label';

const CLINICAL_ROLES = ROLES.filter((r) => r !== 'admin');

type Editing = 'badge' | 'pin' | null;

/**
 * One user: role (clinical roles only, never one's own), enable/disable,
 * badge and PIN reset. The station enforces every rule; the row only avoids
 * offering what it would refuse.
 */
export function UserRow({ user, self, change }: { user: UserSummary; self: boolean; change: ReturnType<typeof useUsers>['change'] }) {
  const [editing, setEditing] = useState<Editing>(null);
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const roleFixed = self || user.role === 'admin';

  const report = (result: { ok: true } | { ok: false; error: string }, done: string) => setMessage(result.ok ? { ok: true, text: done } : { ok: false, text: result.error });

  const setRole = async (role: Role) => report(await change('users:set-role', { userId: user.userId, role }), `Role is now ${ROLE_LABEL[role]}; their sessions were signed out.`);
  const toggle = async () =>
    user.disabled
      ? report(await change('users:enable', { userId: user.userId }), 'Enabled.')
      : report(await change('users:disable', { userId: user.userId }), 'Disabled: signed out everywhere.');

  const submitEdit = async (event: FormEvent) => {
    event.preventDefault();
    if (editing === 'badge') {
      const badgeId = value.trim() === '' ? null : value.trim();
      report(await change('users:set-badge', { userId: user.userId, badgeId }), badgeId ? 'Badge set.' : 'Badge removed.');
    } else if (editing === 'pin') {
      const local = secretRuleViolation(value, user);
      if (local !== null) {
        setMessage({ ok: false, text: local });
        return;
      }
      report(await change('users:reset-pin', { userId: user.userId, secret: value }), 'PIN reset; their sessions were signed out.');
    }
    setValue('');
    setEditing(null);
  };

  const open = (what: Editing) => {
    setEditing(editing === what ? null : what);
    setValue(what === 'badge' ? (user.badgeId ?? '') : '');
    setMessage(null);
  };

  return (
    <>
      <tr data-testid="user-row" data-user-id={user.userId} data-disabled={user.disabled}>
        <th scope="row">{user.userId}</th>
        <td>{user.displayName}</td>
        <td>
          {roleFixed ? (
            <span title={self ? 'Nobody can change their own role' : 'IT accounts stay IT accounts'}>{ROLE_LABEL[user.role]}</span>
          ) : (
            <select aria-label={`Role of ${user.userId}`} value={user.role} onChange={(e) => void setRole(e.target.value as Role)}>
              {CLINICAL_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
          )}
        </td>
        <td>{user.badgeId ?? '–'}</td>
        <td className={user.disabled ? 'status-bad' : 'status-ok'}>{user.disabled ? 'disabled' : 'active'}</td>
        <td className="user-actions">
          {!self && (
            <button type="button" onClick={() => void toggle()} data-testid={user.disabled ? 'enable-user' : 'disable-user'}>
              {user.disabled ? 'Enable' : 'Disable'}
            </button>
          )}
          <button type="button" onClick={() => open('badge')} aria-expanded={editing === 'badge'}>
            Badge…
          </button>
          <button type="button" onClick={() => open('pin')} aria-expanded={editing === 'pin'} data-testid="reset-pin">
            Reset PIN…
          </button>
        </td>
      </tr>
      {(editing !== null || message) && (
        <tr className="user-row-extra">
          <td colSpan={6}>
            {editing !== null && (
              <form className="user-form user-form--inline" onSubmit={submitEdit}>
                <label>
                  {editing === 'badge' ? `New badge id for ${user.userId} (empty removes it)` : `New PIN or password for ${user.userId}`}
                  <input
                    type={editing === 'pin' ? 'password' : 'text'}
                    value={value}
                    onChange={(e) => setValue(e.target.value)}
                    autoComplete={editing === 'pin' ? 'new-password' : 'off'}
                    maxLength={editing === 'pin' ? 128 : 64}
                  />
                </label>
                <button type="submit" disabled={editing === 'pin' && value === ''}>
                  {editing === 'badge' ? 'Save badge' : 'Reset PIN'}
                </button>
                <button type="button" onClick={() => setEditing(null)}>
                  Cancel
                </button>
                {editing === 'pin' && <span className="review-hint">{secretRuleText(user.role)}</span>}
              </form>
            )}
            {message && (
              <p className={message.ok ? 'change-done' : 'review-error'} role={message.ok ? 'status' : 'alert'} data-testid="user-row-result">
                {message.text}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
