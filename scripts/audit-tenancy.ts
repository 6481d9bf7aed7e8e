/**
 * `npm run audit:tenancy [-- <functions dir>]`: the seed's "audit queries
 * --missing-tenant-filter", as a static check over convex/ with the
 * TypeScript parser. Findings (file:line, then exit 1):
 *
 * - raw-builder: _generated/server imported outside convex/lib (skips the door).
 * - missing-permission: a tenantQuery/Mutation/Action without `permission:`.
 * - index-order / missing-tenant-id / unlisted-table: the schema breaks "every
 *   tenant table has tenantId and every index on it starts with it" (the
 *   *_INDEXES records in lib/tables.ts are the reviewed exceptions), or a
 *   table with a tenantId is in neither TENANT_TABLES nor PLATFORM_TABLES.
 * - unwrapped-read: a tenant table read outside the tenant wrappers without
 *   a range fixing tenantId (USER_SCOPED_INDEXES are fine in user functions
 *   and helpers); reviewed exceptions sit in ALLOW with their reason.
 * - unscoped-index: a tenantId-first index read without `.eq("tenantId", ...)`,
 *   or a tenant table read through a built-in index (by_creation_time, by_id).
 * - filter-without-index / full-scan: `.filter(` on a db query without
 *   `.withIndex(`, or a tenant table read with no index at all.
 * - stale-allow: an ALLOW entry that no longer matches a read.
 *
 * Limits: reads by id (db.get) and queries on a table named by a variable are
 * not judged here; RLS covers the first in tenant functions and the
 * isolation matrix calls every public function with another tenant's ids.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export type Kind =
  | "raw-builder"
  | "missing-permission"
  | "index-order"
  | "missing-tenant-id"
  | "unlisted-table"
  | "unwrapped-read"
  | "unscoped-index"
  | "filter-without-index"
  | "full-scan"
  | "stale-allow";
export type Finding = { file: string; line: number; kind: Kind; message: string };

/** Reviewed reads of tenant tables outside the tenant wrappers: "<function or module#helper> <table>" -> why it is safe. */
export const ALLOW: Record<string, string> = {
  "webhooks/clerk:apply memberships":
    "a user deleted in Clerk loses every membership; the event is Svix-verified and the call needs the system secret",
  "lib/apiDoor#apiMutation apiKeys":
    "the API-key door: the presented key's hash names its tenant; a revoked key or deleted tenant answers like a missing key",
  "lib/newTenant#slugTaken slugRedirects":
    "URL names are unique platform-wide; only whether one is taken is returned (onboarding, tenants:create)",
  "portal/settings:changeSlug slugRedirects":
    "URL names are unique platform-wide; the caller passed resolveTenantX (settings.manage) and only existence is compared",
  "portal/settings:resolveRedirect slugRedirects": "an old URL name redirects the tenant's members only; everyone else gets null",
  "jobs/maintenance:rollMonth tenantCounters":
    "the monthly rollover (cron, internal) visits every tenant's counters row, 200 per transaction",
  "admin/debug:userSession memberships":
    "platform staff (staffQuery) list one user's memberships for tenantry debug user-session, as the user's own tenant list does",
  "admin/timings:record apiKeys":
    "the timing flush (system secret) maps a runtime call's key hash to its tenant, as the API-key door does; only the tenant id is kept",
};

const TENANT_BUILDERS = new Set(["tenantQuery", "tenantMutation", "tenantAction"]);
const USER_BUILDERS = new Set(["userQuery", "userMutation", "identityMutation"]);
const RAW_BUILDERS = ["query", "mutation", "action", "internalQuery", "internalMutation", "internalAction", "httpAction"];
const READS = new Set(["collect", "take", "first", "unique", "paginate", "filter", "order"]);

type Schema = {
  tables: Map<string, { fields: Set<string>; node: ts.Node; sf: ts.SourceFile }>;
  indexes: Map<string, { table: string; fields: string[]; node: ts.Node; sf: ts.SourceFile }>;
};

/**
 * Tables, their fields and their indexes, read from `defineSchema({ name: defineTable({...}).index(...) })`,
 * following `...areaTables` spreads to the `export const areaTables = { ... }` of another module (convex/lib/schema/).
 */
