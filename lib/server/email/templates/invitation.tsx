import { Text } from "@react-email/components";
import { EmailLayout } from "./layout";
import type { TemplateProps } from "./props";

/** An invitation: who invited them, to which workspace, and the link that accepts (valid 7 days). */
export function InvitationEmail({ tenantName, message, href }: TemplateProps) {
  return (
    <EmailLayout
      preview={message}
      tenantName={tenantName}
      heading={`Join ${tenantName} on Tenantry`}
      action="Accept the invitation"
      href={href}
      footer="If you did not expect this invitation, ignore this email: nothing happens unless you accept."
    >
      <Text style={{ fontSize: "15px", lineHeight: "24px" }}>{message}</Text>
    </EmailLayout>
  );
}
