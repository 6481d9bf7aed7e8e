/**
 * The public functions of convex/, found the way Convex finds them: import
 * every module and keep the exports that convex/server marked as registered
 * functions (isQuery / isMutation / isAction) with public visibility.
 * No hand-kept list: a new export shows up here by itself.
 */
import type { Value } from "convex/values";

type Validator = { type: string; value?: unknown; tableName?: string };
export type PublicFunction = { name: string; kind: "query" | "mutation" | "action"; args: Validator };
type Registered = { isQuery?: boolean; isMutation?: boolean; isAction?: boolean; isPublic?: boolean; exportArgs?: () => string };

// convex.config.ts is the app's component list, not a function module (a push bundles it apart).
const modules = import.meta.glob<Record<string, unknown>>(
  ["../../../convex/**/*.ts", "!../../../convex/_generated/**", "!../../../convex/convex.config.ts"],
  { eager: true },
);

export function publicFunctions(): PublicFunction[] {
  const out: PublicFunction[] = [];
  for (const [file, mod] of Object.entries(modules)) {
    const modulePath = file.replace(/^.*\/convex\//, "").replace(/\.ts$/, "");
    for (const [exportName, value] of Object.entries(mod)) {
      const fn = value as Registered | null;
      if ((typeof fn !== "function" && typeof fn !== "object") || fn === null || !fn.isPublic) continue;
      const kind = fn.isQuery ? "query" : fn.isMutation ? "mutation" : fn.isAction ? "action" : null;
      if (kind)
        out.push({ name: `${modulePath}:${exportName}`, kind, args: JSON.parse(fn.exportArgs?.() ?? '{"type":"any"}') as Validator });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The smallest value a validator accepts (optional fields left out, first
 * union member, ids from `ids` by table): valid arguments for functions whose
 * only question here is who may call them at all (system functions).
 */
export function sampleValue(v: Validator, ids: Record<string, string>): Value {
  switch (v.type) {
    case "object":
      return Object.fromEntries(
        Object.entries(v.value as Record<string, { fieldType: Validator; optional: boolean }>).flatMap(([k, f]) =>
          f.optional ? [] : [[k, sampleValue(f.fieldType, ids)]],
        ),
      );
    case "union":
      return sampleValue((v.value as Validator[])[0], ids);
    case "literal":
      return v.value as Value;
    case "id":
      if (!ids[v.tableName!]) throw new Error(`no sample id for table ${v.tableName}`);
      return ids[v.tableName!];
    case "string":
      return "matrix";
    case "number":
      return 1;
    case "bigint":
      return 1n;
    case "boolean":
      return false;
    case "null":
      return null;
    case "array":
      return [];
    case "bytes":
      return new ArrayBuffer(0);
    default:
      return {}; // record, any
  }
}
