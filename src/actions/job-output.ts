import { ChatopsError } from '../errors';
import type { Executor } from '../exec/executor';
import { rejectUnrunnable } from '../exec/unrunnable';
import { pickJob } from '../slurm/jobid';
import type { ParseOptions } from '../slurm/parsers/options';
import { parseScontrolJobs, type JobDetails } from '../slurm/parsers/scontrol-job';
import { classifySlurmError } from '../slurm/parsers/slurm-errors';
import { ClassifiedSlurmError } from '../tasks/queries/context';
import { buildFileTailRead, buildJobOutputRead, parseOutputScript, type FileToRead, type StreamRead } from './output-script';

export interface OutputReadRequest {
  readonly executor: Executor;
  /** The user whose file permissions apply; absent = the executor's identity (root, for admins). */
  readonly runAs?: string;
  readonly clusterName: string;
  readonly jobId: string;
  readonly lines: number;
  readonly timeoutMs: number;
  readonly parse?: ParseOptions;
  /** The cluster's slurmBinDir, when Slurm is not on the head node's PATH. */
  readonly slurmBinDir?: string;
}

export interface JobOutput {
  /** The job as scontrol described it (the record for the id asked, or an array's first task). */
  readonly job: JobDetails;
  /** stdout, then stderr when the job writes it to another file. Empty when the job has no output file. */
  readonly streams: readonly StreamRead[];
  /** Executor calls it took: 1, or 2 when the paths needed a second look. */
  readonly calls: number;
}

/** The files the job writes, as the real parser reads scontrol's record. */
export function outputFiles(job: JobDetails): FileToRead[] {
  const files: FileToRead[] = [];
  if (job.stdout !== undefined) files.push({ key: 'stdout', path: job.stdout });
  if (job.stderr !== undefined && job.stderr !== job.stdout) files.push({ key: 'stderr', path: job.stderr });
  return files;
}

function sameFiles(expected: readonly FileToRead[], got: readonly StreamRead[]): boolean {
  return expected.length === got.length && expected.every((f) => got.some((s) => s.key === f.key && s.path === f.path));
}

/**
 * The last lines of a job's output (and error) file, read as `runAs`, in one executor call: the job's
 * record and the tails come back together (see output-script.ts). When the paths the script guessed
 * differ from what the parser reads in the record, the exact paths are read in a second call.
 * @throws ChatopsError JOB_NOT_FOUND when Slurm does not know the job (any more).
 * @throws ClassifiedSlurmError when scontrol refuses otherwise.
 * @throws ExecError from the executor; ChatopsError FORBIDDEN when `runAs` does not exist on the cluster.
 * @throws ValidationError for a bad job id or line count.
 */
export async function readJobOutput(request: OutputReadRequest): Promise<JobOutput> {
  const { executor, runAs, clusterName, jobId, lines, timeoutMs } = request;
  const run = async (argv: readonly string[]) =>
    rejectUnrunnable(await executor.run({ argv, ...(runAs !== undefined && { runAs }), timeoutMs }), argv[0] ?? 'The command', clusterName, runAs);
  const argv = buildJobOutputRead(jobId, lines, request.slurmBinDir);
  const first = await run(argv);
  if (first.exitCode !== 0) {
    const info = classifySlurmError((first.stderr.trim() || first.stdout.trim()).slice(0, 4000));
    if (info.kind === 'invalid_job_id') throw new ChatopsError('JOB_NOT_FOUND', `Job ${jobId} was not found on ${clusterName}.`);
    throw new ClassifiedSlurmError(info, first.exitCode);
  }
  const answer = parseOutputScript(first.stdout);
  const records = parseScontrolJobs(answer.jobRecord ?? '', request.parse);
  const job = pickJob(records, jobId) ?? records[0];
  if (job === undefined) throw new ChatopsError('JOB_NOT_FOUND', `Job ${jobId} was not found on ${clusterName}.`);
  const expected = outputFiles(job);
  if (sameFiles(expected, answer.streams)) return { job, streams: answer.streams, calls: 1 };
  if (expected.length === 0) return { job, streams: [], calls: 1 };
  const second = await run(buildFileTailRead(expected, lines));
  return { job, streams: parseOutputScript(second.stdout).streams, calls: 2 };
}
