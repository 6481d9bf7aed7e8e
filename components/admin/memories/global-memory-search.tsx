import { SearchIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

type Props = { q: string; tenant: string; error: { field?: string; message: string } | null };

/** A plain GET form: the address holds the search, so it can be shared with a colleague (who is audited too). */
export function GlobalMemorySearch({ q, tenant, error }: Props) {
  const invalid = (field: string) => error?.field === field;
  return (
    <form method="get" action="/admin/memories" className="grid gap-3 sm:grid-cols-[minmax(0,1fr)_minmax(0,14rem)_auto] sm:items-end">
      <div className="grid gap-1.5">
        <Label htmlFor="memories-q">Words in the memory</Label>
        <Input
          id="memories-q"
          name="q"
          type="search"
          defaultValue={q}
          required
          maxLength={500}
          placeholder="deploy checklist"
          aria-invalid={invalid("search")}
          aria-describedby={error ? "memories-error" : undefined}
        />
      </div>
      <div className="grid gap-1.5">
        <Label htmlFor="memories-tenant">Tenant slug (optional)</Label>
        <Input
          id="memories-tenant"
          name="tenant"
          defaultValue={tenant}
          placeholder="every tenant"
          aria-invalid={invalid("tenant")}
          aria-describedby={error ? "memories-error" : undefined}
        />
      </div>
      <Button type="submit">
        <SearchIcon /> Search
      </Button>
      {error && (
        <p id="memories-error" role="alert" className="text-sm font-medium text-destructive sm:col-span-3">
          {error.message}
        </p>
      )}
    </form>
  );
}
