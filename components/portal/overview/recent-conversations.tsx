import { MessageSquareIcon } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { TimeAgo } from "@/components/ui/time-ago";

type Row = {
  _id: string;
  title: string;
  customer: string;
  agent: string;
  messages: number;
  lastMessage: string;
  sample: boolean;
  createdAt: number;
};

/** The latest conversations (the template's samples until runtimes report real ones). */
export function RecentConversations({ rows }: { rows: Row[] }) {
  if (rows.length === 0) return null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Recent conversations</CardTitle>
        <CardDescription>
          {rows.some((r) => r.sample) ? "Sample conversations from the customer-support template" : "Latest first"}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="divide-y">
          {rows.map((c) => (
            <li key={c._id} className="flex items-start gap-3 py-3 first:pt-0 last:pb-0">
              <MessageSquareIcon className="mt-0.5 size-4 shrink-0 text-muted-foreground" aria-hidden="true" />
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium">
                  {c.title} {c.sample && <Badge variant="secondary">Sample</Badge>}
                </p>
                <p className="truncate text-xs text-muted-foreground">
                  {c.customer} · {c.agent} · {c.messages} messages · <TimeAgo ms={c.createdAt} />
                </p>
              </div>
            </li>
          ))}
        </ul>
      </CardContent>
    </Card>
  );
}
