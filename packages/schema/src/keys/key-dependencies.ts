import type { EventBus } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";

export interface KeyDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
}
