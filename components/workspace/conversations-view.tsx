"use client";

import { usePaginatedQuery, useQuery } from "convex/react";
import { MessagesSquareIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { useTenant } from "@/components/tenant/tenant-context";
import { ScopePicker, useScope } from "./scope-picker";

/** Conversations with end users: the list, and the chosen one's thread and user context. */
export function ConversationsView() {
  const { slug } = useTenant();
  const [scope, setScope] = useScope();
  const [open, setOpen] = useState<string | null>(null);
  const { results, status, loadMore } = usePaginatedQuery(api.workspace.browse.conversations, { slug, ...scope }, { initialNumItems: 30 });
  const thread = useQuery(api.workspace.browse.thread, open ? { slug, conversationId: open } : "skip");
  return (
    <div className="space-y-4">
      <ScopePicker scope={scope} onChange={setScope} />
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,2fr)]">
        <section aria-label="Conversations" className="min-w-0 space-y-2">
          {status === "LoadingFirstPage" ? (
            <p className="text-sm text-muted-foreground">Loading…</p>
          ) : results.length === 0 ? (
            <EmptyState
              icon={<MessagesSquareIcon />}
              title="No conversations"
              description="Your backend creates them with POST /api/v1/conversations."
            />
          ) : (
            results.map((c) => (
              <button
                key={c.id}
                type="button"
                onClick={() => setOpen(c.id)}
                aria-pressed={open === c.id}
                className="block w-full rounded-lg border p-3 text-left text-sm hover:bg-muted aria-pressed:border-primary"
              >
                <span className="block font-medium">{c.title}</span>
                <span className="block text-xs text-muted-foreground">
                  {c.userIdentifier} · {c.messageCount} messages
                </span>
              </button>
            ))
          )}
          {status === "CanLoadMore" && (
            <Button variant="outline" size="sm" onClick={() => loadMore(30)}>
              Load more
            </Button>
          )}
        </section>
        <Card className="min-w-0">
          <CardHeader>
            <CardTitle>{thread?.conversation.title ?? "Thread"}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3">
            {!open ? (
              <p className="text-sm text-muted-foreground">Choose a conversation.</p>
            ) : !thread ? (
              <p className="text-sm text-muted-foreground">Loading…</p>
            ) : (
              <>
                <dl className="flex flex-wrap gap-2 text-xs" aria-label="User context">
                  <Badge variant="outline">user {thread.conversation.userIdentifier}</Badge>
                  {Object.entries(thread.conversation.userContext).map(([k, v]) => (
                    <Badge key={k} variant="secondary">
                      {k} = {String(v)}
                    </Badge>
                  ))}
                </dl>
                <ol className="space-y-2" aria-label="Messages">
                  {thread.messages.map((m) => (
                    <li key={m.id} className="rounded-md border p-2 text-sm">
                      <span className="text-xs font-medium text-muted-foreground">{m.role}</span>
                      <p className="break-words whitespace-pre-wrap">{m.content}</p>
                      {m.model && (
                        <p className="text-xs text-muted-foreground">
                          {m.model} · {m.inputTokens} in / {m.outputTokens} out · {m.latencyMs} ms
                        </p>
                      )}
                    </li>
                  ))}
                </ol>
              </>
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}
