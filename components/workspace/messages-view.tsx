"use client";

import { useQuery } from "convex/react";
import { MailIcon } from "lucide-react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { useTenant } from "@/components/tenant/tenant-context";
import { ScopePicker, useScope } from "./scope-picker";

/** Inter-agent messages per channel (an agent's name or #named), the latest hundred of the chosen one. */
export function MessagesView() {
  const { slug } = useTenant();
  const [scope, setScope] = useScope();
  const [channel, setChannel] = useState<string | undefined>(undefined);
  const data = useQuery(api.workspace.browse.messages, { slug, ...scope, ...(channel ? { channel } : {}) });
  return (
    <div className="space-y-4">
      <ScopePicker scope={scope} onChange={setScope} />
      {data === undefined ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : data.channels.length === 0 ? (
        <EmptyState
          icon={<MailIcon />}
          title="No messages"
          description="Agents send them with POST /api/v1/messages or the send_message tool."
        />
      ) : (
        <div className="grid grid-cols-1 gap-4 md:grid-cols-[12rem_minmax(0,1fr)]">
          <nav aria-label="Channels" className="space-y-1">
            {data.channels.map((c) => (
              <button
                key={c.channel}
                type="button"
                aria-pressed={data.channel === c.channel}
                onClick={() => setChannel(c.channel)}
                className="flex w-full items-center justify-between rounded-md px-2 py-1 text-left text-sm hover:bg-muted aria-pressed:bg-muted aria-pressed:font-medium"
              >
                {c.channel} <Badge variant="secondary">{c.count}</Badge>
              </button>
            ))}
          </nav>
          <ol className="min-w-0 space-y-2" aria-label={`Messages in ${data.channel}`}>
            {data.messages.map((m) => (
              <li key={m.id} className="rounded-md border p-2 text-sm">
                <p className="text-xs text-muted-foreground">
                  #{m.seq} from {m.from} {m.kind === "dispatch" && <Badge variant="outline">dispatch</Badge>}
                </p>
                <p className="break-words whitespace-pre-wrap">{m.content}</p>
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
