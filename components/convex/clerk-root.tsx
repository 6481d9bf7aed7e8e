"use client";

import dynamic from "next/dynamic";

/**
 * Clerk's provider for the whole page, in Clerk mode only (app/layout.tsx renders it).
 * It is loaded through next/dynamic from this client module on purpose: Turbopack puts
 * every client component that a layout's server code can reach (even through a
 * conditional `await import()`) into that layout's first-load scripts, so importing
 * Clerk's provider in app/layout.tsx shipped ~65 kB gzipped of Clerk to every page in
 * local mode too. A dynamic import in a client module is a chunk of its own, fetched
 * (and preloaded by the server render) only when this component renders.
 */
export const ClerkRoot = dynamic(() => import("./clerk-root-provider").then((m) => m.ClerkRootProvider));
