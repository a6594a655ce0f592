/** Imports each template into n8n and runs it once, as a user would with the editor's "Execute workflow". */
import type { N8nRestClient } from '@ecostruxure-connector/n8n-host';
import type { ChatWebhook } from './chat-webhook.js';
import type { CredentialRefs } from './credentials.js';
import type { TemplateRun } from './reports.js';
import { prepareTemplate, readTemplate, type Template } from './templates.js';

/** A template whose run ended in an error: names the node and what n8n said. */
export class TemplateRunError extends Error {}

export async function runTemplate(
  rest: N8nRestClient,
  template: Template,
  settings: { credentials: CredentialRefs; chat: ChatWebhook },
): Promise<TemplateRun> {
  const workflow = prepareTemplate(readTemplate(template), {
    credentials: settings.credentials,
    chatWebhookUrl: settings.chat.url,
  });
  const { id } = await rest.importWorkflow(workflow);
  const messagesBefore = settings.chat.messages.length;
  const execution = await rest.runManually(id, template.trigger);
  if (execution.status !== 'success') {
    const problems = Object.entries(execution.nodeErrors).map(
      ([node, error]) =>
        `  ${node}: ${error.message ?? ''}${error.description ? ` (${error.description})` : ''}`,
    );
    throw new TemplateRunError(
      `The template "${workflow.name}" ended with status ${execution.status}:\n` +
        (problems.length > 0 ? problems.join('\n') : `  ${execution.error?.message ?? 'no error message'}`),
    );
  }
  // The runs go one after the other: the messages since this one started are its own.
  return { workflow, workflowId: id, execution, messages: settings.chat.messages.slice(messagesBefore) };
}
