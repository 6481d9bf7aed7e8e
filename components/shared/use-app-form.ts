"use client";

import { useRef, useState } from "react";
import type { CallError } from "./errors";

type Values = Record<string, string>;
type FieldError = { type: string; message?: string };
type Errors<T extends Values> = Partial<Record<(keyof T & string) | "root", FieldError>>;

type Issue = { message: string; path?: readonly (PropertyKey | { key: PropertyKey })[] };
/** What the helper needs of a zod schema: its Standard Schema interface (zod implements it). */
type Checker<T extends Values> = {
  "~standard": { validate(value: unknown): { issues?: readonly Issue[] } | Promise<{ issues?: readonly Issue[] }>; types?: { input: T } };
};

/**
 * A schema from lib/domain/forms, loaded on first use
 * (`() => import("@/lib/domain/forms/schemas").then((m) => m.generalSettingsSchema)`): a page
 * shows its form without the validation code (zod/mini, about 15 kB gzipped), which arrives
 * while the user types and runs on the first blur or submit.
 */
export type SchemaLoader<T extends Values> = () => Promise<Checker<T>>;

export type AppForm<T extends Values> = {
  /** Props for a plain input: uncontrolled, validated when left and (once touched) on every change. */
  register(name: keyof T & string): {
    name: string;
    defaultValue: string;
    ref(el: HTMLElement | null): void;
    onChange(event: React.ChangeEvent<HTMLInputElement>): void;
    onBlur(): void;
  };
  /** A controlled value for a custom control (a Select); its element gets focus when it is the first invalid one. */
  field(name: keyof T & string): { value: string; onChange(value: string): void; onBlur(): void; ref(el: HTMLElement | null): void };
  handleSubmit(submit: (values: T) => unknown): (event?: React.FormEvent) => Promise<void>;
  formState: { errors: Errors<T>; isSubmitting: boolean };
  setError(name: (keyof T & string) | "root", error: FieldError, options?: { shouldFocus?: boolean }): void;
  getValues(): T;
};

/**
 * The one form helper, for forms checked with a zod schema from lib/domain/forms (the
 * server's own rules). Errors appear when a field is left or the form is submitted, clear
 * as soon as the value is valid again (re-validated on every change), and a refused
 * submit moves focus to the first invalid field. It replaced react-hook-form (14 kB
 * gzipped on the page of every form) with the little of it the forms used.
 */
export function useAppForm<T extends Values>(loadSchema: SchemaLoader<T>, { defaultValues }: { defaultValues: T }): AppForm<T> {
  const values = useRef<T>({ ...defaultValues });
  // Registration order is render order, so the first invalid field in it is the first on screen.
  const elements = useRef(new Map<string, HTMLElement>());
  const touched = useRef(new Set<string>());
  const submitted = useRef(false);
  const [errors, setErrors] = useState<Errors<T>>({});
  const [isSubmitting, setSubmitting] = useState(false);
  const [, setVersion] = useState(0);

  const validate = async (): Promise<Errors<T>> => {
    const schema = await loadSchema();
    const result = await schema["~standard"].validate(values.current);
    const found: Errors<T> = {};
    for (const issue of result.issues ?? []) {
      const key = issue.path?.[0];
      const name = String(typeof key === "object" ? key.key : key) as keyof T & string;
      found[name] ??= { type: "validate", message: issue.message };
    }
    return found;
  };

  // One field's error from a fresh check; the others (a server error among them) stay as they are.
  const check = async (name: keyof T & string) => {
    const found = await validate();
    setErrors((shown) => {
      const next = { ...shown };
      if (found[name]) next[name] = found[name];
      else delete next[name];
      return next;
    });
  };

  const changed = (name: keyof T & string, value: string) => {
    values.current = { ...values.current, [name]: value };
    if (submitted.current || touched.current.has(name)) void check(name);
  };
  const left = (name: keyof T & string) => {
    touched.current.add(name);
    void check(name);
  };
  const refFor = (name: string) => (el: HTMLElement | null) => {
    if (el) elements.current.set(name, el);
    else elements.current.delete(name);
  };
  const focus = (name: string) => elements.current.get(name)?.focus();

  return {
    register: (name) => ({
      name,
      defaultValue: defaultValues[name],
      ref: refFor(name),
      onChange: (event) => changed(name, event.target.value),
      onBlur: () => left(name),
    }),
    field: (name) => ({
      value: values.current[name],
      onChange: (value) => {
        changed(name, value);
        setVersion((v) => v + 1);
      },
      onBlur: () => left(name),
      ref: refFor(name),
    }),
    handleSubmit: (submit) => async (event) => {
      event?.preventDefault();
      submitted.current = true;
      const found = await validate();
      setErrors(found);
      const first = [...elements.current.keys()].find((name) => found[name]);
      if (first) return focus(first);
      if (Object.keys(found).length) return;
      setSubmitting(true);
      try {
        await submit(values.current);
      } finally {
        setSubmitting(false);
      }
    },
    formState: { errors, isSubmitting },
    setError: (name, error, options) => {
      setErrors((shown) => ({ ...shown, [name]: error }));
      if (options?.shouldFocus) focus(name);
    },
    getValues: () => values.current,
  };
}

/**
 * Shows the server's refusal where it belongs: on the field it names (focused, so the
 * message is on screen and announced), else as a form-level error under `root`.
 */
export function showServerError<T extends Values>(form: AppForm<T>, error: CallError, fields: Record<string, keyof T & string> = {}) {
  const field = error.field ? (fields[error.field] ?? error.field) : null;
  if (field && field in form.getValues()) form.setError(field, { type: "server", message: error.message }, { shouldFocus: true });
  else form.setError("root", { type: "server", message: error.message });
}

/** FormField's error for one field. */
export function fieldState<T extends Values>(form: AppForm<T>, name: keyof T & string) {
  const message = form.formState.errors[name]?.message;
  return { error: typeof message === "string" ? message : null };
}
