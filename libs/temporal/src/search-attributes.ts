import { temporal } from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from './names';

type SearchAttributeType = (typeof SEARCH_ATTRIBUTES)[keyof typeof SEARCH_ATTRIBUTES];

/** The part of Temporal's OperatorService the check uses (a client's or a native connection's). */
export interface SearchAttributeLister {
  listSearchAttributes(req: { namespace: string }): Promise<{
    customAttributes?: Record<string, unknown> | null;
  }>;
}

export type SearchAttributeCheck =
  | {
      checked: true;
      missing: { name: string; type: SearchAttributeType }[];
      wrongType: { name: string; type: SearchAttributeType; actual: string }[];
    }
  /** The server does not let this client list them (e.g. Temporal Cloud has no OperatorService). */
  | { checked: false; reason: string };

/** gRPC codes that mean "this server or key does not offer the operator service". */
const NOT_OFFERED = new Set([7 /* PERMISSION_DENIED */, 12 /* UNIMPLEMENTED */]);

/** `KeywordList` → `INDEXED_VALUE_TYPE_KEYWORD_LIST`, as the API names indexed value types. */
const indexedTypeName = (t: string) =>
  `INDEXED_VALUE_TYPE_${t.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;

const typeNameOf = (v: unknown): string =>
  typeof v === 'number' ? (temporal.api.enums.v1.IndexedValueType[v] ?? String(v)) : String(v);

/** Compares the namespace's custom search attributes with Banli's (SEARCH_ATTRIBUTES). */
export async function checkSearchAttributes(
  operator: SearchAttributeLister,
  namespace: string,
): Promise<SearchAttributeCheck> {
  let custom: Record<string, unknown>;
  try {
    custom = (await operator.listSearchAttributes({ namespace })).customAttributes ?? {};
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'number' && NOT_OFFERED.has(code))
      return { checked: false, reason: (e as Error).message };
    throw e;
  }
  const missing: { name: string; type: SearchAttributeType }[] = [];
  const wrongType: { name: string; type: SearchAttributeType; actual: string }[] = [];
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTES)) {
    if (!(name in custom)) missing.push({ name, type });
    else if (typeNameOf(custom[name]) !== indexedTypeName(type))
      wrongType.push({ name, type, actual: typeNameOf(custom[name]).replace('INDEXED_VALUE_TYPE_', '') });
  }
  return { checked: true, missing, wrongType };
}

/** Thrown at start-up when the namespace lacks Banli's search attributes; the message says which and how. */
export class SearchAttributesMissingError extends Error {
  constructor(
    readonly namespace: string,
    readonly check: Extract<SearchAttributeCheck, { checked: true }>,
  ) {
    const missing = check.missing.map((a) => `${a.name} (${a.type})`);
    const wrong = check.wrongType.map((a) => `${a.name} (${a.actual}, 应为/expected ${a.type})`);
    const create = check.missing
      .map(
        (a) =>
          `  temporal operator search-attribute create -n ${namespace} --name ${a.name} --type ${a.type}`,
      )
      .join('\n');
    super(
      [
        `命名空间 ${namespace} 缺少办理系统的搜索属性：${[...missing, ...wrong].join('，')}。请先创建后再启动工作进程。`,
        `The namespace ${namespace} lacks Banli's search attributes: ${[...missing, ...wrong].join(', ')}. Create them, then start the worker again.`,
        ...(create ? [create] : []),
        ...(wrong.length
          ? [
              '类型不符的属性须删除后按正确类型重建 (an attribute of the wrong type must be removed and created again)',
            ]
          : []),
      ].join('\n'),
    );
    this.name = 'SearchAttributesMissingError';
  }
}

/** Fails (SearchAttributesMissingError) unless every Banli search attribute exists with its type. */
export async function requireSearchAttributes(
  operator: SearchAttributeLister,
  namespace: string,
): Promise<SearchAttributeCheck> {
  const check = await checkSearchAttributes(operator, namespace);
  if (check.checked && (check.missing.length || check.wrongType.length))
    throw new SearchAttributesMissingError(namespace, check);
  return check;
}
