"use client";

import { useRef } from "react";

/**
 * Where focus goes back to when a dialog closes: the control that opened it. Radix only
 * knows that when a DialogTrigger opened it; our dialogs open from state (a button's
 * onClick, a row's dropdown menu item), so this remembers the last focused control
 * outside any dialog, and for a menu item, the menu's trigger (the item itself is gone
 * by the time the dialog closes).
 */
let lastOpener: HTMLElement | null = null;

function remember(event: FocusEvent) {
  const target = event.target;
  if (!(target instanceof HTMLElement) || target.closest("[role=dialog],[role=alertdialog]")) return;
  const menu = target.closest<HTMLElement>("[role=menu]");
  const trigger = menu?.id ? document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`) : null;
  if (menu && !trigger) return;
  lastOpener = trigger ?? target;
}

if (typeof document !== "undefined") document.addEventListener("focusin", remember, true);

/** Props for a dialog's Content: on close, focus the opener if it is still on the page. */
export function useFocusReturn(onCloseAutoFocus?: (event: Event) => void) {
  const opener = useRef<HTMLElement | null>(null);
  if (opener.current === null && typeof document !== "undefined") {
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body && !active.closest("[role=menu]") ? active : lastOpener;
  }
  return (event: Event) => {
    onCloseAutoFocus?.(event);
    if (event.defaultPrevented) return;
    const el = opener.current;
    if (el?.isConnected) {
      event.preventDefault();
      el.focus();
    }
  };
}
