export {
  type AnomalyDetector,
  type AnomalyDetectorOptions,
  createAnomalyDetector,
} from "./anomaly-detector.ts";
export { applyOrgPolicy, type PolicyReport } from "./apply-org-policy.ts";
export { type EffectiveOrgPolicy, loadOrgPolicy, updateOrgPolicy } from "./org-policy.ts";
export type { PolicyDependencies } from "./policy-dependencies.ts";
export { createPolicyJobs, type PolicyJobOptions } from "./policy-jobs.ts";
export {
  createScheduler,
  type JobOutcome,
  type ScheduledJob,
  type Scheduler,
  type SchedulerOptions,
} from "./scheduler.ts";
export type { Detection, DetectionOutcome } from "./suspicious-activity.ts";
