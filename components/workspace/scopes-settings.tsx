"use client";

import { useMutation, useQuery } from "convex/react";
import { useState } from "react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { attempt } from "@/components/shared/errors";
import { useTenant } from "@/components/tenant/tenant-context";

const select = "h-8 rounded-md border bg-background px-2 text-sm";

/** Environments, teams, which scope each API key and agent is in, and the user-context fields. Admins only. */
export function ScopesSettings() {
  const { slug } = useTenant();
  const data = useQuery(api.workspace.settings.overview, { slug });
  const createEnvironment = useMutation(api.workspace.settings.createEnvironment);
  const createTeam = useMutation(api.workspace.settings.createTeam);
  const bindScope = useMutation(api.workspace.settings.bindScope);
  const addField = useMutation(api.workspace.settings.addContextField);
  const removeField = useMutation(api.workspace.settings.removeContextField);
  const [env, setEnv] = useState("");
  const [team, setTeam] = useState("");
  const [field, setField] = useState("");
  const [fieldType, setFieldType] = useState<"integer" | "string" | "boolean">("integer");
  if (!data) return <p className="text-sm text-muted-foreground">Loading…</p>;

  const binder = (kind: "apiKey" | "agent", row: { id: string; name: string; environment: string; team: string | null }) => (
    <li key={row.id} className="flex flex-wrap items-center gap-2 text-sm">
      <span className="min-w-40 font-medium">{row.name}</span>
      <select
        aria-label={`Environment of ${row.name}`}
        className={select}
        value={row.environment}
        onChange={(e) => attempt(() => bindScope({ slug, kind, id: row.id, environment: e.target.value, team: row.team }), "Scope saved")}
      >
        {data.environments.map((e) => (
          <option key={e}>{e}</option>
        ))}
      </select>
      <select
        aria-label={`Team of ${row.name}`}
        className={select}
        value={row.team ?? ""}
        onChange={(e) =>
          attempt(() => bindScope({ slug, kind, id: row.id, environment: row.environment, team: e.target.value || null }), "Scope saved")
        }
      >
        <option value="">No team</option>
        {data.teams.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
    </li>
  );

  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <Card>
        <CardHeader>
          <CardTitle>Environments and teams</CardTitle>
          <CardDescription>
            Each is its own partition: a staging key never reads production rows; a team key sees only its team.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          {/* Lists, not paragraphs: a <p> cannot carry a name, so assistive tech would not announce "Environments". */}
          <ul className="flex flex-wrap gap-2" aria-label="Environments">
            {data.environments.map((e) => (
              <li key={e}>
                <Badge variant="secondary">{e}</Badge>
              </li>
            ))}
          </ul>
          <form
            className="flex gap-2"
            onSubmit={async (e) => {
              e.preventDefault();
              if ((await attempt(() => createEnvironment({ slug, name: env }), "Environment created")).ok) setEnv("");
            }}
          >
            <Input
              aria-label="New environment"
              placeholder="staging"
              className="h-8"
              value={env}
              onChange={(e) => setEnv(e.target.value)}
            />
            <Button size="sm" type="submit">
              Add environment
            </Button>
          </form>
          {data.teams.length === 0 ? (
            <p className="text-sm text-muted-foreground">No teams yet.</p>
          ) : (
            <ul className="flex flex-wrap gap-2" aria-label="Teams">
              {data.teams.map((t) => (
                <li key={t}>
                  <Badge>{t}</Badge>
                </li>
              ))}
            </ul>
          )}
          <form
            className="flex gap-2"
            onSubmit={async (e) => {
              e.preventDefault();
              if ((await attempt(() => createTeam({ slug, name: team }), "Team created")).ok) setTeam("");
            }}
          >
            <Input aria-label="New team" placeholder="sales" className="h-8" value={team} onChange={(e) => setTeam(e.target.value)} />
            <Button size="sm" type="submit">
              Add team
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>User-context fields</CardTitle>
          <CardDescription>
            Conversations are created with values for these; reads in a conversation see only rows with the same values.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-3">
          <ul className="space-y-1" aria-label="Context fields">
            {data.contextFields.map((f) => (
              <li key={f.name} className="flex items-center gap-2 text-sm">
                <span className="font-medium">{f.name}</span> <Badge variant="outline">{f.type}</Badge>
                <Button size="sm" variant="ghost" onClick={() => attempt(() => removeField({ slug, name: f.name }), "Field removed")}>
                  Remove
                </Button>
              </li>
            ))}
          </ul>
          <form
            className="flex gap-2"
            onSubmit={async (e) => {
              e.preventDefault();
              if ((await attempt(() => addField({ slug, name: field, type: fieldType }), "Field added")).ok) setField("");
            }}
          >
            <Input
              aria-label="Field name"
              placeholder="organisationId"
              className="h-8"
              value={field}
              onChange={(e) => setField(e.target.value)}
            />
            <select
              aria-label="Field type"
              className={select}
              value={fieldType}
              onChange={(e) => setFieldType(e.target.value as typeof fieldType)}
            >
              <option value="integer">integer</option>
              <option value="string">string</option>
              <option value="boolean">boolean</option>
            </select>
            <Button size="sm" type="submit">
              Add field
            </Button>
          </form>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>API keys</CardTitle>
        </CardHeader>
        <CardContent>
          <ul className="space-y-2">{data.apiKeys.map((k) => binder("apiKey", { ...k, name: `${k.name} (${k.prefix}…)` }))}</ul>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Agents</CardTitle>
          <CardDescription>Dispatch reaches an agent only from a key in the same scope.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="space-y-2">{data.agents.map((a) => binder("agent", a))}</ul>
        </CardContent>
      </Card>
    </div>
  );
}
