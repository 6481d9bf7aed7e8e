"use client";

import type * as React from "react";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";

type Opening =
  /** Opened by the caller (e.g. from a row action), closed through onOpenChange. */
  | { open: boolean; onOpenChange(open: boolean): void; trigger?: never }
  /** Opened by its own trigger button. */
  | { trigger: React.ReactNode; open?: never; onOpenChange?: never };

type Props = Opening & {
  title: React.ReactNode;
  description: React.ReactNode;
  confirmLabel: React.ReactNode;
  /** Runs when the destructive action is confirmed; the dialog closes as it starts. */
  onConfirm(): void | Promise<unknown>;
};

/** Asks before a destructive action: what it does and what stays, Cancel, and the action itself. */
export function ConfirmDialog({ open, onOpenChange, trigger, title, description, confirmLabel, onConfirm }: Props) {
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      {trigger && <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger>}
      <AlertDialogContent>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        <AlertDialogFooter>
          <AlertDialogCancel>Cancel</AlertDialogCancel>
          <AlertDialogAction variant="destructive" onClick={() => void onConfirm()}>
            {confirmLabel}
          </AlertDialogAction>
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
