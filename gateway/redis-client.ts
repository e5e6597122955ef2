import { createClient } from 'redis';

/** One place that makes the Redis clients, so the journal, presence and adapter agree on their type. */
export const newRedisClient = (url: string) => createClient({ url });
export type RedisClient = ReturnType<typeof newRedisClient>;
