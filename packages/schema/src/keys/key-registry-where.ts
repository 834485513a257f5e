import { hasControlCharacter } from "../database/control-characters.ts";
import type { Environment, KeyModule, Prisma } from "../generated/prisma/client.ts";
import type { KeyStatusView } from "./key-status.ts";

/** The registry filters (the `apiKeys` query and key-registry exports), with raw ids. */
export interface KeyRegistryFilter {
  search?: string | null | undefined;
  status?: readonly KeyStatusView[] | null | undefined;
  ownerId?: string | null | undefined;
  environment?: readonly Environment[] | null | undefined;
  module?: readonly KeyModule[] | null | undefined;
}

function statusWhere(statuses: readonly KeyStatusView[], now: Date): Prisma.ApiKeyWhereInput {
  return {
    OR: statuses.map((status): Prisma.ApiKeyWhereInput => {
      if (status === "EXPIRED") return { status: "ACTIVE", expiresAt: { lte: now } };
      if (status === "ACTIVE")
        return { status: "ACTIVE", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
      return { status };
    }),
  };
}

/** The registry's where clause: always the given account, then the filters. */
export function keyRegistryWhere(
  accountId: string,
  filter: KeyRegistryFilter | null | undefined,
  now: Date,
): Prisma.ApiKeyWhereInput {
  const and: Prisma.ApiKeyWhereInput[] = [{ accountId }];
  const search = filter?.search?.trim();
  // No name, email or prefix holds a control character (and PostgreSQL text cannot hold NUL):
  // such a search matches nothing instead of failing the query.
  if (search && hasControlCharacter(search)) and.push({ id: { in: [] } });
  else if (search) {
    and.push({
      OR: [
        { name: { contains: search, mode: "insensitive" } },
        { displayHint: { startsWith: search } },
        { owner: { email: { contains: search, mode: "insensitive" } } },
        { owner: { displayName: { contains: search, mode: "insensitive" } } },
      ],
    });
  }
  if (filter?.status?.length) and.push(statusWhere(filter.status, now));
  // "" (another type's global id) is no profile: it must match nothing, not drop the filter.
  if (typeof filter?.ownerId === "string") and.push({ ownerId: filter.ownerId });
  if (filter?.environment?.length) and.push({ environment: { in: [...filter.environment] } });
  if (filter?.module?.length) and.push({ module: { in: [...filter.module] } });
  return { AND: and };
}
