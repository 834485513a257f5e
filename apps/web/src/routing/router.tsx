import { type ComponentPropsWithRef, type MouseEvent, useSyncExternalStore } from "react";

// A deliberately tiny history router: the app has a flat list of pages and no nested layouts.

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

/** Changes the URL and re-renders every `usePathname` user. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const listener of listeners) listener();
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
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
    if (to !== pathname) navigate(to);
  };
  return <a href={to} aria-current={pathname === to ? "page" : undefined} onClick={handleClick} {...props} />;
}