function parseSchema(sf: ts.SourceFile, files: { sf: ts.SourceFile }[]): Schema {
  const schema: Schema = { tables: new Map(), indexes: new Map() };
  const spreadSource = (name: string): { obj: ts.ObjectLiteralExpression; sf: ts.SourceFile } | null => {
    for (const f of files)
      for (const st of f.sf.statements)
        if (ts.isVariableStatement(st) && st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
          for (const d of st.declarationList.declarations)
            if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer && ts.isObjectLiteralExpression(d.initializer))
              return { obj: d.initializer, sf: f.sf };
    return null;
  };
  const readTables = (obj: ts.ObjectLiteralExpression, sf: ts.SourceFile) => {
    for (const prop of obj.properties) {
      if (ts.isSpreadAssignment(prop) && ts.isIdentifier(prop.expression)) {
        const src = spreadSource(prop.expression.text);
        if (src) readTables(src.obj, src.sf);
        continue;
      }
      if (!ts.isPropertyAssignment(prop) || !(ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name))) continue;
      const table = prop.name.text;
      for (let e: ts.Expression = prop.initializer; ts.isCallExpression(e);) {
        const callee: ts.Expression = e.expression;
        if (ts.isIdentifier(callee) && callee.text === "defineTable") {
          const fields =
            e.arguments[0] && ts.isObjectLiteralExpression(e.arguments[0])
              ? e.arguments[0].properties.flatMap((p) =>
                  p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? [p.name.text] : [],
                )
              : [];
          schema.tables.set(table, { fields: new Set(fields), node: prop.name, sf });
          break;
        }
        if (!ts.isPropertyAccessExpression(callee)) break;
        const [name, fields] = e.arguments;
        if (callee.name.text === "index" && name && ts.isStringLiteral(name) && fields && ts.isArrayLiteralExpression(fields)) {
          schema.indexes.set(`${table}.${name.text}`, {
            table,
            fields: fields.elements.flatMap((f) => (ts.isStringLiteral(f) ? [f.text] : [])),
            node: name,
            sf,
          });
        }
        e = callee.expression;
      }
    }
  };
  const visit = (node: ts.Node) => {
    if (
      ts.isCallExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === "defineSchema" &&
      node.arguments[0] &&
      ts.isObjectLiteralExpression(node.arguments[0])
    )
      readTables(node.arguments[0], sf);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return schema;
}

function sourceFiles(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter(
      (f) =>
        /\.tsx?$/.test(f) &&
        !f.endsWith(".d.ts") &&
        !f.split(path.sep).includes("_generated") &&
        !f.split(path.sep).includes("node_modules"),
    )
    .map((f) => path.join(root, f))
    .sort();
}

/** Names a module's exports declare (to learn which builders convex/lib offers). */
function exportedNames(sf: ts.SourceFile): string[] {
  return sf.statements.flatMap((s) =>
    ts.isVariableStatement(s) && s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      ? s.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []))
      : [],
  );
}

/**
 * The registered function (`module:export`) or helper (`module#name`) a node
 * sits in, and the builder it was made with (null in a plain helper). A
 * builder called inside a factory function is named after the factory.
 */
function whereIs(node: ts.Node, moduleName: string, builders: Set<string>): { key: string; builder: string | null } {
  const isFn = (n: ts.Node) => ts.isArrowFunction(n) || ts.isFunctionExpression(n);
  let builder: string | null = null;
  let outermost: string | null = null;
  for (let n: ts.Node | undefined = node.parent; n; n = n.parent) {
    if (!builder && ts.isCallExpression(n) && ts.isIdentifier(n.expression) && builders.has(n.expression.text)) {
      builder = n.expression.text;
      if (ts.isVariableDeclaration(n.parent) && ts.isIdentifier(n.parent.name))
        return { key: `${moduleName}:${n.parent.name.text}`, builder };
      outermost = null; // named after the factory around the builder, not a helper inside the handler
    }
    const named =
      (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n)) && n.name && ts.isIdentifier(n.name)
        ? n.name.text
        : ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && isFn(n.initializer)
          ? n.name.text
          : null;
    if (named) {
      if (builder) return { key: `${moduleName}#${named}`, builder };
      outermost = named;
    }
  }
  return { key: `${moduleName}#${outermost ?? "<module>"}`, builder };
}

