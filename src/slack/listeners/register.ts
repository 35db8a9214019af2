import type { App } from '@slack/bolt';
import { READ_ACTION_IDS } from '../action-router';
import { readAction } from './actions/read-action';
import { slurmCommand } from './commands/slurm';
import type { ListenerDeps } from './deps';

/** Every listener, registered once. Any slash command name works, so a workspace may install `/slurm-dev`. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  app.command(/^\/[\w-]+$/, slurmCommand(deps));
  const onRead = readAction(deps);
  for (const actionId of READ_ACTION_IDS) app.action({ type: 'block_actions', action_id: actionId }, onRead);
}
