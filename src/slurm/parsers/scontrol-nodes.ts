import { parseNodeState } from '../node-state';
import type { SlurmNode } from '../types';
import { optionalInt, optionalText, parseMemoryMb } from '../values';
import { compact } from './compact';
import { parseKeyValueRecords, type RecordSchema } from './key-value';

/** Keys of `scontrol show node` in 22.05 to 24.x. */
const NODE_KEYS = [
  'NodeName', 'Arch', 'CoresPerSocket', 'CPUAlloc', 'CPUEfctv', 'CPUTot', 'CPULoad', 'AvailableFeatures',
  'ActiveFeatures', 'Gres', 'GresDrain', 'GresUsed', 'NodeAddr', 'NodeHostName', 'Port', 'Version', 'OS',
  'RealMemory', 'AllocMem', 'FreeMem', 'Sockets', 'Boards', 'State', 'ThreadsPerCore', 'TmpDisk', 'Weight',
  'Owner', 'MCS_label', 'Partitions', 'BootTime', 'SlurmdStartTime', 'LastBusyTime', 'ResumeAfterTime',
  'CfgTRES', 'AllocTRES', 'CapWatts', 'CurrentWatts', 'AveWatts', 'ExtSensorsJoules', 'ExtSensorsWatts',
  'ExtSensorsTemp', 'Reason', 'Comment', 'Extra', 'InstanceId', 'InstanceType', 'MemSpecLimit',
  'CoreSpecCount', 'CPUSpecList', 'NextState', 'Topology', 'TopologyParam', 'TRES', 'Features',
  'LastSchedEval', 'RestrictedCoresPerGPU', 'CPUBind', 'PowerConsumption',
];

const NODE_SCHEMA: RecordSchema = {
  firstKey: 'NodeName',
  freeText: new Set(['OS', 'Reason', 'Comment', 'Extra']),
  known: new Set(NODE_KEYS),
};

/**
 * Nodes from `scontrol --oneliner show node` (buildShowNodes). A drain reason keeps its
 * `[user@time]` suffix as Slurm prints it. Never throws.
 */
export function parseScontrolNodes(stdout: string): SlurmNode[] {
  return parseKeyValueRecords(stdout, NODE_SCHEMA).map((kv) => {
    const stateText = kv.get('State') ?? '';
    const partitions = optionalText(kv.get('Partitions'));
    return compact<SlurmNode>({
      name: kv.get('NodeName') ?? '',
      stateText,
      state: parseNodeState(stateText),
      cpusAllocated: optionalInt(kv.get('CPUAlloc')),
      cpusTotal: optionalInt(kv.get('CPUTot')),
      memoryMb: parseMemoryMb(kv.get('RealMemory')),
      memoryAllocatedMb: parseMemoryMb(kv.get('AllocMem')),
      partitions: partitions === undefined ? [] : partitions.split(','),
      reason: optionalText(kv.get('Reason')),
    });
  });
}
