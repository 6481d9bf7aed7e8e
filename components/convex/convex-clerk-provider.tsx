"use client";

import { useAuth } from "@clerk/nextjs";
import type { ConvexReactClient } from "convex/react";
import { ConvexProviderWithClerk } from "convex/react-clerk";
import type * as React from "react";

/** Convex signed in through Clerk. Its own module, loaded only in Clerk mode, so local mode ships no Clerk code. */
export function ConvexClerkProvider({ client, children }: { client: ConvexReactClient; children: React.ReactNode }) {
  return (
    <ConvexProviderWithClerk client={client} useAuth={useAuth}>
      {children}
    </ConvexProviderWithClerk>
  );
}
