"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type FieldValues, type Path, type UseFormProps, type UseFormReturn } from "react-hook-form";
import type * as z from "zod/v4/core";
import type { CallError } from "./errors";

/**
 * The one form helper: react-hook-form with a zod schema from lib/domain/forms (the
 * server's own rules). Errors appear when a field is left or the form is submitted,
 * clear as soon as the value is valid again (re-validated on every change), and a
 * refused submit moves focus to the first invalid field.
 */
export function useAppForm<TSchema extends z.$ZodType<FieldValues, FieldValues>>(
  schema: TSchema,
  options: Omit<UseFormProps<z.infer<TSchema>>, "resolver">,
): UseFormReturn<z.infer<TSchema>> {
  return useForm<z.infer<TSchema>>({
    mode: "onTouched",
    reValidateMode: "onChange",
    shouldFocusError: true,
    ...options,
    resolver: zodResolver(schema as never) as never,
  });
}

/**
 * Shows the server's refusal where it belongs: on the field it names (focused, so the
 * message is on screen and announced), else as a form-level error under `root`.
 */
export function showServerError<T extends FieldValues>(form: UseFormReturn<T>, error: CallError, fields: Record<string, Path<T>> = {}) {
  const field = error.field ? (fields[error.field] ?? (error.field as Path<T>)) : null;
  if (field && field in form.getValues()) form.setError(field, { type: "server", message: error.message }, { shouldFocus: true });
  else form.setError("root", { type: "server", message: error.message });
}

/** FormField's error and the control's aria props for one field. */
export function fieldState<T extends FieldValues>(form: UseFormReturn<T>, name: Path<T>) {
  const message = form.formState.errors[name]?.message;
  return { error: typeof message === "string" ? message : null };
}
