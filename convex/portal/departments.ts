/**
 * Departments and their cost centers: agents are tagged with one, and usage
 * rollups carry it, so costs can be reported per department (the seed's
 * "cost allocation by department").
 */
import { v } from "convex/values";
import type { GenericDatabaseReader } from "convex/server";
import { tenantMutation, tenantQuery } from "../lib/functions";
import { appError, notFound } from "../lib/errors";
import { audit } from "../lib/audit";
import { costCenterProblem, departmentNameProblem } from "../../lib/domain/validation";
import type { DataModel, Id } from "../_generated/dataModel";

type Reader = GenericDatabaseReader<DataModel>;

function checkFields(name: string, costCenter: string) {
  const nameProblem = departmentNameProblem(name);
  if (nameProblem) throw appError("INVALID", nameProblem, "name");
  const codeProblem = costCenterProblem(costCenter);
  if (codeProblem) throw appError("INVALID", codeProblem, "costCenter");
  return { name: name.trim(), costCenter: costCenter.trim() };
}

async function assertNameFree(db: Reader, tenantId: Id<"tenants">, name: string, except?: Id<"departments">) {
  const all = await db
    .query("departments")
    .withIndex("by_tenant_name", (q) => q.eq("tenantId", tenantId))
    .collect();
  if (all.some((d) => d._id !== except && d.name.toLowerCase() === name.toLowerCase())) {
    throw appError("CONFLICT", `A department named "${name}" already exists.`, "name");
  }
}

export const list = tenantQuery({
  args: {},
  permission: "agents.read",
  handler: async (ctx) => {
    const departments = await ctx.db
      .query("departments")
      .withIndex("by_tenant_name", (q) => q.eq("tenantId", ctx.tenant._id))
      .collect();
    return Promise.all(
      departments.map(async (d) => ({
        _id: d._id,
        name: d.name,
        costCenter: d.costCenter,
        agents: (
          await ctx.db
            .query("agents")
            .withIndex("by_tenant_department", (q) => q.eq("tenantId", ctx.tenant._id).eq("departmentId", d._id))
            .collect()
        ).length,
      })),
    );
  },
});

export const create = tenantMutation({
  args: { name: v.string(), costCenter: v.string() },
  permission: "settings.manage",
  handler: async (ctx, args) => {
    const fields = checkFields(args.name, args.costCenter);
    await assertNameFree(ctx.db, ctx.tenant._id, fields.name);
    const id = await ctx.db.insert("departments", { tenantId: ctx.tenant._id, ...fields });
    await audit(ctx.db, { tenantId: ctx.tenant._id, actor: ctx.user, action: "department.create", target: id, after: fields });
    return id;
  },
});

export const update = tenantMutation({
  args: { departmentId: v.id("departments"), name: v.string(), costCenter: v.string() },
  permission: "settings.manage",
  handler: async (ctx, { departmentId, ...args }) => {
    const department = await ctx.db.get(departmentId);
    if (!department) throw notFound("Department not found");
    const fields = checkFields(args.name, args.costCenter);
    await assertNameFree(ctx.db, ctx.tenant._id, fields.name, departmentId);
    await ctx.db.patch(departmentId, fields);
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "department.update",
      target: departmentId,
      before: { name: department.name, costCenter: department.costCenter },
      after: fields,
    });
  },
});

/** Removing a department untags its agents; past usage keeps its department id and reads as "Deleted department". */
export const remove = tenantMutation({
  args: { departmentId: v.id("departments") },
  permission: "settings.manage",
  handler: async (ctx, { departmentId }) => {
    const department = await ctx.db.get(departmentId);
    if (!department) throw notFound("Department not found");
    const tagged = await ctx.db
      .query("agents")
      .withIndex("by_tenant_department", (q) => q.eq("tenantId", ctx.tenant._id).eq("departmentId", departmentId))
      .collect();
    for (const agent of tagged) await ctx.db.patch(agent._id, { departmentId: undefined });
    await ctx.db.delete(departmentId);
    await audit(ctx.db, {
      tenantId: ctx.tenant._id,
      actor: ctx.user,
      action: "department.remove",
      target: departmentId,
      before: { name: department.name, untaggedAgents: tagged.length },
    });
    return { untaggedAgents: tagged.length };
  },
});
