"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useToast } from "./use-toast";

// Radix's toast (~11 kB gzipped) is fetched with the first toast, not with every page: nothing shows until then.
const Toaster = dynamic(() => import("./toast").then((m) => m.Toaster), { ssr: false });

/** Mounted once in the root layout: the real <Toaster /> from the first toast on (it stays, so later toasts show at once). */
export function DeferredToaster() {
  const { toasts } = useToast();
  const [needed, setNeeded] = useState(false);
  // Remembered during render (React's pattern for state derived from a change), so the toaster is never unmounted under a closing toast.
  if (toasts.length > 0 && !needed) setNeeded(true);
  return needed || toasts.length > 0 ? <Toaster /> : null;
}
