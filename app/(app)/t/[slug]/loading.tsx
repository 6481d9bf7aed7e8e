import { Skeleton } from "@/components/ui/skeleton";

/**
 * While a portal page loads on the server: the sidebar (layout) stays, and the content
 * area holds blocks the size of a page header, a row of figures and a panel, so the
 * page does not jump when it arrives.
 */
export default function PortalLoading() {
  return (
    <div className="space-y-6" role="status" aria-label="Loading">
      <div className="space-y-2">
        <Skeleton className="h-7 w-48" />
        <Skeleton className="h-4 w-80 max-w-full" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-[7.5rem] rounded-xl" />
        ))}
      </div>
      <Skeleton className="h-80 rounded-xl" />
    </div>
  );
}
