export { createInProcessEventBus, type EventBus, type EventListener } from "./event-bus.ts";
export type * from "./keyward-events.ts";
