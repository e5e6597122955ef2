import { useAlarmStore } from '../store/alarm-store';
import { usePanelStore } from '../store/panel-store';
import { ReviewDialog } from '../review/ReviewDialog';
import { AddUserForm } from './AddUserForm';
import { UserRow } from './UserRow';
import { useUsers } from './use-users';

/**
 * User administration for IT (manage-users): list, add, disable and
 * re-enable, role, badge and PIN reset. Every change is audited by the
 * station under the admin's name before it takes effect.
 */
export function UserAdmin() {
  const close = usePanelStore((s) => s.close);
  const me = useAlarmStore((s) => s.session?.userId ?? null);
  const { users, error, change } = useUsers();

  return (
    <ReviewDialog title="Users" variant="full" testId="user-admin" onClose={close}>
      {error && (
        <p className="review-error" role="alert">
          Could not load the users: {error}
        </p>
      )}
      <AddUserForm change={change} />
      {users && (
        <table className="review-table users-table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">User id</th>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Badge</th>
              <th scope="col">Status</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <UserRow key={user.userId} user={user} self={user.userId === me} change={change} />
            ))}
          </tbody>
        </table>
      )}
      <p className="review-hint">
        Admin (IT) accounts have no clinical rights; a person who is both gets two accounts. Role changes and PIN resets sign the user out on every screen.
      </p>
    </ReviewDialog>
  );
}
