import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ClusterConfig, Config } from '../config';
import type { Executor } from '../exec/executor';
import { FixedHeadNode, TaggedHeadNode } from '../exec/head-node';
import { LocalExecutor } from '../exec/local-executor';
import { withSlurmBinDir } from '../exec/slurm-bin-dir';
import { SsmExecutor } from '../exec/ssm-executor';

export type ExecutorFor = (cluster: ClusterConfig) => Executor;

/** AWS clients by region, created on first use and kept for the container's life. */
class RegionalClients {
  private readonly ssm = new Map<string, SSMClient>();
  private readonly ec2 = new Map<string, EC2Client>();
  private s3Client: S3Client | undefined;

  constructor(private readonly defaultRegion: string | undefined) {}

  ssmIn(region: string | undefined): SSMClient {
    return this.get(this.ssm, region, (r) => new SSMClient(r));
  }

  ec2In(region: string | undefined): EC2Client {
    return this.get(this.ec2, region, (r) => new EC2Client(r));
  }

  s3(): S3Client {
    this.s3Client ??= new S3Client(this.defaultRegion ? { region: this.defaultRegion } : {});
    return this.s3Client;
  }

  private get<T>(cache: Map<string, T>, region: string | undefined, make: (config: { region?: string }) => T): T {
    const key = region ?? this.defaultRegion ?? '';
    let client = cache.get(key);
    if (!client) {
      client = make(key === '' ? {} : { region: key });
      cache.set(key, client);
    }
    return client;
  }
}

/**
 * One executor per configured cluster, built on first use and reused: LocalExecutor for `local`,
 * SsmExecutor for `ssm` (head node by instance id or by ParallelCluster tags; full output through
 * `SCRIPTS_BUCKET` under `ssm-output/` when set).
 */
export function createExecutorFactory(config: Config): ExecutorFor {
  const clients = new RegionalClients(config.env.awsRegion);
  const executors = new Map<string, Executor>();
  const build = (cluster: ClusterConfig): Executor => {
    const defaultTimeoutMs = cluster.timeoutSeconds * 1000;
    if (cluster.executor === 'local' || cluster.ssm === undefined) {
      return new LocalExecutor({ runAsMethod: cluster.runAs, defaultTimeoutMs });
    }
    const { instanceId, clusterName, region } = cluster.ssm;
    const headNode = instanceId !== undefined ? new FixedHeadNode(instanceId) : new TaggedHeadNode(clients.ec2In(region), clusterName ?? cluster.name);
    const bucket = config.env.scriptsBucket;
    return new SsmExecutor({
      ssm: clients.ssmIn(region),
      headNode,
      runAsMethod: cluster.runAs,
      defaultTimeoutMs,
      comment: `slurm-chatops ${cluster.name}`,
      ...(bucket !== undefined && { output: { client: clients.s3(), bucket, keyPrefix: 'ssm-output/' } }),
    });
  };
  return (cluster) => {
    let executor = executors.get(cluster.name);
    if (!executor) {
      executor = build(cluster);
      if (cluster.slurmBinDir !== undefined) executor = withSlurmBinDir(executor, cluster.slurmBinDir);
      executors.set(cluster.name, executor);
    }
    return executor;
  };
}
