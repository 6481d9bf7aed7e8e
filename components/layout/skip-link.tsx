"use client";

/**
 * The first Tab stop of every signed-in page: straight to the page's own content, past
 * the header and (in a workspace or the admin console) the section navigation. Pages mark
 * that content with data-page-content; otherwise the whole <main> is the target.
 */
export function SkipLink() {
  return (
    <a
      href="#main"
      onClick={(event) => {
        const target = document.querySelector<HTMLElement>("[data-page-content]") ?? document.getElementById("main");
        if (!target) return;
        event.preventDefault();
        target.focus();
        target.scrollIntoView({ block: "start" });
      }}
      className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to content
    </a>
  );
}
