"use client";

import { ConvexProviderWithAuth, ConvexReactClient } from "convex/react";
import dynamic from "next/dynamic";
import { createContext, useCallback, useContext, useMemo, useState } from "react";
import type * as React from "react";
import type { IdentityMode } from "@/lib/server/auth/types";

// Clerk's browser code (~70 kB gzipped) is fetched only when the deployment uses Clerk.
const ConvexClerkProvider = dynamic(() => import("./convex-clerk-provider").then((m) => m.ConvexClerkProvider));

/** The page's root client (the control plane) and what every further client needs: the identity mode, one client per URL. */
type Root = { url: string; mode: IdentityMode; clientFor(url: string): ConvexReactClient };
const RootContext = createContext<Root | null>(null);

/**
 * Convex for client components (live queries over Convex's WebSocket protocol), signed
 * in as the current user. The URL comes from the server as a prop, not from a
 * NEXT_PUBLIC_ variable inlined at build time, so one build serves any backend. This is
 * the control plane; a workspace placed on another deployment gets its own client below
 * (ConvexDeploymentProvider).
 */
export function ConvexClientProvider({ url, mode, children }: { url: string; mode: IdentityMode; children: React.ReactNode }) {
  const [client] = useState(() => new ConvexReactClient(url));
  // One client per deployment for the page's lifetime: going back to a workspace reuses its connection and cached queries.
  const [clients] = useState(() => new Map<string, ConvexReactClient>([[url, client]]));
  const root = useMemo<Root>(
    () => ({
      url,
      mode,
      clientFor: (u) => {
        let c = clients.get(u);
        if (!c) {
          c = new ConvexReactClient(u);
          clients.set(u, c);
        }
        return c;
      },
    }),
    [url, mode, clients],
  );
  return (
    <RootContext.Provider value={root}>
      <Authed client={client} mode={mode}>
        {children}
      </Authed>
    </RootContext.Provider>
  );
}

/**
 * Points the live queries below at `url` (a workspace's placement), signed in the same way
 * as the root client: the same Convex token works on every deployment (one auth.config.ts
 * issuer). The control plane's URL, or none, changes nothing, so a workspace on main uses
 * the page's one client as before.
 */
export function ConvexDeploymentProvider({ url, children }: { url: string | undefined; children: React.ReactNode }) {
  const root = useContext(RootContext);
  if (!root || !url || url === root.url) return <>{children}</>;
  return (
    // Keyed by URL: a different deployment is a different client, never a swapped prop under live subscriptions.
    <Authed key={url} client={root.clientFor(url)} mode={root.mode}>
      {children}
    </Authed>
  );
}

function Authed({ client, mode, children }: { client: ConvexReactClient; mode: IdentityMode; children: React.ReactNode }) {
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
