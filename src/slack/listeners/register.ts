import type { App } from '@slack/bolt';
import { READ_ACTION_IDS } from '../action-router';
import { identityMiddleware } from '../identity-middleware';
import { JOB_ACTION_IDS } from '../job-action-router';
import { ACTION_IDS } from '../views/ids';
import { jobAction } from './actions/job-action';
import { linkVerifyAction } from './actions/link-verify';
import { readAction } from './actions/read-action';
import { slurmCommand } from './commands/slurm';
import type { ListenerDeps } from './deps';
import { registerSubmitListeners } from './submit/register';

/** Every listener, registered once. Any slash command name works, so a workspace may install `/slurm-dev`. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  // Before every listener: who the requester is according to links and profile e-mails.
  if (deps.identity !== undefined) app.use(identityMiddleware(deps.identity, deps.newRequestId));
  app.command(/^\/[\w-]+$/, slurmCommand(deps));
  app.action({ type: 'block_actions', action_id: ACTION_IDS.linkVerify }, linkVerifyAction(deps));
  const onRead = readAction(deps);
  for (const actionId of READ_ACTION_IDS) app.action({ type: 'block_actions', action_id: actionId }, onRead);
  const onJobAction = jobAction(deps);
  for (const actionId of JOB_ACTION_IDS) app.action({ type: 'block_actions', action_id: actionId }, onJobAction);
  if (deps.submit !== undefined) registerSubmitListeners(app, { ...deps, submit: deps.submit });
}
