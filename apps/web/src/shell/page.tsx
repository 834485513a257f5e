import { type ReactNode, useEffect, useRef } from "react";

export interface PageProps {
  title: string;
  /** Controls at the right of the title. */
  actions?: ReactNode;
  children?: ReactNode;
}

/** A page with its one `h1`, which receives focus when the page is opened by in-app navigation. */
export function Page({ title, actions, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Keyward`;
    // Screen readers otherwise get no cue that a client-side navigation happened.
    if (document.activeElement?.closest("nav")) heading.current?.focus();
  }, [title]);
  return (
    <div className="kw-page">
      <header className="kw-page-header">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </header>
      {children}
    </div>
  );
}
