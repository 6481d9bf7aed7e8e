"use client";

import type * as React from "react";
import { useLayoutEffect, useRef } from "react";

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

/** The control focus should go back to, judged before the dialog takes focus. */
function currentOpener(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement && active !== document.body && !active.closest("[role=menu]") ? active : lastOpener;
}

/**
 * Remembers the opener as the dialog opens. Render it first inside the dialog's portal: the
 * portal mounts on each open, and this layout effect runs before a field's `autoFocus` moves
 * focus in. (Remembering it while rendering would not do: a page renders its closed dialogs
 * whenever its state changes, so a dialog would keep whatever was focused then, e.g. the
 * button that opened another dialog.)
 */
export function OpenerCapture({ opener }: { opener: React.RefObject<HTMLElement | null> }) {
  useLayoutEffect(() => {
    opener.current = currentOpener();
  }, [opener]);
  return null;
}

/** The opener's ref for OpenerCapture, and the dialog Content's onCloseAutoFocus: focus the opener if it is still on the page. */
export function useFocusReturn(onCloseAutoFocus?: (event: Event) => void) {
  const opener = useRef<HTMLElement | null>(null);
  const returnFocus = (event: Event) => {
    onCloseAutoFocus?.(event);
    if (event.defaultPrevented) return;
    const el = opener.current;
    opener.current = null;
    if (el?.isConnected) {
      event.preventDefault();
      el.focus();
    }
  };
  return { opener, returnFocus };
}
