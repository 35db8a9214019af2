import type { App, ViewSubmitAction } from '@slack/bolt';
import { ACTION_IDS, CALLBACK_IDS } from '../../views/ids';
import type { SubmitDeps } from './deps';
import { submitButton } from './submit-button';
import { submitView } from './submit-view';

/** The submit modal's listeners: the "Submit a job" button and the modal's submission. */
export function registerSubmitListeners(app: App, deps: SubmitDeps): void {
  app.action({ type: 'block_actions', action_id: ACTION_IDS.submitOpen }, submitButton(deps));
  app.view<ViewSubmitAction>({ callback_id: CALLBACK_IDS.submitModal, type: 'view_submission' }, submitView(deps));
}
