"use client";

import { useQuery } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { useTenant } from "@/components/tenant/tenant-context";
import { ScopePicker, useScope } from "./scope-picker";

const TITLES: Record<string, string> = {
  todo: "To do",
  in_progress: "In progress",
  blocked: "Blocked",
  done: "Done",
  cancelled: "Cancelled",
};

/** Tasks as a board by status, filtered by project and agent, with the scope's missions beside it. */
export function TaskBoard() {
  const { slug } = useTenant();
  const [scope, setScope] = useScope();
  const [project, setProject] = useState("");
  const [agent, setAgent] = useState("");
  const board = useQuery(api.workspace.browse.board, {
    slug,
    ...scope,
    ...(project ? { project } : {}),
    ...(agent ? { assignedTo: agent } : {}),
  });
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <ScopePicker scope={scope} onChange={setScope} />
        <Input
          aria-label="Project"
          placeholder="Project, e.g. studio/acme-corp"
          className="h-8 w-56"
          value={project}
          onChange={(e) => setProject(e.target.value.trim())}
        />
        <Input
          aria-label="Agent"
          placeholder="Agent, e.g. tau"
          className="h-8 w-40"
          value={agent}
          onChange={(e) => setAgent(e.target.value.trim())}
        />
      </div>
      {board === undefined ? (
        <p className="text-sm text-muted-foreground">Loading…</p>
      ) : (
        <>
          <div className="grid grid-cols-1 gap-3 md:grid-cols-3 xl:grid-cols-5" aria-label="Task board">
            {board.columns.map((col) => (
              <section key={col.status} aria-label={TITLES[col.status]} className="min-w-0 space-y-2 rounded-lg border p-2">
                <h2 className="flex items-center justify-between px-1 text-sm font-medium">
                  {TITLES[col.status]} <Badge variant="secondary">{col.tasks.length}</Badge>
                </h2>
                {col.tasks.map((t) => (
                  <Card key={t.id} className="gap-1 py-2">
                    <CardContent className="space-y-1 px-3 text-sm">
                      <p className="font-medium break-words">{t.title}</p>
                      <p className="flex flex-wrap gap-x-2 text-xs text-muted-foreground">
                        <span>{t.project}</span>
                        {t.assignedTo && <span>→ {t.assignedTo}</span>}
                        <span>{t.priority}</span>
                        {t.dispatchedBy && <span>dispatched by {t.dispatchedBy}</span>}
                      </p>
                    </CardContent>
                  </Card>
                ))}
              </section>
            ))}
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Missions</CardTitle>
            </CardHeader>
            <CardContent>
              {board.missions.length === 0 ? (
                <p className="text-sm text-muted-foreground">No missions in this scope.</p>
              ) : (
                <ul className="space-y-1 text-sm" aria-label="Missions">
                  {board.missions.map((m) => (
                    <li key={m.id} className="flex flex-wrap items-center gap-2">
                      <span className="font-medium">{m.title}</span>
                      <Badge variant="outline">{m.status}</Badge>
                      <span className="text-muted-foreground">
                        pilot {m.pilot} · {m.project}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </>
      )}
    </div>
  );
}
