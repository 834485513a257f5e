/**
 * After an action removes the control that had focus (a revoked key loses its Revoke button, an
 * approved request leaves the queue), focus would fall back to the document body and keyboard users
 * would lose their place. Move it to the page heading instead. Runs after dialogs have returned
 * focus (Radix does that in a timeout of its own), so it only acts when focus really was lost.
 */
export function keepFocusOnPage(): void {
  setTimeout(() => {
    setTimeout(() => {
      const active = document.activeElement;
      if (active && active !== document.body && active.isConnected) return;
      document.querySelector<HTMLElement>("h1")?.focus();
    }, 0);
  }, 0);
}
