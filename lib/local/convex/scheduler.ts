/**
 * ctx.scheduler and crons. Jobs are documents in `_scheduled_functions`,
 * written in the scheduling mutation's own transaction (so a rolled-back
 * mutation schedules nothing) and run after it commits. One timer points at
 * the earliest pending job; it survives restarts because the jobs are on disk.
 */
import { Cron } from "croner";
import { jsonToConvex, type JSONValue, type Value } from "convex/values";
import type { Exec } from "./context";
import type { Runtime } from "./runtime";
import { encodeTuple, afterPrefix } from "./values";
import { indexPrefix, parseDoc, type Doc } from "./store";
import { resolveAddress } from "./components";

const TABLE = "_scheduled_functions";
type JobState = { kind: "pending" | "inProgress" | "success" | "failed" | "canceled"; error?: string };
/** `component`: set for a job a component scheduled (its own function or a handle it was given); absent for the app's. */
type Job = Doc & { name: string; component?: string; args: Value[]; scheduledTime: number; state: JobState; completedTime?: number };
type CronSpec = { name: string; args: JSONValue[]; schedule: Record<string, unknown> & { type: string } };

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private cronTimers: NodeJS.Timeout[] = [];
  private running = new Set<Promise<void>>();
  private claimed = new Set<string>();
  private stopped = true;

  constructor(private rt: Runtime) {}

  /** `component`: whose scheduler this is (a component schedules its own functions, or a handle it was given). */
  schedule(
    exec: Exec,
    args: { name?: string; reference?: string; functionHandle?: string; args: JSONValue; ts: number },
    component = exec.component,
  ): string {
    const address = resolveAddress(component, args);
    exec.scope!.metrics.schedule();
    exec.scheduledJobs += 1;
    const id = this.rt.store.newId(TABLE);
    const doc = {
      _id: id,
      _creationTime: this.rt.store.nextCreationTime(),
      name: normalizePath(address.udfPath),
      ...(address.component ? { component: address.component } : {}),
      args: [jsonToConvex(args.args)],
      scheduledTime: args.ts * 1000,
      state: { kind: "pending" },
    } as unknown as Doc;
    this.rt.applyWrite(exec, TABLE, null, doc);
    return id;
  }

  cancel(exec: Exec, id: string) {
    const job = this.load(id, true);
    if (!job || (job.state.kind !== "pending" && job.state.kind !== "inProgress")) return;
    this.rt.applyWrite(exec, TABLE, job, { ...job, state: { kind: "canceled" }, completedTime: Date.now() } as Doc);
  }

  private load(id: string, write: boolean): Job | null {
    const json = this.rt.store.getJson(id, write);
    return json ? (parseDoc(json) as Job) : null;
  }

  /** Pending jobs in time order (all of them, or only those due by `until`). */
  private pending(limit: number, until = Infinity): Job[] {
    const def = this.rt.store.index(TABLE, "by_state_time")!;
    const lower = encodeTuple(indexPrefix(def.id), ["pending"]);
    const upper = until === Infinity ? afterPrefix(lower) : afterPrefix(encodeTuple(indexPrefix(def.id), ["pending", until]));
    return this.rt.store.range(lower, upper, "asc", limit, false).map((r) => parseDoc(r.json) as Job);
  }

  start() {
    this.stopped = false;
    this.kick();
    this.startCrons();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.cronTimers) clearTimeout(t);
    this.cronTimers = [];
    await Promise.allSettled([...this.running]);
  }

  /** Re-arms the timer for the earliest pending job. */
  kick() {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const [next] = this.pending(1);
    if (!next) return;
    const delay = Math.max(0, Math.min(next.scheduledTime - Date.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => void this.runDue(), delay);
  }

  /** Due jobs start together, as on a deployment (actions overlap; mutations still commit one at a time, in order). */
  private async runDue() {
    await Promise.all(this.pending(100, Date.now()).map((job) => this.track(this.run(job))));
    this.kick();
  }

  /** Runs every pending job now, including future ones, until none are left (tests). */
  async finishAll(maxIterations = 100) {
    for (let i = 0; i < maxIterations; i++) {
      await Promise.allSettled([...this.running]);
      const jobs = this.pending(1000);
      if (jobs.length === 0) return;
      await Promise.all(jobs.map((job) => this.track(this.run(job))));
    }
    throw new Error(`finishAllScheduledFunctions: still scheduling after ${maxIterations} rounds`);
  }

  async finishInProgress() {
    await Promise.allSettled([...this.running]);
  }

  private track(p: Promise<void>) {
    this.running.add(p);
    return p.finally(() => this.running.delete(p));
  }

  private kindOf(name: string, component = ""): "mutation" | "action" {
    const [mod, exp = "default"] = name.split(":");
    const fn = this.rt.modulesOf(component)?.module(mod)?.[exp] as { isAction?: boolean } | undefined;
    return fn?.isAction ? "action" : "mutation";
  }

  private async run(job: Job) {
    // The timer and finishAll can both pick a job up while it is still pending:
    // only one of them runs it.
    if (this.claimed.has(job._id)) return;
    this.claimed.add(job._id);
    try {
      await this.runOnce(job);
    } finally {
      this.claimed.delete(job._id);
    }
  }

  private async runOnce(job: Job) {
    const args = (job.args[0] ?? {}) as Record<string, Value>;
    const finish = (exec: Exec, current: Job, state: JobState) =>
      this.rt.applyWrite(exec, TABLE, current, {
        ...current,
        state,
        ...(state.kind === "inProgress" ? {} : { completedTime: Date.now() }),
      } as Doc);
    // Moves the job on from one of the `from` states; false if it is elsewhere
    // (already run, canceled), so a stale pick-up never overwrites an outcome.
    const update = async (state: JobState, from: JobState["kind"][]) =>
      this.rt.mutateAs(null, "_system:scheduler", (exec) => {
        const current = this.load(job._id, true);
        if (!current || !from.includes(current.state.kind)) return false;
        finish(exec, current, state);
        return true;
      });
    try {
      const component = job.component ?? "";
      if (this.kindOf(job.name, component) === "mutation") {
        await this.rt.runMutation(job.name, args, null, {
          internal: true,
          component,
          // The job is marked done in the mutation's own transaction: it runs exactly once.
          beforeCommit: (exec) => {
            const current = this.load(job._id, true);
            if (current?.state.kind !== "pending") throw new Error("job no longer pending");
            finish(exec, current, { kind: "success" });
          },
        });
      } else {
        if (!(await update({ kind: "inProgress" }, ["pending"]))) return;
        await this.rt.runAction(job.name, args, null, { internal: true, component });
        await update({ kind: "success" }, ["inProgress"]);
      }
    } catch (e) {
      await update({ kind: "failed", error: (e as Error).message }, ["pending", "inProgress"]);
    }
  }

  /** The app's crons.ts and each installed component's: a component's crons run its own functions. */
  private startCrons() {
    for (const component of ["", ...this.rt.components.keys()]) {
      const mod = this.rt.modulesOf(component)?.module("crons");
      const crons = (mod?.default as { crons?: Record<string, CronSpec> } | undefined)?.crons ?? {};
      for (const [id, spec] of Object.entries(crons)) this.armCron(id, spec, component);
    }
  }

  private armCron(id: string, spec: CronSpec, component = "") {
    if (this.stopped) return;
    const key = component ? `cron:${component}:${id}` : `cron:${id}`;
    const lastRun = Number(this.rt.store.getMeta(key, false) ?? Date.now());
    const due = nextCronTime(spec.schedule, lastRun);
    const timer = setTimeout(
      async () => {
        const args = jsonToConvex(spec.args[0] ?? {}) as Record<string, Value>;
        await this.rt.mutateAs(null, "_system:crons", () => this.rt.store.setMeta(key, String(Date.now())));
        const name = normalizePath(spec.name);
        const run =
          this.kindOf(name, component) === "action"
            ? this.rt.runAction(name, args, null, { internal: true, component })
            : this.rt.runMutation(name, args, null, { internal: true, component });
        await this.track(
          run.then(
            () => undefined,
            () => undefined,
          ),
        );
        this.armCron(id, spec, component);
      },
      Math.max(0, Math.min(due - Date.now(), 2 ** 31 - 1)),
    );
    this.cronTimers.push(timer);
  }
}

