import type { Clock, Viewer } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";

/** A key without ADMIN acts as USER whatever its owner's role; otherwise the role is the owner's. */
export const roleFollowsProfile = (viewer: Viewer) =>
  viewer.key === null || viewer.key.permissions.has("ADMIN");

/**
 * Which of these viewers no longer hold: the session is gone or expired, the key is no longer
 * ACTIVE (revoked, locked, expired), the profile was deactivated, or the role it acts with
 * changed. Two queries whatever the number of viewers.
 */
export async function endedPrincipals(
  prisma: Database["prisma"],
  clock: Clock,
  viewers: readonly Viewer[],
): Promise<Set<Viewer>> {
  const now = clock.now().getTime();
  const sessionIds = [
    ...new Set(viewers.flatMap((viewer) => (viewer.sessionId === null ? [] : [viewer.sessionId]))),
  ];
  const keyIds = [...new Set(viewers.flatMap((viewer) => (viewer.key === null ? [] : [viewer.key.id])))];
  const [sessions, keys] = await Promise.all([
    sessionIds.length === 0
      ? []
      : prisma.session.findMany({
          where: { id: { in: sessionIds } },
          select: { id: true, expiresAt: true, profile: { select: { status: true, role: true } } },
        }),
    keyIds.length === 0
      ? []
      : prisma.apiKey.findMany({
          where: { id: { in: keyIds } },
          select: {
            id: true,
            status: true,
            expiresAt: true,
            lockedAt: true,
            owner: { select: { status: true, role: true } },
          },
        }),
  ]);
  const sessionById = new Map(sessions.map((session) => [session.id, session]));
  const keyById = new Map(keys.map((key) => [key.id, key]));
  const ended = new Set<Viewer>();
  for (const viewer of viewers) {
    let profile: { status: string; role: string } | undefined;
    if (viewer.key !== null) {
      const key = keyById.get(viewer.key.id);
      const usable =
        key !== undefined &&
        key.status === "ACTIVE" &&
        key.lockedAt === null &&
        (key.expiresAt === null || key.expiresAt.getTime() > now);
      profile = usable ? key.owner : undefined;
    } else if (viewer.sessionId !== null) {
      const session = sessionById.get(viewer.sessionId);
      profile = session !== undefined && session.expiresAt.getTime() > now ? session.profile : undefined;
    }
    if (
      profile === undefined ||
      profile.status !== "ACTIVE" ||
      (roleFollowsProfile(viewer) && profile.role !== viewer.role)
    ) {
      ended.add(viewer);
    }
  }
  return ended;
}
