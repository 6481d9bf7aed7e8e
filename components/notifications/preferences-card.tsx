"use client";

import { useMutation, useQuery } from "convex/react";
import { api } from "@/convex/_generated/api";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { attempt } from "@/components/shared/errors";
import { useTenant } from "@/components/tenant/tenant-context";

/** Per-topic channels for the signed-in person; billing-required topics are shown locked. */
export function PreferencesCard() {
  const { slug, viaStaff } = useTenant();
  const topics = useQuery(api.notifications.center.preferences, { slug });
  const set = useMutation(api.notifications.center.setPreference);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Your notification preferences</CardTitle>
        <CardDescription>
          What reaches you in this workspace, in the app and by email. Payment failures always reach owners.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <table className="w-full text-sm" aria-label="Notification preferences">
          <thead>
            <tr className="text-left text-muted-foreground">
              <th className="py-2 font-medium">Topic</th>
              <th className="py-2 font-medium">In app</th>
              <th className="py-2 font-medium">Email</th>
            </tr>
          </thead>
          <tbody>
            {(topics ?? []).map((t) => (
              <tr key={t.topic} className="border-t">
                <td className="py-2">
                  {t.label} {t.required && <Badge variant="secondary">Required</Badge>}
                </td>
                {(["inApp", "email"] as const).map((channel) => (
                  <td key={channel} className="py-2">
                    <input
                      type="checkbox"
                      className="size-4"
                      aria-label={`${t.label}: ${channel === "inApp" ? "in app" : "email"}`}
                      checked={t[channel]}
                      disabled={t.required || viaStaff}
                      onChange={(e) =>
                        attempt(
                          () => set({ slug, topic: t.topic, channel, enabled: e.target.checked }),
                          `${t.label}: ${e.target.checked ? "on" : "off"}`,
                        )
                      }
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
    </Card>
  );
}
