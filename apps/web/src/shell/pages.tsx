import { lazy, type ReactNode } from "react";

// Each page is its own chunk: a Console user never downloads the Admin pages.

const OverviewPage = lazy(() =>
  import("../analytics/overview-page.tsx").then((module) => ({ default: module.OverviewPage })),
);
const KeyRegistryPage = lazy(() =>
  import("../keys/key-registry-page.tsx").then((module) => ({ default: module.KeyRegistryPage })),
);
const KeyDetailPage = lazy(() =>
  import("../keys/key-detail-page.tsx").then((module) => ({ default: module.KeyDetailPage })),
);
const UsersPage = lazy(() =>
  import("../users/users-page.tsx").then((module) => ({ default: module.UsersPage })),
);
const UserDetailPage = lazy(() =>
  import("../users/user-detail-page.tsx").then((module) => ({ default: module.UserDetailPage })),
);
const PendingRequestsPage = lazy(() =>
  import("../approvals/pending-requests-page.tsx").then((module) => ({
    default: module.PendingRequestsPage,
  })),
);
const PoliciesPage = lazy(() =>
  import("../policy/policies-page.tsx").then((module) => ({ default: module.PoliciesPage })),
);
const UsagePage = lazy(() =>
  import("../analytics/usage-page.tsx").then((module) => ({ default: module.UsagePage })),
);
const ActivityPage = lazy(() =>
  import("../analytics/activity-page.tsx").then((module) => ({ default: module.ActivityPage })),
);
const AuditPage = lazy(() =>
  import("../audit/audit-page.tsx").then((module) => ({ default: module.AuditPage })),
);
const ReadinessPage = lazy(() =>
  import("../readiness/readiness-page.tsx").then((module) => ({ default: module.ReadinessPage })),
);
const WebhooksPage = lazy(() =>
  import("../webhooks/webhooks-page.tsx").then((module) => ({ default: module.WebhooksPage })),
);
const MyKeysPage = lazy(() =>
  import("../keys/my-keys-page.tsx").then((module) => ({ default: module.MyKeysPage })),
);
const MyAiKeysPage = lazy(() =>
  import("../approvals/my-ai-keys-page.tsx").then((module) => ({ default: module.MyAiKeysPage })),
);
const SecurityPage = lazy(() =>
  import("../identity/security-page.tsx").then((module) => ({ default: module.SecurityPage })),
);

type PageRenderer = (params: Record<string, string>) => ReactNode;

/** Which component renders each route of routes.ts. */
export const pages: Record<string, PageRenderer> = {
  "/admin": () => <OverviewPage />,
  "/admin/keys": () => <KeyRegistryPage />,
  "/admin/keys/:id": (params) => <KeyDetailPage id={params.id ?? ""} surface="admin" />,
  "/admin/users": () => <UsersPage />,
  "/admin/users/:id": (params) => <UserDetailPage id={params.id ?? ""} />,
  "/admin/requests": () => <PendingRequestsPage />,
  "/admin/policies": () => <PoliciesPage />,
  "/admin/usage": () => <UsagePage />,
  "/admin/activity": () => <ActivityPage />,
  "/admin/audit": () => <AuditPage />,
  "/admin/readiness": () => <ReadinessPage />,
  "/admin/webhooks": () => <WebhooksPage />,
  "/console/keys": () => <MyKeysPage />,
  "/console/keys/:id": (params) => <KeyDetailPage id={params.id ?? ""} surface="console" />,
  "/console/ai-keys": () => <MyAiKeysPage />,
  "/console/security": () => <SecurityPage />,
};
