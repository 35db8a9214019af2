// Guards the error classifier against the exact texts Slurm 22.05 printed for each refusal, including
// scancel's exit code 0 on failures.
import { classifySlurmError, findSlurmError } from '../../../src/slurm/parsers/slurm-errors';
import { allFixtures, fixture } from './fixtures';

const error = (name: string) => findSlurmError(fixture('22.05', 'errors', name));

describe('findSlurmError on stderr recorded from 22.05', () => {
  it.each([
    ['scancel_invalid_job_id', 'invalid_job_id', 'Kill job error on job id 4294967000: Invalid job id specified'],
    ['scancel_already_completed', 'already_done', 'Kill job error on job id 128: Job/step already completing or completed'],
    ['scancel_het_component', 'het_component', 'Kill job error on job id 170+1: Operation not permitted on individual component of heterogeneous job'],
    ['scancel_permission_denied', 'permission_denied', 'Kill job error on job id 132: Access/permission denied'],
    ['hold_finished', 'already_done', 'Job has already finished for job 128 Job has already finished'],
    ['hold_permission_denied', 'permission_denied', 'Invalid user id for job 132 Invalid user id'],
    ['hold_invalid_job_id', 'invalid_job_id', 'Invalid job id specified for job 4294967000 Invalid job id specified'],
    ['release_permission_denied', 'permission_denied', 'Invalid user id for job 139 Invalid user id'],
    ['requeue_pending', 'job_pending', 'Job is pending execution for job 139'],
    ['show_job_invalid_job_id', 'invalid_job_id', 'Invalid job id specified'],
    ['squeue_invalid_job_id', 'invalid_job_id', 'Invalid job id specified'],
    ['squeue_invalid_user', 'invalid_user', 'Invalid user: nosuchuser'],
    ['sacct_accounting_disabled', 'accounting_disabled', 'Slurm accounting storage is disabled'],
    ['sbatch_invalid_partition', 'invalid_partition', 'invalid partition specified: nope Batch job submission failed: Invalid partition name specified'],
    ['sbatch_not_a_batch_script', 'not_batch_script', 'This does not look like a batch script.  The first line must start with #! followed by the path to an interpreter. For instance: #!/bin/sh'],
    ['sbatch_empty_script', 'empty_script', 'Batch script is empty!'],
    ['sbatch_memory_unavailable', 'memory_unavailable', 'Memory specification can not be satisfied Batch job submission failed: Requested node configuration is not available'],
    ['sbatch_invalid_gres', 'invalid_gres', 'Invalid generic resource (gres) specification'],
    ['sbatch_invalid_feature', 'invalid_feature', 'Batch job submission failed: Invalid feature specification'],
    ['sbatch_invalid_node_name', 'invalid_node_name', 'Batch job submission failed: Invalid node name specified'],
  ])('%s is %s', (name, kind, message) => {
    expect(error(name)).toEqual({ kind, message, summary: expect.any(String) });
  });

  it('finds no error in scancel --verbose chatter after a successful cancel', () => {
    expect(error('scancel_success_verbose')).toBeUndefined();
    expect(findSlurmError('')).toBeUndefined();
    expect(findSlurmError('sbatch: warning: can not set memory limit\n')).toBeUndefined();
  });

  it.each(allFixtures('errors').filter(([name]) => !name.endsWith('success_verbose')))('%s is recognised', (_name, stderr) => {
    expect(findSlurmError(stderr)?.kind).not.toBe('unknown');
  });
});

describe('classifySlurmError', () => {
  it.each([
    ['sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)', 'controller_unreachable'],
    ['squeue: error: slurm_receive_msg: Socket timed out on send/recv operation', 'controller_unreachable'],
    ['sacct: error: Problem talking to the database: Connection refused', 'accounting_disabled'],
    ['sbatch: error: Batch job submission failed: Requested time limit is invalid (missing or exceeds some limit)', 'invalid_time_limit'],
    ['sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified', 'invalid_account'],
    ['sbatch: error: Batch job submission failed: Invalid qos specification', 'invalid_qos'],
    ['sbatch: error: Batch job submission failed: Job dependency problem', 'dependency'],
    ['sbatch: error: QOSMaxSubmitJobPerUserLimit', 'policy_limit'],
    ['sbatch: error: Batch job submission failed: Job violates accounting/QOS policy (job submit limit, user\'s size and/or time limits)', 'policy_limit'],
    ['scontrol: error: Job is no longer pending execution', 'not_pending'],
    ['squeue: error: Invalid job state specified: bogus', 'invalid_state'],
    ['something brand new went wrong', 'unknown'],
  ])('%s → %s', (text, kind) => {
    expect(classifySlurmError(text).kind).toBe(kind);
  });

  it('says what to do in plain words, and keeps Slurm\'s own text apart', () => {
    expect(classifySlurmError('sbatch: error: invalid partition specified: gpu')).toEqual({
      kind: 'invalid_partition',
      message: 'invalid partition specified: gpu',
      summary: 'That partition does not exist or you may not use it. See /slurm partitions.',
    });
  });
});
