"use client";

import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import dynamic from "next/dynamic";
import { useCallback, useMemo, useState } from "react";
import type * as React from "react";
import type { IdentityMode } from "@/lib/server/auth/types";

// Clerk's browser code (~70 kB gzipped) is fetched only when the deployment uses Clerk.
const ConvexClerkProvider = dynamic(() => import("./convex-clerk-provider").then((m) => m.ConvexClerkProvider));

/**
 * Convex for client components (live queries over Convex's WebSocket protocol), signed
 * in as the current user. The URL comes from the server as a prop, not from a
 * NEXT_PUBLIC_ variable inlined at build time, so one build serves any backend.
 */
export function ConvexClientProvider({ url, mode, children }: { url: string; mode: IdentityMode; children: React.ReactNode }) {
  const [client] = useState(() => new ConvexReactClient(url));
  return mode === "clerk" ? (
    <ConvexClerkProvider client={client}>{children}</ConvexClerkProvider>
  ) : (
    <ConvexProviderWithAuth client={client} useAuth={useLocalAuth}>
      {children}
    </ConvexProviderWithAuth>
  );
}

/**
 * Local identity for the Convex client: tokens come from /api/local-auth/token, minted
 * from the HttpOnly session cookie (which scripts cannot read). Convex asks again before
 * a token's five minutes run out; after sign-out the route answers 401, so access ends.
 */
function useLocalAuth() {
  const fetchAccessToken = useCallback(async () => {
    const response = await fetch("/api/local-auth/token", { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) return null;
    const body = (await response.json()) as { token?: unknown };
    return typeof body.token === "string" ? body.token : null;
  }, []);
  // The server rendered this page for a signed-in user; Convex learns otherwise from a null token.
  return useMemo(() => ({ isLoading: false, isAuthenticated: true, fetchAccessToken }), [fetchAccessToken]);
}
