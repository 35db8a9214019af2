/** Just enough of a CloudFormation template's shape to inspect what serverless.yml produces. */
export interface Template {
  readonly Resources: Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Outputs?: Record<string, { readonly Value: unknown }>;
}

export interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** One IAM statement with its actions and every resource it can name after CloudFormation resolves it. */
export interface FlatStatement {
  readonly actions: readonly string[];
  /** `${Logical.Attr}` / `${Logical}` stand for Fn::GetAtt / Ref, as in Fn::Sub. */
  readonly resources: readonly string[];
  readonly condition?: Statement['Condition'];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isNoValue = (v: unknown): boolean => isRecord(v) && v.Ref === 'AWS::NoValue';

/**
 * Both branches of every Fn::If, so a check holds whichever way a condition goes at deploy time.
 * @throws Error on an intrinsic function these tests do not expect in a resource.
 */
export function alternatives(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(alternatives);
  if (isRecord(value)) {
    if (typeof value['Fn::Sub'] === 'string') return [value['Fn::Sub']];
    const getAtt = value['Fn::GetAtt'];
    if (Array.isArray(getAtt)) return [`\${${getAtt.join('.')}}`];
    if (typeof value.Ref === 'string') return [`\${${value.Ref}}`];
    const branches = value['Fn::If'];
    if (Array.isArray(branches)) return branches.slice(1).filter((b) => !isNoValue(b)).flatMap(alternatives);
  }
  throw new Error(`unexpected value in an IAM resource: ${JSON.stringify(value)}`);
}

function statementsOf(value: unknown): Statement[] {
  if (isNoValue(value)) return [];
  if (isRecord(value) && Array.isArray(value['Fn::If'])) return value['Fn::If'].slice(1).flatMap(statementsOf);
  return [value as Statement];
}

/** Every statement of a policy document, Fn::If branches included. */
export function flatten(document: { readonly Statement: readonly unknown[] }): FlatStatement[] {
  return document.Statement.flatMap(statementsOf).map((s) => {
    if (s.Effect !== 'Allow') throw new Error(`unexpected ${s.Effect} statement in a role`);
    return {
      actions: typeof s.Action === 'string' ? [s.Action] : [...s.Action],
      resources: alternatives(s.Resource),
      ...(s.Condition && { condition: s.Condition }),
    };
  });
}

/** The statements of one AWS::IAM::Role's inline policies. */
export function roleStatements(template: Template, logicalId: string): FlatStatement[] {
  const role = template.Resources[logicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${logicalId} is not an IAM role`);
  const policies = (role.Properties?.Policies ?? []) as { PolicyDocument: { Statement: unknown[] } }[];
  return policies.flatMap((p) => flatten(p.PolicyDocument));
}

/** Whether some statement allows `action` (no wildcards exist to match: the tests forbid them). */
export function allows(statements: readonly FlatStatement[], action: string): boolean {
  return statements.some((s) => s.actions.includes(action));
}
