import { type ReactNode, useEffect, useRef } from "react";
import { Link } from "../routing/router.tsx";

export interface PageProps {
  title: string;
  /** One sentence under the title: what this page is for. */
  description?: ReactNode;
  /** Controls at the right of the title. */
  actions?: ReactNode;
  /** A link back to the list this page was opened from. */
  back?: { to: string; label: string };
  children?: ReactNode;
}

/** A page with its one `h1`, which receives focus when the page is opened by in-app navigation. */
export function Page({ title, description, actions, back, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Keyward`;
  }, [title]);
  useEffect(() => {
    // Screen readers otherwise get no cue that a client-side navigation happened.
    const active = document.activeElement;
    if (active?.closest("nav") || active?.closest("main") || active === document.body) {
      if (!active?.closest("[role=dialog]")) heading.current?.focus();
    }
  }, []);
  return (
    <div className="kw-page">
      <header className="kw-page-header">
        <div className="kw-page-header__text">
          {back ? (
            <Link to={back.to} className="kw-back-link">
              <span aria-hidden="true">← </span>
              {back.label}
            </Link>
          ) : null}
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {description ? <p className="kw-page-header__description">{description}</p> : null}
        </div>
        {actions ? <div className="kw-page-header__actions">{actions}</div> : null}
      </header>
      {children}
    </div>
  );
}
