import "./live-subscriptions.ts";
