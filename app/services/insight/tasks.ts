/** Staff tasks: made with their words, worded on the tasks screen in the merchant's language. */
import type { Db } from "../../db/client";
import { isUniqueViolation } from "../ledger/dbErrors";
import { translator } from "../../i18n";
import { taskText, type TaskWords } from "../../i18n/taskTexts";

/** kind: what the task is for (call, letter, hand_over, check_payment, ...), the tasks screen's badge */
export interface TaskToCreate {
  shopId: string;
  receivableId: string;
  kind: string;
  words: TaskWords;
  /** the message it stands in for: one task a message, however often the step is retried */
  messageId?: string;
  assignee?: string | null;
}

const ENGLISH = translator("en");

export async function createTask(db: Db, { words, ...task }: TaskToCreate, now: Date): Promise<void> {
  try {
    await db.task.create({ data: { ...task, words: JSON.stringify(words), title: taskText(words, ENGLISH, "en"), dueAt: now, createdAt: now } });
  } catch (error) {
    if (!(task.messageId && isUniqueViolation(error))) throw error;
  }
}

/** What a task asks in the reader's language; one made before its words were kept, in its English title. */
export function taskWordsOf(task: { words: string | null }): TaskWords | null {
  return task.words ? (JSON.parse(task.words) as TaskWords) : null;
}