/** `.withIndex(...)`, `.filter(...)` ... calls chained onto a `db.query(...)` call. */
function chainOf(call: ts.CallExpression): { name: string; call: ts.CallExpression }[] {
  const out: { name: string; call: ts.CallExpression }[] = [];
  let cur: ts.Expression = call;
  while (
    ts.isPropertyAccessExpression(cur.parent) &&
    cur.parent.expression === cur &&
    ts.isCallExpression(cur.parent.parent) &&
    cur.parent.parent.expression === cur.parent
  ) {
    out.push({ name: cur.parent.name.text, call: cur.parent.parent });
    cur = cur.parent.parent;
  }
  return out;
}

/** True when an index range callback's first bound (leftmost in `q.eq(...).eq(...)`) is `.eq("tenantId", ...)`. */
function fixesTenant(range: ts.Expression | undefined): boolean {
  const bounds: { at: number; op: string; field: string }[] = [];
  const visit = (n: ts.Node) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      /^(eq|gt|gte|lt|lte)$/.test(n.expression.name.text) &&
      n.arguments[0] &&
      ts.isStringLiteral(n.arguments[0])
    )
      bounds.push({ at: n.expression.name.getStart(), op: n.expression.name.text, field: n.arguments[0].text });
    ts.forEachChild(n, visit);
  };
  if (range) visit(range);
  const first = bounds.sort((a, b) => a.at - b.at)[0];
  return first?.op === "eq" && first.field === "tenantId";
}

