import { Text } from "@react-email/components";
import { EmailLayout } from "./layout";
import type { TemplateProps } from "./props";

/** The inbox preview line: who invited them (the message). */
export const invitationPreview = ({ message }: TemplateProps) => message;

/** An invitation: who invited them, to which workspace, and the link that accepts (valid 7 days). */
export function InvitationEmail(props: TemplateProps) {
  const { tenantName, message, href } = props;
  return (
    <EmailLayout
      preview={invitationPreview(props)}
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
