import type { StoredUser, UserPersistence } from '../../electron/main/auth/stored-user';

/**
 * Users kept in memory (the file store has its own tests). Free of Vitest,
 * so a benchmark run as a plain script (`node --import tsx test/bench/…`)
 * can build a station with it.
 */
export function memoryUsers(): UserPersistence & { users: StoredUser[] } {
  const store = {
    users: [] as StoredUser[],
    load: async () => store.users,
    save: async (users: readonly StoredUser[]) => {
      store.users = [...users];
    },
  };
  return store;
}
