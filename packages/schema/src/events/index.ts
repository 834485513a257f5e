export {
  createInProcessEventBus,
  type EventBus,
  type EventListener,
  type SubscribeOptions,
} from "./event-bus.ts";
export type * from "./keyward-events.ts";
