import { authorizeCaller, type AuthorizedCaller } from '../../../access/caller';
import { findCluster, type ClusterConfig } from '../../../config';
import { ValidationError, isChatopsError } from '../../../errors';
import { parseSubmitForm, type FormResult, type SubmitForm, type ViewStateValues } from '../../../submit/form';
import { decodeSubmitMeta, type SubmitModalMeta } from '../../../submit/metadata';
import { SUBMIT_KEY_TTL_SECONDS } from '../../../submit/run-submit';
import { checkScript } from '../../../submit/script';
import { downloadSlackFile, fileOrigins } from '../../../submit/slack-file';
import { submitCommand, submitKey } from '../../../submit/submit-task';
import { TASK_VERSION, type Task } from '../../../tasks/task';
import { SUBMIT_FIELDS } from '../../views/ids';
import type { PartitionChoice } from '../../views/submit-modal';
import type { SubmitDeps } from './deps';

/** Slack's answer to a view_submission: close (nothing), or errors next to the fields. */
export type ViewAck = (response?: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/** The fields of a `view_submission` this listener reads. */
export interface ViewSubmissionArgs {
  readonly ack: ViewAck;
  readonly body: {
    readonly team?: { readonly id: string } | null;
    readonly user: { readonly id: string; readonly team_id?: string };
    readonly response_urls?: readonly { readonly block_id: string; readonly action_id: string; readonly channel_id: string; readonly response_url: string }[];
  };
  readonly view: {
    readonly id: string;
    readonly private_metadata?: string;
    readonly state: { readonly values: ViewStateValues };
  };
  readonly context: { readonly botToken?: string; readonly retryNum?: number };
}

/** The uploaded file is fetched inside Slack's 3 seconds; past this budget the user is asked to retry. */
const DOWNLOAD_BUDGET_MS = 1500;

const FILE_BLOCK = SUBMIT_FIELDS.script.blockId;
const CHANNEL_BLOCK = SUBMIT_FIELDS.alertChannel.blockId;

class FieldError extends Error {
  constructor(readonly blockId: string, message: string) {
    super(message);
  }
}

async function knownPartitions(deps: SubmitDeps, cluster: string): Promise<readonly PartitionChoice[] | undefined> {
  try {
    return (await deps.submit.partitions.get(cluster))?.partitions;
  } catch {
    // The form is then checked as with a cold cache, without the partition checks: sbatch has the last word.
    return undefined;
  }
}

/** Fetches and checks an uploaded script now, so a binary or #!-less file is refused next to the field. */
async function checkUploadedScript(deps: SubmitDeps, form: SubmitForm, botToken: string | undefined): Promise<void> {
  if (form.script.kind !== 'file') return;
  const url = form.script.file.downloadUrl;
  if (url === undefined || botToken === undefined) throw new FieldError(FILE_BLOCK, 'The uploaded file could not be read. Upload it again.');
  let bytes: Uint8Array;
  try {
    bytes = await downloadSlackFile(deps.submit.downloadFetch, url, {
      token: botToken,
      allowedOrigins: fileOrigins(deps.config.env.slackApiUrl),
      timeoutMs: DOWNLOAD_BUDGET_MS,
    }, FILE_BLOCK);
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const why = isChatopsError(error) ? error.message : 'The uploaded file could not be downloaded from Slack.';
    throw new FieldError(FILE_BLOCK, `${why} Submit again in a moment.`);
  }
  checkScript(bytes, FILE_BLOCK);
}

function errorsOf(error: unknown, fallbackBlock: string): Record<string, string> {
  if (error instanceof FieldError) return { [error.blockId]: error.message };
  if (error instanceof ValidationError) return { [error.field?.startsWith('submit_') ? error.field : fallbackBlock]: error.message };
  if (isChatopsError(error)) return { [fallbackBlock]: error.message };
  return { [fallbackBlock]: 'Something went wrong in the bot. Try again; if it persists, tell an admin.' };
}

interface Accepted {
  readonly cluster: ClusterConfig;
  readonly unixUser: string;
  readonly form: SubmitForm;
  readonly cardChannel: string;
  readonly responseUrl: string;
}

/**
 * Everything that can be checked without the cluster: the form, the caller's right to submit
 * there, the card's channel, and an uploaded script's content.
 * @throws FieldError, ValidationError or AccessDenied: what goes back next to a field.
 */
async function accept(deps: SubmitDeps, args: ViewSubmissionArgs, meta: SubmitModalMeta): Promise<Accepted | { errors: Record<string, string> }> {
  const cluster = findCluster(deps.config, meta.cluster);
  const partitions = await knownPartitions(deps, cluster.name);
  const parsed: FormResult = parseSubmitForm(args.view.state.values, partitions === undefined ? {} : { partitions });
  if (!parsed.ok) return { errors: parsed.errors };
  const form = parsed.form;
  const cardChannel = form.channelId ?? meta.channelId;
  if (cardChannel === undefined) throw new FieldError(CHANNEL_BLOCK, 'Pick the channel for the job card.');
  let caller: AuthorizedCaller;
  try {
    caller = authorizeCaller(deps.config, { slackUserId: args.body.user.id, channelId: cardChannel, cluster: cluster.name, permission: 'submit' });
  } catch (error) {
    throw new FieldError(CHANNEL_BLOCK, isChatopsError(error) ? error.message : 'You may not submit jobs here.');
  }
  const responseUrl = args.body.response_urls?.find((r) => r.block_id === CHANNEL_BLOCK)?.response_url ?? meta.responseUrl;
  if (responseUrl === undefined) throw new FieldError(CHANNEL_BLOCK, 'Pick the channel for the job card again.');
  await checkUploadedScript(deps, form, args.context.botToken);
  return { cluster, unixUser: caller.unixUser, form, cardChannel, responseUrl };
}

/**
 * The submit modal's `view_submission`, inside Slack's 3 seconds and without touching the cluster:
 * every field is validated (errors go back next to the fields, the modal stays open), the
 * submission's idempotency key is claimed with a conditional write, the Task is handed to the
 * worker, and only then is the modal closed. A second delivery of the same view (Slack's retry, a
 * double click) finds the key taken and just closes the modal: one submission, one job.
 */
export function submitView(deps: SubmitDeps): (args: ViewSubmissionArgs) => Promise<void> {
  return async (args) => {
    const requestId = deps.newRequestId();
    const { body, view, ack } = args;
    const teamId = body.team?.id ?? body.user.team_id ?? '';
    const fields = { requestId, userId: body.user.id, viewId: view.id, retry: args.context.retryNum };
    let accepted: Accepted;
    try {
      const result = await accept(deps, args, decodeSubmitMeta(view.private_metadata ?? ''));
      if ('errors' in result) {
        deps.log.info('submit form refused', { ...fields, fields: Object.keys(result.errors) });
        await ack({ response_action: 'errors', errors: result.errors });
        return;
      }
      accepted = result;
    } catch (error) {
      deps.log.info('submit form refused', { ...fields, error });
      await ack({ response_action: 'errors', errors: errorsOf(error, FILE_BLOCK) });
      return;
    }
    let key: string;
    try {
      key = submitKey(teamId, view.id);
      if ((await deps.submit.idempotency.claim(key, SUBMIT_KEY_TTL_SECONDS, requestId)) === 'duplicate') {
        deps.log.warn('submit delivered again; already being handled', { ...fields, key });
        await ack();
        return;
      }
    } catch (error) {
      deps.log.error('submit key not claimed', { ...fields, error });
      await ack({ response_action: 'errors', errors: { [FILE_BLOCK]: `The bot could not record the submission (request id ${requestId}). Try again in a minute.` } });
      return;
    }
    const task: Task = {
      v: TASK_VERSION,
      requestId,
      teamId,
      userId: body.user.id,
      channelId: accepted.cardChannel,
      responseUrl: accepted.responseUrl,
      reply: 'new',
      cluster: accepted.cluster.name,
      unixUser: accepted.unixUser,
      command: submitCommand(key, accepted.form, accepted.cardChannel),
    };
    try {
      await deps.dispatcher.dispatch(task);
    } catch (error) {
      deps.log.error('submit not dispatched', { ...fields, error });
      await deps.submit.idempotency.release(key).catch((releaseError: unknown) => deps.log.error('submit key not released', { ...fields, error: releaseError }));
      await ack({ response_action: 'errors', errors: { [FILE_BLOCK]: `The bot could not start the submission (request id ${requestId}). Try again.` } });
      return;
    }
    deps.log.info('submit dispatched', { ...fields, key, cluster: task.cluster, script: accepted.form.script.kind });
    await ack();
  };
}
