"use client";

import { MoonIcon, SunIcon } from "lucide-react";
import { useEffect, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { useDeferredMenu } from "@/components/ui/deferred-menu";
import type { Theme } from "./theme-menu";
import { THEME_STORAGE_KEY } from "./theme-script";

const loadMenu = () => import("./theme-menu").then((m) => m.ThemeMenu);
const listeners = new Set<() => void>();

function readTheme(): Theme {
  const stored = localStorage.getItem(THEME_STORAGE_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

function apply(theme: Theme) {
  const dark = theme === "dark" || (theme === "system" && matchMedia("(prefers-color-scheme: dark)").matches);
  document.documentElement.classList.toggle("dark", dark);
}

function setTheme(theme: Theme) {
  if (theme === "system") localStorage.removeItem(THEME_STORAGE_KEY);
  else localStorage.setItem(THEME_STORAGE_KEY, theme);
  apply(theme);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Light / dark / system, stored in localStorage; entirely client-side, no network. */
export function ThemeToggle() {
  // The server cannot know the choice; "system" until hydrated avoids a mismatch.
  const theme = useSyncExternalStore(subscribe, readTheme, () => "system" as const);

  useEffect(() => {
    if (theme !== "system") return;
    const media = matchMedia("(prefers-color-scheme: dark)");
    const onChange = () => apply("system");
    media.addEventListener("change", onChange);
    return () => media.removeEventListener("change", onChange);
  }, [theme]);

  const { Menu, triggerProps } = useDeferredMenu(loadMenu);
  const button = (props: object) => (
    <Button variant="ghost" size="icon" aria-label="Theme" {...props}>
      <SunIcon className="dark:hidden" />
      <MoonIcon className="hidden dark:block" />
    </Button>
  );
  // The menu (theme-menu.tsx) is loaded when the button is first pressed (deferred-menu.ts).
  return Menu ? <Menu theme={theme} onChange={setTheme} trigger={button({})} /> : button(triggerProps);
}
