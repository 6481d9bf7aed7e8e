"use client";

import { useCallback, useState, type ComponentType, type KeyboardEvent, type PointerEvent } from "react";

/**
 * A menu whose Radix code (menu, focus scope, roving focus, popper: ~25 kB gzipped) is
 * fetched when someone reaches for it, not with every page. Until then its trigger is a
 * plain button carrying these props: hovering or focusing it starts the download, and
 * pressing it (pointer, Enter, Space, ArrowDown, or a click from assistive technology) swaps
 * in the real menu opened, as Radix's own trigger would have opened it. The swap happens only
 * on that press, so a keyboard user tabbing past never has the focused button replaced;
 * when the opened menu closes, Radix returns focus to its trigger as usual.
 *
 * `load` must be a stable (module-level) function; the bundler caches the import itself.
 */
export function useDeferredMenu<P>(load: () => Promise<ComponentType<P>>) {
  const [Menu, setMenu] = useState<ComponentType<P> | null>(null);
  const open = useCallback(() => {
    void load().then((component) => setMenu(() => component));
  }, [load]);
  const triggerProps = {
    "aria-haspopup": "menu" as const,
    "aria-expanded": false,
    onPointerEnter: () => void load(),
    onFocus: () => void load(),
    onPointerDown: (event: PointerEvent) => {
      // What Radix's trigger does: open on the primary button's press, keep focus where it was.
      if (event.button !== 0 || event.ctrlKey) return;
      event.preventDefault();
      open();
    },
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key !== "Enter" && event.key !== " " && event.key !== "ArrowDown") return;
      event.preventDefault();
      open();
    },
    onClick: open,
  };
  return { Menu, triggerProps };
}
