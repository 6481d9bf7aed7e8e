"use client";

import Link from "next/link";
import { Component, type ReactNode } from "react";

/**
 * The switcher is a live query in the header, outside every page's error boundary: if it
 * fails (say, a first visit before the user's directory row exists) the header must still
 * render, so it falls back to a plain link home.
 */
export class SwitcherBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Link href="/" className="rounded-md px-2 py-1.5 text-sm text-muted-foreground hover:bg-accent hover:text-foreground">
        Workspaces
      </Link>
    );
  }
}
