import { DescribeInstancesCommand, type EC2Client, type Instance } from '@aws-sdk/client-ec2';
import { ExecError } from '../errors';

/** Finds the EC2 instance id of a cluster's head node; `invalidate` forgets a cached answer. */
export interface HeadNodeResolver {
  /** @throws ExecError EXEC_UNREACHABLE when there is no running head node, EXEC_FAILED when EC2 cannot be asked. */
  resolve(): Promise<string>;
  invalidate(): void;
}

/** A head node named in the configuration: nothing to look up, nothing to refresh. */
export class FixedHeadNode implements HeadNodeResolver {
  constructor(private readonly instanceId: string) {}

  resolve(): Promise<string> {
    return Promise.resolve(this.instanceId);
  }

  invalidate(): void {}
}

/**
 * The head node of an AWS ParallelCluster cluster, found by the tags ParallelCluster puts on it.
 * The answer is cached for the life of the container (one EC2 call per cold start) until `invalidate`,
 * which the SSM executor calls when SSM no longer knows the instance (the head node was replaced).
 */
export class TaggedHeadNode implements HeadNodeResolver {
  private cached: Promise<string> | undefined;

  constructor(private readonly ec2: EC2Client, private readonly clusterName: string) {}

  resolve(): Promise<string> {
    if (!this.cached) {
      const lookup = this.lookup();
      this.cached = lookup;
      // A failed lookup is not cached: the next call asks EC2 again.
      lookup.catch(() => {
        if (this.cached === lookup) this.cached = undefined;
      });
    }
    return this.cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async lookup(): Promise<string> {
    let instances: Instance[];
    try {
      const answer = await this.ec2.send(
        new DescribeInstancesCommand({
          Filters: [
            { Name: 'tag:parallelcluster:cluster-name', Values: [this.clusterName] },
            { Name: 'tag:parallelcluster:node-type', Values: ['HeadNode'] },
            { Name: 'instance-state-name', Values: ['running'] },
          ],
        }),
      );
      instances = (answer.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);
    } catch (cause) {
      throw new ExecError(
        'EXEC_FAILED',
        `Could not look up the head node of cluster "${this.clusterName}" in EC2; check the region and that the bot may call ec2:DescribeInstances.`,
        { cause },
      );
    }
    const newest = pickNewest(instances);
    if (!newest) {
      throw new ExecError(
        'EXEC_UNREACHABLE',
        `No running head node found for cluster "${this.clusterName}" (EC2 tags parallelcluster:cluster-name=${this.clusterName}, ` +
          'parallelcluster:node-type=HeadNode). Is the cluster started, and is the region right?',
      );
    }
    return newest;
  }
}

/** During a head node replacement two may run for a moment; the newer one is the live one. */
function pickNewest(instances: readonly Instance[]): string | undefined {
  let best: Instance | undefined;
  for (const instance of instances) {
    if (!instance.InstanceId) continue;
    if (!best || (instance.LaunchTime?.getTime() ?? 0) > (best.LaunchTime?.getTime() ?? 0)) best = instance;
  }
  return best?.InstanceId;
}
