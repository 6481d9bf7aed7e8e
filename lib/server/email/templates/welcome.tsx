import { Text } from "@react-email/components";
import { EmailLayout } from "./layout";
import type { TemplateProps } from "./props";

const STEPS = [
  "Create an agent (Agents, New agent) or start from the customer-support template.",
  "Mint an API key (API keys) for your agent runtime.",
  "Send your first call to /api/v1 (the API docs show a curl example).",
  "Invite your team (Team) and set a monthly budget (Billing).",
];

/** The inbox preview line. */
export const welcomePreview = ({ tenantName }: TemplateProps) => `${tenantName} is ready`;

/** The seed's "welcome email with setup guide", once per workspace. */
export function WelcomeEmail(props: TemplateProps) {
  const { tenantName, message, href } = props;
  return (
    <EmailLayout
      preview={welcomePreview(props)}
      tenantName={tenantName}
      heading={`Welcome to Tenantry: ${tenantName} is ready`}
      action="Open your workspace"
      href={href}
      footer={`You receive this because you created ${tenantName}. Questions? Reply to this email.`}
    >
      <Text style={{ fontSize: "15px", lineHeight: "24px" }}>{message}</Text>
      {STEPS.map((s, i) => (
        <Text key={s} style={{ fontSize: "14px", margin: "4px 0" }}>
          {i + 1}. {s}
        </Text>
      ))}
    </EmailLayout>
  );
}
