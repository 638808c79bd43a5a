import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Page, Select, Text } from "@shopify/polaris";
import db from "../db.server";
import { clock } from "../clock.server";
import { requireAdmin } from "../auth.server";
import { useLocale, useT } from "../i18n/react";
import { readForm } from "../http/readForm.server";
import { taskWordsOf } from "../services/insight/tasks";
import { taskText } from "../i18n/taskTexts";
import { dayText } from "../i18n/dates";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const assignee = new URL(request.url).searchParams.get("assignee") || null;
  const [tasks, assignees] = await Promise.all([
    db.task.findMany({
      where: { shopId: shop.id, doneAt: null, ...(assignee ? { assignee } : {}) }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: 200,
    }),
    db.task.findMany({ where: { shopId: shop.id, doneAt: null, assignee: { not: null } }, distinct: ["assignee"], select: { assignee: true } }),
  ]);
  return {
    assignees: assignees.map((a) => a.assignee!).sort(),
    tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, title: t.title, words: taskWordsOf(t), dueAt: t.dueAt.toISOString(), assignee: t.assignee, receivableId: t.receivableId,
      letterUrl: t.kind === "letter" && t.messageId ? `/app/letters/${t.messageId}` : null })),
  };
}

/** Marks a task done; only a task of this shop can be touched. */
export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await requireAdmin(request);
  const form = await readForm(request);
  const done = await db.task.updateMany({ where: { id: String(form.get("taskId") ?? ""), shopId: shop.id, doneAt: null }, data: { doneAt: clock() } });
  if (done.count !== 1) return Response.json({ ok: false, error: "no such open task" }, { status: 400 });
  return Response.json({ ok: true });
}

export default function Tasks() {
  const { tasks, assignees } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const titleOf = (task: (typeof tasks)[number]) => (task.words ? taskText(task.words, t, locale) : task.title);
  return (
    <Page title={t("tasks.title")}>
      <BlockStack gap="300">
        <Card>
          <Select label={t("tasks.assignee")} value={params.get("assignee") ?? ""}
            options={[{ label: t("tasks.everyone"), value: "" }, ...assignees.map((a) => ({ label: a, value: a }))]}
            onChange={(value) => setParams(value ? { assignee: value } : {})} />
        </Card>
        {tasks.length === 0 ? <Card><Text as="p">{t("tasks.empty")}</Text></Card> : null}
        {tasks.map((task) => (
          <Card key={task.id}>
            <div data-testid="task">
              <InlineStack align="space-between" blockAlign="center">
                <BlockStack gap="100">
                  <InlineStack gap="200"><Badge>{t(`taskKind.${task.kind}` as "taskKind.call")}</Badge><Text as="span" tone="subdued">{dayText(task.dueAt, locale)}{task.assignee ? ` · ${task.assignee}` : ""}</Text></InlineStack>
                  <Text as="p">{task.receivableId ? <Link to={`/app/receivables/${task.receivableId}`}>{titleOf(task)}</Link> : titleOf(task)}</Text>
                  {task.letterUrl ? <a href={task.letterUrl} target="_blank" rel="noreferrer" data-testid="letter-pdf">{t("tasks.letterPdf")}</a> : null}
                </BlockStack>
                <Form method="post"><input type="hidden" name="taskId" value={task.id} /><Button submit>{t("tasks.done")}</Button></Form>
              </InlineStack>
            </div>
          </Card>
        ))}
      </BlockStack>
    </Page>
  );
}
