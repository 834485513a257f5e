import type { EventBus } from "@keyward/schema";
import type { Logger } from "../logger.ts";

/**
 * Operational log of what happens to keys, from the domain events (never from request inputs,
 * which can hold keys): key changes at info, refused authentications at debug, every use at
 * trace. Events carry ids and display hints only. A level that is off costs nothing: its topic
 * is not subscribed. Each instance logs what it published itself. Returns the unsubscribe function.
 */
export function logDomainEvents(events: EventBus, logger: Logger): () => void {
  const local = { localOnly: true };
  const unsubscribes: Array<() => void> = [];
  if (logger.isLevelEnabled("info")) {
    unsubscribes.push(
      events.subscribe(
        "key.changed",
        (event) =>
          logger.info(
            { keyId: event.keyId, accountId: event.accountId, change: event.change, status: event.status },
            "key changed",
          ),
        local,
      ),
    );
  }
  if (logger.isLevelEnabled("debug")) {
    unsubscribes.push(
      events.subscribe(
        "auth.failure",
        (event) =>
          logger.debug(
            {
              kind: event.kind,
              code: event.code,
              keyId: event.keyId,
              presentedHint: event.presentedHint,
              accountId: event.accountId,
              ip: event.ip,
            },
            "authentication refused",
          ),
        local,
      ),
    );
  }
  if (logger.isLevelEnabled("trace")) {
    unsubscribes.push(
      events.subscribe(
        "key.activity",
        (event) =>
          logger.trace(
            {
              keyId: event.keyId,
              action: event.action,
              result: event.result,
              presentedHint: event.presentedHint,
              accountId: event.accountId,
            },
            "key used",
          ),
        local,
      ),
    );
  }
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
