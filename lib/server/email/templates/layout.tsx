import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";

/** Every email's frame: the workspace it is about, one heading, the body, one button back to the app, and why they got it. */
export function EmailLayout(props: {
  preview: string;
  tenantName: string;
  heading: string;
  action: string;
  href: string;
  footer: string;
  children: ReactNode;
}) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: "#f6f7f9", fontFamily: "-apple-system, Segoe UI, Helvetica, Arial, sans-serif", margin: 0 }}>
        <Container style={{ backgroundColor: "#ffffff", margin: "24px auto", padding: "32px", maxWidth: "560px", borderRadius: "8px" }}>
          <Text style={{ color: "#6b7280", fontSize: "13px", margin: 0 }}>Tenantry · {props.tenantName}</Text>
          <Heading as="h1" style={{ fontSize: "22px", margin: "12px 0 16px" }}>
            {props.heading}
          </Heading>
          {props.children}
          <Section style={{ margin: "24px 0" }}>
            <Button
              href={props.href}
              style={{ backgroundColor: "#111827", color: "#ffffff", padding: "10px 18px", borderRadius: "6px", fontSize: "14px" }}
            >
              {props.action}
            </Button>
          </Section>
          <Text style={{ fontSize: "13px", color: "#6b7280" }}>Or open this link: {props.href}</Text>
          <Hr />
          <Text style={{ fontSize: "12px", color: "#9ca3af" }}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