function normalizePath(name: string) {
  const [mod, exp = "default"] = name.split(":");
  return `${mod.replace(/\.js$/, "")}:${exp}`;
}

/** The next run after `after` (ms) for a crons.ts schedule. */
export function nextCronTime(s: Record<string, unknown> & { type: string }, after: number): number {
  const m = (s.minuteUTC as number | undefined) ?? 0;
  switch (s.type) {
    case "interval":
      return after + 1000 * ((s.seconds as number) ?? 0) + 60_000 * ((s.minutes as number) ?? 0) + 3_600_000 * ((s.hours as number) ?? 0);
    case "hourly":
      return cronNext(`${m} * * * *`, after);
    case "daily":
      return cronNext(`${m} ${s.hourUTC} * * *`, after);
    case "weekly":
      return cronNext(`${m} ${s.hourUTC} * * ${String(s.dayOfWeek).slice(0, 3).toUpperCase()}`, after);
    case "monthly":
      return cronNext(`${m} ${s.hourUTC} ${s.day} * *`, after);
    default:
      return cronNext(String(s.cron), after);
  }
}

function cronNext(expr: string, after: number): number {
  const next = new Cron(expr, { timezone: "UTC" }).nextRun(new Date(after));
  return next ? next.getTime() : Infinity;
}
