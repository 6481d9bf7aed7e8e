"use client";

import { Component, type ReactNode } from "react";

/**
 * For live parts of the header and sidebar, which sit outside every page's error
 * boundary: if their query fails (a first visit before the user's directory row
 * exists, a workspace deleted while open) the chrome must still render, so the
 * static fallback shows instead. The page's own boundary explains what happened.
 */
export class QuietBoundary extends Component<{ children: ReactNode; fallback: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
