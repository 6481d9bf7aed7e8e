import { NextResponse } from "next/server";
import { localMailbox } from "@/lib/server/email/mailbox";

// GET /api/dev/mailbox[?to=addr]: the local SMTP server's received mail as JSON (local mode only; 404 in the cloud).
export async function GET(request: Request) {
  const mailbox = localMailbox();
  if (!mailbox)
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "There is no local mailbox in cloud mode." } }, { status: 404 });
  const to = new URL(request.url).searchParams.get("to")?.toLowerCase();
  const all = await mailbox.list();
  return NextResponse.json({ messages: to ? all.filter((m) => m.to.includes(to)) : all });
}

// DELETE /api/dev/mailbox: empties the local mailbox.
export async function DELETE() {
  const mailbox = localMailbox();
  if (!mailbox)
    return NextResponse.json({ error: { code: "NOT_FOUND", message: "There is no local mailbox in cloud mode." } }, { status: 404 });
  await mailbox.clear();
  return NextResponse.json({ ok: true });
}
