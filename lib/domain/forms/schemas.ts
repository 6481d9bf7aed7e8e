/**
 * The forms' zod schemas, built on the same rules Convex applies (lib/domain/validation.ts):
 * the browser checks with exactly the server's wording, and the server stays the authority
 * (it checks again and its refusal is shown on the field it names).
 * They run in the browser only, so they use zod/mini: the same checks, about 25 kB gzipped
 * less of first-load JavaScript on every page with a form than zod's full API.
 */
import { z } from "zod/mini";
import { agentNameProblem, emailProblem, parseDollars, tenantNameProblem } from "../validation";

/** A string field checked by one of validation.ts's `...Problem` functions. */
export const checked = (problem: (value: string) => string | null) =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const message = problem(value);
      if (message) ctx.addIssue({ code: "custom", message });
    }),
  );

export const agentFormSchema = z.object({
  name: checked(agentNameProblem),
  model: z.string().check(z.minLength(1, "Choose a model.")),
  departmentId: z.string(),
});
export type AgentFormValues = z.infer<typeof agentFormSchema>;

export const generalSettingsSchema = z.object({
  name: checked(tenantNameProblem),
  billingEmail: checked(emailProblem),
  // Typed as text ("1,250.50"); the submit handler turns it into cents with the same parser.
  monthlyBudget: checked((value) => (value.trim().startsWith("-") ? "The budget must be zero or more." : parseDollars(value).problem)),
});
export type GeneralSettingsValues = z.infer<typeof generalSettingsSchema>;

export const workspaceNameSchema = z.object({ name: checked(tenantNameProblem) });

/** Storage in GB for quota overrides: a number with at most two decimals, up to 1,000,000 GB. */
export const gbProblem = (value: string): string | null => {
  const cleaned = value.trim().replace(/,/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return "Enter storage in GB, e.g. 100 or 2.5.";
  return Number(cleaned) > 1_000_000 ? "Storage must be at most 1,000,000 GB." : null;
};
