import type {
  ApiKeyChangedEvent,
  AuthFailureEvent,
  KeyActivityEvent,
  KeyRequestChangedEvent,
  UserChangedEvent,
} from "../events/index.ts";
import { authScopesFor } from "../graphql/auth-scopes.ts";
import { keyAuditorRoles, peopleAdminRoles } from "../identity/roles.ts";
import type { Viewer } from "../identity/viewer.ts";

/**
 * Who receives which live event (DESIGN §7). Every rule is written with the same scope functions
 * that guard queries, so a subscriber never receives an event about an object it could not read,
 * and never one of another account.
 */
export type SubscriberScopes = ReturnType<typeof authScopesFor>;

/** The scopes of a subscriber, evaluated once per subscription. */
export const subscriberScopes = (viewer: Viewer): SubscriberScopes => authScopesFor({ viewer });

/** Key metadata and usage: the key's account, then a key auditor or the owner (`metadataReaders`). */
function keyReadable(scopes: SubscriberScopes, accountId: string, ownerId: string | null): boolean {
  if (!scopes.account(accountId)) return false;
  return scopes.roles(keyAuditorRoles) || (ownerId !== null && scopes.self(ownerId));
}

/** A use of a key. Activity of an unknown token (no owner) reaches the account's auditors only. */
export const seesKeyActivity = (scopes: SubscriberScopes, event: KeyActivityEvent) =>
  keyReadable(scopes, event.accountId, event.ownerId);

/**
 * A failed authentication. Key failures follow the key rules; a failed sign-in concerns a person:
 * people admins and the person whose email was tried (the same readers as a profile's details).
 */
export function seesAuthFailure(scopes: SubscriberScopes, event: AuthFailureEvent): boolean {
  if (event.kind !== "SIGN_IN") return keyReadable(scopes, event.accountId, event.ownerId);
  if (!scopes.account(event.accountId)) return false;
  return scopes.roles(peopleAdminRoles) || (event.ownerId !== null && scopes.self(event.ownerId));
}

/** A key was created, rotated, revoked or re-granted. */
export const seesKeyChange = (scopes: SubscriberScopes, event: ApiKeyChangedEvent) =>
  keyReadable(scopes, event.accountId, event.ownerId);

/**
 * A key request moved: the reviewers (people admins, who may read every detail of a request)
 * see the whole queue; a requester sees their own requests.
 */
export function seesKeyRequestChange(scopes: SubscriberScopes, event: KeyRequestChangedEvent): boolean {
  if (!scopes.account(event.accountId)) return false;
  return scopes.roles(peopleAdminRoles) || scopes.self(event.requesterId);
}

/** A person's role or status changed: people admins of the account. */
export const seesUserChange = (scopes: SubscriberScopes, event: UserChangedEvent) =>
  scopes.account(event.accountId) && scopes.roles(peopleAdminRoles);
