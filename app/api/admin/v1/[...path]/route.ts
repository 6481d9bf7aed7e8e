// /api/admin/v1/*: the operator API behind the `tenantry` CLI (docs/cli.md). One catch-all,
// routed by lib/server/admin-api/dispatch.ts so the CLI's tests reach the same handlers.
import { dispatchAdmin } from "@/lib/server/admin-api/dispatch";
import { bearerOperator } from "@/lib/server/admin-api/operator";

type Context = { params: Promise<{ path: string[] }> };

const handle = async (request: Request, context: Context) => dispatchAdmin(request, (await context.params).path, bearerOperator);

export { handle as GET, handle as POST, handle as PATCH, handle as DELETE };
