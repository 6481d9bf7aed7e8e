import { Text } from "@react-email/components";
import { EmailLayout } from "./layout";
import type { TemplateProps } from "./props";

/** The inbox preview line (Preview in ./layout.tsx): the message itself. */
export const noticePreview = ({ message }: TemplateProps) => message;

/** Billing, quota, budget, trial and workspace notices: the notification's message and where to act. */
export function NoticeEmail(props: TemplateProps) {
  const { tenantName, title, message, action, href, required } = props;
  return (
    <EmailLayout
      preview={noticePreview(props)}
      tenantName={tenantName}
      heading={title}
      action={action}
      href={href}
      footer={
        required
          ? `You receive this because you are an owner or the billing contact of ${tenantName}; billing notices cannot be switched off.`
          : `You receive this as a member of ${tenantName}. Choose which notices you get under Notifications in the workspace.`
      }
    >
      <Text style={{ fontSize: "15px", lineHeight: "24px" }}>{message}</Text>
    </EmailLayout>
  );
}
