"use client";

import { useMutation, usePaginatedQuery } from "convex/react";
import { BrainIcon, Trash2Icon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { attempt } from "@/components/shared/errors";
import { useCan, useTenant } from "@/components/tenant/tenant-context";
import { ScopePicker, useScope } from "./scope-picker";

/** Memories of one scope: by namespace, by text, newest first; members who may change agents may delete one. */
export function MemoryBrowser() {
  const { slug, viaStaff } = useTenant();
  const mayDelete = useCan("agents.write") && !viaStaff;
  const [scope, setScope] = useScope();
  const [namespace, setNamespace] = useState("");
  const [search, setSearch] = useState("");
  const { results, status, loadMore } = usePaginatedQuery(
    api.workspace.browse.memories,
    { slug, ...scope, ...(namespace ? { namespace } : {}), ...(search ? { search } : {}) },
    { initialNumItems: 50 },
  );
  const remove = useMutation(api.workspace.browse.removeMemory);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <ScopePicker scope={scope} onChange={setScope} />
        <Input
          aria-label="Namespace"
          placeholder="Namespace, e.g. project/landing-page"
          className="h-8 w-64"
          value={namespace}
          onChange={(e) => setNamespace(e.target.value.trim())}
        />
        <SearchInput className="max-w-xs" value={search} onValueChange={setSearch} label="Search memories" placeholder="Search memories" />
      </div>
      {status === "LoadingFirstPage" ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : results.length === 0 ? (
        <EmptyState
          icon={<BrainIcon />}
          title="No memories here"
          description="Agents store memories through the API or MCP (store_memory)."
        />
      ) : (
        <ul className="space-y-2" aria-label="Memories">
          {results.map((m) => (
            <li key={m.id}>
              <Card className="gap-2 py-3">
                <CardContent className="flex items-start gap-3">
                  <div className="min-w-0 flex-1 space-y-1">
                    <p className="text-sm break-words whitespace-pre-wrap">{m.content}</p>
                    <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                      <Badge variant="secondary">{m.namespace}</Badge>
                      <span>{m.type}</span>
                      <span>by {m.createdBy}</span>
                      {m.context && <span>context {m.context}</span>}
                      {m.hasEmbedding && <span>vector</span>}
                      <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString()}</time>
                    </p>
                  </div>
                  {mayDelete && (
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={`Delete memory ${m.content.slice(0, 30)}`}
                      onClick={() => attempt(() => remove({ slug, memoryId: m.id }), "Memory deleted")}
                    >
                      <Trash2Icon className="size-4" />
                    </Button>
                  )}
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
      {status === "CanLoadMore" && (
        <Button variant="outline" size="sm" onClick={() => loadMore(50)}>
          Load more
        </Button>
      )}
    </div>
  );
}
