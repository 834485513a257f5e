import { type ComponentPropsWithRef, type MouseEvent, useSyncExternalStore } from "react";

// A deliberately tiny history router: the app has a flat list of pages and no nested layouts.
// Filters live in the query string, so a page keeps its filter state when you come back to it.

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

function notify() {
  for (const listener of listeners) listener();
}

/** Changes the URL and re-renders every `usePathname` user. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  notify();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The query string, e.g. "?status=ACTIVE". */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/**
 * Replaces query parameters of the current URL without a new history entry (typing in a search box
 * must not fill the back button). Empty values remove the parameter.
 */
export function setSearchParams(values: Record<string, string | null | undefined>): void {
  const params = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value) params.set(name, value);
    else params.delete(name);
  }
  const query = params.toString();
  const next = `${window.location.pathname}${query ? `?${query}` : ""}`;
  if (next !== `${window.location.pathname}${window.location.search}`) navigate(next, { replace: true });
}

export interface LinkProps extends Omit<ComponentPropsWithRef<"a">, "href"> {
  to: string;
}

/** An anchor that navigates in-app and marks itself `aria-current="page"` when active. */
export function Link({ to, onClick, ...props }: LinkProps) {
  const pathname = usePathname();
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    if (to !== `${window.location.pathname}${window.location.search}`) navigate(to);
  };
  const current = pathname === to.split("?")[0];
  return <a href={to} aria-current={current ? "page" : undefined} onClick={handleClick} {...props} />;
}
