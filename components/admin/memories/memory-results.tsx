import Link from "next/link";
import type { FunctionReturnType } from "convex/server";
import { BrainIcon } from "lucide-react";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { TenantStatusBadge } from "@/components/tenant/tenant-badges";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDate } from "@/lib/domain/format";

type Results = FunctionReturnType<typeof api.admin.globalView.searchMemories>;

/** The matching memories, best match first, each with the tenant it belongs to. */
export function MemoryResults({ results }: { results: Results }) {
  if (results.length === 0)
    return <EmptyState icon={<BrainIcon />} title="No memory matches" description="Try other words, or search every tenant." />;
  return (
    <div className="overflow-x-auto rounded-md border">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Tenant</TableHead>
            <TableHead>Namespace</TableHead>
            <TableHead>Memory</TableHead>
            <TableHead>Agent</TableHead>
            <TableHead>Created</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {results.map((m) => (
            <TableRow key={m.id}>
              <TableCell className="font-medium">
                {m.tenant ? <Link href={`/admin/tenants/${m.tenant.slug}`}>{m.tenant.name}</Link> : "Erased tenant"}
                {m.tenant && (m.tenant.status === "suspended" || m.tenant.status === "deleted") && (
                  <span className="ml-2">
                    <TenantStatusBadge status={m.tenant.status} />
                  </span>
                )}
              </TableCell>
              <TableCell className="font-mono text-xs">
                {m.namespace}
                <div className="text-muted-foreground">{m.scope}</div>
              </TableCell>
              <TableCell className="max-w-md whitespace-normal">
                <Badge variant="secondary" className="mr-2">
                  {m.type}
                </Badge>
                {m.content}
              </TableCell>
              <TableCell>{m.createdBy}</TableCell>
              <TableCell>{formatDate(Date.parse(m.createdAt))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
