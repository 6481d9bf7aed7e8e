import { ShieldCheckIcon } from "lucide-react";
import Link from "next/link";
import { ThemeToggle } from "@/components/theme/theme-toggle";
import { Badge } from "@/components/ui/badge";
import { isStaff, type IdentityMode, type Session } from "@/lib/server/auth";
import { Brand } from "./brand";
import { UserMenu } from "./user-menu";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { QuietBoundary } from "@/components/tenant/quiet-boundary";
import { TenantSwitcher } from "@/components/tenant/tenant-switcher";

/** Top bar of every signed-in page. Receives the session its layout already checked. */
export function AppHeader({ session, mode }: { session: Session; mode: IdentityMode }) {
  return (
    <header className="sticky top-0 z-40 border-b bg-background/80 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
        <Brand />
        {mode === "local" && (
          <Badge variant="secondary" className="hidden sm:inline-flex" title="Signed in through the local identity provider">
            Local identity
          </Badge>
        )}
        <span className="hidden text-muted-foreground/50 sm:inline" aria-hidden="true">
          /
        </span>
        <QuietBoundary
          fallback={
            <Link href="/" className="rounded-md px-2 py-1.5 text-sm text-muted-foreground hover:bg-accent hover:text-foreground">
              Workspaces
            </Link>
          }
        >
          <TenantSwitcher />
        </QuietBoundary>
        <nav className="ml-2 hidden items-center gap-1 text-sm md:flex">
          {isStaff(session) && (
            <Link
              href="/admin"
              className="flex items-center gap-1.5 rounded-md px-3 py-1.5 text-muted-foreground transition-colors hover:bg-accent hover:text-foreground"
            >
              <ShieldCheckIcon className="size-4" /> Admin
            </Link>
          )}
        </nav>
        <div className="ml-auto flex items-center gap-1">
          <QuietBoundary fallback={null}>
            <NotificationBell staff={isStaff(session)} />
          </QuietBoundary>
          <ThemeToggle />
          <UserMenu mode={mode} user={{ name: session.name, email: session.email, platformRole: session.platformRole }} />
        </div>
      </div>
    </header>
  );
}
