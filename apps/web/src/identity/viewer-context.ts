import { createContext, useContext } from "react";
import type { SignedInViewer } from "./viewer-query.ts";

export const ViewerContext = createContext<SignedInViewer | null>(null);

/** The signed-in caller; only inside the app shell. */
export function useViewer(): SignedInViewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer needs the signed-in app shell");
  return viewer;
}
