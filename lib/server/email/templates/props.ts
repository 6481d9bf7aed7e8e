/** What every template gets: the outbox row's data, with the link made absolute. */
export type TemplateProps = {
  tenantName: string;
  title: string;
  message: string;
  action: string;
  /** Absolute URL back into the app. */
  href: string;
  required: boolean;
};
