import { fallbackText, section, type SlackMessage } from './blocks';
import { escapeMrkdwn } from './escape';

export type JobAction = 'cancel' | 'hold' | 'release' | 'requeue' | 'watch' | 'unwatch';

export interface ActionResultInput {
  readonly cluster: string;
  readonly jobId: string;
  readonly action: JobAction;
  /** Slack user who acted; mentioned only when it is a well-formed user id. */
  readonly actorUserId?: string;
}

const DONE: Readonly<Record<JobAction, { marker: string; words: string }>> = {
  cancel: { marker: ':no_entry_sign:', words: 'Cancel requested for' },
  hold: { marker: ':pause_button:', words: 'Held' },
  release: { marker: ':arrow_forward:', words: 'Released' },
  requeue: { marker: ':repeat:', words: 'Requeued' },
  watch: { marker: ':eyes:', words: 'Watching' },
  unwatch: { marker: ':see_no_evil:', words: 'Stopped watching' },
};

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,20}$/;

/** "Held job *1234* on *local* (by @alice)." after a button or command changed a job. */
export function renderActionResult(input: ActionResultInput): SlackMessage {
  const { marker, words } = DONE[input.action];
  const by = input.actorUserId && SLACK_USER_ID.test(input.actorUserId) ? ` by <@${input.actorUserId}>` : '';
  const what = `${words} job *${escapeMrkdwn(input.jobId, 40)}* on *${escapeMrkdwn(input.cluster, 64)}*${by}.`;
  const tail = input.action === 'watch' ? ' You will get a message here when it ends.' : '';
  return { text: fallbackText(what + tail), blocks: [section(`${marker} ${what}${tail}`)] };
}