export async function auditTenancy(rootDir: string, allow: Record<string, string> = ALLOW): Promise<Finding[]> {
  const root = path.resolve(rootDir);
  const tables = (await import(pathToFileURL(path.join(root, "lib", "tables.ts")).href)) as Record<string, unknown> & {
    TENANT_TABLES: readonly string[];
    PLATFORM_TABLES: readonly string[];
    USER_SCOPED_INDEXES: Record<string, string>;
  };
  const tenant = new Set(tables.TENANT_TABLES);
  const userScoped = tables.USER_SCOPED_INDEXES;
  // Every exported *_INDEXES record in tables.ts lists reviewed indexes that do not start with tenantId.
  const reviewedIndexes = Object.assign(
    {},
    ...Object.entries(tables)
      .filter(([k]) => k.endsWith("_INDEXES"))
      .map(([, v]) => v),
  ) as Record<string, string>;
  const allowUsed = new Set<string>();
  const findings: Finding[] = [];
  const files = sourceFiles(root).map((f) => ({
    file: f,
    sf: ts.createSourceFile(f, fs.readFileSync(f, "utf8"), ts.ScriptTarget.Latest, true),
  }));
  const rel = (f: string) => path.relative(process.cwd(), f);
  const add = (sf: ts.SourceFile, node: ts.Node, kind: Kind, message: string) =>
    findings.push({ file: rel(sf.fileName), line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, kind, message });

  const lib = files.find((f) => path.relative(root, f.file) === path.join("lib", "functions.ts"));
  const builders = new Set([...RAW_BUILDERS, ...(lib ? exportedNames(lib.sf) : [])]);
  const schemaFile = files.find((f) => path.relative(root, f.file) === "schema.ts");
  const schema: Schema = schemaFile ? parseSchema(schemaFile.sf, files) : { tables: new Map(), indexes: new Map() };

  for (const [table, t] of schema.tables) {
    const sf = t.sf;
    if (tenant.has(table) && !t.fields.has("tenantId"))
      add(sf, t.node, "missing-tenant-id", `tenant table "${table}" has no tenantId field`);
    if (!tenant.has(table) && !tables.PLATFORM_TABLES.includes(table) && t.fields.has("tenantId"))
      add(
        sf,
        t.node,
        "unlisted-table",
        `"${table}" has a tenantId but is in neither TENANT_TABLES nor PLATFORM_TABLES (convex/lib/tables.ts), so RLS and this audit skip it`,
      );
  }
  for (const [key, idx] of schema.indexes) {
    if (tenant.has(idx.table) && idx.fields[0] !== "tenantId" && !reviewedIndexes[key])
      add(
        idx.sf,
        idx.node,
        "index-order",
        `index ${key} on a tenant table starts with "${idx.fields[0]}", not tenantId (or list it in a *_INDEXES record in lib/tables.ts with a reason)`,
      );
  }

  for (const { file, sf } of files) {
    const inLib = path.relative(root, file).startsWith(`lib${path.sep}`);
    const moduleName = path
      .relative(root, file)
      .replace(/\.tsx?$/, "")
      .split(path.sep)
      .join("/");
    const visit = (node: ts.Node) => {
      if (
        (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
        node.moduleSpecifier &&
        ts.isStringLiteral(node.moduleSpecifier)
      ) {
        if (!inLib && /(^|\/)_generated\/server(\.js)?$/.test(node.moduleSpecifier.text))
          add(
            sf,
            node,
            "raw-builder",
            `imports ${node.moduleSpecifier.text}: define functions with the builders in convex/lib/functions.ts`,
          );
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && TENANT_BUILDERS.has(node.expression.text)) {
        const def = node.arguments[0];
        if (
          def &&
          ts.isObjectLiteralExpression(def) &&
          !def.properties.some((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "permission")
        )
          add(
            sf,
            node,
            "missing-permission",
            `${whereIs(node.arguments[0], moduleName, builders).key} is a ${node.expression.text} without a permission`,
          );
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === "query" &&
        /(^|\.)db$/.test(node.expression.expression.getText())
      ) {
        checkQuery(sf, node, moduleName);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }

  function checkQuery(sf: ts.SourceFile, call: ts.CallExpression, moduleName: string) {
    const arg = call.arguments[0];
    const table = arg && ts.isStringLiteralLike(arg) ? arg.text : null;
    const chain = chainOf(call);
    const withIndex = chain.find((c) => c.name === "withIndex" || c.name === "withSearchIndex");
    if (chain.some((c) => c.name === "filter") && !withIndex)
      return add(
        sf,
        call,
        "filter-without-index",
        `.filter() on ${table ?? "a"} query with no .withIndex(): it scans the whole table; use an index`,
      );
    if (!table || !tenant.has(table) || !chain.some((c) => READS.has(c.name) || c.name === "withIndex" || c.name === "withSearchIndex"))
      return;
    const where = whereIs(call, moduleName, builders);
    const allowed = !(where.builder && TENANT_BUILDERS.has(where.builder)) && !!allow[`${where.key} ${table}`];
    if (allowed) allowUsed.add(`${where.key} ${table}`);
    if (!withIndex)
      return allowed ? undefined : add(sf, call, "full-scan", `${where.key} reads ${table} with no index: it scans every tenant's rows`);
    const indexArg = withIndex.call.arguments[0];
    if (withIndex.name === "withSearchIndex" || !ts.isStringLiteralLike(indexArg)) return; // search filters and computed index names are judged at run time
    const index = schema.indexes.get(`${table}.${indexArg.text}`);
    if (!index)
      return add(
        sf,
        call,
        "unscoped-index",
        `${table}.${indexArg.text} is not one of the table's own indexes: the range spans every tenant`,
      );
    const tenantFirst = index.fields[0] === "tenantId";
    if (tenantFirst && !fixesTenant(withIndex.call.arguments[1]))
      return add(
        sf,
        call,
        "unscoped-index",
        `${table}.${indexArg.text} read without .eq("tenantId", ...) first: the range spans every tenant`,
      );
    if ((where.builder && TENANT_BUILDERS.has(where.builder)) || tenantFirst || allowed) return;
    if (userScoped[`${table}.${indexArg.text}`] && (!where.builder || USER_BUILDERS.has(where.builder))) return;
    add(
      sf,
      call,
      "unwrapped-read",
      `${where.key} (${where.builder ?? "helper"}) reads tenant table ${table} via ${indexArg.text}, outside the tenant wrappers: add "${where.key} ${table}" to ALLOW in scripts/audit-tenancy.ts with a reason, or read by tenantId`,
    );
  }

  // An exception that no longer matches anything is removed, so the list stays a list of real, reviewed reads.
  const self = fs.readFileSync(new URL(import.meta.url), "utf8").split("\n");
  for (const key of Object.keys(allow).filter((k) => !allowUsed.has(k))) {
    findings.push({
      file: rel(new URL(import.meta.url).pathname),
      line: self.findIndex((l) => l.includes(`"${key}"`)) + 1,
      kind: "stale-allow",
      message: `ALLOW entry "${key}" matches no read; remove it`,
    });
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const root = process.argv[2] ?? "convex";
  const findings = await auditTenancy(root);
  for (const f of findings) console.log(`${f.file}:${f.line}: [${f.kind}] ${f.message}`);
  console.log(`audit:tenancy: ${findings.length} finding${findings.length === 1 ? "" : "s"}`);
  process.exit(findings.length ? 1 : 0);
}
