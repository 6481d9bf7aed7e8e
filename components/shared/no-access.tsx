import { LockIcon } from "lucide-react";
import { EmptyState } from "@/components/ui/empty-state";

/** A member who opens a section their role does not include (the nav hides it; a typed URL lands here). */
export function NoAccess({ what, needs }: { what: string; needs: string }) {
  return (
    <EmptyState
      icon={<LockIcon />}
      title={`You can't open ${what}`}
      description={`This section needs the ${needs} role or higher. Ask an owner of this workspace if you need access.`}
    />
  );
}
