import { Body, Button, Container, Head, Hr, Html, Img, Link, Preview, Section, Text } from "@react-email/components";

export interface ReminderEmailProps {
  lang: string;
  preview: string;
  greeting: string;
  paragraphs: string[];
  facts: { label: string; value: string }[];
  /** a message about several orders: one row each, with its own payment link */
  orders?: { order: string; issued: string; due: string; outstanding: string; status: string; payUrl: string | null }[];
  ordersHeader?: { order: string; issued: string; due: string; outstanding: string; status: string; pay: string };
  payUrl: string | null;
  payLabel: string;
  customerPageUrl: string | null;
  customerPageLabel: string;
  closing: string;
  shopName: string;
  logoUrl: string | null;
  brandColor: string;
}

/** One branded layout for every reminder; the words come from the step's texts. */
export function ReminderEmail(props: ReminderEmailProps) {
  return (
    <Html lang={props.lang}>
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={{ backgroundColor: "#f4f4f5", fontFamily: "Helvetica, Arial, sans-serif", color: "#1f2937" }}>
        <Container style={{ backgroundColor: "#ffffff", borderRadius: 8, margin: "24px auto", padding: 32, maxWidth: 560 }}>
          {props.logoUrl ? <Img src={props.logoUrl} alt={props.shopName} height={40} /> : (
            <Text style={{ fontSize: 20, fontWeight: 700, color: props.brandColor, margin: 0 }}>{props.shopName}</Text>
          )}
          <Text>{props.greeting}</Text>
          {props.paragraphs.map((paragraph) => <Text key={paragraph}>{paragraph}</Text>)}
          {props.orders && props.ordersHeader ? <OrdersTable orders={props.orders} header={props.ordersHeader} /> : null}
          <Section style={{ backgroundColor: "#f9fafb", borderRadius: 6, padding: "8px 16px" }}>
            {props.facts.map((fact) => (
              <Text key={fact.label} style={{ margin: "6px 0" }}>{fact.label}: <strong>{fact.value}</strong></Text>
            ))}
          </Section>
          {props.payUrl ? (
            <Section style={{ textAlign: "center", margin: "24px 0" }}>
              <Button href={props.payUrl} style={{ backgroundColor: props.brandColor, color: "#ffffff", borderRadius: 6, padding: "12px 20px", fontWeight: 600 }}>
                {props.payLabel}
              </Button>
            </Section>
          ) : null}
          {props.customerPageUrl ? <Text><Link href={props.customerPageUrl}>{props.customerPageLabel}</Link></Text> : null}
          <Hr />
          <Text>{props.closing}<br />{props.shopName}</Text>
        </Container>
      </Body>
    </Html>
  );
}

const cell = { padding: "6px 4px", borderBottom: "1px solid #e5e7eb", fontSize: 14, textAlign: "left" as const };

function OrdersTable(props: { orders: NonNullable<ReminderEmailProps["orders"]>; header: NonNullable<ReminderEmailProps["ordersHeader"]> }) {
  const { header } = props;
  return (
    <table width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: "collapse", margin: "8px 0 16px" }}>
      <thead>
        <tr>{[header.order, header.issued, header.due, header.outstanding, header.status, ""].map((label, i) => <th key={i} style={cell}>{label}</th>)}</tr>
      </thead>
      <tbody>
        {props.orders.map((line) => (
          <tr key={line.order}>
            <td style={cell}>{line.order}</td>
            <td style={cell}>{line.issued}</td>
            <td style={cell}>{line.due}</td>
            <td style={{ ...cell, whiteSpace: "nowrap" }}>{line.outstanding}</td>
            <td style={cell}>{line.status}</td>
            <td style={cell}>{line.payUrl ? <Link href={line.payUrl}>{header.pay}</Link> : null}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
