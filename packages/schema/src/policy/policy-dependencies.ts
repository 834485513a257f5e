import type { EventBus } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";

/** What the policy services run on (the GraphQL context satisfies it). */
export interface PolicyDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
}
