import { LRUCache } from "lru-cache";

/**
 * Scope maps built from a row's ids, made once per distinct id and reused.
 *
 * scope-auth caches the outcome of a scope map per request by the map's identity: a rule that
 * returns a fresh object for every row (and every field of it) is evaluated again each time. The
 * maps are plain data fixed by the ids they are built from, so sharing one between rows, fields
 * and requests changes no outcome; the outcome itself stays per request (the viewer differs).
 */
export function scopeMapsBy<Map extends object>(build: (id: string) => Map): (id: string) => Map {
  // Bounded: the ids most recently read; an evicted map is simply made again.
  const made = new LRUCache<string, Map>({ max: 10_000 });
  return (id) => {
    let map = made.get(id);
    if (map === undefined) {
      map = deepFreeze(build(id));
      made.set(id, map);
    }
    return map;
  };
}

/** The caller's account owns the object: the type rule of most account-scoped objects. */
export const ofAccount = scopeMapsBy((accountId) => ({ account: accountId }));

/** Freezes the map and the maps in it; shared constants in it (role lists) are left as they are. */
function deepFreeze<T extends object>(value: T): T {
  for (const nested of Object.values(value)) {
    if (typeof nested === "object" && nested !== null && Object.getPrototypeOf(nested) === Object.prototype) {
      deepFreeze(nested);
    }
  }
  return Object.freeze(value);
}
