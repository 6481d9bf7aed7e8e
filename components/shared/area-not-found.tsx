import { CompassIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";

type Props = {
  title: string;
  description: string;
  /** The way back (first, the main button) and one other place to go. */
  back: { href: string; label: string };
  other: { href: string; label: string };
};

/** The 404 shown inside an area's own layout (a workspace, the admin console), so its navigation stays. */
export function AreaNotFound({ title, description, back, other }: Props) {
  return (
    <div className="flex flex-col items-center gap-6 rounded-lg border border-dashed px-6 py-12 text-center">
      <div className="space-y-3">
        <div className="mx-auto flex size-12 items-center justify-center rounded-full bg-muted text-muted-foreground">
          <CompassIcon className="size-6" aria-hidden="true" />
        </div>
        <p className="text-sm font-medium text-primary">404</p>
        <h2 className="text-xl font-semibold tracking-tight">{title}</h2>
        <p className="max-w-sm text-sm text-muted-foreground">{description}</p>
      </div>
      <div className="flex flex-wrap justify-center gap-2">
        <Button asChild>
          <Link href={back.href}>{back.label}</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href={other.href}>{other.label}</Link>
        </Button>
      </div>
    </div>
  );
}
