import { Redis, type RedisOptions } from "ioredis";

/** Reconnect forever, backing off to 2 s: an outage of any length ends with events flowing again. */
const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2_000);

/**
 * The command connection (publishes, rate limits). Fail fast while Redis is away: nothing queues
 * or waits for it, so the API answers from in-process fallbacks instead of hanging.
 */
export function createCommandConnection(url: string, instanceId: string): Redis {
  const options: RedisOptions = {
    connectionName: `keyward:${instanceId}:commands`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // A Redis that stops answering without closing the connection must not stall verification.
    commandTimeout: 500,
    retryStrategy,
  };
  return new Redis(url, options);
}

/** The one subscriber connection of an instance (it re-subscribes itself after every reconnect). */
export function createSubscriberConnection(url: string, instanceId: string): Redis {
  return new Redis(url, {
    connectionName: `keyward:${instanceId}:events`,
    autoResubscribe: false,
    retryStrategy,
  });
}

/** Closes a connection, letting replies in flight arrive when Redis is there to send them. */
export async function closeConnection(redis: Redis): Promise<void> {
  if (redis.status !== "ready") {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
