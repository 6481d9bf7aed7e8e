/** Before and after of an audit entry, compact: changed keys only, long values cut. */
export function Change({ before, after }: { before: unknown; after: unknown }) {
  const text = (v: unknown) => {
    const s = typeof v === "string" ? v : JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  };
  const obj = (v: unknown): Record<string, unknown> =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : v === null || v === undefined ? {} : { value: v };
  const b = obj(before);
  const a = obj(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  if (keys.length === 0) return <span className="text-muted-foreground">—</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {keys.slice(0, 6).map((k) => (
        <li key={k} className="break-words" title={`${k}: ${JSON.stringify(b[k] ?? null)} → ${JSON.stringify(a[k] ?? null)}`}>
          <span className="text-muted-foreground">{k}:</span> {k in b && <span className="line-through opacity-60">{text(b[k])}</span>}{" "}
          {k in a && <span>{text(a[k])}</span>}
        </li>
      ))}
    </ul>
  );
}
