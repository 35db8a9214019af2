/**
 * EC2 `DescribeInstances` for the fake AWS endpoint: EC2 speaks the query protocol (form-encoded
 * request, XML answer). Only what the head node lookup sends and reads is modelled.
 */
export interface FakeInstance {
  readonly instanceId: string;
  readonly clusterName: string;
  readonly launchTime: Date;
  state: 'running' | 'terminated';
}

type Filter = { readonly name: string; readonly values: readonly string[] };

/** `Filter.1.Name=…&Filter.1.Value.1=…` into a list of filters. */
export function parseFilters(form: URLSearchParams): Filter[] {
  const filters: Filter[] = [];
  for (let i = 1; form.has(`Filter.${i}.Name`); i++) {
    const values: string[] = [];
    for (let j = 1; form.has(`Filter.${i}.Value.${j}`); j++) values.push(form.get(`Filter.${i}.Value.${j}`) ?? '');
    filters.push({ name: form.get(`Filter.${i}.Name`) ?? '', values });
  }
  return filters;
}

function attribute(instance: FakeInstance, name: string): string | undefined {
  switch (name) {
    case 'tag:parallelcluster:cluster-name':
      return instance.clusterName;
    case 'tag:parallelcluster:node-type':
      return 'HeadNode';
    case 'instance-state-name':
      return instance.state;
    default:
      return undefined;
  }
}

export function matches(instance: FakeInstance, filters: readonly Filter[]): boolean {
  return filters.every((filter) => filter.values.includes(attribute(instance, filter.name) ?? '\0'));
}

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function describeInstancesXml(instances: readonly FakeInstance[]): string {
  const items = instances
    .map(
      (instance, n) => `<item><reservationId>r-${n}</reservationId><ownerId>123456789012</ownerId><instancesSet><item>
<instanceId>${escapeXml(instance.instanceId)}</instanceId>
<launchTime>${instance.launchTime.toISOString()}</launchTime>
<instanceState><code>${instance.state === 'running' ? 16 : 48}</code><name>${instance.state}</name></instanceState>
<tagSet>
<item><key>parallelcluster:cluster-name</key><value>${escapeXml(instance.clusterName)}</value></item>
<item><key>parallelcluster:node-type</key><value>HeadNode</value></item>
</tagSet>
</item></instancesSet></item>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>fake-request</requestId><reservationSet>${items}</reservationSet></DescribeInstancesResponse>`;
}
