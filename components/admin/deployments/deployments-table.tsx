import type { FunctionReturnType } from "convex/server";
import type { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatNumber } from "@/lib/domain/format";

type Deployment = FunctionReturnType<typeof api.platform.registry.list>[number];

const STATUS = { ready: "success", provisioning: "warning", retired: "secondary" } as const;

/** Every deployment, main first: what it is, whether it serves, where it answers, how many tenants live there. */
export function DeploymentsTable({ deployments }: { deployments: Deployment[] }) {
  return (
    <Table aria-label="Deployments" stickyFirstColumn>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Kind</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>URL</TableHead>
          <TableHead className="text-right">Tenants</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {deployments.map((d) => (
          <TableRow key={d.name} data-testid={`deployment-${d.name}`}>
            <TableCell className="font-medium">{d.name}</TableCell>
            <TableCell>
              {d.kind}
              {d.dedicatedTo && <span className="block text-xs text-muted-foreground">for {d.dedicatedTo}</span>}
            </TableCell>
            <TableCell>
              <Badge variant={STATUS[d.status]}>{d.status}</Badge>
            </TableCell>
            <TableCell className="font-mono text-xs">
              {/* The control plane has no registered URL: it is the deployment this console talks to. */}
              {d.url ?? <span className="font-sans text-muted-foreground">this control plane</span>}
              {d.provider && <span className="block font-sans text-muted-foreground">{d.provider}</span>}
            </TableCell>
            <TableCell className="text-right tabular-nums">
              {formatNumber(d.tenants)}
              {d.tenantsCapped && "+"}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
